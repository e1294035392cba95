/** The plan review (pure): verdicts with their tolerances, the suggested workload, the exit code. */
import * as fc from 'fast-check';
import { parseWorkload, planCapacity, type Workload } from '../../lib/capacity';
import { EDGE_SUFFIX, requestWeightedMean, reviewExitCode, reviewPlan, type ReviewObservations } from '../../lib/capacity/review';
import { SATURATION_DEFAULTS } from '../../lib/resilience/saturation';

// examples/04-cached.json on m7g.large servers stated to carry 1,000 QPS each: average 578.7 QPS, peak 2,314.8 QPS
// (factor 4), max 5 instances, 100 database connections, cache hit rate 0.9 and 2.93 GB.
const workload: Workload = parseWorkload({
  name: 'Consumer app',
  traffic: { dailyActiveUsers: 1_000_000, requestsPerUserPerDay: 50, peakFactor: 4, readFraction: 0.95, averageResponseBytes: 20_000, cdnHitRate: 0.6 },
  compute: { requestsPerInstancePerSecond: 1000, instanceType: 'm7g.large' },
  data: { bytesPerUser: 500_000 },
  cache: { hitRate: 0.9, averageObjectBytes: 2000, ttlSeconds: 600 },
  slo: { availability: 0.999, latency: { thresholdMs: 200, percent: 95 } },
});
const plan = planCapacity(workload);
const DAYS = 1;
const MINUTES = DAYS * 1440;

/** A day at `average` QPS with one busiest minute at `peak` QPS. */
function requests(average: number, peak: number): number[] {
  const perMinute = Array.from({ length: MINUTES }, () => 0);
  const total = average * 86_400;
  perMinute[600] = peak * 60;
  const rest = (total - peak * 60) / (MINUTES - 1);
  return perMinute.map((v, k) => (k === 600 ? v : rest));
}

const flat = (v: number | undefined): (number | undefined)[] => Array.from({ length: MINUTES }, () => v);

function row(obs: Partial<ReviewObservations>, name: string) {
  return reviewPlan(workload, plan, { days: DAYS, minutes: MINUTES, ...obs }).assumptions.find((a) => a.name === name)!;
}

