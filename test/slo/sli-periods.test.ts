import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Sli, SloAlarms, withPeriodThroughout } from '../../lib/slo';
import { gatedRatioExpression } from '../../lib/slo/definitions';
import { newTestApp, TestStack } from '../support/app';

type Json = Record<string, any>;

// ---------------------------------------------------------------------------------------------------------
// One stack in us-east-1: SloAlarms (dashboards and Application Signals on) on an ALB availability SLI, a
// CloudFront availability SLI (1-minute CloudFront metrics) and an ALB latency SLI.
// ---------------------------------------------------------------------------------------------------------
const app = newTestApp();
const stack = new TestStack(app, 'SliPeriods');
const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
  loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188',
  securityGroupId: 'sg-12345678',
});
const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'Distribution', {
  distributionId: 'E123EXAMPLE',
  domainName: 'd111111abcdef8.cloudfront.net',
});
const albSlo = new SloAlarms(stack, 'AlbSlo', { slo: { availability: 0.999 }, sli: Sli.albAvailability(alb), applicationSignals: true });
const topics = { pageTopic: albSlo.pageTopic, ticketTopic: albSlo.ticketTopic };
const cdnSlo = new SloAlarms(stack, 'Cdn', { slo: { availability: 0.999 }, sli: Sli.cloudFrontAvailability(distribution), ...topics });
const latencySlo = new SloAlarms(stack, 'Latency', { slo: { availability: 0.99 }, sli: Sli.albLatency(alb, 300), ...topics });
const json = Template.fromStack(stack).toJSON();
const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue());

const alarmJson = (a: cw.Alarm): Json => json.Resources[stack.getLogicalId(a.node.defaultChild as cw.CfnAlarm)];
const metricPeriods = (r: Json): number[] => [...new Set<number>(r.Properties.Metrics.filter((m: Json) => m.MetricStat).map((m: Json) => m.MetricStat.Period))];

describe('SLI metrics are built with the window as their period (no CloudWatch period-override warnings)', () => {
  test('ALB, CloudFront and latency SloAlarms with dashboards synthesize without a CloudWatch metric warning', () => {
    const cloudWatch = warnings.filter((w) => /overridden|usingMetrics|Math expression|CloudWatch/i.test(JSON.stringify(w.entry.data)));
    expect(cloudWatch).toEqual([]);
    // Nothing else warns either: known region (us-east-1), every default tier can fire at these SLOs.
    expect(warnings).toEqual([]);
  });

  test.each([
    ['ALB availability', () => albSlo],
    ['CloudFront availability', () => cdnSlo],
    ['ALB latency', () => latencySlo],
  ] as const)('%s: every window alarm still has period = window on every metric', (_name, get) => {
    const slo = get();
    expect(slo.definitions.windowAlarms.length).toBeGreaterThan(0);
    for (const w of slo.definitions.windowAlarms) {
      const r = alarmJson(slo.windowAlarms[w.id]);
      expect(metricPeriods(r)).toEqual([w.windowMinutes * 60]);
      expect(r.Properties.Metrics.find((m: Json) => m.ReturnData).Expression).toBe(gatedRatioExpression(w.minimumRequests));
    }
    expect(metricPeriods(alarmJson(slo.noTrafficAlarm))).toEqual([slo.definitions.noTraffic.periodMinutes * 60]);
  });

  test('the dashboards still aggregate each graph over its own period', () => {
    const dashboards = Object.values(json.Resources as Record<string, Json>).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(3);
    const body = JSON.stringify(json.Resources[stack.getLogicalId(cdnSlo.dashboard!.node.defaultChild as cw.CfnDashboard)].Properties.DashboardBody);
    // The running error budget: 1-hour datapoints (budgetGraphPeriodMinutes(30)), its SLI metrics too.
    expect(body).toMatch(/RUNNING_SUM\(bad\).*?\\"period\\":3600/);
    expect(body).toContain('requests * FILL(errorRate, 0) / 100');
    expect(body).not.toMatch(/\\"period\\":60[,}]/);
  });
});

