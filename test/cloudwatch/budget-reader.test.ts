/**
 * The budget reader against a CloudWatch server on 127.0.0.1 speaking AWS JSON 1.0, with the real SDK
 * client: known answers, discovery from deployed alarms, pagination and batching, partial data, retention.
 */
import { WorkloadValidationError } from '../../lib/capacity';
import { AwsProblem, classifyAwsError, createCloudWatchClient, discoverStackSlos, newReadStats, readBudgets, readGrid } from '../../lib/cloudwatch';
import { metricStatKey, queryTreeLeaves } from '../../lib/slo/metric-math';
import { sloReadSpecFromCommandLine } from '../../lib/slo/sli-read-spec';
import { FakeCloudWatch } from '../support/fake-cloudwatch';
import { ALB_DIMS, deployedSloAlarms, LB } from './slo-fixture';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Half past an hour, so windows and the period end inside an hour. */
const NOW = Math.floor(Date.now() / HOUR) * HOUR - 30 * MINUTE;
const H = NOW - 30 * MINUTE; // start of the current hour

const fake = new FakeCloudWatch();
fake.now = () => NOW;
const elb = (metricName: string, dimensions: Record<string, string> = ALB_DIMS) => ({ namespace: 'AWS/ApplicationELB', metricName, dimensions });
const client = () => createCloudWatchClient({ endpoint: fake.endpoint, region: 'us-east-1', fixedRetryDelayMs: 1 });

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const availability = () => sloReadSpecFromCommandLine({ kind: 'alb-availability', loadBalancer: LB, availability: 0.999, periodDays: 30 });
/** Metric statistics the ALB availability SLI reads (RequestCount and the 5XX counts it combines). */
const LEAVES = (() => {
  const s = availability();
  return new Set([...queryTreeLeaves(s.badId, s.nodes), ...queryTreeLeaves(s.totalId, s.nodes)].map(metricStatKey)).size;
})();

/** 1,000 requests a minute for 31 days; 20 target 5XX a minute during the last hour (2 % errors). */
function incidentInLastHour() {
  fake.fill(elb('RequestCount'), NOW - 31 * DAY, NOW, () => 1000);
  fake.fill(elb('HTTPCode_Target_5XX_Count'), NOW - HOUR, NOW, () => 20);
}

