/** `cdk-scale review`: the contract (JSON, exit codes, --write-workload) and every bad input, against a fake CloudWatch. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseWorkload, planCapacity } from '../../lib/capacity';
import { FakeCloudWatch } from '../support/fake-cloudwatch';
import { ALB_DIMS, CLOUDFRONT_DIMS, deployedEdgeSloAlarms, deployedSloAlarms, DISTRIBUTION_ID, LB } from '../cloudwatch/slo-fixture';
import { fakeEnv, runCli } from './live-cli';

const MINUTE = 60_000;
const DAY = 86_400_000;
const fake = new FakeCloudWatch();
// examples/04-cached.json on m7g.large servers stated to carry 1,000 QPS each (max 5 instances, 100 connections).
const example = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'review-example-')), '04-cached.json');
fs.writeFileSync(example, JSON.stringify({
  ...JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', '04-cached.json'), 'utf8')),
  compute: { requestsPerInstancePerSecond: 1000, instanceType: 'm7g.large' },
}));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scale-review-'));

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

/**
 * Two days of production busier than examples/04-cached.json plans (578.7 QPS average, 2,314.8 peak): 800 QPS,
 * a 4,000 QPS minute, 5 instances (the group's maximum) at 80 % CPU, 150 database connections, an 80 % cache hit rate.
 */
