/** A stack with the SLO alarms `cdk-scale budget --stack` discovers, deployed as CloudFormation would name them. */
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { SloAlarms, Sli } from '../../lib/slo';
import { newTestApp, TestStack } from '../support/app';
import { alarmsFromTemplate } from '../support/alarms-from-template';

export const LB = 'app/shop-alb/50dc6c495c0c9188';
export const ALB_DIMS = { LoadBalancer: LB };
export const DISTRIBUTION_ID = 'E2QWRUHAPOMQZL';
/** CloudFront's dimensions (Region is always Global), in us-east-1. */
export const CLOUDFRONT_DIMS = { DistributionId: DISTRIBUTION_ID, Region: 'Global' };

/** The synthesized template of `MyApp-Primary`: availability 99.9 % / 30 d and latency 95 % < 300 ms / 30 d on one ALB. */
export function sloTemplate(options: { availability?: number; periodDays?: number; latency?: boolean; stackId?: string } = {}): any {
  const app = newTestApp();
  const stack = new TestStack(app, options.stackId ?? 'Primary', { stackName: 'MyApp-Primary' });
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
  new SloAlarms(stack, 'Availability', { slo: { availability: options.availability ?? 0.999, periodDays: options.periodDays ?? 30 }, sli: Sli.albAvailability(alb), dashboard: false });
  if (options.latency ?? true) {
    new SloAlarms(stack, 'Latency', { slo: { availability: 0.95, periodDays: options.periodDays ?? 30 }, sli: Sli.albLatency(alb, 300), dashboard: false });
  }
  return Template.fromStack(stack).toJSON();
}

/** The template's alarms as DescribeAlarms returns them after `cdk deploy` (stack name MyApp-Primary). */
export function deployedSloAlarms(template = sloTemplate()) {
  return alarmsFromTemplate(template, {
    stackName: 'MyApp-Primary',
    getAtt: (id, attr) => {
      if (attr === 'LoadBalancerFullName') return LB;
      throw new Error(`unexpected GetAtt ${id}.${attr}`);
    },
  });
}

/** The alarms of `MyApp-Edge` (us-east-1): availability 99.9 % / 30 d on one CloudFront distribution, as deployed. */
export function deployedEdgeSloAlarms() {
  const app = newTestApp();
  const stack = new TestStack(app, 'Edge', { stackName: 'MyApp-Edge' });
  const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'Distribution', { distributionId: DISTRIBUTION_ID, domainName: 'd111111abcdef8.cloudfront.net' });
  new SloAlarms(stack, 'EdgeSlo', { slo: { availability: 0.999, periodDays: 30 }, sli: Sli.cloudFrontAvailability(distribution), dashboard: false });
  return alarmsFromTemplate(Template.fromStack(stack).toJSON(), {
    stackName: 'MyApp-Edge',
    getAtt: (id, attr) => {
      throw new Error(`unexpected GetAtt ${id}.${attr}`);
    },
  });
}
