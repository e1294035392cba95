import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { planCapacity } from '../../lib/capacity';
import {
  alarmDefinitionsFromTemplate,
  DEFAULT_BURN_RATE_TIERS,
  runCanonicalScenarios,
  Sli,
  SLO_METADATA_KEY,
  SLO_WARNINGS,
  SloAlarms,
} from '../../lib/slo';
import { PropsValidationError } from '../../lib/validation';
import { newTestApp, TestStack } from '../support/app';

type Json = Record<string, any>;
const logicalId = (c: { node: { defaultChild?: unknown } }) => Stack.of(c as never).getLogicalId(c.node.defaultChild as CfnElement);
const alarmsOf = (json: Json, path: string) =>
  Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Metadata?.['cdk-scale:slo-alarm']?.slo === path);
const periodsOf = (r: Json): number[] => [...new Set<number>((r.Properties.Metrics ?? []).filter((m: Json) => m.MetricStat).map((m: Json) => m.MetricStat.Period))];
const countMetric = (name: string, extra: Json = {}) => ({ namespace: 'Svc', metricName: name, statistic: 'Sum', ...extra });

// ---------------------------------------------------------------------------------------------------------
// One synthesized stack: an ALB with the default availability SLO (99.9 % over 30 d) and a latency SLO.
// ---------------------------------------------------------------------------------------------------------
const app = newTestApp();
const stack = new TestStack(app, 'Slo');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
const slo = new SloAlarms(stack, 'Availability', { slo: { availability: 0.999 }, sli: Sli.albAvailability(alb) });
const latency = new SloAlarms(stack, 'Latency', {
  slo: { availability: 0.99, periodDays: 30 },
  sli: Sli.albLatency(alb, 300),
  dashboard: false,
  pageTopic: slo.pageTopic,
  ticketTopic: slo.ticketTopic,
});
const template = Template.fromStack(stack);
const json = template.toJSON();
const parsed = alarmDefinitionsFromTemplate(json);
const availabilityParsed = parsed.find((p) => p.constructPath === 'Slo/Availability')!;