describe('known answers', () => {
  test('a page-worthy incident in the last hour: events, SLI, budget, every tier\'s windows', async () => {
    incidentInLastHour();
    const stats = newReadStats();
    const [b] = await readBudgets(client(), [availability()], { nowMs: NOW, stats });
    // The period: [the hour 30 days before the current hour, now) = 43,230 minutes.
    expect(b.from).toBe(new Date(H - 30 * DAY).toISOString());
    expect(b.to).toBe(new Date(NOW).toISOString());
    expect(b.totalEvents).toBe(43_230_000);
    expect(b.badEvents).toBe(1200);
    expect(b.sli).toBeCloseTo(1 - 1200 / 43_230_000, 12);
    expect(b.errorBudgetRemaining).toBeCloseTo(1 - 1200 / 43_230_000 / 0.001, 9);
    expect(b.policy).toBe('normal');
    const tiers = Object.fromEntries(b.tiers.map((t) => [t.name, t]));
    // page-1h: 1 h and 5 min both at 2 % errors = 20× burn > 14.4: fires.
    expect(tiers['page-1h']).toMatchObject({ burnRateThreshold: 14.4, longWindowBurnRate: 20, shortWindowBurnRate: 20, longWindowEvents: 60_000, shortWindowEvents: 5000, firing: true });
    // page-6h: 1,200 bad in 360,000 = 3.33× over 6 h (< 6), 20× over 30 min: does not fire.
    expect(tiers['page-6h'].longWindowBurnRate).toBeCloseTo(1200 / 360_000 / 0.001, 9);
    expect(tiers['page-6h']).toMatchObject({ burnRateThreshold: 6, shortWindowBurnRate: 20, firing: false });
    // ticket-3d: from hourly sums (the first hour pro-rated) plus the minutes of this hour: 1,200 in 4,320,000.
    expect(tiers['ticket-3d'].longWindowEvents).toBe(4_320_000);
    expect(tiers['ticket-3d'].longWindowBurnRate).toBeCloseTo(1200 / 4_320_000 / 0.001, 9);
    expect(tiers['ticket-3d']).toMatchObject({ burnRateThreshold: 1, firing: false });
    expect(b.completeness).toMatchObject({ complete: true, hoursInPeriod: 720, hoursWithData: 720, messages: [] });
    // Two calls: 1 hour over 30 days, 1 minute over the last 6 hours; every metric statistic of the SLI in each.
    expect(LEAVES).toBeGreaterThanOrEqual(3);
    expect(stats.getMetricDataCalls).toBe(2);
    expect(b.completeness.datapointsExpected).toBe(LEAVES * (720 + 360));
    expect(fake.requests.map((r) => [r.body.MetricDataQueries.length, r.body.MetricDataQueries[0].MetricStat.Period])).toEqual([[LEAVES, 60], [LEAVES, 3600]]);
  });

  test('budget policies: > 50 % left is normal, > 10 % conservative, else freeze; overspent is negative', async () => {
    const cases: Array<[number, string, number]> = [
      [0.0004, 'normal', 0.6],
      [0.0006, 'conservative', 0.4],
      [0.00095, 'freeze', 0.05],
      [0.002, 'freeze', -1],
    ];
    for (const [errorRatio, policy, remaining] of cases) {
      fake.reset();
      fake.fill(elb('RequestCount'), NOW - 31 * DAY, NOW, () => 10_000);
      fake.fill(elb('HTTPCode_ELB_5XX_Count'), NOW - 31 * DAY, NOW, () => 10_000 * errorRatio);
      const [b] = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() });
      // ELB 5XX count as bad and (today's SLI) as total too: remaining from the reader's own ratio.
      expect(b.errorBudgetRemaining).toBeCloseTo(1 - b.badEvents / b.totalEvents / 0.001, 9);
      expect(b.errorBudgetRemaining).toBeCloseTo(remaining, 2);
      expect(b.policy).toBe(policy);
    }
  });

  test('latency: slow responses are counted per period (SampleCount × (100 − PR) ÷ 100), never averaged ranks', async () => {
    const rt = elb('TargetResponseTime');
    // Minute A: 100 responses, half slow. Minute B: 1,000 responses, none slow. Same hour.
    fake.putSamples(rt, H - 50 * MINUTE, 0.1, 50);
    fake.putSamples(rt, H - 50 * MINUTE, 0.5, 50);
    fake.putSamples(rt, H - 40 * MINUTE, 0.1, 1000);
    const spec = sloReadSpecFromCommandLine({ kind: 'alb-latency', loadBalancer: LB, thresholdMs: 300, availability: 0.95, periodDays: 30 });
    const [b] = await readBudgets(client(), [spec], { nowMs: NOW, stats: newReadStats() });
    expect(b.totalEvents).toBe(1100);
    expect(b.badEvents).toBeCloseTo(50, 9); // averaging the two minutes' ranks (50 %, 100 %) would say 275
    expect(b.sli).toBeCloseTo(1 - 50 / 1100, 9);
    expect(b.kind).toBe('alb-latency');
  });

  test('no data at all: no events, no SLI, no budget figure, policy no-data (a new service is not healthy)', async () => {
    const [b] = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() });
    expect(b).toMatchObject({ totalEvents: 0, badEvents: 0, sli: null, errorBudgetRemaining: null, policy: 'no-data' });
    expect(b.tiers.every((t) => t.longWindowBurnRate === null && !t.firing)).toBe(true);
    expect(b.completeness).toMatchObject({ hoursWithData: 0, firstDataAt: null, datapointsReturned: 0 });
  });

  test('a service younger than the period: coverage says how much of it has data', async () => {
    fake.fill(elb('RequestCount'), H - 3 * DAY, NOW, () => 100);
    const [b] = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() });
    expect(b.completeness).toMatchObject({ hoursInPeriod: 720, hoursWithData: 72, firstDataAt: new Date(H - 3 * DAY).toISOString() });
    expect(b.policy).toBe('normal');
  });
});

