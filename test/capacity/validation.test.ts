import { checkWorkload, parseWorkload, planCapacity, WorkloadValidationError } from '../../lib/capacity';

const paths = (input: unknown) => checkWorkload(input).map((p) => p.path);
const base = { traffic: { dailyActiveUsers: 1e6, requestsPerUserPerDay: 20 } };

describe('workload validation', () => {
  test('a valid workload has no problems', () => {
    expect(checkWorkload(base)).toEqual([]);
  });

  test.each([
    ['a negative number', { traffic: { averageQps: -5 } }, 'traffic.averageQps'],
    ['a non-finite number', { traffic: { averageQps: Infinity } }, 'traffic.averageQps'],
    ['NaN', { traffic: { peakQps: NaN } }, 'traffic.peakQps'],
    ['a string for a number', { traffic: { peakQps: '100' } }, 'traffic.peakQps'],
    ['a fraction above 1', { traffic: { users: 10, dailyActiveFraction: 1.5, requestsPerUserPerDay: 1 } }, 'traffic.dailyActiveFraction'],
    ['a zero fraction', { traffic: { users: 10, dailyActiveFraction: 0, requestsPerUserPerDay: 1 } }, 'traffic.dailyActiveFraction'],
    ['a cache hit rate of 1', { ...base, cache: { hitRate: 1 } }, 'cache.hitRate'],
    ['an SLO of 1.0', { ...base, slo: { availability: 1 } }, 'slo.availability'],
    ['an SLO below 0.5', { ...base, slo: { availability: 0.4 } }, 'slo.availability'],
    ['one AZ with survive-az-loss', { ...base, topology: { availabilityZones: 1 } }, 'topology.availabilityZones'],
    ['an unknown region format', { ...base, topology: { regions: ['us-east-1', 'Virginia'] } }, 'topology.regions[1]'],
    ['a duplicate region', { ...base, topology: { regions: ['us-east-1', 'us-east-1'] } }, 'topology.regions'],
    ['an unknown top-level field', { ...base, trafic: {} }, 'trafic'],
    ['an unknown nested field', { traffic: { ...base.traffic, peakFactr: 3 } }, 'traffic.peakFactr'],
    ['an instance type outside the catalog', { ...base, compute: { instanceType: 'x1.32xlarge' } }, 'compute.instanceType'],
    ['an unknown stage', { ...base, stage: 'huge' }, 'stage'],
    ['an unknown headroom field', { ...base, compute: { headroom: { buffer: 0.3 } } }, 'compute.headroom.buffer'],
    ['hot-set without objects', { ...base, cache: { sizing: 'hot-set' } }, 'cache.objects'],
    ['objects without hot-set', { ...base, cache: { objects: 5 } }, 'cache.objects'],
    ['bytes per day without retention', { ...base, data: { bytesPerUserPerDay: 10 } }, 'data.retentionDays'],
    ['data without a user count', { traffic: { averageQps: 10 }, data: { bytesPerUser: 10 } }, 'data.users'],
    ['survive-region-loss in active-passive', { ...base, topology: { regions: ['us-east-1', 'us-west-2'], regionCapacity: 'survive-region-loss' } }, 'topology.regionCapacity'],
    ['active-active with one region', { ...base, topology: { mode: 'active-active' } }, 'topology.mode'],
    ['read + write fractions not summing to 1', { traffic: { ...base.traffic, readFraction: 0.9, writeFraction: 0.2 } }, 'traffic.writeFraction'],
    ['a peak factor on a peak form', { traffic: { peakQps: 10, peakFactor: 3 } }, 'traffic.peakFactor'],
    ['a latency percent of 100', { ...base, slo: { latency: { thresholdMs: 200, percent: 100 } } }, 'slo.latency.percent'],
    ['a period shorter than the 3-day ticket tier', { ...base, slo: { periodDays: 2 } }, 'slo.periodDays'],
    ['an oversized shard', { ...base, database: { maxBytesPerShard: 1e15 } }, 'database.maxBytesPerShard'],
  ])('rejects %s with its field path', (_what, input, path) => {
    expect(paths(input)).toContain(path);
  });

  test('two load forms are an error', () => {
    const problems = checkWorkload({ traffic: { averageQps: 10, peakQps: 30 } });
    expect(problems).toEqual([expect.objectContaining({ path: 'traffic', message: expect.stringMatching(/2 load forms.*give exactly one/) })]);
  });

  test('no load form is an error that lists every form', () => {
    expect(checkWorkload({ traffic: {} })[0].message).toMatch(/daily active users.*monthly volume.*direct peak/);
  });

  test('an incomplete load form names the missing field', () => {
    expect(paths({ traffic: { dailyActiveUsers: 10 } })).toEqual(['traffic.requestsPerUserPerDay']);
  });

  test('a field of another load form is rejected', () => {
    expect(paths({ traffic: { peakConcurrentUsers: 10, requestsPerUserPerMinute: 2, requestsPerUserPerDay: 5 } })).toEqual(['traffic.requestsPerUserPerDay']);
  });

  test('a missing traffic section and a non-object are rejected', () => {
    expect(paths({})).toEqual(['traffic']);
    expect(paths([1, 2])).toEqual(['(workload)']);
    expect(paths(null)).toEqual(['(workload)']);
  });

  test('every problem is reported at once, with value and allowed range', () => {
    const input = { traffic: { averageQps: -1, peakFactor: 0.5 }, slo: { availability: 1 }, topology: { availabilityZones: 9 } };
    let error: unknown;
    try {
      parseWorkload(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkloadValidationError);
    const { problems, message } = error as WorkloadValidationError;
    expect(problems.map((p) => p.path)).toEqual(['traffic.averageQps', 'traffic.peakFactor', 'topology.availabilityZones', 'slo.availability']);
    expect(message).toMatch(/^Invalid workload \(4 problems\)/);
    expect(message).toContain('traffic.averageQps: -1 — must be a number in (0, 1e9] QPS');
    expect(message).toContain('topology.availabilityZones: 9 — must be a whole number in [2, 6]');
  });

  test('planCapacity validates its input too', () => {
    expect(() => planCapacity({ traffic: { averageQps: 0 } })).toThrow(/traffic\.averageQps: 0 — must be a number in \(0, 1e9\] QPS/);
  });
});

describe('inputs that once broke the plan are refused up front, naming the field', () => {
  test.each([
    ['a peak of 1e19 QPS (once hung surviveAzLossCount)', { traffic: { peakQps: 1e19 } }, 'traffic.peakQps'],
    ['an average of 1e308 QPS (once printed ∞ and NaN)', { traffic: { averageQps: 1e308 } }, 'traffic.averageQps'],
    ['1e308-byte responses (once synthesized)', { traffic: { averageQps: 10, averageResponseBytes: 1e308 } }, 'traffic.averageResponseBytes'],
    ['a derived peak above 1e9 QPS', { traffic: { dailyActiveUsers: 1e10, requestsPerUserPerDay: 1e5 } }, 'traffic.dailyActiveUsers'],
    ['a region that does not exist', { ...base, topology: { regions: ['us-east-1', 'us-east-99'] } }, 'topology.regions[1]'],
    ['a region of another partition', { ...base, topology: { regions: ['cn-north-1'] } }, 'topology.regions[0]'],
    ['one AZ with a buffer headroom (a VPC needs two)', { ...base, compute: { headroom: { bufferFraction: 0.3 } }, topology: { availabilityZones: 1 } }, 'topology.availabilityZones'],
  ])('%s', (_what, input, path) => {
    const started = Date.now();
    expect(paths(input)).toContain(path);
    expect(() => planCapacity(input as never)).toThrow(WorkloadValidationError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('an out-of-range direct peak is reported once (its own range), not again as a derived peak', () => {
    expect(checkWorkload({ traffic: { peakQps: 1e19 } }).map((p) => p.path)).toEqual(['traffic.peakQps']);
  });

  test.each(['__proto__', 'hasOwnProperty', 'toString', 'constructor', 'valueOf'])(
    'a field named %s is an unknown field, at the top level and in a section, with a clear message',
    (name) => {
      // JSON.parse makes "__proto__" an own property, as a workload file would.
      const input = JSON.parse(`{"traffic": {"averageQps": 10, "${name}": 1}, "${name}": {"x": 1}, "cache": {"${name}": 2}}`);
      const problems = checkWorkload(input);
      expect(problems.map((p) => p.path)).toEqual([name, `traffic.${name}`, `cache.${name}`]);
      for (const p of problems) expect(p.message).toMatch(/^unknown field; allowed: /);
      expect(() => parseWorkload(input)).toThrow(new RegExp(`${name.replace(/_/g, '_')}: .* — unknown field`));
    },
  );
});

test('an edge in a region missing from the CloudFront prefix-list table is refused by the plan, naming the region (not left to the constructs)', () => {
  const w = { traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 }, topology: { regions: ['us-east-1', 'il-central-1'] } };
  expect(() => planCapacity(w)).toThrow(/topology\.regions\[1\]: "il-central-1" — has no CloudFront origin-facing prefix list in the built-in table/);
  // Without the edge the region builds.
  expect(planCapacity({ ...w, architecture: { edge: false } }).topology.regions).toEqual(['us-east-1', 'il-central-1']);
});