describe('SloAlarms on an ALB, 99.9 % over 30 days', () => {
  test('error-ratio thresholds are exactly 0.0144, 0.006 and 0.001, one alarm per (window, threshold)', () => {
    const thresholds = alarmsOf(json, 'Slo/Availability')
      .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.ComparisonOperator === 'GreaterThanThreshold')
      .map(([, r]) => [periodsOf(r)[0] / 60, r.Properties.Threshold]);
    expect(thresholds.sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual([
      [5, 0.0144],
      [30, 0.006],
      [60, 0.0144],
      [360, 0.001],
      [360, 0.006],
      [4320, 0.001],
    ]);
  });

  test('every window alarm: period = window on every metric, 1 of 1 datapoints, gated ratio, missing data not breaching', () => {
    for (const w of slo.definitions.windowAlarms) {
      const r = json.Resources[logicalId(slo.windowAlarms[w.id])];
      expect(periodsOf(r)).toEqual([w.windowMinutes * 60]);
      expect(r.Properties).toMatchObject({
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(r.Properties.Metrics.find((m: Json) => m.ReturnData).Expression).toBe(`IF(total > ${w.windowMinutes}, bad / total, 0)`);
    }
  });

  test('the ALB SLI counts target + ELB 5XX over RequestCount + ELB 5XX, every count FILLed', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.0144,
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'bad', Expression: 'FILL(target5xx, 0) + FILL(elb5xx, 0)' }),
        Match.objectLike({ Id: 'target5xx', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/ApplicationELB' }), Stat: 'Sum', Period: 3600 }) }),
        Match.objectLike({ Id: 'elb5xx', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_5XX_Count' }), Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'total', Expression: 'FILL(requests, 0) + FILL(elb5xx, 0)' }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestCount' }), Stat: 'Sum' }) }),
      ]),
    });
  });

  test('each tier composite ANDs its long and short window alarms', () => {
    for (const t of slo.definitions.tiers) {
      template.hasResource('AWS::CloudWatch::CompositeAlarm', {
        Properties: Match.objectLike({
          AlarmRule: {
            'Fn::Join': [
              '',
              [
                '(ALARM("',
                { 'Fn::GetAtt': [logicalId(slo.windowAlarms[t.longWindowAlarm]), 'Arn'] },
                '") AND ALARM("',
                { 'Fn::GetAtt': [logicalId(slo.windowAlarms[t.shortWindowAlarm]), 'Arn'] },
                '"))',
              ],
            ],
          },
        }),
        Metadata: Match.objectLike({ 'cdk-scale:slo-alarm': Match.objectLike({ role: 'tier', tier: t.name, severity: t.severity }) }),
      });
    }
    expect([slo.definitions.tiers.map((t) => [t.longWindowAlarm, t.shortWindowAlarm])]).toEqual([
      [
        ['burn-1h-x14.4', 'burn-5m-x14.4'],
        ['burn-6h-x6', 'burn-30m-x6'],
        ['burn-3d-x1', 'burn-6h-x1'],
      ],
    ]);
  });

  test('page ORs the page tiers into the page topic; ticket goes to the ticket topic, suppressed by the page', () => {
    const page = json.Resources[logicalId(slo.pageAlarm!)].Properties;
    expect(page.AlarmRule['Fn::Join'][1]).toEqual([
      '(ALARM("',
      { 'Fn::GetAtt': [logicalId(slo.tierAlarms['page-1h']), 'Arn'] },
      '") OR ALARM("',
      { 'Fn::GetAtt': [logicalId(slo.tierAlarms['page-6h']), 'Arn'] },
      '"))',
    ]);
    const pageTopic = { Ref: stack.getLogicalId(slo.pageTopic.node.defaultChild as CfnElement) };
    const ticketTopic = { Ref: stack.getLogicalId(slo.ticketTopic.node.defaultChild as CfnElement) };
    expect(page).toMatchObject({ AlarmActions: [pageTopic], OKActions: [pageTopic] });
    expect(page.ActionsSuppressor).toBeUndefined();
    const ticket = json.Resources[logicalId(slo.ticketAlarm!)].Properties;
    expect(ticket).toMatchObject({
      AlarmActions: [ticketTopic],
      OKActions: [ticketTopic],
      ActionsSuppressor: { 'Fn::GetAtt': [logicalId(slo.pageAlarm!), 'Arn'] },
      ActionsSuppressorWaitPeriod: 60,
      ActionsSuppressorExtensionPeriod: 60,
    });
    expect(ticket.AlarmRule['Fn::Join'][1]).toEqual(['ALARM("', { 'Fn::GetAtt': [logicalId(slo.tierAlarms['ticket-3d']), 'Arn'] }, '")']);
    // Tier and window alarms notify nobody by themselves.
    for (const a of [...Object.values(slo.windowAlarms), ...Object.values(slo.tierAlarms)]) {
      expect(json.Resources[logicalId(a)].Properties.AlarmActions).toBeUndefined();
    }
  });

  test('the no-traffic alarm: fewer than 1 request in 10 min or missing data, to the ticket topic', () => {
    const r = json.Resources[logicalId(slo.noTrafficAlarm)];
    expect(periodsOf(r)).toEqual([600]);
    expect(r.Properties).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: stack.getLogicalId(slo.ticketTopic.node.defaultChild as CfnElement) }],
    });
  });

  test('created topics are KMS-encrypted with SSL enforced; the key lets CloudWatch publish and rotates', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(slo.topicKey!), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      }),
    });
    expect(latency.topicKey).toBeUndefined();
  });

  test('the dashboard: SLI, burn rate per window, budget remaining over the period with RUNNING_SUM', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(json.Resources[logicalId(slo.dashboard!)].Properties.DashboardBody);
    expect(body).toContain('SLI: good events (%)');
    for (const w of ['5m', '30m', '1h', '6h', '3d']) expect(body).toContain(`Burn rate over ${w}`);
    expect(body).toContain('RUNNING_SUM(bad)');
    expect(body).toContain('\\"setPeriodToTimeRange\\":true');
    expect(body).toContain('-P30D');
    expect(body).toContain('\\"periodOverride\\":\\"inherit\\"');
    expect(latency.dashboard).toBeUndefined();
  });

  test('the latency SLI uses the percentile rank PR(:0.3) of TargetResponseTime against its SampleCount', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.144,
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'bad', Expression: 'FILL(responses, 0) * (100 - FILL(fastPct, 100)) / 100' }),
        Match.objectLike({ Id: 'fastPct', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'TargetResponseTime' }), Stat: 'PR(:0.3)', Period: 3600 }) }),
        Match.objectLike({ Id: 'total', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'TargetResponseTime' }), Stat: 'SampleCount', Period: 3600 }) }),
      ]),
    });
  });

  test('the SLO and its SLI metric definitions are recorded in the cloud assembly', () => {
    const artifact = app.synth().getStackByName(stack.stackName);
    const entries = artifact.findMetadataByType(SLO_METADATA_KEY);
    expect(entries.map((e) => e.path)).toEqual(['/Slo/Availability', '/Slo/Latency']);
    const data = entries[0].data as Json;
    expect(data).toMatchObject({ availability: 0.999, periodDays: 30, errorBudgetMinutes: 43.2, minimumRequestsPerMinute: 1 });
    expect(data.tiers.map((t: Json) => [t.name, t.errorRatioThreshold])).toEqual([
      ['page-1h', 0.0144],
      ['page-6h', 0.006],
      ['ticket-3d', 0.001],
    ]);
    expect(data.sli.badEvents[0]).toEqual({ Id: 'bad', Expression: 'FILL(target5xx, 0) + FILL(elb5xx, 0)', ReturnData: true });
    expect(data.sli.totalEvents).toContainEqual(
      expect.objectContaining({
        Id: 'requests',
        MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [stack.getLogicalId(alb.node.defaultChild as CfnElement), 'LoadBalancerFullName'] } }] }), Period: 60 }),
      }),
    );
  });

  test('the parser reads the same definitions back out of the template', () => {
    expect(parsed.map((p) => p.constructPath)).toEqual(['Slo/Availability', 'Slo/Latency']);
    expect(availabilityParsed.definitions).toEqual(slo.definitions);
    expect(parsed[1].definitions).toEqual(latency.definitions);
    expect(slo.definitions.windowAlarms.map((w) => availabilityParsed.metricCounts[w.id])).toEqual([3, 3, 3, 3, 3, 3]);
    expect(availabilityParsed.metricCounts['no-traffic']).toBe(2);
    expect(availabilityParsed.logicalIds.page).toBe(logicalId(slo.pageAlarm!));
  });
});