describe('discovery from the deployed alarms (--stack)', () => {
  test('finds each SloAlarms by its label, with the tiers its composites wire', async () => {
    const { metricAlarms, compositeAlarms } = deployedSloAlarms();
    for (const a of [...metricAlarms, ...compositeAlarms]) fake.addAlarm(a);
    fake.alarmPageSize = 4; // DescribeAlarms paginates
    const stats = newReadStats();
    const found = await discoverStackSlos(client(), 'MyApp-Primary', stats);
    expect(found.problems).toEqual([]);
    expect(found.slos.map((s) => [s.name, s.kind, s.availability, s.periodDays])).toEqual([
      ['Primary/Availability', 'alb-availability', 0.999, 30],
      ['Primary/Latency', 'alb-latency', 0.95, 30],
    ]);
    expect(found.slos[0].tiers.map((t) => [t.name, t.longWindowMinutes, t.shortWindowMinutes, t.burnRateThreshold])).toEqual([
      ['page-1h', 60, 5, 14.4],
      ['page-6h', 360, 30, 6],
      ['ticket-3d', 4320, 360, 1],
    ]);
    // Thresholds and low-traffic gates as deployed: the same as the construct's definitions for this SLO.
    expect(found.slos[0].tiers).toEqual(availability().tiers);
    expect(stats.otherCalls).toBeGreaterThan(3);

    // The deployed SLI reads the same metrics as the command-line one: same budget.
    incidentInLastHour();
    const [fromStack] = await readBudgets(client(), [found.slos[0]], { nowMs: NOW, stats: newReadStats() });
    const [fromFlags] = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() });
    expect({ ...fromStack, name: '', source: '' }).toEqual({ ...fromFlags, name: '', source: '' });
  });

  test('several SLOs share the same GetMetricData calls', async () => {
    const { metricAlarms, compositeAlarms } = deployedSloAlarms();
    for (const a of [...metricAlarms, ...compositeAlarms]) fake.addAlarm(a);
    const found = await discoverStackSlos(client(), 'MyApp-Primary', newReadStats());
    const stats = newReadStats();
    await readBudgets(client(), found.slos, { nowMs: NOW, stats });
    expect(stats.getMetricDataCalls).toBe(2);
  });

  test('alarms named by the user (alarmNamePrefix): found by the SLO path of the stack\'s construct id', async () => {
    const { metricAlarms, compositeAlarms } = deployedSloAlarms();
    for (const a of [...metricAlarms, ...compositeAlarms]) fake.addAlarm({ ...a, AlarmName: `custom-${a.AlarmName}`, AlarmArn: undefined, AlarmRule: a.AlarmRule?.replace(/alarm:/g, 'alarm:custom-') });
    const found = await discoverStackSlos(client(), 'Primary', newReadStats());
    expect(found.slos.map((s) => s.name)).toEqual(['Primary/Availability', 'Primary/Latency']);
    expect(found.slos[0].tiers).toHaveLength(3);
    expect((await discoverStackSlos(client(), 'Other', newReadStats())).slos).toEqual([]);
  });

  test('window alarms without their tier composites: the default tiers are matched by definition id', async () => {
    const { metricAlarms } = deployedSloAlarms();
    for (const a of metricAlarms) fake.addAlarm(a);
    const found = await discoverStackSlos(client(), 'MyApp-Primary', newReadStats());
    expect(found.slos[0].tiers.map((t) => t.name)).toEqual(['page-1h', 'page-6h', 'ticket-3d']);
  });
});