function busyProduction() {
  const now = Date.now();
  const start = now - 2 * DAY;
  const peakAt = now - DAY;
  const perMinute = (800 * 2 * 86_400 - 4000 * 60) / (2 * 1440 - 1);
  fake.fill({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: ALB_DIMS }, start, now, (t) => (Math.floor(t / MINUTE) === Math.floor(peakAt / MINUTE) ? 4000 * 60 : perMinute));
  const asg = { AutoScalingGroupName: 'web-asg' };
  fake.fill({ namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances', dimensions: asg }, start, now, () => 5);
  fake.fill({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: asg }, start, now, () => 80);
  fake.fill({ namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: { DBInstanceIdentifier: 'db' } }, start, now, () => 100);
  fake.fill({ namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: { DBInstanceIdentifier: 'db-replica' } }, start, now, () => 50);
  fake.fill({ namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: { DBInstanceIdentifier: 'db' } }, start, now, () => 60);
  fake.fill({ namespace: 'AWS/RDS', metricName: 'ReplicaLag', dimensions: { DBInstanceIdentifier: 'db-replica' } }, start, now, () => 1, { keepZeros: true });
  for (const node of ['cache-0001-001', 'cache-0001-002', 'cache-0002-001', 'cache-0002-002']) {
    const dims = { CacheClusterId: node };
    const primary = node.endsWith('001');
    fake.fill({ namespace: 'AWS/ElastiCache', metricName: 'CacheHits', dimensions: dims }, start, now, () => (primary ? 80 : 0), { keepZeros: true });
    fake.fill({ namespace: 'AWS/ElastiCache', metricName: 'CacheMisses', dimensions: dims }, start, now, () => (primary ? 20 : 0), { keepZeros: true });
    fake.fill({ namespace: 'AWS/ElastiCache', metricName: 'BytesUsedForCache', dimensions: dims }, start, now, () => 1e9);
  }
  // Another group's node, and a node-level series: neither is read.
  fake.fill({ namespace: 'AWS/ElastiCache', metricName: 'CacheHits', dimensions: { CacheClusterId: 'cache2-0001-001' } }, start, now, () => 1);
  fake.fill({ namespace: 'AWS/ElastiCache', metricName: 'CacheHits', dimensions: { CacheClusterId: 'cache-0001-001', CacheNodeId: '0001' } }, start, now, () => 1);
}

const everything = ['--load-balancer', LB, '--auto-scaling-group', 'web-asg', '--db-instance', 'db', '--db-instance', 'db-replica', '--cache-replication-group', 'cache', '--days', '2'];

test('under-provisioned: exit 10, verdicts with tolerances, the suggested workload written and re-planned', async () => {
  busyProduction();
  const out = path.join(tmp, 'observed.json');
  const r = await runCli(['review', example, ...everything, '--format', 'json', '--write-workload', out], fakeEnv(fake));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(10);
  const json = JSON.parse(r.stdout);
  const rows = Object.fromEntries(json.assumptions.map((a: any) => [a.name, a]));
  for (const a of json.assumptions) expect(Object.keys(a)).toEqual(expect.arrayContaining(['name', 'planned', 'observed', 'verdict', 'tolerance']));
  expect(rows['traffic.peakQps']).toMatchObject({ observed: 4000, verdict: 'under-provisioned' });
  expect(rows['traffic.averageQps'].observed).toBeCloseTo(800, 6);
  expect(rows['compute.requestsPerInstancePerSecond']).toMatchObject({ observed: 1000, verdict: 'ok' });
  expect(rows['compute.maxInstances']).toMatchObject({ planned: 5, observed: 5, verdict: 'under-provisioned' });
  expect(rows['database.connections']).toMatchObject({ planned: 100, observed: 150, verdict: 'under-provisioned' });
  expect(rows['database.replicaLagSeconds']).toMatchObject({ observed: 1, verdict: 'ok' });
  expect(rows['cache.hitRate']).toMatchObject({ observed: 0.8, verdict: 'under-provisioned', note: expect.stringMatching(/over 4 node/) });
  expect(rows['cache.memoryBytes'].observed).toBe(2e9); // two shards, 1 GB each (replicas not counted twice)
  expect(json.suggestedWorkload.traffic).toMatchObject({ dailyActiveUsers: 1_000_000, peakFactor: 5 });
  const written = JSON.parse(fs.readFileSync(out, 'utf8'));
  expect(written).toEqual(json.suggestedWorkload);
  expect(planCapacity(parseWorkload(written)).traffic.peakQps).toBeCloseTo(4000, -2);
  // 12 minute series of 2 days (2,880 points each): 35 fit the 100,800 data points of one call.
  expect(json.reads.getMetricDataCalls).toBe(1);
});

test('the table names every assumption, its verdict and tolerance, and the changes', async () => {
  busyProduction();
  const r = await runCli(['review', example, ...everything], fakeEnv(fake));
  expect(r.code).toBe(10);
  expect(r.stdout).toMatch(/^Plan review of Consumer app \(~1M daily users\) against 2 d of production/);
  expect(r.stdout).toMatch(/traffic\.peakQps +2,315 QPS +4,000 QPS +under-provisioned/);
  expect(r.stdout).toMatch(/traffic\.peakQps: under-provisioned beyond \+10 %, over-provisioned beyond −50 %; busiest minute's RequestCount ÷ 60/);
  expect(r.stdout).toMatch(/Suggested workload \(--write-workload FILE, then cdk-scale plan FILE\):\n {2}traffic.requestsPerUserPerDay → 69.1/);
  const md = await runCli(['review', example, ...everything, '--format', 'markdown'], fakeEnv(fake));
  expect(md.stdout).toMatch(/\| assumption \| planned \| observed \| verdict \| tolerance \| how measured \|/);
});

test('as planned: exit 0', async () => {
  const now = Date.now();
  fake.fill({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: ALB_DIMS }, now - 2 * DAY, now, (t) => (Math.floor(t / MINUTE) % 1440 === 600 ? 2300 * 60 : 575 * 60));
  const r = await runCli(['review', example, '--load-balancer', LB, '--days', '2', '--format', 'json'], fakeEnv(fake));
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).assumptions.slice(0, 3).map((a: any) => a.verdict)).toEqual(['ok', 'ok', 'ok']);
});

test('--stack finds the ALB from the stack\'s SLO alarms', async () => {
  busyProduction();
  const { metricAlarms, compositeAlarms } = deployedSloAlarms();
  for (const a of [...metricAlarms, ...compositeAlarms]) fake.addAlarm(a);
  const r = await runCli(['review', example, '--stack', 'MyApp-Primary', '--days', '2', '--format', 'json'], fakeEnv(fake));
  expect(JSON.parse(r.stdout).assumptions[0]).toMatchObject({ name: 'traffic.peakQps', observed: 4000 });
});

describe('--distribution: the CloudFront edge, read in us-east-1', () => {
  const cf = (metricName: string) => ({ namespace: 'AWS/CloudFront', metricName, dimensions: CLOUDFRONT_DIMS });
  const rowsOf = (stdout: string) => Object.fromEntries(JSON.parse(stdout).assumptions.map((a: any) => [a.name, a]));
  /** Which namespaces each GetMetricData call asked for, and the region it was signed for. */
  const calls = () =>
    fake.requests
      .filter((q) => q.action === 'GetMetricData')
      .map((q) => ({ region: q.region, namespaces: [...new Set(q.body.MetricDataQueries.map((m: any) => m.MetricStat.Metric.Namespace))].sort() }));

  /**
   * Two days at the edge alternating busy minutes (45,000 requests, 40 % cache hits) and quiet ones (15,000, 80 %):
   * 500 QPS on average, 750 at the busiest minute, a hit rate of (40 × 3 + 80) ÷ 4 = 50 %; the ALB behind it
   * serves the other half, 250 QPS.
   */
  function edgeMissingTheCache() {
    const now = Date.now();
    const odd = (t: number) => Math.floor(t / MINUTE) % 2 === 1;
    fake.fill(cf('Requests'), now - 2 * DAY, now, (t) => (odd(t) ? 15_000 : 45_000));
    fake.fill(cf('CacheHitRate'), now - 2 * DAY, now, (t) => (odd(t) ? 80 : 40));
    fake.fill({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: ALB_DIMS }, now - 2 * DAY, now, () => 250 * 60);
  }

  test('a CDN hit rate below the plan\'s: under-provisioned, exit 10; the edge read in us-east-1, the ALB in the command\'s region', async () => {
    edgeMissingTheCache();
    const out = path.join(tmp, 'edge.json');
    const r = await runCli(['review', example, '--load-balancer', LB, '--distribution', DISTRIBUTION_ID, '--days', '2', '--format', 'json', '--write-workload', out], fakeEnv(fake, { AWS_REGION: 'eu-west-1' }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(10);
    const json = JSON.parse(r.stdout);
    for (const a of json.assumptions) expect(Object.keys(a)).toEqual(expect.arrayContaining(['name', 'planned', 'observed', 'verdict']));
    expect(json).toMatchObject({ region: 'eu-west-1', distribution: DISTRIBUTION_ID, cloudFrontRegion: 'us-east-1', suggestedWorkload: expect.any(Object) });
    const rows = rowsOf(r.stdout);
    expect(rows['traffic.cdnHitRate']).toMatchObject({ planned: 0.6, verdict: 'under-provisioned' });
    expect(rows['traffic.cdnHitRate'].observed).toBeCloseTo(0.5, 3); // the unweighted mean of the minutes would be 0.6
    expect(rows['traffic.averageQps (edge)'].observed).toBeCloseTo(500, 0);
    expect(rows['traffic.peakQps (edge)']).toMatchObject({ observed: 750, verdict: 'over-provisioned' });
    // The origin's rows keep their names and measure the ALB.
    expect(rows['traffic.peakQps']).toMatchObject({ observed: 250, note: expect.stringMatching(/RequestCount/) });
    expect(calls()).toEqual([
      { region: 'eu-west-1', namespaces: ['AWS/ApplicationELB'] },
      { region: 'us-east-1', namespaces: ['AWS/CloudFront'] },
    ]);
    // The suggested workload re-plans from the edge's traffic (500 QPS × 86,400 s ÷ 1M users = 43.2) and its hit rate.
    const written = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(written.traffic.requestsPerUserPerDay).toBeCloseTo(43.2, 1);
    expect(written.traffic.cdnHitRate).toBeCloseTo(0.5, 3);
    expect(planCapacity(parseWorkload(written)).traffic.averageQps).toBeCloseTo(500, -1);
  });

  test('as planned, --distribution alone: exit 0, one GetMetricData call in us-east-1 with no region configured', async () => {
    const now = Date.now();
    const peakAt = Math.floor((now - DAY) / MINUTE);
    // 580 QPS on average with a 2,300 QPS minute, 60 % hits: the plan's 578.7 / 2,314.8 QPS and 0.6.
    const perMinute = (580 * 2 * 86_400 - 2300 * 60) / (2 * 1440 - 1);
    fake.fill(cf('Requests'), now - 2 * DAY, now, (t) => (Math.floor(t / MINUTE) === peakAt ? 2300 * 60 : perMinute));
    fake.fill(cf('CacheHitRate'), now - 2 * DAY, now, () => 60);
    const r = await runCli(['review', example, '--distribution', DISTRIBUTION_ID, '--days', '2', '--format', 'json'], { ...fakeEnv(fake), AWS_REGION: undefined });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = rowsOf(r.stdout);
    for (const name of ['traffic.peakQps (edge)', 'traffic.averageQps (edge)', 'traffic.peakFactor (edge)', 'traffic.cdnHitRate']) expect(rows[name].verdict).toBe('ok');
    expect(rows['traffic.peakQps']).toMatchObject({ verdict: 'no data', note: 'give --load-balancer' });
    expect(JSON.parse(r.stdout).region).toBe('us-east-1');
    expect(calls()).toEqual([{ region: 'us-east-1', namespaces: ['AWS/CloudFront'] }]);
  });

  test('the table names the edge rows apart from the origin\'s', async () => {
    edgeMissingTheCache();
    const r = await runCli(['review', example, '--load-balancer', LB, '--distribution', DISTRIBUTION_ID, '--days', '2'], fakeEnv(fake, { AWS_REGION: 'eu-west-1' }));
    expect(r.stdout).toMatch(/^Plan review of .* \(eu-west-1, CloudFront in us-east-1, /);
    expect(r.stdout).toMatch(/traffic\.peakQps +2,315 QPS +250 QPS +over-provisioned/);
    expect(r.stdout).toMatch(/traffic\.peakQps \(edge\) +2,315 QPS +750 QPS +over-provisioned/);
    expect(r.stdout).toMatch(/traffic\.cdnHitRate +60(\.0)? % +50(\.0)? % +under-provisioned/);
    expect(r.stdout).toMatch(/traffic\.cdnHitRate: under-provisioned more than 5 points below, over-provisioned more than 5 points above; CloudFront CacheHitRate/);
  });

  test('no data at the edge: exit 4, the line names us-east-1', async () => {
    const r = await runCli(['review', example, '--distribution', DISTRIBUTION_ID, '--days', '1', '--region', 'eu-west-1'], fakeEnv(fake));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^cdk-scale: no data: none of the resources given published metrics in the last 1 d in eu-west-1 \(CloudFront: us-east-1\)/);
  });

  test('--stack finds the distribution from an edge stack\'s SLO alarms (us-east-1), and batches its reads', async () => {
    edgeMissingTheCache();
    const { metricAlarms, compositeAlarms } = deployedEdgeSloAlarms();
    for (const a of [...metricAlarms, ...compositeAlarms]) fake.addAlarm(a);
    const r = await runCli(['review', example, '--stack', 'MyApp-Edge', '--days', '2', '--format', 'json'], fakeEnv(fake));
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).distribution).toBe(DISTRIBUTION_ID);
    expect(rowsOf(r.stdout)['traffic.cdnHitRate'].observed).toBeCloseTo(0.5, 3);
    expect(calls()).toEqual([{ region: 'us-east-1', namespaces: ['AWS/CloudFront'] }]);
  });

  test('--stack with --distribution: the stack gives the ALB, the flag the distribution', async () => {
    busyProduction();
    edgeMissingTheCache();
    const { metricAlarms, compositeAlarms } = deployedSloAlarms();
    for (const a of [...metricAlarms, ...compositeAlarms]) fake.addAlarm(a);
    const r = await runCli(['review', example, '--stack', 'MyApp-Primary', '--distribution', DISTRIBUTION_ID, '--days', '2', '--format', 'json'], fakeEnv(fake));
    const rows = rowsOf(r.stdout);
    expect(rows['traffic.peakQps'].observed).toBeGreaterThan(0);
    expect(rows['traffic.cdnHitRate'].observed).toBeCloseTo(0.5, 3);
    // Same region: the ALB's and the distribution's series in one call.
    expect(calls()).toEqual([{ region: 'us-east-1', namespaces: ['AWS/ApplicationELB', 'AWS/CloudFront'] }]);
  });

  test('--stack that holds neither an ALB nor a distribution SLO: exit 2, one line saying where CloudFront\'s alarms live', async () => {
    const r = await runCli(['review', example, '--stack', 'MyApp-Edge'], fakeEnv(fake, { AWS_REGION: 'eu-west-1' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk-scale: review: no SLO alarms on an ALB or a CloudFront distribution found for stack "MyApp-Edge" in eu-west-1 (CloudFront SLO alarms live in us-east-1 stacks); give --load-balancer or --distribution\n');
  });
});

test('no data at all: exit 4 and a line saying so', async () => {
  const r = await runCli(['review', example, '--load-balancer', LB, '--days', '1'], fakeEnv(fake));
  expect(r.code).toBe(4);
  expect(r.stderr).toMatch(/^cdk-scale: no data: none of the resources given published metrics in the last 1 d in us-east-1/);
});

test('AWS errors: exit 3, one line', async () => {
  fake.inject({ kind: 'access-denied' });
  const r = await runCli(['review', example, '--load-balancer', LB], fakeEnv(fake));
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/^cdk-scale: access denied to cloudwatch:GetMetricData/);
  const none = await runCli(['review', example, '--load-balancer', LB], { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: fake.endpoint });
  expect(none.code).toBe(3);
  expect(none.stderr).toMatch(/^cdk-scale: no AWS credentials found/);
});

describe('bad usage: exit 2, one line, nothing read', () => {
  const bad = path.join(tmp, 'bad.json');
  fs.writeFileSync(bad, '{"traffic": {"averageQps": -1}}');
  const notJson = path.join(tmp, 'not.json');
  fs.writeFileSync(notJson, '{');
  // Valid, but refused by the plan (an RPO of 0 across regions): a usage error, not an AWS one.
  const refused = path.join(tmp, 'refused.json');
  fs.writeFileSync(refused, JSON.stringify({ traffic: { averageQps: 100 }, topology: { regions: ['us-east-1', 'us-west-2'] }, dr: { rpoSeconds: 0, rtoSeconds: 600 } }));
  test.each([
    [['--load-balancer', LB], /review: give the workload file/],
    [['missing.json', '--load-balancer', LB], /workload file not found: missing\.json/],
    [[bad, '--load-balancer', LB], /bad\.json: Invalid workload \(1 problem\):\n {2}- traffic\.averageQps: -1/],
    [[notJson, '--load-balancer', LB], /not\.json is not valid JSON/],
    [[refused, '--load-balancer', LB], /refused\.json: Invalid workload \(1 problem\):\n {2}- dr\.rpoSeconds: 0 — an RPO of 0 needs synchronous replication/],
    [[example], /say what to read: --load-balancer \(or --stack\), --distribution, --auto-scaling-group, --db-instance, --cache-replication-group/],
    [[example, '--distribution', 'd111111abcdef8'], /^cdk-scale: review: --distribution must be a CloudFront distribution id \(e\.g\. E2QWRUHAPOMQZL\), got "d111111abcdef8"\n$/],
    [[example, '--load-balancer', LB, '--distribution', ''], /--distribution must be a CloudFront distribution id/],
    [[example, '--distribution'], /review: option --distribution needs a value/],
    [[example, '--load-balancer', 'app/x'], /--load-balancer must be an ALB's LoadBalancer dimension/],
    [[example, '--load-balancer', LB, '--stack', 'S'], /give --load-balancer or --stack, not both/],
    [[example, '--load-balancer', LB, '--days', '0'], /--days must be a whole number of days from 1 to 14/],
    [[example, '--load-balancer', LB, '--days', '15'], /--days must be a whole number of days from 1 to 14 \(1-minute data is kept 15 days\), got "15"/],
    [[example, '--load-balancer', LB, '--days', 'week'], /--days must be a whole number/],
    [[example, '--db-instance', 'my_db!'], /--db-instance must be a DB instance identifier/],
    [[example, '--auto-scaling-group', ''], /--auto-scaling-group needs a value/],
    [[example, '--load-balancer', LB, '--format', 'yaml'], /--format must be one of table, markdown, json/],
    [[example, '--load-balancer', LB, '--write-workload', '/nonexistent-dir/x.json'], /cannot write \/nonexistent-dir\/x\.json: ENOENT/],
    [[example, example, '--load-balancer', LB], /review takes 1 file argument/],
    [[example, '--load-balancer', LB, '--availability', '0.999'], /review: unknown option --availability/],
  ])('review %j', async (args, message) => {
    const r = await runCli(['review', ...(args as string[])], fakeEnv(fake));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2); // an invalid workload lists its problems
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help', async () => {
    const r = await runCli(['review', '--help'], {});
    expect(r.code).toBe(0);
    for (const option of ['--load-balancer', '--distribution', '--stack', '--auto-scaling-group', '--db-instance', '--cache-replication-group', '--days', '--write-workload', '--format']) expect(r.stdout).toContain(option);
  });
});