describe('the canonical scenarios, replayed through the alarms read back from the template', () => {
  const reports = runCanonicalScenarios(availabilityParsed.definitions);
  const scenario = (id: string) => reports.find((r) => r.scenario.id === id)!;
  const row = (id: string, alert: string) => scenario(id).rows.find((r) => r.alert === alert)!;

  test('100 % errors: the 1 h / 5 min page fires within 1–2 minutes and pages', () => {
    expect(row('full-outage', 'page-1h').timeToDetectMinutes).toBeGreaterThanOrEqual(1);
    expect(row('full-outage', 'page-1h').timeToDetectMinutes).toBeLessThanOrEqual(2);
    expect(row('full-outage', 'page').notifiedAtMinute).toBe(scenario('full-outage').result.incidentStartMinute);
    expect(row('full-outage', 'ticket')).toMatchObject({ suppressed: true, notifiedAtMinute: null });
  });

  test('a steady 1.0× burn never pages (the ticket may fire)', () => {
    expect(row('steady-1x', 'page').timeToDetectMinutes).toBeNull();
    expect(row('steady-1x', 'page-1h').timeToDetectMinutes).toBeNull();
    expect(row('steady-1x', 'page-6h').timeToDetectMinutes).toBeNull();
    expect(scenario('steady-1x').result.page!.alarmBeforeIncident).toBe(false);
  });

  test('15 % errors for 10 minutes: the page fires and resets within about the short window', () => {
    const r = row('partial-15pct', 'page-1h');
    expect(r.timeToDetectMinutes).not.toBeNull();
    expect(r.resetAfterMinutes).toBeGreaterThan(0);
    expect(r.resetAfterMinutes).toBeLessThanOrEqual(5 + 1);
    expect(row('partial-15pct', 'page')).toMatchObject({ resetAfterMinutes: r.resetAfterMinutes });
  });

  test('zero traffic: no false page; the no-traffic alarm fires and notifies', () => {
    expect(row('zero-traffic', 'page').timeToDetectMinutes).toBeNull();
    expect(row('zero-traffic', 'ticket').timeToDetectMinutes).toBeNull();
    expect(row('zero-traffic', 'no-traffic')).toMatchObject({ timeToDetectMinutes: 10, theoreticalMinimumMinutes: 10 });
    expect(row('zero-traffic', 'no-traffic').notifiedAtMinute).not.toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------
// A second stack without a VPC: other periods, a plan, custom and CloudFront SLIs, names, given topics.
// ---------------------------------------------------------------------------------------------------------
describe('other periods, a capacity plan, custom and CloudFront SLIs', () => {
  const app2 = newTestApp();
  const s = new TestStack(app2, 'Periods');
  const pageTopic = new sns.Topic(s, 'Page');
  const ticketTopic = new sns.Topic(s, 'Ticket');
  const custom = Sli.custom({ good: new cw.Metric(countMetric('Ok')), total: new cw.Metric(countMetric('All')), description: 'checkout' });
  const mk = (id: string, slo: ConstructorParameters<typeof SloAlarms>[2]['slo'], extra: Partial<ConstructorParameters<typeof SloAlarms>[2]> = {}) =>
    new SloAlarms(s, id, { slo, sli: custom, pageTopic, ticketTopic, dashboard: false, ...extra });
  const d28 = mk('D28', { availability: 0.999, periodDays: 28 });
  const d7 = mk('D7', { availability: 0.999, periodDays: 7 }, { alarmNamePrefix: 'checkout', applicationSignals: true, minimumRequests: 0.5 });
  const plan = planCapacity({ traffic: { averageQps: 120 }, slo: { availability: 0.9995, periodDays: 28 } });
  const fromPlan = mk('FromPlan', plan.slo, { noTraffic: { windowMinutes: 30, minimumRequests: 10, severity: 'page' } });
  const distribution = cloudfront.Distribution.fromDistributionAttributes(s, 'Distribution', { distributionId: 'E123EXAMPLE', domainName: 'd111111abcdef8.cloudfront.net' });
  const cdn = new SloAlarms(s, 'Cdn', { slo: { availability: 0.999 }, sli: Sli.cloudFrontAvailability(distribution), pageTopic, ticketTopic, dashboard: false });
  const cdnLatency = new SloAlarms(s, 'CdnLatency', { slo: { availability: 0.99 }, sli: Sli.cloudFrontLatency(distribution, 250), pageTopic, ticketTopic, dashboard: false });
  const lowSlo = mk('Low', { availability: 0.9 });
  const t2 = Template.fromStack(s);
  const j2 = t2.toJSON();

  const expectedThresholds = (availability: number, days: number) =>
    DEFAULT_BURN_RATE_TIERS.map((t) => Number((((t.budgetFraction * days * 1440) / t.longWindowMinutes) * (1 - availability)).toPrecision(12)));
  const tierThresholds = (a: SloAlarms) =>
    a.definitions.tiers.map((t) => json2(a.windowAlarms[t.longWindowAlarm]).Properties.Threshold as number);
  const json2 = (c: { node: { defaultChild?: unknown } }) => j2.Resources[Stack.of(c as never).getLogicalId(c.node.defaultChild as CfnElement)];

  test.each([
    ['28', () => d28, 28],
    ['7', () => d7, 7],
  ] as const)('a %s-day period keeps the windows and recomputes thresholds = fraction × period ÷ window × (1 − SLO)', (_n, get, days) => {
    const a = get();
    expect(tierThresholds(a)).toEqual(expectedThresholds(0.999, days));
    for (const t of a.definitions.tiers) {
      expect(periodsOf(json2(a.windowAlarms[t.longWindowAlarm]))).toEqual([a.tiers.find((x) => x.name === t.name)!.longWindowMinutes * 60]);
      expect(json2(a.windowAlarms[t.shortWindowAlarm]).Properties.Threshold).toBe(json2(a.windowAlarms[t.longWindowAlarm]).Properties.Threshold);
    }
  });

  test('a capacity plan supplies the SLO and its tiers', () => {
    expect(fromPlan.availability).toBe(0.9995);
    expect(fromPlan.tiers).toEqual(plan.slo.burnRateTiers);
    expect(tierThresholds(fromPlan)).toEqual(plan.slo.burnRateTiers.map((t) => t.errorRatioThreshold));
    expect(json2(fromPlan.noTrafficAlarm).Properties).toMatchObject({
      Threshold: 10,
      AlarmActions: [{ Ref: s.getLogicalId(pageTopic.node.defaultChild as CfnElement) }],
    });
  });

  test('given topics are used as is; alarm names take the prefix; the gate scales with the window', () => {
    t2.resourceCountIs('AWS::SNS::Topic', 2);
    t2.resourceCountIs('AWS::KMS::Key', 0);
    expect(json2(d7.pageAlarm!).Properties.AlarmName).toBe('checkout-page');
    expect(json2(d7.windowAlarms['burn-1h-x3.36']).Properties).toMatchObject({ AlarmName: 'checkout-burn-1h-x3.36', Threshold: 0.00336 });
    expect(json2(d7.windowAlarms['burn-1h-x3.36']).Properties.Metrics[0].Expression).toBe('IF(total > 30, bad / total, 0)');
    expect(json2(d7.windowAlarms['burn-5m-x3.36']).Properties.Metrics[0].Expression).toBe('IF(total > 2.5, bad / total, 0)');
  });

  test('a good/total custom SLI derives bad = total − good', () => {
    const r = json2(d28.windowAlarms['burn-1h-x13.44']);
    expect(r.Properties.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'bad', Expression: 'total - FILL(good, 0)' }),
        expect.objectContaining({ Id: 'total', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'All' }), Period: 3600 }) }),
        expect.objectContaining({ Id: 'good', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'Ok' }) }) }),
      ]),
    );
  });

  test('CloudFront: Region=Global dimensions, 5xxErrorRate percentage turned into counts, OriginLatency percentile rank', () => {
    const r = json2(cdn.windowAlarms['burn-1h-x14.4']);
    expect(r.Properties.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'bad', Expression: 'requests * FILL(errorRate, 0) / 100' }),
        expect.objectContaining({
          Id: 'errorRate',
          MetricStat: expect.objectContaining({
            Metric: { Namespace: 'AWS/CloudFront', MetricName: '5xxErrorRate', Dimensions: [{ Name: 'DistributionId', Value: 'E123EXAMPLE' }, { Name: 'Region', Value: 'Global' }] },
            Stat: 'Average',
          }),
        }),
      ]),
    );
    expect(json2(cdnLatency.windowAlarms['burn-1h-x14.4']).Properties.Metrics).toEqual(
      expect.arrayContaining([expect.objectContaining({ Id: 'fastPct', MetricStat: expect.objectContaining({ Stat: 'PR(:250)' }) })]),
    );
  });

  test('Application Signals SLO: request-based, goal and rolling period, one burn-rate configuration per window', () => {
    t2.resourceCountIs('AWS::ApplicationSignals::ServiceLevelObjective', 1);
    t2.hasResourceProperties('AWS::ApplicationSignals::ServiceLevelObjective', {
      Goal: { AttainmentGoal: 99.9, Interval: { RollingInterval: { Duration: 7, DurationUnit: 'DAY' } } },
      BurnRateConfigurations: [5, 30, 60, 360, 4320].map((m) => ({ LookBackWindowMinutes: m })),
      RequestBasedSli: {
        RequestBasedSliMetric: {
          MonitoredRequestCountMetric: { BadCountMetric: Match.arrayWith([Match.objectLike({ Id: 'bad', Expression: 'total - FILL(good, 0)', ReturnData: true })]) },
          TotalRequestCountMetric: [Match.objectLike({ Id: 'total', ReturnData: true, MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum' }) })],
        },
      },
    });
    expect(d7.serviceLevelObjective).toBeDefined();
  });

  test('a tier that can never fire is dropped with a synth warning', () => {
    expect(lowSlo.definitions.tiers.map((t) => t.name)).toEqual(['page-6h', 'ticket-3d']);
    Annotations.fromStack(s).hasWarning('/Periods/Low', Match.stringLikeRegexp('tier page-1h can never fire'));
    expect(Annotations.fromStack(s).findWarning('/Periods/D28', Match.anyValue())).toEqual([]);
  });

  test('the tier warning carries its SLO_WARNINGS id', () => {
    expect(SLO_WARNINGS.tierCannotFire).toBe('cdk-scale-patterns:slo:tierCannotFire');
    Annotations.fromStack(s).hasWarning('/Periods/Low', Match.stringLikeRegexp(`\\[ack: ${SLO_WARNINGS.tierCannotFire}\\]`));
  });

  test('every SLO reads back from the template', () => {
    const all = alarmDefinitionsFromTemplate(j2);
    for (const a of [d28, d7, fromPlan, cdn, cdnLatency, lowSlo]) {
      expect(all.find((p) => p.constructPath === a.node.path)!.definitions).toEqual(a.definitions);
    }
  });
});

describe('validation: every problem in one error', () => {
  const fresh = (region = 'us-east-1') => new Stack(new App(), 'V', { env: { region } });
  const custom = () => Sli.custom({ bad: new cw.Metric(countMetric('Bad')), total: new cw.Metric(countMetric('All')) });

  test('invalid SLO target and period, and a bad minimumRequests, are reported together', () => {
    expect(() => new SloAlarms(fresh(), 'S', { slo: { availability: 1.2, periodDays: 0 }, sli: custom(), minimumRequests: -1 })).toThrow(
      /3 problems[\s\S]*slo\.availability: 1\.2 — must be a number in \(0\.5, 1\)[\s\S]*slo\.periodDays: 0[\s\S]*minimumRequests: -1/,
    );
  });

  test('several bad props at once: one PropsValidationError naming every one, nothing created', () => {
    const stack = fresh();
    let error: unknown;
    try {
      new SloAlarms(stack, 'S', {
        slo: { availability: 1.2 },
        sli: custom(),
        minimumRequests: -1,
        noTraffic: { windowMinutes: 2.5 },
        alarmNamePrefix: 'checkout*alarms!',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).constructPath).toBe('V/S');
    expect((error as PropsValidationError).problems.map((p) => [p.path, p.value])).toEqual([
      ['slo.availability', 1.2],
      ['minimumRequests', -1],
      ['noTraffic.windowMinutes', 2.5],
      ['alarmNamePrefix', 'checkout*alarms!'],
    ]);
    expect(Template.fromStack(stack).toJSON().Resources ?? {}).toEqual({});
  });

  test('invalid tiers and windows beyond CloudWatch limits', () => {
    expect(() =>
      new SloAlarms(fresh(), 'S', { slo: { availability: 0.999, tiers: [{ severity: 'page', budgetFraction: 0.02, longWindowMinutes: 50 }] }, sli: custom() }),
    ).toThrow(/slo\.tiers\[0\]\.shortWindowMinutes/);
    expect(() =>
      new SloAlarms(fresh(), 'S', {
        slo: { availability: 0.999, tiers: [{ severity: 'ticket', budgetFraction: 0.5, longWindowMinutes: 14 * 1440, shortWindowMinutes: 120 }] },
        sli: custom(),
      }),
    ).toThrow(/slo\.tiers\[0\]\.longWindowMinutes: 20160 — CloudWatch limits Period × EvaluationPeriods to 7 days/);
    expect(() => new SloAlarms(fresh(), 'S', { slo: { availability: 0.999 }, sli: custom(), noTraffic: { windowMinutes: 30.5, minimumRequests: 0 } })).toThrow(
      /noTraffic\.windowMinutes[\s\S]*noTraffic\.minimumRequests/,
    );
  });

  test('no tier can fire', () => {
    expect(() =>
      new SloAlarms(fresh(), 'S', { slo: { availability: 0.9, tiers: [{ severity: 'page', budgetFraction: 0.02, longWindowMinutes: 60 }] }, sli: custom() }),
    ).toThrow(/no tier can fire/);
  });

  test('CloudFront SLIs only in us-east-1', () => {
    const stack = fresh('eu-west-1');
    const d = cloudfront.Distribution.fromDistributionAttributes(stack, 'D', { distributionId: 'E1', domainName: 'x.cloudfront.net' });
    expect(() => new SloAlarms(stack, 'S', { slo: { availability: 0.999 }, sli: Sli.cloudFrontAvailability(d) })).toThrow(
      /sli: "cloudfront-availability" — .*only in us-east-1.*this stack is in eu-west-1/,
    );
  });

  test('an environment-agnostic stack with a CloudFront SLI gets a region warning', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const d = cloudfront.Distribution.fromDistributionAttributes(stack, 'D', { distributionId: 'E1', domainName: 'x.cloudfront.net' });
    new SloAlarms(stack, 'S', { slo: { availability: 0.999 }, sli: Sli.cloudFrontAvailability(d), dashboard: false });
    Annotations.fromStack(stack).hasWarning('/Agnostic/S', Match.stringLikeRegexp('exist only in us-east-1'));
    Annotations.fromStack(stack).hasWarning('/Agnostic/S', Match.stringLikeRegexp(`\\[ack: ${SLO_WARNINGS.regionUnknown}\\]`));
  });

  test('more than 10 metrics in one alarm', () => {
    const parts = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, new cw.Metric(countMetric(`Bad${i}`))]));
    const bad = new cw.MathExpression({ expression: Object.keys(parts).join(' + '), usingMetrics: parts });
    expect(() => new SloAlarms(fresh(), 'S', { slo: { availability: 0.999 }, sli: Sli.custom({ bad, total: new cw.Metric(countMetric('All')) }) })).toThrow(
      /at most 10 metrics \(hard limit\); this SLI needs 11/,
    );
  });

  test('SEARCH expressions and metrics from another region', () => {
    const search = new cw.MathExpression({ expression: "SUM(SEARCH('{Svc} MetricName=\"Bad\"', 'Sum'))", usingMetrics: {}, period: Duration.minutes(5) });
    expect(() => new SloAlarms(fresh(), 'S', { slo: { availability: 0.999 }, sli: Sli.custom({ bad: search, total: new cw.Metric(countMetric('All')) }) })).toThrow(
      /SEARCH expressions/,
    );
    const remote = new cw.Metric(countMetric('All', { region: 'eu-west-1' }));
    expect(() => new SloAlarms(fresh(), 'S', { slo: { availability: 0.999 }, sli: Sli.custom({ bad: new cw.Metric(countMetric('Bad')), total: remote }) })).toThrow(
      /sli\.totalEvents: "eu-west-1" — alarms cannot watch metrics in another region/,
    );
  });

  test('SLI definition problems: good and bad together, a non-positive latency threshold', () => {
    const m = new cw.Metric(countMetric('X'));
    expect(() => new SloAlarms(fresh(), 'S', { slo: { availability: 0.999 }, sli: Sli.custom({ good: m, bad: m, total: m }) })).toThrow(/exactly one of `good` and `bad`/);
    const stack = fresh();
    const imported = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188',
      securityGroupId: 'sg-12345678',
    });
    expect(() => new SloAlarms(stack, 'S', { slo: { availability: 0.999 }, sli: Sli.albLatency(imported, 0) })).toThrow(/sli\.thresholdMs: 0 — must be a latency/);
  });
});
