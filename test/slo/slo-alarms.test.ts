import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { planCapacity } from '../../lib/capacity';
import { sliKind } from '../../lib/slo/deployed-slos';
import { evaluateMetricQueries, type MetricMathQuery } from '../../lib/slo/metric-math';
import {
  alarmDefinitionsFromTemplate,
  DEFAULT_BURN_RATE_TIERS,
  MinuteCounts,
  parseSloAlarmLabel,
  runCanonicalScenarios,
  ServiceSlos,
  simulateAlarms,
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
  dashboard: slo.dashboard!,
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
      expect(r.Properties.Metrics.find((m: Json) => m.ReturnData).Expression).toBe(`IF(total > ${w.minimumRequests}, bad / total, 0)`);
    }
    // The gate: ⌊1 ÷ threshold⌋ requests, the same for a tier's long and short windows.
    expect(slo.definitions.windowAlarms.map((w) => w.minimumRequests)).toEqual([69, 69, 166, 166, 1000, 1000]);
  });

  test('every alarm description ends with the machine-readable label, the same as its template metadata', () => {
    const alarms = alarmsOf(json, 'Slo/Availability');
    expect(alarms.length).toBe(6 + 3 + 2 + 1 + 1);
    for (const [, r] of alarms) {
      expect(parseSloAlarmLabel(r.Properties.AlarmDescription)).toEqual(r.Metadata['cdk-scale:slo-alarm']);
      expect(r.Properties.AlarmDescription.length).toBeLessThanOrEqual(1024);
    }
  });

  test('the ALB SLI: every 5XX is bad; total = RequestCount + the ELB 5XX rejected before a target was chosen', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.0144,
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'bad', Expression: 'FILL(target5xx, 0) + FILL(elb5xx, 0)' }),
        Match.objectLike({ Id: 'target5xx', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/ApplicationELB' }), Stat: 'Sum', Period: 3600 }) }),
        Match.objectLike({ Id: 'elb5xx', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_5XX_Count' }), Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'total', Expression: 'FILL(requests, 0) + FILL(elb5xx, 0) - FILL(elb502, 0) - FILL(elb504, 0)' }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestCount' }), Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'elb502', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_502_Count' }), Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'elb504', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_504_Count' }), Stat: 'Sum' }) }),
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

  test('the no-traffic alarm: RequestCount per minute below 1 (or missing) for W = 1 minute, sized from the objective, to the ticket topic', () => {
    const r = json.Resources[logicalId(slo.noTrafficAlarm)];
    expect(periodsOf(r)).toEqual([60]);
    expect(r.Properties.Metrics).toEqual([expect.objectContaining({ MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'RequestCount' }), Stat: 'Sum' }) })]);
    expect(r.Properties).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      AlarmActions: [{ Ref: stack.getLogicalId(slo.ticketTopic.node.defaultChild as CfnElement) }],
    });
    expect(r.Properties.AlarmDescription).toMatch(/fires about 3 min after the last request; a silent outage that long spends 6\.9 % of the budget/);
  });

  test('30 days: the budget publisher (one per stack) and a budget-exhausted ticket on its ErrorBudgetRemaining', () => {
    template.resourceCountIs('AWS::Lambda::Function', 2); // the publisher, and the VPC's default-security-group custom resource
    const budget = json.Resources[logicalId(slo.budgetAlarms['budget-exhausted'])].Properties;
    const ticketTopic = { Ref: stack.getLogicalId(slo.ticketTopic.node.defaultChild as CfnElement) };
    expect(budget).toMatchObject({
      Namespace: 'CdkScalePatterns/SLO',
      MetricName: 'ErrorBudgetRemaining',
      Dimensions: [{ Name: 'Slo', Value: 'Slo/Availability' }],
      Statistic: 'Minimum',
      Period: 3600,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 0,
      TreatMissingData: 'missing',
      AlarmActions: [ticketTopic],
      InsufficientDataActions: [ticketTopic],
    });
    const rule = json.Resources[logicalId(slo.budgetRule!)].Properties;
    expect(rule.ScheduleExpression).toBe('cron(5 * * * ? *)');
    const input = JSON.parse(JSON.stringify(rule.Targets[0].Input['Fn::Join'][1].map((x: unknown) => (typeof x === 'string' ? x : 'LB')).join('')));
    const event = JSON.parse(input);
    expect(event).toMatchObject({ slo: 'Slo/Availability', periodDays: 30, budget: 0.001, namespace: 'CdkScalePatterns/SLO', metricName: 'ErrorBudgetRemaining' });
    expect(event.queries.map((q: Json) => q.Id)).toEqual(['bad', 'target5xx', 'elb5xx', 'total', 'requests', 'elb502', 'elb504']);
    expect(event.queries.filter((q: Json) => q.MetricStat).every((q: Json) => q.MetricStat.Period === 3600)).toBe(true);
    // Both SLOs of the stack use the one function.
    expect(json.Resources[logicalId(latency.budgetRule!)].Properties.Targets[0].Arn).toEqual(rule.Targets[0].Arn);
    // Least privilege: GetMetricData (no resource-level permissions exist), PutMetricData into our namespace only.
    const role = Object.values(json.Resources as Record<string, Json>).find((r) => r.Type === 'AWS::IAM::Role' && /error budget/.test(r.Properties.Description ?? ''))!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies[0].PolicyDocument.Statement).toEqual([
      { Action: 'cloudwatch:GetMetricData', Effect: 'Allow', Resource: '*' },
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'CdkScalePatterns/SLO' } }, Effect: 'Allow', Resource: '*' },
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }) },
    ]);
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
    expect(body).toContain('Error budget remaining over the trailing 30 d, published hourly (%)');
    // One dashboard for both SLOs of the service: the latency SLO added its widgets to it.
    expect(latency.dashboard).toBe(slo.dashboard);
    expect(body).toContain('SLO 99 % over 30 d (ALB latency');
  });

  test('the latency SLI uses the percentile rank PR(:0.3) of TargetResponseTime against its SampleCount', () => {
    // 99 % over 30 d: the fast page is 34 min / 3 min at 14.4× (a full outage crosses it in under 5 minutes).
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.144,
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'bad', Expression: 'FILL(responses, 0) * (100 - FILL(fastPct, 100)) / 100' }),
        Match.objectLike({ Id: 'fastPct', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'TargetResponseTime' }), Stat: 'PR(:0.3)', Period: 2040 }) }),
        Match.objectLike({ Id: 'total', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'TargetResponseTime' }), Stat: 'SampleCount', Period: 2040 }) }),
      ]),
    });
    expect(json.Resources[logicalId(latency.noTrafficAlarm)].Properties.Metrics[0].MetricStat).toMatchObject({ Stat: 'SampleCount', Period: 60 });
  });

  test('the SLO and its SLI metric definitions are recorded in the cloud assembly', () => {
    const artifact = app.synth().getStackByName(stack.stackName);
    const entries = artifact.findMetadataByType(SLO_METADATA_KEY);
    expect(entries.map((e) => e.path)).toEqual(['/Slo/Availability', '/Slo/Latency']);
    const data = entries[0].data as Json;
    expect(data).toMatchObject({
      availability: 0.999,
      periodDays: 30,
      errorBudgetMinutes: 43.2,
      minimumRequestsPerMinute: 0,
      budgetMetric: { namespace: 'CdkScalePatterns/SLO', metricName: 'ErrorBudgetRemaining', dimensions: { Slo: 'Slo/Availability' } },
    });
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
    expect(slo.definitions.windowAlarms.map((w) => availabilityParsed.metricCounts[w.id])).toEqual([5, 5, 5, 5, 5, 5]);
    expect(availabilityParsed.metricCounts['no-traffic']).toBe(1);
    expect(availabilityParsed.sli).toMatchObject({ badId: 'bad', totalId: 'total' });
    expect(availabilityParsed.logicalIds.page).toBe(logicalId(slo.pageAlarm!));
  });
});