describe('GetMetricData rules', () => {
  test('pagination: a small page size gives the same answer over more calls', async () => {
    incidentInLastHour();
    const [once] = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() });
    fake.pageSize = 500;
    const stats = newReadStats();
    const [paged] = await readBudgets(client(), [availability()], { nowMs: NOW, stats });
    expect(paged).toEqual(once);
    // 720 hourly + 360 minute RequestCount points, 60 + 60 error points: ⌈780 ÷ 500⌉ + ⌈420 ÷ 500⌉ calls.
    expect(stats.getMetricDataCalls).toBe(3);
    expect(fake.requests.filter((r) => r.body.NextToken).length).toBe(1);
  });

  test('batching: at most the queries per call that fit the data point limit', async () => {
    incidentInLastHour();
    const stats = newReadStats();
    await readBudgets(client(), [availability()], { nowMs: NOW, stats, maxDatapointsPerCall: 1000 });
    // 720 hourly points per query: 1 query per call; 360 minute points: 2 per call.
    expect(stats.getMetricDataCalls).toBe(LEAVES + Math.ceil(LEAVES / 2));
    expect(Math.max(...fake.requests.map((r) => r.body.MetricDataQueries.length))).toBe(2);
    expect(fake.requests.every((r) => r.body.MaxDatapoints === 1000)).toBe(true);
  });

  test('never more than 500 queries in one call', async () => {
    const metrics = Array.from({ length: 501 }, (_, i) => ({ namespace: 'Custom', metricName: 'Count', dimensions: [{ name: 'Shard', value: String(i) }], stat: 'Sum' }));
    const stats = newReadStats();
    await readGrid(client(), metrics, { startMs: H - HOUR, endMs: H, periodSeconds: 60 }, { nowMs: NOW, stats });
    expect(fake.requests.map((r) => r.body.MetricDataQueries.length)).toEqual([500, 1]);
  });

  test('partial data is reported, not hidden', async () => {
    incidentInLastHour();
    fake.inject({ kind: 'partial', metricName: 'RequestCount' });
    const [b] = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() });
    expect(b.completeness.complete).toBe(false);
    expect(b.completeness.messages.join('\n')).toMatch(/RequestCount Sum .*PartialData/);
  });

  test('retention: the server returns nothing for a 1-minute period 20 days back, and the reader never asks for one', async () => {
    fake.fill(elb('RequestCount'), NOW - 20 * DAY, NOW - 19 * DAY, () => 1);
    const m = [{ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: [{ name: 'LoadBalancer', value: LB }], stat: 'Sum' }];
    const start = Math.floor((NOW - 20 * DAY) / HOUR) * HOUR;
    await expect(readGrid(client(), m, { startMs: start, endMs: H, periodSeconds: 60 }, { nowMs: NOW, stats: newReadStats() })).rejects.toThrow(/use a multiple of 300 s/);
    const fiveMinutes = await readGrid(client(), m, { startMs: start, endMs: H, periodSeconds: 300 }, { nowMs: NOW, stats: newReadStats() });
    expect(fiveMinutes.returnedDatapoints).toBe(288);
    await expect(readGrid(client(), m, { startMs: start - 50 * DAY, endMs: H, periodSeconds: 300 }, { nowMs: NOW, stats: newReadStats() })).rejects.toThrow(/use a multiple of 3600 s/);
  });

  test('a 90-day budget reads data older than 63 days (hourly periods): 2 calls', async () => {
    fake.fill(elb('RequestCount'), NOW - 89 * DAY, NOW - 88 * DAY, () => 10);
    fake.fill(elb('HTTPCode_Target_5XX_Count'), NOW - 89 * DAY, NOW - 88 * DAY, () => 1);
    const spec = sloReadSpecFromCommandLine({ kind: 'alb-availability', loadBalancer: LB, availability: 0.999, periodDays: 90 });
    const stats = newReadStats();
    const [b] = await readBudgets(client(), [spec], { nowMs: NOW, stats });
    expect(b.totalEvents).toBe(14_400);
    expect(b.badEvents).toBe(1440);
    expect(stats.getMetricDataCalls).toBe(2);
    // 90 days of hours, plus the minutes of the longest short window under a day: the ticket's 7 d ÷ 12 = 14 h.
    expect(b.completeness.datapointsExpected).toBe(LEAVES * (2160 + 840));
  });
});