describe('traffic', () => {
  test('busier than planned: peak, average and peak factor are under-provisioned beyond +10 %', () => {
    const r = reviewPlan(workload, plan, { days: DAYS, minutes: MINUTES, requests: requests(800, 4000) });
    const rows = Object.fromEntries(r.assumptions.map((a) => [a.name, a]));
    expect(rows['traffic.peakQps']).toMatchObject({ planned: plan.traffic.peakQps, observed: 4000, verdict: 'under-provisioned', tolerance: 'under-provisioned beyond +10 %, over-provisioned beyond −50 %' });
    expect(rows['traffic.averageQps']).toMatchObject({ observed: 800, verdict: 'under-provisioned' });
    expect(rows['traffic.peakFactor']).toMatchObject({ planned: 4, observed: 5, verdict: 'under-provisioned' });
    expect(reviewExitCode(r.assumptions)).toBe(10);
  });

  test('within tolerance: ok; less than half the plan: over-provisioned', () => {
    expect(row({ requests: requests(600, 2400) }, 'traffic.peakQps').verdict).toBe('ok');
    expect(row({ requests: requests(100, 500) }, 'traffic.peakQps').verdict).toBe('over-provisioned');
    expect(reviewExitCode(reviewPlan(workload, plan, { days: DAYS, minutes: MINUTES, requests: requests(600, 2400) }).assumptions)).toBe(0);
  });

  test('active-active: one ALB sees one region\'s even share; observed values are scaled to the plan\'s global figures', () => {
    const w = parseWorkload({ traffic: { averageQps: 1000 }, topology: { regions: ['us-east-1', 'eu-west-1'], mode: 'active-active' } });
    const r = reviewPlan(w, planCapacity(w), { days: DAYS, minutes: MINUTES, requests: requests(500, 1500) });
    expect(r.assumptions[0]).toMatchObject({ name: 'traffic.peakQps', observed: 3000, verdict: 'ok' });
    expect(r.assumptions[0].note).toMatch(/× 2 regions \(active-active/);
  });
});

describe('compute', () => {
  test('per-instance capacity: the busiest minute\'s QPS per instance extrapolated to 100 % CPU', () => {
    const obs = { requests: requests(600, 2000), instancesInService: flat(4), instanceCpuPercent: flat(80) };
    // 2,000 QPS ÷ 4 instances = 500 QPS at 80 % CPU → 625 QPS at 100 %: 37.5 % below the plan's 1,000.
    expect(row(obs, 'compute.requestsPerInstancePerSecond')).toMatchObject({ planned: 1000, observed: 625, verdict: 'under-provisioned' });
    expect(row({ ...obs, instanceCpuPercent: flat(20) }, 'compute.requestsPerInstancePerSecond')).toMatchObject({ observed: 2500, verdict: 'over-provisioned' });
    expect(row({ ...obs, instanceCpuPercent: flat(50) }, 'compute.requestsPerInstancePerSecond')).toMatchObject({ observed: 1000, verdict: 'ok' });
    expect(row({ ...obs, instanceCpuPercent: flat(2) }, 'compute.requestsPerInstancePerSecond')).toMatchObject({ observed: null, verdict: 'no data', note: expect.stringMatching(/too low to extrapolate/) });
  });

  test('basic monitoring (a CPU point every 5 minutes) still gives the CPU at the busiest minute', () => {
    const cpu = flat(undefined).map((_, k) => (k % 5 === 0 ? 50 : undefined));
    expect(row({ requests: requests(600, 2000), instancesInService: flat(4), instanceCpuPercent: cpu }, 'compute.requestsPerInstancePerSecond').observed).toBe(1000);
  });

  test('the group at its maximum is under-provisioned; CPU far above the target too', () => {
    expect(row({ instancesInService: flat(5) }, 'compute.maxInstances')).toMatchObject({ planned: 5, observed: 5, verdict: 'under-provisioned' });
    expect(row({ instancesInService: flat(4) }, 'compute.maxInstances').verdict).toBe('ok');
    expect(row({ instanceCpuPercent: flat(95) }, 'compute.cpuTargetUtilizationPercent')).toMatchObject({ planned: 70, verdict: 'under-provisioned' });
    expect(row({ instanceCpuPercent: flat(15) }, 'compute.cpuTargetUtilizationPercent').verdict).toBe('over-provisioned');
  });
});

describe('database and cache', () => {
  test('connections, CPU and replica lag', () => {
    expect(row({ databaseConnections: flat(150) }, 'database.connections')).toMatchObject({ planned: 100, observed: 150, verdict: 'under-provisioned' });
    expect(row({ databaseConnections: flat(60) }, 'database.connections').verdict).toBe('ok');
    expect(row({ databaseCpuPercent: flat(95) }, 'database.cpuAtPeakPercent').verdict).toBe('under-provisioned');
    expect(row({ replicaLagSeconds: flat(12) }, 'database.replicaLagSeconds')).toMatchObject({ planned: 30, observed: 12, verdict: 'ok' });
    // The same budget as the saturation alarm: a replica behind it is under-provisioned for the reads it takes.
    expect(row({ replicaLagSeconds: flat(31) }, 'database.replicaLagSeconds')).toMatchObject({ planned: SATURATION_DEFAULTS.replicaStalenessSeconds, observed: 31, verdict: 'under-provisioned' });
    expect(row({ replicaLagSeconds: flat(undefined) }, 'database.replicaLagSeconds')).toMatchObject({ verdict: 'no data', note: expect.stringMatching(/replicas' ids/) });
  });

  test('cache hit rate in points, memory in proportion', () => {
    expect(row({ cacheNodes: 2, cacheHits: 80, cacheMisses: 20 }, 'cache.hitRate')).toMatchObject({ planned: 0.9, observed: 0.8, verdict: 'under-provisioned' });
    expect(row({ cacheNodes: 2, cacheHits: 88, cacheMisses: 12 }, 'cache.hitRate').verdict).toBe('ok');
    expect(row({ cacheNodes: 2, cacheHits: 99, cacheMisses: 1 }, 'cache.hitRate').verdict).toBe('over-provisioned');
    expect(row({ cacheNodes: 2, cacheMemoryBytes: 4e9 }, 'cache.memoryBytes').verdict).toBe('under-provisioned');
    expect(row({ cacheNodes: 0, cacheHits: 0, cacheMisses: 0, cacheMemoryBytes: null }, 'cache.hitRate')).toMatchObject({ verdict: 'no data', note: expect.stringMatching(/published no metrics/) });
  });
});

describe('no data and the suggested workload', () => {
  test('nothing observed: every verdict "no data", exit 4, the workload unchanged', () => {
    const r = reviewPlan(workload, plan, { days: DAYS, minutes: MINUTES });
    expect(r.assumptions.every((a) => a.verdict === 'no data' && a.observed === null)).toBe(true);
    expect(reviewExitCode(r.assumptions)).toBe(4);
    expect(r.suggestedWorkload).toEqual(workload);
    expect(r.changes).toEqual([]);
  });

  test('the suggested workload keeps the load form and re-plans to the observed load', () => {
    const r = reviewPlan(workload, plan, {
      days: DAYS,
      minutes: MINUTES,
      requests: requests(800, 4000),
      instancesInService: flat(5),
      instanceCpuPercent: flat(80),
      databaseConnections: flat(150),
      cacheNodes: 2,
      cacheHits: 80,
      cacheMisses: 20,
    });
    const w = r.suggestedWorkload;
    expect(w.traffic).toMatchObject({ dailyActiveUsers: 1_000_000, requestsPerUserPerDay: 69.1, peakFactor: 5, readFraction: 0.95 });
    expect(w.compute).toEqual({ requestsPerInstancePerSecond: 1000, instanceType: 'm7g.large' }); // the workload's own fields kept
    expect(w.cache).toMatchObject({ hitRate: 0.8, averageObjectBytes: 2000 });
    expect(w.database).toEqual({ connectionsPerInstance: 30 });
    const replanned = planCapacity(w);
    expect(replanned.traffic.averageQps).toBeCloseTo(800, -1);
    expect(replanned.traffic.peakQps).toBeCloseTo(4000, -2);
    expect(r.changes.join('\n')).toMatch(/traffic.requestsPerUserPerDay → 69.1/);
  });

  test.each([
    [{ traffic: { requestsPerMonth: 1e9 } }, { requestsPerMonth: 2.07e9, peakFactor: 5 }],
    [{ traffic: { averageQps: 100 } }, { averageQps: 800, peakFactor: 5 }],
    [{ traffic: { users: 2e6, dailyActiveFraction: 0.5, requestsPerUserPerDay: 10 } }, { users: 2e6, requestsPerUserPerDay: 69.1, peakFactor: 5 }],
  ])('load form %j', (input, expected) => {
    const w = parseWorkload(input);
    const r = reviewPlan(w, planCapacity(w), { days: DAYS, minutes: MINUTES, requests: requests(800, 4000) });
    expect(r.suggestedWorkload.traffic).toMatchObject(expected);
  });

  test('a peak form becomes the average form with the observed peak factor, the stage pinned', () => {
    const w = parseWorkload({ traffic: { peakConcurrentUsers: 100_000, requestsPerUserPerMinute: 2 } });
    const p = planCapacity(w);
    const r = reviewPlan(w, p, { days: DAYS, minutes: MINUTES, requests: requests(800, 4000) });
    expect(r.suggestedWorkload).toMatchObject({ stage: p.stage, traffic: { averageQps: 800, peakFactor: 5, peakConcurrentConnections: 100_000 } });
    expect(r.suggestedWorkload.traffic).not.toHaveProperty('peakConcurrentUsers');
    expect(planCapacity(r.suggestedWorkload).traffic.peakQps).toBeCloseTo(4000, 6);
  });
});

describe('the CloudFront edge (--distribution)', () => {
  /** A day alternating busy minutes (`busy` requests at `busyHitPercent`) and quiet ones (`quiet` at `quietHitPercent`). */
  function alternating(busy: number, busyHitPercent: number, quiet: number, quietHitPercent: number) {
    return {
      edgeRequests: flat(undefined).map((_, k) => (k % 2 === 0 ? busy : quiet)),
      edgeCacheHitRatePercent: flat(undefined).map((_, k) => (k % 2 === 0 ? busyHitPercent : quietHitPercent)),
    };
  }
  const rowsOf = (obs: Partial<ReviewObservations>, w: Workload = workload) =>
    Object.fromEntries(reviewPlan(w, planCapacity(w), { days: DAYS, minutes: MINUTES, ...obs }).assumptions.map((a) => [a.name, a]));

  test('a hit rate below the plan\'s is under-provisioned; each minute weighs by its requests', () => {
    // Busy minutes (45,000 requests) hit 40 %, quiet ones (15,000) 80 %: (40 × 3 + 80 × 1) ÷ 4 = 50 %, 10 points
    // below the workload's 0.6 (the unweighted mean of the minutes, 60 %, would hide it).
    const rows = rowsOf(alternating(45_000, 40, 15_000, 80));
    expect(rows['traffic.cdnHitRate']).toMatchObject({
      planned: 0.6, observed: 0.5, unit: 'ratio', verdict: 'under-provisioned',
      tolerance: 'under-provisioned more than 5 points below, over-provisioned more than 5 points above',
    });
    // (45,000 + 15,000) ÷ 2 requests a minute = 500 QPS on average; the busiest minute 45,000 ÷ 60 = 750 QPS.
    expect(rows['traffic.averageQps (edge)']).toMatchObject({ planned: plan.traffic.averageQps, observed: 500, verdict: 'ok' });
    expect(rows['traffic.peakQps (edge)']).toMatchObject({ observed: 750, verdict: 'over-provisioned' }); // below half of 2,314.8
    expect(rows['traffic.peakFactor (edge)']).toMatchObject({ planned: 4, observed: 1.5 });
    expect(reviewExitCode(Object.values(rows))).toBe(10);
  });

  test('within 5 points: ok; more than 5 above: over-provisioned', () => {
    expect(rowsOf(alternating(30_000, 56, 30_000, 60))['traffic.cdnHitRate']).toMatchObject({ observed: 0.58, verdict: 'ok' });
    expect(rowsOf(alternating(30_000, 70, 30_000, 70))['traffic.cdnHitRate']).toMatchObject({ observed: 0.7, verdict: 'over-provisioned' });
    // A workload without cdnHitRate plans 0: a CDN that serves 30 % is more than the plan counted on.
    const noCdn = parseWorkload({ traffic: { averageQps: 500 } });
    expect(rowsOf(alternating(30_000, 30, 30_000, 30), noCdn)['traffic.cdnHitRate']).toMatchObject({ planned: 0, observed: 0.3, verdict: 'over-provisioned' });
  });

  test('the edge\'s traffic is every request: as planned is ok, and never scaled by the regions (the ALB\'s is)', () => {
    // 578.7 QPS on average with a 2,300 QPS minute: the plan's 578.7 / 2,314.8.
    const rows = rowsOf({ edgeRequests: requests(578.7, 2300), edgeCacheHitRatePercent: flat(60) });
    for (const name of ['traffic.peakQps (edge)', 'traffic.averageQps (edge)', 'traffic.peakFactor (edge)', 'traffic.cdnHitRate']) expect(rows[name].verdict).toBe('ok');
    const w = parseWorkload({ traffic: { averageQps: 1000 }, topology: { regions: ['us-east-1', 'eu-west-1'], mode: 'active-active' } });
    const aa = rowsOf({ requests: requests(500, 1500), edgeRequests: requests(1000, 3000), edgeCacheHitRatePercent: flat(0) }, w);
    expect(aa['traffic.peakQps']).toMatchObject({ observed: 3000 }); // one region's ALB × 2
    expect(aa['traffic.peakQps (edge)']).toMatchObject({ observed: 3000, note: expect.not.stringMatching(/regions/) });
  });

  test('no data: the distribution published nothing, or no CacheHitRate (additional metrics off)', () => {
    const none = rowsOf({ edgeRequests: flat(undefined), edgeCacheHitRatePercent: flat(undefined) });
    for (const name of ['traffic.peakQps (edge)', 'traffic.averageQps (edge)', 'traffic.peakFactor (edge)', 'traffic.cdnHitRate']) {
      expect(none[name]).toMatchObject({ observed: null, verdict: 'no data', note: expect.stringMatching(/published no Requests.*us-east-1/) });
    }
    const noHitRate = rowsOf({ edgeRequests: requests(500, 2000), edgeCacheHitRatePercent: flat(undefined) });
    expect(noHitRate['traffic.peakQps (edge)'].observed).toBe(2000);
    expect(noHitRate['traffic.cdnHitRate']).toMatchObject({ verdict: 'no data', note: expect.stringMatching(/additional metrics/) });
    expect(reviewExitCode(Object.values(none))).toBe(4);
  });

  test('the edge rows appear with --distribution, or when the workload counts on a CDN (then: give --distribution)', () => {
    expect(rowsOf({})['traffic.cdnHitRate']).toMatchObject({ planned: 0.6, verdict: 'no data', note: 'give --distribution' });
    const noCdn = parseWorkload({ traffic: { averageQps: 500 } });
    expect(Object.keys(rowsOf({ requests: requests(500, 1500) }, noCdn)).filter((n) => n.endsWith(EDGE_SUFFIX) || n === 'traffic.cdnHitRate')).toEqual([]);
  });

  test('the suggested workload takes the edge\'s traffic (not the origin\'s) and the observed CDN hit rate', () => {
    // The ALB sees what the CDN did not serve: 250 QPS of the edge's 500.
    const r = reviewPlan(workload, plan, { days: DAYS, minutes: MINUTES, requests: requests(250, 1000), edgeRequests: requests(500, 2000), edgeCacheHitRatePercent: flat(50) });
    // 500 QPS × 86,400 s ÷ 1,000,000 daily users = 43.2 requests per user per day; peak factor 2,000 ÷ 500 = 4.
    expect(r.suggestedWorkload.traffic).toMatchObject({ dailyActiveUsers: 1_000_000, requestsPerUserPerDay: 43.2, peakFactor: 4, cdnHitRate: 0.5 });
    expect(r.changes.join('\n')).toMatch(/traffic\.requestsPerUserPerDay → 43\.2 \(observed average 500 QPS at the edge\)/);
    expect(r.changes.join('\n')).toMatch(/traffic\.cdnHitRate → 0\.5/);
    const replanned = planCapacity(r.suggestedWorkload);
    expect(replanned.traffic.averageQps).toBeCloseTo(500, 6);
    expect(replanned.traffic.peakQps).toBeCloseTo(2000, 6);
    // Without the edge, the origin's traffic re-states the workload as before.
    const originOnly = reviewPlan(workload, plan, { days: DAYS, minutes: MINUTES, requests: requests(250, 1000) });
    expect(originOnly.suggestedWorkload.traffic).toMatchObject({ requestsPerUserPerDay: 21.6, cdnHitRate: 0.6 });
  });

  test('property: the weighted hit rate lies between the lowest and highest minute, and equals a steady rate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ rate: fc.double({ min: 0, max: 100, noNaN: true }), requests: fc.option(fc.integer({ min: 0, max: 1e7 }), { nil: undefined }) }), { minLength: 1, maxLength: 50 }),
        (minutes) => {
          const m = requestWeightedMean(minutes.map((x) => x.rate), minutes.map((x) => x.requests))!;
          const rates = minutes.map((x) => x.rate);
          expect(m).toBeGreaterThanOrEqual(Math.min(...rates) - 1e-9);
          expect(m).toBeLessThanOrEqual(Math.max(...rates) + 1e-9);
          expect(requestWeightedMean(minutes.map(() => 42), minutes.map((x) => x.requests))).toBeCloseTo(42, 9);
        },
      ),
    );
    expect(requestWeightedMean([undefined, undefined], [10, 10])).toBeUndefined();
  });
});
