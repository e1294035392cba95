/** The saturation thresholds are the plan's numbers: checked against each example's plan, without CDK. */
import { planCapacity } from '../../lib/capacity';
import { SATURATION_DEFAULTS, saturationAlarmSpecs, saturationThresholds } from '../../lib/resilience/saturation';
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
