/**
 * SLOs to read given on the command line (`cdk-scale budget --load-balancer … | --distribution …`): the SLI
 * is built with the same `Sli` factories `SloAlarms` uses and rendered with `metricDataQueries`, so the
 * budget reads exactly the metrics and expressions the alarms watch; the tiers are those `SloAlarms` builds
 * for the target and period (`computeTiers`, `buildAlarmDefinitions`).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { computeTiers } from './burn-rate';
import { budgetTiersFromDefinitions, SloReadSpec } from './budget';
import { buildAlarmDefinitions } from './definitions';
import { metricDataQueries, MetricDataQueryJson } from './metric-data-queries';
import type { QueryTreeNode } from './metric-math';
import { Sli } from './sli';

/** An SLO given on the command line. */
export type CommandLineSlo =
  | { readonly kind: 'alb-availability'; readonly loadBalancer: string; readonly availability: number; readonly periodDays: number }
  | { readonly kind: 'alb-latency'; readonly loadBalancer: string; readonly thresholdMs: number; readonly availability: number; readonly periodDays: number }
  | { readonly kind: 'cloudfront-availability'; readonly distributionId: string; readonly availability: number; readonly periodDays: number }
  | { readonly kind: 'cloudfront-latency'; readonly distributionId: string; readonly thresholdMs: number; readonly availability: number; readonly periodDays: number };

/** `app/my-alb/50dc6c495c0c9188`: the ALB's `LoadBalancer` dimension value (its full name). */
export const ALB_DIMENSION_PATTERN = /^app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/** The `LoadBalancer` dimension value of an ALB given as that value or as its ARN; undefined when neither. */
export function albDimensionValue(given: string): string | undefined {
  const fromArn = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app\/.+)$/.exec(given)?.[1];
  const value = fromArn ?? given;
  return ALB_DIMENSION_PATTERN.test(value) ? value : undefined;
}

/** The spec to read for an SLO given on the command line. Validate the input first. */
export function sloReadSpecFromCommandLine(slo: CommandLineSlo): SloReadSpec {
  const stack = new Stack(new App(), 'CdkScaleBudget', { env: { account: '000000000000', region: 'us-east-1' } });
  let sli: Sli;
  let subject: string;
  if (slo.kind === 'alb-availability' || slo.kind === 'alb-latency') {
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/${slo.loadBalancer}`,
      securityGroupId: 'sg-00000000',
    });
    sli = slo.kind === 'alb-availability' ? Sli.albAvailability(alb) : Sli.albLatency(alb, slo.thresholdMs);
    subject = slo.loadBalancer;
  } else {
    const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'Distribution', {
      distributionId: slo.distributionId,
      domainName: 'unused.cloudfront.net',
    });
    sli = slo.kind === 'cloudfront-availability' ? Sli.cloudFrontAvailability(distribution) : Sli.cloudFrontLatency(distribution, slo.thresholdMs);
    subject = slo.distributionId;
  }
  const nodes = new Map<string, QueryTreeNode>();
  const add = (queries: MetricDataQueryJson[]) => {
    for (const q of queries) {
      const node: QueryTreeNode = q.Expression !== undefined
        ? { id: q.Id, expression: q.Expression }
        : {
            id: q.Id,
            metricStat: {
              namespace: q.MetricStat!.Metric.Namespace,
              metricName: q.MetricStat!.Metric.MetricName,
              dimensions: q.MetricStat!.Metric.Dimensions.map((d) => ({ name: d.Name, value: String(d.Value) })),
              stat: q.MetricStat!.Stat,
            },
          };
      const seen = nodes.get(q.Id);
      if (seen && JSON.stringify(seen) !== JSON.stringify(node)) throw new Error(`SLI ${sli.kind}: query id ${q.Id} is used for two different queries`);
      nodes.set(q.Id, node);
    }
  };
  add(metricDataQueries(stack, sli.badEvents, 60, 'bad'));
  add(metricDataQueries(stack, sli.totalEvents, 60, 'total'));
  const defs = buildAlarmDefinitions({ availability: slo.availability, periodDays: slo.periodDays, tiers: computeTiers(slo.availability, slo.periodDays) });
  const threshold = 'thresholdMs' in slo ? ` < ${slo.thresholdMs} ms` : '';
  return {
    name: `${slo.kind} ${subject}${threshold}`,
    kind: slo.kind,
    availability: slo.availability,
    periodDays: slo.periodDays,
    nodes,
    badId: 'bad',
    totalId: 'total',
    tiers: budgetTiersFromDefinitions(defs),
    source: 'command line',
  };
}
