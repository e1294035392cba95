/** Property-based tests over random valid workloads (fast-check). */
import * as fc from 'fast-check';
import { planCapacity, STAGES, type Workload } from '../../lib/capacity';

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

function badNumbers(value: unknown, path = 'plan'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`));
  return [];
}

test('no NaN, Infinity or negative value anywhere in the plan, derivations included', () => {
  fc.assert(
    fc.property(workloadArb, (w) => {
      expect(badNumbers(planCapacity(w))).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

// Database shards, not cache shards: the cache takes the cheapest node type, and a bigger load can make
// fewer, larger nodes the cheapest choice (cache memory itself never shrinks).
test('more load never yields fewer instances, replicas, database shards or cache memory', () => {
  fc.assert(
    fc.property(workloadArb, fc.double({ min: 1, max: 100, noNaN: true }), (generated, k) => {
      // All else equal: the stage (which adds a cache and changes instance families) and the cache section are pinned,
      // since a cache that appears with the stage legitimately takes reads off the database.
      const w: Workload = { ...generated, stage: generated.stage ?? planCapacity(generated).stage, cache: generated.cache ?? {} };
      const a = planCapacity(w);
      const b = planCapacity(scaleLoad(w, k));
      const pairs: Array<[string, number, number]> = [
        ['instancesForPeak', a.compute.instancesForPeak, b.compute.instancesForPeak],
        ['instancesPerRegion', a.compute.instancesPerRegion, b.compute.instancesPerRegion],
        ['minInstances', a.compute.minInstances, b.compute.minInstances],
        ['maxInstances', a.compute.maxInstances, b.compute.maxInstances],
        ['readReplicas', a.database.readReplicas, b.database.readReplicas],
        ['database.shards', a.database.shards, b.database.shards],
        ['cache.memoryBytes', a.cache.memoryBytes, b.cache.memoryBytes],
      ];
      for (const [name, before, after] of pairs) {
        expect({ name, after: after >= before }).toEqual({ name, after: true });
      }
    }),
    { numRuns: 300 },
  );
});

test('survive-az-loss: N − ⌈N ÷ A⌉ instances still carry the regional peak', () => {
  fc.assert(
    fc.property(workloadArb, (w) => {
      const p = planCapacity({ ...w, compute: { ...w.compute, headroom: 'survive-az-loss' } });
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
