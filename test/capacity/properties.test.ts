/** Property-based tests over random valid workloads (fast-check). */
import * as fc from 'fast-check';
import { checkWorkload, planCapacity, RDS_INSTANCE_CLASSES, STAGES, WorkloadValidationError, type Workload } from '../../lib/capacity';

const regionsArb = fc.constantFrom(['us-east-1'], ['us-east-1', 'us-west-2'], ['eu-west-1', 'eu-central-1', 'us-east-1']);

/** One of the five load forms, with a scale knob applied to its volume field. */
const trafficArb = fc.oneof(
  fc.record({ dailyActiveUsers: fc.double({ min: 1, max: 1e9, noNaN: true }), requestsPerUserPerDay: fc.double({ min: 0.1, max: 1000, noNaN: true }) }),
  fc.record({ users: fc.double({ min: 1, max: 5e9, noNaN: true }), dailyActiveFraction: fc.double({ min: 0.01, max: 1, noNaN: true }), requestsPerUserPerDay: fc.double({ min: 0.1, max: 500, noNaN: true }) }),
  fc.record({ peakConcurrentUsers: fc.double({ min: 1, max: 1e8, noNaN: true }), requestsPerUserPerMinute: fc.double({ min: 0.1, max: 60, noNaN: true }) }),
  fc.record({ requestsPerMonth: fc.double({ min: 1, max: 1e13, noNaN: true }) }),
  fc.record({ averageQps: fc.double({ min: 0.01, max: 1e6, noNaN: true }) }),
  fc.record({ peakQps: fc.double({ min: 0.01, max: 3e6, noNaN: true }) }),
);

const workloadArb: fc.Arbitrary<Workload> = fc
  .record({
    traffic: trafficArb,
    readFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    cdnHitRate: fc.double({ min: 0, max: 0.99, noNaN: true }),
    perInstance: fc.double({ min: 10, max: 20_000, noNaN: true }),
    headroom: fc.oneof(fc.constant('survive-az-loss' as const), fc.record({ bufferFraction: fc.double({ min: 0, max: 2, noNaN: true }) })),
    zones: fc.integer({ min: 2, max: 6 }),
    regions: regionsArb,
    activeActive: fc.boolean(),
    hitRate: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }),
    withCache: fc.boolean(),
    data: fc.oneof(
      fc.record({ users: fc.constant(1e6), bytesPerUser: fc.double({ min: 1, max: 1e7, noNaN: true }) }),
      fc.record({ users: fc.constant(1e5), bytesPerUserPerDay: fc.double({ min: 1, max: 1e5, noNaN: true }), retentionDays: fc.integer({ min: 1, max: 3650 }) }),
      fc.constant(undefined),
    ),
    hotSet: fc.option(fc.record({ objects: fc.double({ min: 1, max: 1e10, noNaN: true }), hotFraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }), { nil: undefined }),
    availability: fc.constantFrom(0.9, 0.99, 0.995, 0.999, 0.9995, 0.9999),
  })
  .map((r) => {
    const peakForm = 'peakConcurrentUsers' in r.traffic || 'peakQps' in r.traffic;
    const multi = r.regions.length > 1;
    return {
      ...(r.stage ? { stage: r.stage } : {}),
      traffic: { ...r.traffic, readFraction: r.readFraction, cdnHitRate: r.cdnHitRate, ...(peakForm ? {} : { peakFactor: 3 }) },
      compute: { requestsPerInstancePerSecond: r.perInstance, headroom: r.headroom },
      ...(r.withCache ? { cache: { hitRate: r.hitRate, ...(r.hotSet ? { sizing: 'hot-set' as const, ...r.hotSet } : {}) } } : {}),
      ...(r.data ? { data: r.data } : {}),
      slo: { availability: r.availability },
      topology: {
        regions: r.regions,
        availabilityZones: r.zones,
        ...(multi && r.activeActive ? { mode: 'active-active' as const, regionCapacity: 'survive-region-loss' as const } : {}),
      },
    } satisfies Workload;
  });

/** Multiplies the workload's load-form volume by `k`. */
function scaleLoad(w: Workload, k: number): Workload {
  const t: Record<string, unknown> = { ...w.traffic };
  for (const key of ['dailyActiveUsers', 'users', 'peakConcurrentUsers', 'requestsPerMonth', 'averageQps', 'peakQps']) {
    if (typeof t[key] === 'number') t[key] = (t[key] as number) * k;
  }
  return { ...w, traffic: t };
}

/** The plan, or undefined when the plan refuses the workload as unbuildable (its error must name the fields). */
function planOrRefusal(w: Workload): ReturnType<typeof planCapacity> | undefined {
  try {
    return planCapacity(w);
  } catch (e) {
    expect(e).toBeInstanceOf(WorkloadValidationError);
    for (const p of (e as WorkloadValidationError).problems) expect(p.path).toMatch(/^[a-z]+(\.[A-Za-z]+)*$/);
    return undefined;
  }
}