describe('the canonical scenarios, replayed through the alarms read back from the template', () => {
  const reports = runCanonicalScenarios(availabilityParsed.definitions);
  const scenario = (id: string) => reports.find((r) => r.scenario.id === id)!;
  const row = (id: string, alert: string) => scenario(id).rows.find((r) => r.alert === alert)!;

  test('100 % errors: the 1 h / 5 min page fires within 1–2 minutes and pages; the ticket is held, then sent', () => {
    expect(row('full-outage', 'page-1h').timeToDetectMinutes).toBe(1);
    expect(row('full-outage', 'page')).toMatchObject({ timeToDetectMinutes: 1, notifiedAfterMinutes: 3, suppressed: false });
    expect(row('full-outage', 'ticket')).toMatchObject({ suppressed: true, notifiedAfterMinutes: 63 });
  });

  test('a steady 1.0× burn never pages, tickets or exhausts the budget', () => {
    for (const alert of ['page', 'ticket', 'budget-exhausted', 'page-1h', 'page-6h', 'ticket-3d']) {
      expect(row('steady-1x', alert)).toMatchObject({ timeToDetectMinutes: null, alreadyFiring: false });
    }
    expect(scenario('steady-1x').result.page!.alarmBeforeIncident).toBe(false);
  });

  test('15 % errors for 10 minutes: the page fires and resets within about the short window', () => {
    const r = row('partial-15pct', 'page-1h');
    expect(r.timeToDetectMinutes).toBe(6);
    expect(r.resetAfterMinutes).toBe(5 + 2); // the short window, plus the report's 2-minute ingestion delay
    expect(row('partial-15pct', 'page')).toMatchObject({ resetAfterMinutes: r.resetAfterMinutes });
  });

  test('zero traffic: no false page; the no-traffic alarm fires 3 min after the last request and notifies', () => {
    expect(row('zero-traffic', 'page').timeToDetectMinutes).toBeNull();
    expect(row('zero-traffic', 'ticket').timeToDetectMinutes).toBeNull();
    expect(row('zero-traffic', 'no-traffic')).toMatchObject({ timeToDetectMinutes: 3, analyticMinutes: 3, notifiedAfterMinutes: 5 });
  });
});

