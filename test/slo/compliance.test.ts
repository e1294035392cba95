/**
 * Compliance: a stack with an ALB and SloAlarms (own topics, key, dashboard, Application Signals SLO)
 * synthesizes with cdk-nag AwsSolutions and the CloudFormation Validate engine turned on.
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Sli, SloAlarms } from '../../lib/slo';
import { newTestApp, TestStack } from '../support/app';

test('an ALB with SloAlarms passes cdk-nag and CloudFormation Validate', () => {
  const app = newTestApp({ validate: true, nag: true });
  const stack = new TestStack(app, 'SloCompliance');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  // Findings of the fixture itself (not of SloAlarms): the network and web tiers own these controls.
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test fixture VPC: only hosts the ALB whose metrics SloAlarms reads; flow logs are the Network construct\'s concern' });
  Validations.of(alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'Test fixture ALB: SloAlarms only reads its CloudWatch metrics; access logging is the WebTier construct\'s concern' });
  new SloAlarms(stack, 'Slo', { slo: { availability: 0.999, periodDays: 30 }, sli: Sli.albAvailability(alb), applicationSignals: true });
  expect(() => app.synth()).not.toThrow();
});