function badNumbers(value: unknown, path = 'plan'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`));
  return [];
}

test('no NaN, Infinity or negative value anywhere in the plan, derivations included', () => {
  fc.assert(
    fc.property(workloadArb, (w) => {
      const plan = planOrRefusal(w);
      if (plan) expect(badNumbers(plan)).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

// Needs grow with load; what is provisioned is chosen by cost (a larger instance size or database class may mean
// fewer of them), so counts may drop, but it always covers the need. Database shards (the need) never drop; cache
// shards may (fewer, larger nodes can become the cheapest), cache memory never does.
test('more load never yields a smaller need, and what is provisioned always covers it', () => {
  fc.assert(
    fc.property(workloadArb, fc.double({ min: 1, max: 100, noNaN: true }), (generated, k) => {
      // All else equal: the stage and the cache section are pinned (a cache arriving with the stage takes reads off the database).
      const first = planOrRefusal(generated);
      fc.pre(first !== undefined);
      const w: Workload = { ...generated, stage: generated.stage ?? first!.stage, cache: generated.cache ?? {} };
      const scaled = scaleLoad(w, k);
      fc.pre(checkWorkload(scaled).length === 0); // scaled beyond the bounds the validator allows
      const a = planOrRefusal(w);
      const b = planOrRefusal(scaled);
      fc.pre(a !== undefined && b !== undefined); // either is beyond what AWS can build
      if (!a || !b) return;
      const pairs: Array<[string, number, number]> = [
        ['peak QPS', a.traffic.peakQps, b.traffic.peakQps],
        ['reads after cache', a.database.peakReadQpsAfterCache, b.database.peakReadQpsAfterCache],
        ['database shards', a.database.shards, b.database.shards],
        ['cache memory', a.cache.memoryBytes, b.cache.memoryBytes],
      ];
      for (const [name, before, after] of pairs) expect({ name, after: after >= before * (1 - 1e-12) }).toEqual({ name, after: true });
      for (const p of [a, b]) {
        // The web fleet carries the regional peak; each built database's replicas carry its reads.
        expect(p.compute.instancesForPeak * p.compute.requestsPerInstancePerSecond).toBeGreaterThanOrEqual(
          (p.topology.regionCapacity === 'survive-region-loss' ? p.traffic.peakQps / (p.topology.regions.length - 1) : p.traffic.peakQps) * (1 - 1e-12));
        expect(p.database.readReplicasPerShard).toBeLessThanOrEqual(15);
      }
    }),
    { numRuns: 300 },
  );
});

test('survive-az-loss: N − ⌈N ÷ A⌉ instances still carry the regional peak', () => {
  fc.assert(
    fc.property(workloadArb, (w) => {
      const p = planOrRefusal({ ...w, compute: { ...w.compute, headroom: 'survive-az-loss' } });
      if (!p) return;
      const n = p.compute.instancesPerRegion;
      const zones = p.topology.availabilityZones;
      const regions = p.topology.regions.length;
      const regionPeak = p.topology.regionCapacity === 'survive-region-loss' ? p.traffic.peakQps / (regions - 1) : p.traffic.peakQps;
      const survivors = n - Math.ceil(n / zones);
      expect(survivors * p.compute.requestsPerInstancePerSecond).toBeGreaterThanOrEqual(regionPeak * (1 - 1e-12));
      expect(p.compute.maxInstances).toBeGreaterThanOrEqual(p.compute.minInstances);
      expect(p.compute.minInstances).toBeGreaterThanOrEqual(zones);
    }),
    { numRuns: 300 },
  );
});

/** A number anywhere in [min, max], its bounds included (where overflow and rounding bite first). */
const anywhere = (min: number, max: number) =>
  fc.oneof(fc.constant(min), fc.constant(max), fc.double({ min, max, noNaN: true }), fc.double({ min: Math.log10(Math.max(min, 1e-3)), max: Math.log10(max), noNaN: true }).map((e) => Math.min(max, Math.max(min, 10 ** e))));

const extremeWorkloadArb = fc.record({
  traffic: fc.oneof(
    fc.record({ dailyActiveUsers: anywhere(1e-3, 1e10), requestsPerUserPerDay: anywhere(1e-3, 1e6), peakFactor: anywhere(1, 100) }),
    fc.record({ peakConcurrentUsers: anywhere(1e-3, 1e10), requestsPerUserPerMinute: anywhere(1e-3, 1e4) }),
    fc.record({ requestsPerMonth: anywhere(1e-3, 1e16), peakFactor: anywhere(1, 100) }),
    fc.record({ peakQps: anywhere(1e-3, 1e9), averageResponseBytes: anywhere(1e-3, 1e9), cdnHitRate: anywhere(0, 0.999) }),
  ),
  compute: fc.record({ requestsPerInstancePerSecond: anywhere(1, 1e6), targetUtilization: anywhere(0.05, 1) }),
  data: fc.record({ users: anywhere(1e-3, 1e10), bytesPerUser: anywhere(1e-3, 1e12), replicationFactor: fc.integer({ min: 1, max: 10 }), backupCopies: fc.integer({ min: 0, max: 100 }) }),
  cache: fc.record({ averageObjectBytes: anywhere(1e-3, 512 * 2 ** 20), ttlSeconds: anywhere(1e-3, 315_360_000), hitRate: anywhere(0.001, 0.999) }),
  database: fc.record({ readQpsPerInstance: anywhere(1, 1e7), writeQpsPerInstance: anywhere(1, 1e7), maxBytesPerShard: anywhere(1e9, 65536 * 2 ** 30) }),
  assumptions: fc.record({ cacheOpsPerShard: anywhere(1, 1e8), bandwidthHeadroom: anywhere(1, 100), requestsPerConnection: anywhere(1, 1e6) }),
  topology: fc.record({ availabilityZones: fc.integer({ min: 2, max: 6 }) }),
});

/** Every count of the plan: an exact integer (≤ 2⁵³). */
function inexactCounts(p: ReturnType<typeof planCapacity>): string[] {
  const counts: Record<string, number> = {
    instancesForPeak: p.compute.instancesForPeak, instancesPerRegion: p.compute.instancesPerRegion, instancesTotal: p.compute.instancesTotal,
    minInstances: p.compute.minInstances, maxInstances: p.compute.maxInstances, readReplicas: p.database.readReplicas,
    shards: p.database.shards, allocatedStorageGiB: p.database.allocatedStorageGiB, cacheShards: p.cache.shards,
    loadBalancersTotal: p.loadBalancing.loadBalancersTotal,
  };
  return Object.entries(counts).filter(([, v]) => !Number.isSafeInteger(v)).map(([k, v]) => `${k} = ${v}`);
}

test('any workload the validator accepts, across the whole range of every input, plans to finite numbers and exact counts (or is refused with a field path)', () => {
  fc.assert(
    fc.property(extremeWorkloadArb, (w) => {
      const problems = checkWorkload(w);
      if (problems.length > 0) {
        for (const p of problems) expect(p.path).toMatch(/^[a-z]+(\.[A-Za-z]+)*(\[\d+\])?$/);
        return;
      }
      const plan = planOrRefusal(w as Workload); // refused: AWS cannot build it (a hard limit), fields named
      if (!plan) return;
      expect(badNumbers(plan)).toEqual([]);
      expect(inexactCounts(plan)).toEqual([]);
    }),
    { numRuns: 500 },
  );
});

/** The whole workload, with the sections the plan's refusals guard: stage, architecture, regions, DR and async. */
const builtWorkloadArb = fc.record({
  traffic: extremeWorkloadArb.map((w) => w.traffic),
  data: fc.record({ users: anywhere(1, 1e10), bytesPerUser: anywhere(1, 1e9) }),
  stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }),
  architecture: fc.option(fc.record({
    cache: fc.option(fc.boolean(), { nil: undefined }),
    databaseShards: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    readReplicasPerShard: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
  }, { requiredKeys: [] }), { nil: undefined }),
  topology: fc.record({ regions: regionsArb }),
  dr: fc.option(fc.record({ rpoSeconds: fc.integer({ min: 1, max: 86_400 }), rtoSeconds: fc.integer({ min: 60, max: 7 * 86_400 }) }), { nil: undefined }),
});

test('every plan the refusals let through stays within the AWS hard limits the constructs build against', () => {
  fc.assert(
    fc.property(builtWorkloadArb, (w) => {
      const input = JSON.parse(JSON.stringify(w)); // undefined options dropped, as a workload file has them
      if (checkWorkload(input).length > 0) return;
      const p = planOrRefusal(input as Workload);
      if (!p) return;
      // RDS: 15 read replicas per source, 64 TiB per volume; the plan's shard ceiling.
      expect(p.architecture.readReplicasPerShard).toBeLessThanOrEqual(15);
      expect(p.database.allocatedStorageGiB).toBeLessThanOrEqual(65_536);
      expect(p.database.maxAllocatedStorageGiB).toBeLessThanOrEqual(65_536);
      expect(p.architecture.databaseShards).toBeLessThanOrEqual(1000);
      // ElastiCache: 500 nodes (primaries and replicas) and 5 replicas per shard in one replication group.
      if (p.cache.enabled) {
        expect(p.cache.shards * (1 + p.cache.replicasPerShard)).toBeLessThanOrEqual(500);
        expect(p.cache.replicasPerShard).toBeLessThanOrEqual(5);
      }
      // Memory: the class's buffer (75 % of its memory) holds each database's working set, or the plan says it does not.
      const memoryGiB = RDS_INSTANCE_CLASSES.find((c) => c.name === p.database.instanceClass)!.memoryGiB;
      expect(memoryGiB * 2 ** 30 * 0.75 >= p.database.workingSetBytesPerDatabase).toBe(p.database.workingSetFitsMemory);
      expect(p.warnings.some((x) => x.code === 'WORKING_SET_EXCEEDS_MEMORY')).toBe(!p.database.workingSetFitsMemory);
      expect(badNumbers(p)).toEqual([]);
    }),
    { numRuns: 400 },
  );
});
