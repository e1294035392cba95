/** The saturation thresholds are the plan's numbers: checked against each example's plan, without CDK. */
import { planCapacity } from '../../lib/capacity';
import { cacheAlarmShards, MAX_CACHE_ALARMS_PER_KIND, MAX_METRICS_PER_ALARM, SATURATION_DEFAULTS, saturationAlarmSpecs, saturationThresholds } from '../../lib/resilience/saturation';
import { examplePlan } from '../support/examples';

const EXAMPLES = ['01-single-server', '03-load-balanced', '04-cached', '06-multi-region'];

describe.each(EXAMPLES)('saturation thresholds of %s', (example) => {
  const plan = examplePlan(example);
  const t = saturationThresholds(plan);

  test('the group\'s maximum, a share of max_connections, the cache hit rate and the DR budget come from the plan', () => {
    expect(t.asgInServiceAtMax).toBe(plan.compute.maxInstances);
    expect(t.databaseConnections).toBe(Math.ceil(SATURATION_DEFAULTS.connectionShare * plan.database.maxConnectionsPerInstance));
    expect(t.cacheHitRatePercent).toBeCloseTo(plan.cache.hitRate * 100, 9);
    expect(t.drReplicaLagSeconds).toBe(plan.dr.replicaLagBudgetSeconds ?? SATURATION_DEFAULTS.replicaStalenessSeconds);
  });

  test('every spec states its threshold, where it comes from and a runbook; cache alarms only with a cache tier', () => {
    const specs = saturationAlarmSpecs(plan);
    for (const spec of Object.values(specs)) {
      expect(spec.source.length).toBeGreaterThan(0);
      expect(spec.runbook.length).toBeGreaterThan(40);
      expect(spec.datapointsToAlarm).toBeLessThanOrEqual(spec.evaluationPeriods);
    }
    expect('cache-hit-rate' in specs).toBe(plan.architecture.cache);
    if (plan.architecture.cache) expect(specs['cache-hit-rate']).toMatchObject({ threshold: t.cacheHitRatePercent, comparison: 'LessThanThreshold', source: 'plan.cache.hitRate' });
    expect(specs['asg-at-max']).toMatchObject({ threshold: plan.compute.maxInstances, source: 'plan.compute.maxInstances' });
  });
});

test('options move the thresholds the plan does not state', () => {
  const plan = examplePlan('04-cached');
  const t = saturationThresholds(plan, { connectionShare: 0.5, databaseCpuPercent: 70, replicaStalenessSeconds: 5, cacheMemoryPercent: 90 });
  expect(t).toMatchObject({
    databaseConnections: Math.ceil(0.5 * plan.database.maxConnectionsPerInstance),
    databaseCpuPercent: 70, replicaLagSeconds: 5, cacheMemoryPercent: 90,
  });
});

test('with an RPO carried by replicas, the DR replicas are alarmed at the RPO', () => {
  const plan = planCapacity({
    traffic: { dailyActiveUsers: 1e6, requestsPerUserPerDay: 20 },
    topology: { regions: ['us-east-1', 'us-west-2'] },
    dr: { rpoSeconds: 45 },
  });
  expect(saturationThresholds(plan).drReplicaLagSeconds).toBe(45);
  expect(saturationAlarmSpecs(plan)['dr-replica-lag']!.source).toMatch(/dr\.rpoSeconds/);
});

describe('cacheAlarmShards', () => {
  test('every shard while all nodes fit the alarms', () => {
    expect(cacheAlarmShards(2, 2, 30)).toEqual([1, 2]);
    expect(cacheAlarmShards(15, 2, 30)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  test('beyond, whole shards spread evenly from the first, as many as fit', () => {
    for (const [shards, nodesPerShard, maxNodes] of [[99, 2, 30], [99, 2, 15], [500, 1, 30], [83, 6, 15], [16, 2, 30]]) {
      const sample = cacheAlarmShards(shards, nodesPerShard, maxNodes);
      expect(sample).toHaveLength(Math.floor(maxNodes / nodesPerShard));
      expect(sample[0]).toBe(1);
      expect(new Set(sample).size).toBe(sample.length);
      expect(Math.max(...sample)).toBeLessThanOrEqual(shards);
      // Evenly spread: consecutive picks differ by the stride rounded down or up.
      const stride = shards / sample.length;
      for (let i = 1; i < sample.length; i++) expect(Math.abs(sample[i] - sample[i - 1] - stride)).toBeLessThan(1);
    }
  });

  test('a 500-node cache needs at most MAX_CACHE_ALARMS_PER_KIND alarms of each kind', () => {
    const perKind = (metricsPerNode: number) => Math.ceil(
      cacheAlarmShards(250, 2, MAX_CACHE_ALARMS_PER_KIND * (MAX_METRICS_PER_ALARM / metricsPerNode)).length * 2 * metricsPerNode / MAX_METRICS_PER_ALARM);
    expect(perKind(1)).toBe(MAX_CACHE_ALARMS_PER_KIND);
    expect(perKind(2)).toBeLessThanOrEqual(MAX_CACHE_ALARMS_PER_KIND);
  });
});