describe('errors and retries (real SDK client)', () => {
  test('throttled twice, then an answer: the SDK retries', async () => {
    incidentInLastHour();
    fake.inject({ kind: 'throttle', times: 2 });
    const [b] = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() });
    expect(b.badEvents).toBe(1200);
    expect(fake.count('GetMetricData')).toBe(4); // 3 attempts for the first call, 1 for the second
  });

  test('the SDK\'s own standard retry strategy retries a throttle too', async () => {
    incidentInLastHour();
    fake.inject({ kind: 'throttle', times: 1 });
    const standard = createCloudWatchClient({ endpoint: fake.endpoint, region: 'us-east-1', maxAttempts: 2 });
    const [b] = await readBudgets(standard, [availability()], { nowMs: NOW, stats: newReadStats() });
    expect(b.badEvents).toBe(1200);
  });

  test('throttled after every retry: an AwsProblem saying to retry later', async () => {
    fake.inject({ kind: 'throttle', times: 3 });
    const e = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() }).catch((x) => x);
    const problem = classifyAwsError(e, 'GetMetricData', fake.endpoint);
    expect(problem).toBeInstanceOf(AwsProblem);
    expect(problem).toMatchObject({ kind: 'throttled' });
    expect(problem!.message).toMatch(/^CloudWatch throttled GetMetricData after 3 attempts: retry in a minute/);
  });

  test('access denied: names the permission to grant', async () => {
    fake.inject({ kind: 'access-denied' });
    const e = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() }).catch((x) => x);
    const problem = classifyAwsError(e, 'GetMetricData', fake.endpoint)!;
    expect(problem.kind).toBe('access-denied');
    expect(problem.message).toMatch(/^access denied to cloudwatch:GetMetricData: grant cloudwatch:GetMetricData/);
    expect(problem.message).not.toMatch(/\n/);
    expect(fake.count('GetMetricData')).toBe(1); // not retried
  });

  test('a server error, retried, then given up: one line', async () => {
    fake.inject({ kind: 'internal', times: 3 });
    const e = await readBudgets(client(), [availability()], { nowMs: NOW, stats: newReadStats() }).catch((x) => x);
    expect(classifyAwsError(e, 'GetMetricData', fake.endpoint)).toMatchObject({ kind: 'aws' });
    expect(fake.count('GetMetricData')).toBe(3);
  });

  test('an endpoint nobody listens on: unreachable', async () => {
    const dead = createCloudWatchClient({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', fixedRetryDelayMs: 1 });
    const e = await readBudgets(dead, [availability()], { nowMs: NOW, stats: newReadStats() }).catch((x) => x);
    expect(classifyAwsError(e, 'GetMetricData', 'http://127.0.0.1:1')).toMatchObject({ kind: 'unreachable' });
  });

  test('an error that is not from AWS is not disguised as one', () => {
    expect(classifyAwsError(new TypeError('x is undefined'), 'GetMetricData', 'here')).toBeUndefined();
    // A library's own validation error (no $metadata) is not CloudWatch refusing a request.
    expect(classifyAwsError(new WorkloadValidationError([{ path: 'dr.rpoSeconds', value: 0, message: 'x' }]), 'GetMetricData', 'here')).toBeUndefined();
  });
});