describe('the ALB SLI evaluated from the template\'s own metric math', () => {
  // Per-minute values of the ALB's metrics, by metric name; an absent name has no datapoint that minute.
  type AlbMinute = Partial<Record<'RequestCount' | 'HTTPCode_Target_5XX_Count' | 'HTTPCode_ELB_5XX_Count' | 'HTTPCode_ELB_502_Count' | 'HTTPCode_ELB_503_Count' | 'HTTPCode_ELB_504_Count', number>>;
  const SCENARIOS: Array<[string, AlbMinute, number]> = [
    // Every request timed out at the target: the ALB chose a target, so each 504 is in RequestCount too.
    ['all-504 outage', { RequestCount: 1000, HTTPCode_ELB_5XX_Count: 1000, HTTPCode_ELB_504_Count: 1000 }, 1],
    // No registered targets: every request is a 503 rejected before a target is chosen; no RequestCount datapoint.
    ['all-503 outage (no RequestCount at all)', { HTTPCode_ELB_5XX_Count: 1000, HTTPCode_ELB_503_Count: 1000 }, 1],
    ['healthy minute', { RequestCount: 1000 }, 0],
    // Half the fleet resets connections (502): 500 bad of 1,000.
    ['half 502', { RequestCount: 1000, HTTPCode_ELB_5XX_Count: 500, HTTPCode_ELB_502_Count: 500 }, 0.5],
  ];
  const sli = availabilityParsed.sli;
  const valueOf = (m: AlbMinute) => (q: { MetricStat: { Metric: { MetricName: string } } }) => m[q.MetricStat.Metric.MetricName as keyof AlbMinute];
  const counts = (m: AlbMinute): MinuteCounts => ({
    bad: evaluateMetricQueries(sli.queries, sli.badId, valueOf(m))!,
    total: evaluateMetricQueries(sli.queries, sli.totalId, valueOf(m))!,
  });

  test.each(SCENARIOS)('%s reads an error ratio of %p in every window alarm of the template', (_name, minute, ratio) => {
    const c = counts(minute);
    expect(c.bad / c.total).toBe(ratio);
    // The window alarm's own expression, IF(total > N, bad / total, 0), over 5 such minutes.
    const fast = json.Resources[availabilityParsed.logicalIds['burn-5m-x14.4']].Properties.Metrics as MetricMathQuery[];
    const five = Object.fromEntries(Object.entries(minute).map(([k, v]) => [k, v! * 5])) as AlbMinute;
    const top = fast.find((q) => q.ReturnData !== false)!.Id;
    expect(evaluateMetricQueries(fast, top, valueOf(five))).toBe(ratio);
  });

  test('the first design\'s total (RequestCount + ELB 5XX) read an all-504 outage as 50 %, below tiers above 0.5', () => {
    const old: MetricMathQuery[] = sli.queries.map((q) => (q.Id === 'total' ? { ...q, Expression: 'FILL(requests, 0) + FILL(elb5xx, 0)' } : q));
    const m = SCENARIOS[0][1];
    expect(evaluateMetricQueries(old, 'bad', valueOf(m))! / evaluateMetricQueries(old, 'total', valueOf(m))!).toBe(0.5);
  });

  test.each([
    ['all-504 outage', SCENARIOS[0][1], 1],
    ['all-503 outage', SCENARIOS[1][1], 1],
  ] as const)('%s, replayed through the template\'s alarms after healthy traffic, pages after %i minute', (_name, outage, minutes) => {
    const healthy = counts({ RequestCount: 1000 });
    const r = simulateAlarms(availabilityParsed.definitions, { series: Array.from({ length: 10 }, () => counts(outage)), baseline: healthy });
    expect(r.page).toMatchObject({ timeToDetectMinutes: minutes, notifiedAtMinute: 0 });
    expect(r.tiers.every((t) => t.timeToDetectMinutes !== null)).toBe(true);
  });

  test('a healthy series never alerts', () => {
    const healthy = counts({ RequestCount: 1000 });
    const r = simulateAlarms(availabilityParsed.definitions, { series: Array.from({ length: 60 }, () => healthy), baseline: healthy });
    expect([r.page!.firedAtMinute, r.ticket!.firedAtMinute, r.noTraffic.firedAtMinute, r.budget[0].firedAtMinute]).toEqual([null, null, null, null]);
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
  const d7 = mk('D7', { availability: 0.999, periodDays: 7 }, { alarmNamePrefix: 'checkout', applicationSignals: true, minimumRequests: 2, budgetAlarms: { remainingBelow: [0, 0.1] } });
  const d90four = mk('D90', { availability: 0.999, periodDays: 90, tierPreset: 'four-tier' }, { budgetAlarms: false });
  const plan = planCapacity({ traffic: { averageQps: 120 }, slo: { availability: 0.9995, periodDays: 28 } });
  const fromPlan = mk('FromPlan', plan.slo, { noTraffic: { windowMinutes: 30, minimumRequests: 10, severity: 'page' } });
  const distribution = cloudfront.Distribution.fromDistributionAttributes(s, 'Distribution', { distributionId: 'E123EXAMPLE', domainName: 'd111111abcdef8.cloudfront.net' });
  const cdn = new SloAlarms(s, 'Cdn', { slo: { availability: 0.999 }, sli: Sli.cloudFrontAvailability(distribution), pageTopic, ticketTopic, dashboard: false });
  const cdnLatency = new SloAlarms(s, 'CdnLatency', { slo: { availability: 0.99 }, sli: Sli.cloudFrontLatency(distribution, 250), pageTopic, ticketTopic, dashboard: false });
  const lowSlo = mk('Low', { availability: 0.9, tiers: DEFAULT_BURN_RATE_TIERS });
  const lowDefault = mk('LowDefault', { availability: 0.9 });
  const service = new ServiceSlos(s, 'Service', {
    alarmNamePrefix: 'shop',
    slos: {
      Availability: { slo: { availability: 0.999 }, sli: custom },
      Latency: { slo: { availability: 0.95, periodDays: 30 }, sli: Sli.custom({ bad: new cw.Metric(countMetric('Slow')), total: new cw.Metric(countMetric('All')) }) },
    },
  });
  const t2 = Template.fromStack(s);
  const j2 = t2.toJSON();

  const tierThresholds = (a: SloAlarms) =>
    a.definitions.tiers.map((t) => json2(a.windowAlarms[t.longWindowAlarm]).Properties.Threshold as number);
  const json2 = (c: { node: { defaultChild?: unknown } }) => j2.Resources[Stack.of(c as never).getLogicalId(c.node.defaultChild as CfnElement)];

  test.each([
    ['28', () => d28, 28, [['burn-56m-x14.4', 'burn-5m-x14.4'], ['burn-336m-x6', 'burn-28m-x6'], ['burn-4032m-x1', 'burn-336m-x1']]],
    ['7', () => d7, 7, [['burn-14m-x14.4', 'burn-1m-x14.4'], ['burn-84m-x6', 'burn-7m-x6'], ['burn-1008m-x1', 'burn-84m-x1']]],
    ['90', () => d90four, 90, [['burn-1h-x14.4', 'burn-5m-x14.4'], ['burn-6h-x6', 'burn-30m-x6'], ['burn-3d-x3', 'burn-6h-x3'], ['burn-7d-x1', 'burn-14h-x1']]],
  ] as const)('a %s-day period: the scaled windows, burn rates 14.4 / 6 / 1 (and 3 with four-tier) as thresholds × (1 − SLO)', (_n, get, days, windows) => {
    const a = get();
    expect(a.definitions.tiers.map((t) => [t.longWindowAlarm, t.shortWindowAlarm])).toEqual(windows);
    expect(tierThresholds(a)).toEqual(a.definitions.tiers.map((d) => Number((a.tiers.find((t) => t.name === d.name)!.burnRate * 0.001).toPrecision(12))));
    for (const t of a.definitions.tiers) {
      expect(periodsOf(json2(a.windowAlarms[t.longWindowAlarm]))).toEqual([a.tiers.find((x) => x.name === t.name)!.longWindowMinutes * 60]);
      expect(json2(a.windowAlarms[t.shortWindowAlarm]).Properties.Threshold).toBe(json2(a.windowAlarms[t.longWindowAlarm]).Properties.Threshold);
    }
    expect(a.periodDays).toBe(days);
  });

  test('7 days: budget alarms are window alarms over the whole period (no publisher); off with budgetAlarms: false', () => {
    expect(json2(d7.budgetAlarms['budget-exhausted']).Properties).toMatchObject({ Threshold: 0.001, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching', AlarmName: 'checkout-budget-exhausted' });
    expect(periodsOf(json2(d7.budgetAlarms['budget-below-10pct']))).toEqual([604800]);
    expect(json2(d7.budgetAlarms['budget-below-10pct']).Properties.Threshold).toBe(0.0009);
    expect(json2(d7.budgetAlarms['budget-exhausted']).Properties.Metrics.find((m: Json) => m.ReturnData).Expression).toBe('IF(total > 0, bad / total, 0)');
    expect(d7.budgetRule).toBeUndefined();
    expect(d90four.budgetAlarms).toEqual({});
    expect(d90four.budgetRule).toBeUndefined();
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
    t2.resourceCountIs('AWS::SNS::Topic', 2 + 2); // the given two, and ServiceSlos' own
    t2.resourceCountIs('AWS::KMS::Key', 2); // ServiceSlos', and the budget publisher's log group key
    expect(json2(d7.pageAlarm!).Properties.AlarmName).toBe('checkout-page');
    expect(json2(d7.windowAlarms['burn-14m-x14.4']).Properties).toMatchObject({ AlarmName: 'checkout-burn-14m-x14.4', Threshold: 0.0144 });
    // The gate is ⌊1 ÷ threshold⌋, raised by the floor of 2 requests per minute where that is higher.
    expect(json2(d7.windowAlarms['burn-1m-x14.4']).Properties.Metrics[0].Expression).toBe('IF(total > 69, bad / total, 0)');
    expect(json2(d7.windowAlarms['burn-1008m-x1']).Properties.Metrics[0].Expression).toBe('IF(total > 2016, bad / total, 0)');
  });

  test('a good/total custom SLI derives bad = total − good', () => {
    const r = json2(d28.windowAlarms['burn-56m-x14.4']);
    expect(r.Properties.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'bad', Expression: 'total - FILL(good, 0)' }),
        expect.objectContaining({ Id: 'total', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'All' }), Period: 3360 }) }),
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
    expect(json2(cdnLatency.windowAlarms['burn-34m-x14.4']).Properties.Metrics).toEqual(
      expect.arrayContaining([expect.objectContaining({ Id: 'fastPct', MetricStat: expect.objectContaining({ Stat: 'PR(:250)' }) })]),
    );
  });

  test('Application Signals SLO: request-based, goal and rolling period, one burn-rate configuration per window', () => {
    t2.resourceCountIs('AWS::ApplicationSignals::ServiceLevelObjective', 1);
    t2.hasResourceProperties('AWS::ApplicationSignals::ServiceLevelObjective', {
      Goal: { AttainmentGoal: 99.9, Interval: { RollingInterval: { Duration: 7, DurationUnit: 'DAY' } } },
      BurnRateConfigurations: [1, 7, 14, 84, 1008].map((m) => ({ LookBackWindowMinutes: m })),
      RequestBasedSli: {
        RequestBasedSliMetric: {
          MonitoredRequestCountMetric: { BadCountMetric: Match.arrayWith([Match.objectLike({ Id: 'bad', Expression: 'total - FILL(good, 0)', ReturnData: true })]) },
          TotalRequestCountMetric: [Match.objectLike({ Id: 'total', ReturnData: true, MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum' }) })],
        },
      },
    });
    expect(d7.serviceLevelObjective).toBeDefined();
  });

  test('a custom tier that can never fire is dropped with a synth warning; the default tiers of a 90 % SLO all fire', () => {
    expect(lowSlo.definitions.tiers.map((t) => t.name)).toEqual(['page-6h', 'ticket-3d']);
    Annotations.fromStack(s).hasWarning('/Periods/Low', Match.stringLikeRegexp('tier page-1h can never fire'));
    expect(Annotations.fromStack(s).findWarning('/Periods/D28', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(s).findWarning('/Periods/LowDefault', Match.anyValue())).toEqual([]);
    expect(lowDefault.definitions.tiers.map((t) => `${t.name} ${t.longWindowAlarm}`)).toEqual(['page-9m burn-9m-x5', 'page-6h burn-6h-x5', 'ticket-3d burn-3d-x1']);
  });

  test('ServiceSlos: several SLOs of one service, one page topic, one ticket topic, one dashboard', () => {
    const slos = Object.values(service.slos);
    expect(Object.keys(service.slos)).toEqual(['Availability', 'Latency']);
    for (const x of slos) {
      expect([x.pageTopic, x.ticketTopic, x.dashboard]).toEqual([service.pageTopic, service.ticketTopic, service.dashboard]);
      expect(json2(x.pageAlarm!).Properties.AlarmActions).toEqual([{ Ref: s.getLogicalId(service.pageTopic.node.defaultChild as CfnElement) }]);
      expect(json2(x.ticketAlarm!).Properties.AlarmActions).toEqual([{ Ref: s.getLogicalId(service.ticketTopic.node.defaultChild as CfnElement) }]);
    }
    expect(json2(service.slos.Latency.pageAlarm!).Properties.AlarmName).toBe('shop-Latency-page');
    const body = JSON.stringify(json2(service.dashboard!).Properties.DashboardBody);
    expect(body).toContain('SLO 99.9 % over 30 d');
    expect(body).toContain('SLO 95 % over 30 d');
    // Every SLO of the stack whose period exceeds 7 days shares the stack's one budget publisher.
    t2.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('the tier warning carries its SLO_WARNINGS id', () => {
    expect(SLO_WARNINGS.tierCannotFire).toBe('cdk-scale-patterns:slo:tierCannotFire');
    Annotations.fromStack(s).hasWarning('/Periods/Low', Match.stringLikeRegexp(`\\[ack: ${SLO_WARNINGS.tierCannotFire}\\]`));
  });

  test('every SLO reads back from the template', () => {
    const all = alarmDefinitionsFromTemplate(j2);
    for (const a of [d28, d7, d90four, fromPlan, cdn, cdnLatency, lowSlo, lowDefault, ...Object.values(service.slos)]) {
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
        budgetAlarms: { remainingBelow: [1.5] },
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
      ['budgetAlarms.remainingBelow[0]', 1.5],
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

  test('new inputs: period range, tier preset, no-traffic sizing, budget shares', () => {
    const err = (slo: ConstructorParameters<typeof SloAlarms>[2]['slo'], extra: Partial<ConstructorParameters<typeof SloAlarms>[2]> = {}) => {
      try {
        new SloAlarms(fresh(), 'S', { slo, sli: custom(), ...extra });
      } catch (e) {
        expect(e).toBeInstanceOf(PropsValidationError);
        return (e as PropsValidationError).problems.map((p) => `${p.path}: ${p.message}`);
      }
      return [];
    };
    expect(err({ availability: 0.999, periodDays: 1 })).toEqual([expect.stringMatching(/^slo\.periodDays: must be a whole number of days from 7 to 365/)]);
    expect(err({ availability: 0.999, periodDays: 400 })).toHaveLength(1);
    expect(err({ availability: 0.999, tierPreset: 'five' as never })).toEqual(['slo.tierPreset: must be one of "three-tier", "four-tier"']);
    expect(err({ availability: 0.999, tierPreset: 'four-tier', tiers: DEFAULT_BURN_RATE_TIERS })).toEqual([expect.stringMatching(/^slo\.tierPreset: applies to the default tiers only/)]);
    expect(err({ availability: 0.999 }, { noTraffic: { windowMinutes: 1441, hiddenBudgetShare: 2 } })).toEqual([
      expect.stringMatching(/^noTraffic\.windowMinutes: must be a whole number between 1 and 1440/),
      expect.stringMatching(/^noTraffic\.hiddenBudgetShare: must be a share/),
      expect.stringMatching(/^noTraffic: give windowMinutes or hiddenBudgetShare, not both/),
    ]);
    expect(err({ availability: 0.999 }, { budgetAlarms: { remainingBelow: [] } })).toEqual([expect.stringMatching(/^budgetAlarms\.remainingBelow: must list at least one/)]);
    expect(err({ availability: 0.999, tiers: [{ severity: 'page', burnRate: 2, budgetFraction: 0.1, longWindowMinutes: 60 }] })).toEqual([
      'slo.tiers[0]: give exactly one of budgetFraction and burnRate',
    ]);
  });

  test('ServiceSlos validates its prefix', () => {
    expect(() => new ServiceSlos(fresh(), 'S', { alarmNamePrefix: 'a*b' })).toThrow(PropsValidationError);
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

describe('a target group\'s availability (several SLOs per service, one per target group)', () => {
  const tgApp = newTestApp();
  const tgStack = new TestStack(tgApp, 'TgSlo');
  const tgVpc = new ec2.Vpc(tgStack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const tgAlb = new elbv2.ApplicationLoadBalancer(tgStack, 'Alb', { vpc: tgVpc });
  const checkout = new elbv2.ApplicationTargetGroup(tgStack, 'Checkout', { vpc: tgVpc, port: 8080 });
  tgAlb.addListener('Http', { port: 80, defaultTargetGroups: [checkout] });
  new SloAlarms(tgStack, 'CheckoutSlo', { slo: { availability: 0.999 }, sli: Sli.albTargetGroupAvailability(checkout), dashboard: false });
  const tgJson = Template.fromStack(tgStack).toJSON();
  const tgParsed = alarmDefinitionsFromTemplate(tgJson).find((p) => p.constructPath === 'TgSlo/CheckoutSlo')!;

  type TgMinute = Partial<Record<'RequestCount' | 'HTTPCode_Target_5XX_Count' | 'TargetConnectionErrorCount', number>>;
  const valueOf = (m: TgMinute) => (q: { MetricStat: { Metric: { MetricName: string } } }) => m[q.MetricStat.Metric.MetricName as keyof TgMinute];
  const ratio = (m: TgMinute) =>
    evaluateMetricQueries(tgParsed.sli.queries, tgParsed.sli.badId, valueOf(m))! / evaluateMetricQueries(tgParsed.sli.queries, tgParsed.sli.totalId, valueOf(m))!;

  test('read back from deployed alarms (cdk-scale budget --stack), it is recognised as a target group\'s availability', () => {
    const nodes = new Map(tgParsed.sli.queries.map((q) => [q.Id, {
      id: q.Id, expression: q.Expression,
      metricStat: q.MetricStat && { namespace: q.MetricStat.Metric.Namespace, metricName: q.MetricStat.Metric.MetricName, stat: q.MetricStat.Stat, dimensions: (q.MetricStat.Metric.Dimensions ?? []).map((d) => ({ name: d.Name, value: String(d.Value) })) },
    }]));
    expect(sliKind(nodes)).toBe('alb-target-group-availability');
    expect(Sli.albTargetGroupAvailability(checkout).kind).toBe('alb-target-group-availability');
  });

  test('every metric is the target group\'s own (TargetGroup and LoadBalancer dimensions)', () => {
    for (const q of tgParsed.sli.queries.filter((x) => x.MetricStat)) {
      expect((q.MetricStat!.Metric.Dimensions ?? []).map((d: { Name: string }) => d.Name).sort()).toEqual(['LoadBalancer', 'TargetGroup']);
    }
  });

  test.each([
    // No target of the group accepts connections: each request's target was chosen (in RequestCount) and failed.
    ['every connection to the group fails', 1, { RequestCount: 1000, TargetConnectionErrorCount: 1000 }],
    ['half the responses are target 5XX', 0.5, { RequestCount: 1000, HTTPCode_Target_5XX_Count: 500 }],
    ['a healthy minute', 0, { RequestCount: 1000 }],
  ] as Array<[string, number, TgMinute]>)('%s reads an error ratio of %p', (_what, expected, minute) => {
    expect(ratio(minute)).toBe(expected);
  });

  test('an outage of failed connections, replayed through the template\'s alarms, pages after 1 minute', () => {
    const counts = (m: TgMinute): MinuteCounts => ({
      bad: evaluateMetricQueries(tgParsed.sli.queries, tgParsed.sli.badId, valueOf(m))!,
      total: evaluateMetricQueries(tgParsed.sli.queries, tgParsed.sli.totalId, valueOf(m))!,
    });
    const r = simulateAlarms(tgParsed.definitions, { series: Array.from({ length: 10 }, () => counts({ RequestCount: 1000, TargetConnectionErrorCount: 1000 })), baseline: counts({ RequestCount: 1000 }) });
    expect(r.page).toMatchObject({ timeToDetectMinutes: 1 });
  });
});