describe('Sli.metricBadEvents / metricTotalEvents and withPeriodThroughout', () => {
  const sli = Sli.cloudFrontAvailability(distribution);

  test('every node of the tree gets the period, labels and expressions are kept', () => {
    const bad = sli.metricBadEvents(Duration.hours(6)) as cw.MathExpression;
    expect(bad).toBeInstanceOf(cw.MathExpression);
    expect(bad.period.toSeconds()).toBe(21600);
    expect(bad.expression).toBe('requests * FILL(errorRate, 0) / 100');
    expect(bad.label).toBe('Bad requests (5xx)');
    expect(Object.values(bad.usingMetrics).map((m) => (m as cw.Metric).period.toSeconds())).toEqual([21600, 21600]);
    expect(bad.warningsV2).toBeUndefined();
    expect((sli.metricTotalEvents(Duration.minutes(10)) as cw.Metric).period.toSeconds()).toBe(600);
    // The SLI's own metrics are not modified and carry no warning either.
    expect((sli.badEvents as cw.MathExpression).period.toSeconds()).toBe(60);
    expect(sli.badEvents.warningsV2).toBeUndefined();
  });

  test('renders exactly the alarm metrics that `.with({ period })` over the nested tree renders, minus the warning', () => {
    const s = new TestStack(newTestApp(), 'Same');
    const period = Duration.hours(1);
    const legacy = new cw.MathExpression({ expression: 'IF(total > 60, bad / total, 0)', usingMetrics: { bad: sli.badEvents, total: sli.totalEvents }, period });
    const rebuilt = new cw.MathExpression({
      expression: 'IF(total > 60, bad / total, 0)',
      usingMetrics: { bad: sli.metricBadEvents(period), total: sli.metricTotalEvents(period) },
      period,
    });
    expect(legacy.warningsV2).toHaveProperty(['CloudWatch:Math:MetricsPeriodsOverridden']);
    expect(rebuilt.warningsV2).toBeUndefined();
    const a = new cw.Alarm(s, 'Legacy', { metric: legacy, threshold: 0.01, evaluationPeriods: 1 });
    const b = new cw.Alarm(s, 'Rebuilt', { metric: rebuilt, threshold: 0.01, evaluationPeriods: 1 });
    const t: Json = Template.fromStack(s).toJSON();
    // The legacy alarm carries CDK's period-override warning; the rebuilt one none.
    const warned = Annotations.fromStack(s).findWarning('*', Match.anyValue()).map((w) => w.id);
    expect(warned.some((id) => id.startsWith('/Same/Legacy'))).toBe(true);
    expect(warned.some((id) => id.startsWith('/Same/Rebuilt'))).toBe(false);
    const metricsOf = (x: cw.Alarm) => t.Resources[s.getLogicalId(x.node.defaultChild as cw.CfnAlarm)].Properties.Metrics;
    expect(metricsOf(b)).toEqual(metricsOf(a));
    expect(metricsOf(b)).toHaveLength(5);
  });

  test('a custom SLI of 1-minute metrics re-windows without warning; a metric without `with` is refused', () => {
    const oneMinute = (metricName: string) => new cw.Metric({ namespace: 'Svc', metricName, statistic: 'Sum', period: Duration.minutes(1) });
    const custom = Sli.custom({ good: oneMinute('Ok'), total: oneMinute('All') });
    expect(custom.badEvents.warningsV2).toBeUndefined();
    const bad = custom.metricBadEvents(Duration.days(3)) as cw.MathExpression;
    expect(bad.warningsV2).toBeUndefined();
    expect(Object.values(bad.usingMetrics).map((m) => (m as cw.Metric).period.toDays())).toEqual([3, 3]);
    const opaque = { toMetricConfig: () => oneMinute('X').toMetricConfig() } as unknown as cw.IMetric;
    expect(() => withPeriodThroughout(opaque, Duration.hours(1))).toThrow(/cannot be re-windowed/);
  });
});
