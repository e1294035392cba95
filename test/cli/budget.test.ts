/** `cdk-scale budget`: the contract (JSON fields, exit codes, formats) and every bad input, against a fake CloudWatch. */
import { FakeCloudWatch } from '../support/fake-cloudwatch';
import { ALB_DIMS, deployedSloAlarms, LB } from '../cloudwatch/slo-fixture';
import { fakeEnv, runCli } from './live-cli';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const fake = new FakeCloudWatch();
const elb = (metricName: string) => ({ namespace: 'AWS/ApplicationELB', metricName, dimensions: ALB_DIMS });

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

/** 30+ days at 1,000 requests a minute with `errorRatio` of them target 5XX. */
function traffic(errorRatio: number) {
  const now = Date.now();
  fake.fill(elb('RequestCount'), now - 31 * DAY, now + MINUTE, () => 1000);
  fake.fill(elb('HTTPCode_Target_5XX_Count'), now - 31 * DAY, now + MINUTE, () => 1000 * errorRatio);
}

function deploy() {
  const { metricAlarms, compositeAlarms } = deployedSloAlarms();
  for (const a of [...metricAlarms, ...compositeAlarms]) fake.addAlarm(a);
}

function expectOneLineError(stderr: string, pattern: RegExp) {
  expect(stderr).toMatch(pattern);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('policies and exit codes', () => {
  test.each([
    [0.0002, 'normal', 0],
    [0.0007, 'conservative', 10],
    [0.0015, 'freeze', 11],
  ])('%d errors: %s, exit %d', async (ratio, policy, code) => {
    traffic(ratio);
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999', '--format', 'json'], fakeEnv(fake));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    const json = JSON.parse(r.stdout);
    expect(json.policy).toBe(policy);
    expect(json.slos[0].policy).toBe(policy);
    expect(json.slos[0].errorBudgetRemaining).toBeCloseTo(1 - ratio / 0.001, 3);
  });

  test('no data at all: exit 4 and a line saying so (a new service is not called healthy)', async () => {
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999', '--format', 'json'], fakeEnv(fake));
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ policy: 'no-data', slos: [{ totalEvents: 0, sli: null, errorBudgetRemaining: null, policy: 'no-data' }] });
    expectOneLineError(r.stderr, /^cdk-scale: no data: the SLIs had no events/);
  });
});

describe('the JSON contract', () => {
  test('--stack: every SLO of the stack, with the stable fields', async () => {
    deploy();
    traffic(0.0002);
    const r = await runCli(['budget', '--stack', 'MyApp-Primary', '--format', 'json'], fakeEnv(fake));
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['policy', 'slos']));
    expect(json.slos.map((s: any) => s.name)).toEqual(['Primary/Availability', 'Primary/Latency']);
    for (const slo of json.slos) {
      expect(Object.keys(slo)).toEqual(expect.arrayContaining(['name', 'availability', 'periodDays', 'totalEvents', 'badEvents', 'sli', 'errorBudgetRemaining', 'policy', 'tiers']));
      for (const t of slo.tiers) expect(Object.keys(t)).toEqual(expect.arrayContaining(['name', 'burnRateThreshold', 'longWindowBurnRate', 'shortWindowBurnRate', 'firing']));
    }
    const [availability, latency] = json.slos;
    expect(availability).toMatchObject({ availability: 0.999, periodDays: 30, policy: 'normal', source: expect.stringMatching(/window alarm/) });
    expect(availability.tiers.map((t: any) => [t.name, t.burnRateThreshold, t.firing])).toEqual([['page-1h', 14.4, false], ['page-6h', 6, false], ['ticket-3d', 1, false]]);
    expect(availability.tiers[0].longWindowBurnRate).toBeCloseTo(0.2, 6);
    // No TargetResponseTime data: the latency SLO has no events, and does not decide the policy.
    expect(latency).toMatchObject({ availability: 0.95, totalEvents: 0, policy: 'no-data' });
    expect(json.policy).toBe('normal');
    expect(json.reads.getMetricDataCalls).toBe(2);
  });

  test('latency flags add a latency SLO; its slow responses come from PR(:threshold)', async () => {
    const now = Date.now();
    for (let t = now - 2 * HOUR; t < now; t += MINUTE) {
      fake.putSamples(elb('TargetResponseTime'), t, 0.1, 90);
      fake.putSamples(elb('TargetResponseTime'), t, 0.9, 10);
    }
    const r = await runCli(['budget', '--load-balancer', LB, '--latency-ms', '300', '--latency-percent', '95', '--format', 'json'], fakeEnv(fake));
    const json = JSON.parse(r.stdout);
    expect(json.slos).toHaveLength(1);
    const [slo] = json.slos;
    expect(slo).toMatchObject({ kind: 'alb-latency', availability: 0.95 });
    expect(slo.badEvents / slo.totalEvents).toBeCloseTo(0.1, 9);
    expect(slo.errorBudgetRemaining).toBeCloseTo(-1, 9);
    expect(r.code).toBe(11);
    // 10 % slow for 2 hours at a 5 % budget: a 2× burn over the fast page's window (9 min at 95 %: the page shortened so
    // an outage pages within 5 minutes, threshold capped at 0.5 → burn 10), below its threshold.
    expect(slo.tiers[0]).toMatchObject({ name: 'page-9m', longWindowBurnRate: 2, firing: false });
  });

  test('--distribution reads CloudFront (Requests × 5xxErrorRate ÷ 100) in us-east-1', async () => {
    const now = Date.now();
    const cf = (metricName: string) => ({ namespace: 'AWS/CloudFront', metricName, dimensions: { DistributionId: 'E2QWRUHAPOMQZL', Region: 'Global' } });
    fake.fill(cf('Requests'), now - 2 * DAY, now, () => 2000);
    fake.fill(cf('5xxErrorRate'), now - 2 * DAY, now, () => 0.04);
    const r = await runCli(['budget', '--distribution', 'E2QWRUHAPOMQZL', '--availability', '0.999', '--format', 'json'], { ...fakeEnv(fake), AWS_REGION: 'eu-west-1' });
    const json = JSON.parse(r.stdout);
    expect(json.region).toBe('us-east-1');
    expect(json.slos[0].kind).toBe('cloudfront-availability');
    expect(json.slos[0].badEvents / json.slos[0].totalEvents).toBeCloseTo(0.0004, 9);
    expect(r.code).toBe(0);
  });
});

