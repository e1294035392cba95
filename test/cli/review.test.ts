/** `cdk-scale review`: the contract (JSON, exit codes, --write-workload) and every bad input, against a fake CloudWatch. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseWorkload, planCapacity } from '../../lib/capacity';
import { FakeCloudWatch } from '../support/fake-cloudwatch';
import { ALB_DIMS, deployedSloAlarms, LB } from '../cloudwatch/slo-fixture';
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
    [[example], /say what to read: --load-balancer \(or --stack\), --auto-scaling-group, --db-instance, --cache-replication-group/],
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
    for (const option of ['--load-balancer', '--stack', '--auto-scaling-group', '--db-instance', '--cache-replication-group', '--days', '--write-workload', '--format']) expect(r.stdout).toContain(option);
  });
});
