/**
 * End to end: the BUILT `cdk-scale` binary (`npm run build`) against moto_server, with AWS_ENDPOINT_URL and
 * dummy credentials, as a CI job would run it. The SLO alarms are those `SloAlarms` synthesizes, put into moto
 * as CloudFormation would name them; a month of metrics is written with PutMetricData through the SDK.
 *
 * What moto does not do (FINDINGS, verified): percentile statistics (HTTP 500: no latency SLO here; the unit
 * tests cover it), composite alarms over the JSON protocol (so discovery uses its fallback: the default tiers
 * matched to the window alarms by definition id; the unit tests cover the composite path), pagination and
 * retention rules (unit tests). Its GetMetricData is slow over many 1-minute points: the month is written as
 * hourly aggregates plus the last 6 hours at 1-minute resolution.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { parseWorkload } from '../../lib/capacity';
import { deployedSloAlarms, DISTRIBUTION_ID, LB, sloTemplate } from '../cloudwatch/slo-fixture';
import { Moto } from './moto';

// The SDK warns once per process on Node 20 (its 2027 versions need Node 22): not this suite's business.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'dist', 'bin', 'cdk-scale.js');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scale-e2e-'));

let moto: Moto;
let cw: CloudWatchClient;

beforeAll(async () => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  moto = await Moto.start();
  cw = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    disableRequestCompression: true, // moto 5.2 answers 500 to a gzip-compressed PutMetricData
    maxAttempts: 1,
  });
});
afterAll(() => moto?.stop());
beforeEach(async () => moto.reset());

/** Runs the built binary with only AWS_ENDPOINT_URL, a region and dummy credentials. */
function cdkScale(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: tmp,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `cdk deploy` of the SLO alarms, as DescribeAlarms will return them. */
async function deployAlarms(periodDays = 30) {
  const { metricAlarms } = deployedSloAlarms(sloTemplate({ latency: false, periodDays }));
  for (const a of metricAlarms) {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: a.AlarmName,
        AlarmDescription: a.AlarmDescription,
        Metrics: a.Metrics,
        Threshold: a.Threshold,
        ComparisonOperator: a.ComparisonOperator as any,
        EvaluationPeriods: a.EvaluationPeriods,
        DatapointsToAlarm: a.DatapointsToAlarm,
        TreatMissingData: a.TreatMissingData,
      }),
    );
  }
}

async function put(namespace: string, data: MetricDatum[]) {
  for (let i = 0; i < data.length; i += 1000) await cw.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + 1000) }));
}

/**
 * `days` of ALB traffic at 1,000 requests a minute, `errorRatio` of them target 5XX: hourly aggregates on
 * hour boundaries, the last 6 hours (and the current one) at 1-minute resolution.
 */
async function writeTraffic(days: number, errorRatio: number) {
  const now = Date.now();
  const hour = Math.floor(now / HOUR) * HOUR;
  const dims = [{ Name: 'LoadBalancer', Value: LB }];
  const data: MetricDatum[] = [];
  for (const [name, perMinute] of [['RequestCount', 1000], ['HTTPCode_Target_5XX_Count', 1000 * errorRatio]] as const) {
    for (let t = hour - days * DAY - HOUR; t < hour - 6 * HOUR; t += HOUR) {
      data.push({ MetricName: name, Dimensions: dims, Timestamp: new Date(t), StatisticValues: { SampleCount: 60, Sum: perMinute * 60, Minimum: perMinute, Maximum: perMinute }, Unit: 'Count' });
    }
    for (let t = hour - 6 * HOUR; t < now + 2 * MINUTE; t += MINUTE) data.push({ MetricName: name, Dimensions: dims, Timestamp: new Date(t), Value: perMinute, Unit: 'Count' });
  }
  await put('AWS/ApplicationELB', data);
}