describe('table and markdown', () => {
  test('the table says the policy, each SLO, each tier and the data coverage', async () => {
    deploy();
    traffic(0.0007);
    const r = await runCli(['budget', '--stack', 'MyApp-Primary'], fakeEnv(fake));
    expect(r.code).toBe(10);
    expect(r.stdout).toMatch(/^Error budget \(stack MyApp-Primary, us-east-1, /);
    expect(r.stdout).toMatch(/Deploy policy: CONSERVATIVE/);
    expect(r.stdout).toMatch(/Primary\/Availability {2}\(alb-availability, SLO 99\.9 % over 30 d\)/);
    expect(r.stdout).toMatch(/budget left +30 % +→ conservative/);
    expect(r.stdout).toMatch(/page-1h +14\.4× +1h: 0\.7× +5m: 0\.7× +no/);
    expect(r.stdout).toMatch(/720 of 720 h have data/);
    expect(r.stdout).toMatch(/Read with 2 GetMetricData call\(s\)/);
  });

  test('markdown for a pull request or a CI job summary', async () => {
    traffic(0.0015);
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999', '--format', 'markdown'], fakeEnv(fake));
    expect(r.code).toBe(11);
    expect(r.stdout).toMatch(/^### Error budget: freeze\n/);
    expect(r.stdout).toMatch(/\| SLO \| objective \| events \| SLI \| budget left \| policy \| data \|/);
    expect(r.stdout).toMatch(/\| page-1h \| 14\.4× \| 1h: 1\.5× \| 5m: 1\.5× \| no \|/);
  });
});

describe('AWS errors: exit 3, one line naming what to do', () => {
  test('no credentials', async () => {
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999'], { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: fake.endpoint });
    expect(r.code).toBe(3);
    expectOneLineError(r.stderr, /^cdk-scale: no AWS credentials found: set AWS_PROFILE \(or pass --profile\)/);
  });

  test('an unknown profile', async () => {
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999', '--profile', 'nosuchprofile'], { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: fake.endpoint });
    expect(r.code).toBe(3);
    expectOneLineError(r.stderr, /^cdk-scale: no AWS credentials found/);
  });

  test('no region', async () => {
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999'], { ...fakeEnv(fake), AWS_REGION: undefined });
    expect(r.code).toBe(3);
    expectOneLineError(r.stderr, /^cdk-scale: no AWS region: pass --region/);
  });

  test('access denied', async () => {
    fake.inject({ kind: 'access-denied' });
    const r = await runCli(['budget', '--stack', 'MyApp-Primary'], fakeEnv(fake));
    expect(r.code).toBe(3);
    expectOneLineError(r.stderr, /^cdk-scale: access denied to cloudwatch:DescribeAlarms: grant cloudwatch:GetMetricData, cloudwatch:DescribeAlarms/);
  });

  test('throttled after the SDK\'s retries', async () => {
    fake.inject({ kind: 'throttle', times: 2 });
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999'], fakeEnv(fake, { AWS_MAX_ATTEMPTS: '2' }));
    expect(r.code).toBe(3);
    expectOneLineError(r.stderr, /^cdk-scale: CloudWatch throttled GetMetricData after 2 attempts: retry in a minute/);
  });

  test('throttled once, then served: the SDK\'s retry hides it', async () => {
    traffic(0.0002);
    fake.inject({ kind: 'throttle', times: 1 });
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999'], fakeEnv(fake, { AWS_MAX_ATTEMPTS: '2' }));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('endpoint unreachable', async () => {
    const r = await runCli(['budget', '--load-balancer', LB, '--availability', '0.999'], { ...fakeEnv(fake), AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
    expect(r.code).toBe(3);
    expectOneLineError(r.stderr, /^cdk-scale: cannot reach CloudWatch at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\): check the network, --region and AWS_ENDPOINT_URL/);
  });
});

describe('bad usage: exit 2, one line, nothing read', () => {
  test.each([
    [[], /say what to read: --stack <name>, --load-balancer/],
    [['--stack', 'A', '--load-balancer', LB], /give only one of --stack, --load-balancer, --distribution \(got --stack and --load-balancer\)/],
    [['--stack', 'A', '--availability', '0.999'], /--availability do\(es\) not apply to --stack/],
    [['--stack', ''], /--stack needs a stack name/],
    [['--load-balancer', LB], /give --availability \(e\.g\. 0\.999\) and\/or --latency-ms with --latency-percent/],
    [['--load-balancer', LB, '--availability', '1.5'], /--availability must be a number in \(0\.5, 1\), e\.g\. 0\.999, got "1\.5"/],
    [['--load-balancer', LB, '--availability', 'high'], /--availability must be a number in \(0\.5, 1\)/],
    [['--load-balancer', LB, '--availability', ''], /--availability must be a number/],
    [['--load-balancer', LB, '--availability', '0.999', '--period', '2'], /--period must be a whole number of days from 7 to 365/],
    [['--load-balancer', LB, '--availability', '0.999', '--period', '400'], /--period must be a whole number of days from 7 to 365 .*, got "400"/],
    [['--load-balancer', LB, '--availability', '0.999', '--period', '7.5'], /--period must be a whole number/],
    [['--load-balancer', LB, '--latency-ms', '300'], /give --latency-ms and --latency-percent together/],
    [['--load-balancer', LB, '--latency-ms', '0', '--latency-percent', '95'], /--latency-ms must be a latency in milliseconds > 0/],
    [['--load-balancer', LB, '--latency-ms', '300', '--latency-percent', '100'], /--latency-percent must be a percentage in \(50, 100\)/],
    [['--load-balancer', 'net/my-nlb/50dc6c495c0c9188', '--availability', '0.999'], /--load-balancer must be an ALB's LoadBalancer dimension .* got "net\/my-nlb/],
    [['--load-balancer', 'my-alb', '--availability', '0.999'], /--load-balancer must be an ALB's LoadBalancer dimension/],
    [['--distribution', 'd111111abcdef8', '--availability', '0.999'], /--distribution must be a CloudFront distribution id/],
    [['--distribution', 'E2QWRUHAPOMQZL', '--availability', '0.999', '--region', 'eu-west-1'], /CloudFront metrics exist only in us-east-1; drop --region eu-west-1/],
    [['--load-balancer', LB, '--availability', '0.999', '--format', 'xml'], /--format must be one of table, markdown, json, got "xml"/],
    [['--load-balancer', LB, '--availability', '0.999', '--region', 'mars'], /--region must be an AWS region name such as us-east-1, got "mars"/],
    [['--load-balancer', LB, '--availability', '0.999', '--profile', ' '], /--profile needs a profile name/],
    [['--load-balancer', LB, '--availability', '0.999', '--bogus'], /budget: unknown option --bogus; run cdk-scale budget --help/],
    [['--load-balancer', LB, '--availability'], /budget: option --availability needs a value/],
    [['extra', '--load-balancer', LB, '--availability', '0.999'], /budget: unexpected argument extra/],
  ])('budget %j', async (args, message) => {
    const r = await runCli(['budget', ...(args as string[])], fakeEnv(fake));
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, message as RegExp);
    expect(r.stdout).toBe('');
    expect(fake.count('GetMetricData')).toBe(0);
  });

  test('several mistakes at once are reported together', async () => {
    const r = await runCli(['budget', '--load-balancer', 'x', '--availability', '2', '--period', '1'], fakeEnv(fake));
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--availability must be .*; --period must be .*; --load-balancer must be/);
  });

  test('a stack without SLO alarms', async () => {
    const r = await runCli(['budget', '--stack', 'NoSuchStack'], fakeEnv(fake));
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /^cdk-scale: budget: no SLO alarms of stack "NoSuchStack" in us-east-1: check --stack/);
  });

  test('--help', async () => {
    const r = await runCli(['budget', '--help'], {});
    expect(r.code).toBe(0);
    for (const option of ['--stack', '--load-balancer', '--distribution', '--availability', '--latency-ms', '--latency-percent', '--period', '--region', '--profile', '--format']) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toMatch(/Exit codes: 0 normal .* 10 conservative .* 11 freeze, 2 bad usage,\n3 AWS error .*, 4 no data at all/);
  });
});