describe('cdk-scale budget --stack', () => {
  test.each([
    ['healthy', 0.0002, 'normal', 0],
    ['conservative', 0.0007, 'conservative', 10],
    ['freeze', 0.0015, 'freeze', 11],
  ])('%s', async (_, errorRatio, policy, code) => {
    await deployAlarms();
    await writeTraffic(30, errorRatio);
    const r = cdkScale('budget', '--stack', 'MyApp-Primary', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    const json = JSON.parse(r.stdout);
    expect(json.policy).toBe(policy);
    expect(json.slos).toHaveLength(1);
    const [slo] = json.slos;
    expect(slo).toMatchObject({ name: 'Primary/Availability', availability: 0.999, periodDays: 30, policy });
    expect(slo.errorBudgetRemaining).toBeCloseTo(1 - errorRatio / 0.001, 6);
    expect(slo.sli).toBeCloseTo(1 - errorRatio, 9);
    expect(slo.totalEvents).toBeGreaterThanOrEqual(720 * 60_000);
    expect(slo.tiers.map((t: any) => [t.name, t.burnRateThreshold, t.firing])).toEqual([['page-1h', 14.4, false], ['page-6h', 6, false], ['ticket-3d', 1, errorRatio > 0.001]]);
    for (const t of slo.tiers) {
      expect(t.longWindowBurnRate).toBeCloseTo(errorRatio / 0.001, 6);
      expect(t.shortWindowBurnRate).toBeCloseTo(errorRatio / 0.001, 6);
    }
    expect(slo.completeness).toMatchObject({ complete: true, hoursInPeriod: 720, hoursWithData: 720 });
    expect(json.reads.getMetricDataCalls).toBe(2);
    // The measured cost of a 30-day budget of one SLO (quoted in docs/budget-and-review.md).
    expect(json.reads.datapoints).toBe(2 * (720 + 360));
  });

  test('a page fires while a burst of errors is on', async () => {
    await deployAlarms();
    await writeTraffic(30, 0);
    const now = Date.now();
    const dims = [{ Name: 'LoadBalancer', Value: LB }];
    const burst: MetricDatum[] = [];
    for (let t = now - 20 * MINUTE; t < now + 2 * MINUTE; t += MINUTE) burst.push({ MetricName: 'HTTPCode_ELB_5XX_Count', Dimensions: dims, Timestamp: new Date(t), Value: 200, Unit: 'Count' });
    await put('AWS/ApplicationELB', burst);
    const r = cdkScale('budget', '--stack', 'MyApp-Primary');
    expect(r.code).toBe(0); // 20 minutes of a month's budget: still normal
    expect(r.stdout).toMatch(/page-1h +14\.4× +1h: [\d.]+× +5m: [\d.]+× +FIRING/);
  });

  test('a 90-day SLO reads its hourly data past 63 days: still 2 calls', async () => {
    await deployAlarms(90);
    await writeTraffic(90, 0.0002);
    const r = cdkScale('budget', '--stack', 'MyApp-Primary', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.slos[0]).toMatchObject({ periodDays: 90, completeness: { hoursInPeriod: 2160, hoursWithData: 2160 } });
    expect(json.slos[0].errorBudgetRemaining).toBeCloseTo(0.8, 6);
    // Two metrics with data: 2,160 hours each, plus the minutes written within the longest short window (≤ 14 h).
    expect(json.reads.getMetricDataCalls).toBe(2);
    expect(json.reads.datapoints).toBeGreaterThanOrEqual(2 * 2160);
    expect(json.reads.datapoints).toBeLessThanOrEqual(2 * (2160 + 840));
  });

  test('the same SLO from flags, no alarms needed', async () => {
    await writeTraffic(30, 0.0002);
    const r = cdkScale('budget', '--load-balancer', LB, '--availability', '0.999', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).slos[0].errorBudgetRemaining).toBeCloseTo(0.8, 6);
  });

  test('a new service: alarms deployed, no traffic yet: exit 4', async () => {
    await deployAlarms();
    const r = cdkScale('budget', '--stack', 'MyApp-Primary', '--format', 'json');
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).policy).toBe('no-data');
    expect(r.stderr).toMatch(/^cdk-scale: no data: /);
  });

  test('errors are one line: bad usage exits 2, an unreachable endpoint 3', () => {
    const usage = cdkScale('budget', '--availability', '2');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^cdk-scale: budget: say what to read/);
    const r = spawnSync(process.execPath, [bin, 'budget', '--load-balancer', LB, '--availability', '0.999'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tmp, AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^cdk-scale: cannot reach CloudWatch at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('cdk-scale review', () => {
  test('an under-provisioned plan: exit 10, and the observed workload re-plans', async () => {
    // examples/04-cached.json on m7g.large servers stated to carry 1,000 QPS each plans 2,315 QPS at peak on at most
    // 5 instances, 100 database connections, a 90 % hit rate. The last 3 hours: 500 QPS with a 4,000 QPS minute, 5 instances at 80 % CPU, 150 connections, 80 %.
    const now = Date.now();
    const peak = Math.floor((now - HOUR) / MINUTE) * MINUTE;
    const series = (name: string, dims: Array<{ Name: string; Value: string }>, value: (t: number) => number): MetricDatum[] => {
      const out: MetricDatum[] = [];
      for (let t = Math.floor((now - 3 * HOUR) / MINUTE) * MINUTE; t < now - MINUTE; t += MINUTE) out.push({ MetricName: name, Dimensions: dims, Timestamp: new Date(t), Value: value(t) });
      return out;
    };
    await put('AWS/ApplicationELB', series('RequestCount', [{ Name: 'LoadBalancer', Value: LB }], (t) => (t === peak ? 240_000 : 30_000)));
    await put('AWS/AutoScaling', series('GroupInServiceInstances', [{ Name: 'AutoScalingGroupName', Value: 'web-asg' }], () => 5));
    await put('AWS/EC2', series('CPUUtilization', [{ Name: 'AutoScalingGroupName', Value: 'web-asg' }], () => 80));
    await put('AWS/RDS', series('DatabaseConnections', [{ Name: 'DBInstanceIdentifier', Value: 'shop-db' }], () => 150));
    await put('AWS/ElastiCache', [
      ...series('CacheHits', [{ Name: 'CacheClusterId', Value: 'shop-cache-0001-001' }], () => 80),
      ...series('CacheMisses', [{ Name: 'CacheClusterId', Value: 'shop-cache-0001-001' }], () => 20),
    ]);
    const suggested = path.join(tmp, 'observed.json');
    const workload = path.join(tmp, '04-cached.json');
    fs.writeFileSync(workload, JSON.stringify({
      ...JSON.parse(fs.readFileSync(path.join(root, 'examples', '04-cached.json'), 'utf8')),
      compute: { requestsPerInstancePerSecond: 1000, instanceType: 'm7g.large' },
    }));
    const r = cdkScale('review', workload, '--load-balancer', LB, '--auto-scaling-group', 'web-asg', '--db-instance', 'shop-db', '--cache-replication-group', 'shop-cache', '--days', '1', '--format', 'json', '--write-workload', suggested);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(10);
    const json = JSON.parse(r.stdout);
    const rows = Object.fromEntries(json.assumptions.map((a: any) => [a.name, a]));
    expect(rows['traffic.peakQps']).toMatchObject({ observed: 4000, verdict: 'under-provisioned' });
    expect(rows['compute.requestsPerInstancePerSecond']).toMatchObject({ observed: 1000, verdict: 'ok' });
    expect(rows['compute.maxInstances']).toMatchObject({ observed: 5, verdict: 'under-provisioned' });
    expect(rows['database.connections']).toMatchObject({ observed: 150, verdict: 'under-provisioned' });
    expect(rows['cache.hitRate']).toMatchObject({ observed: 0.8, verdict: 'under-provisioned' });
    expect(rows['cache.memoryBytes'].verdict).toBe('no data');
    const written = JSON.parse(fs.readFileSync(suggested, 'utf8'));
    expect(written).toEqual(json.suggestedWorkload);
    expect(() => parseWorkload(written)).not.toThrow();
    const plan = cdkScale('plan', suggested, '--format', 'json');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).traffic.peakQps).toBeCloseTo(4000, -2);
  });

  test('--distribution: CloudFront read in us-east-1, the ALB in --region; a CDN hit rate below the plan\'s exits 10', async () => {
    // The last 3 hours: the edge takes 30,000 requests a minute (500 QPS) and serves 50 % from its caches (the
    // workload plans 60 %); the ALB in eu-west-1 takes the other 15,000 (250 QPS). Decoys with the same names in
    // the other region show each series is read where it lives.
    const now = Date.now();
    const minutes = (name: string, dims: Array<{ Name: string; Value: string }>, value: number): MetricDatum[] => {
      const out: MetricDatum[] = [];
      for (let t = Math.floor((now - 3 * HOUR) / MINUTE) * MINUTE; t < now - MINUTE; t += MINUTE) out.push({ MetricName: name, Dimensions: dims, Timestamp: new Date(t), Value: value });
      return out;
    };
    const cf = [{ Name: 'DistributionId', Value: DISTRIBUTION_ID }, { Name: 'Region', Value: 'Global' }];
    const alb = [{ Name: 'LoadBalancer', Value: LB }];
    const euWest1 = new CloudWatchClient({ region: 'eu-west-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, disableRequestCompression: true, maxAttempts: 1 });
    const putIn = async (client: CloudWatchClient, namespace: string, data: MetricDatum[]) => {
      for (let i = 0; i < data.length; i += 1000) await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + 1000) }));
    };
    await putIn(cw, 'AWS/CloudFront', [...minutes('Requests', cf, 30_000), ...minutes('CacheHitRate', cf, 50)]);
    await putIn(euWest1, 'AWS/ApplicationELB', minutes('RequestCount', alb, 15_000));
    await putIn(euWest1, 'AWS/CloudFront', minutes('CacheHitRate', cf, 95)); // decoy: CloudFront publishes nothing outside us-east-1
    await putIn(cw, 'AWS/ApplicationELB', minutes('RequestCount', alb, 99_000)); // decoy: another region's ALB
    euWest1.destroy();
    const workload = path.join(tmp, '04-cached-cdn.json');
    fs.copyFileSync(path.join(root, 'examples', '04-cached.json'), workload);
    const r = cdkScale('review', workload, '--load-balancer', LB, '--distribution', DISTRIBUTION_ID, '--region', 'eu-west-1', '--days', '1', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(10);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ region: 'eu-west-1', cloudFrontRegion: 'us-east-1' });
    const rows = Object.fromEntries(json.assumptions.map((a: any) => [a.name, a]));
    expect(rows['traffic.cdnHitRate']).toMatchObject({ planned: 0.6, observed: 0.5, verdict: 'under-provisioned' });
    expect(rows['traffic.peakQps (edge)']).toMatchObject({ observed: 500 });
    expect(rows['traffic.peakQps']).toMatchObject({ observed: 250 });
    expect(json.suggestedWorkload.traffic.cdnHitRate).toBe(0.5);
  });
});
