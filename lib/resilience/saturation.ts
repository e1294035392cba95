/**
 * Saturation alarms from the plan's own assumptions: what each alarm watches, when it fires and what to do, as
 * plain data. Pure (no aws-cdk-lib): the `SaturationAlarms` construct renders these specs, and tests check the
 * numbers against the plan without synthesizing anything.
 *
 * Metrics (each a standard CloudWatch metric of its service):
 * - Auto Scaling `GroupInServiceInstances` (group metrics, which the WebTier enables):
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html
 * - ALB `UnHealthyHostCount`, `RejectedConnectionCount` ("connections that were rejected because the load balancer
 *   had reached its maximum number of connections"):
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * - RDS `CPUUtilization`, `DatabaseConnections`, `ReplicaLag`:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
 * - ElastiCache `DatabaseMemoryUsagePercentage`, `Evictions`, `CacheHits`, `CacheMisses` (per node):
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html
 */
import { REPLICA_STALENESS_BUDGET_SECONDS } from '../capacity/plan-database';
import type { CapacityPlan } from '../capacity/plan-types';
import { withoutFloatNoise } from '../format/numbers';

/** What the alarms watch. */
export type SaturationAlarmKind =
  | 'asg-at-max'
  | 'alb-unhealthy-hosts'
  | 'alb-rejected-connections'
  | 'db-cpu'
  | 'db-connections'
  | 'db-replica-lag'
  | 'dr-replica-lag'
  | 'cache-memory'
  | 'cache-evictions'
  | 'cache-hit-rate';

/** Knobs of the saturation alarms that the plan does not state. */
export interface SaturationOptions {
  /**
   * Share of the instance class's max_connections at which the connection alarm fires, in (0, 1].
   * @default 0.8
   */
  readonly connectionShare?: number;
  /**
   * Writer CPU, percent, above which the CPU alarm fires (the plan states no database CPU target).
   * @default 80
   */
  readonly databaseCpuPercent?: number;
  /**
   * Staleness budget of the in-region read replicas, seconds: how far behind the writer a read may be.
   * @default 30
   */
  readonly replicaStalenessSeconds?: number;
  /**
   * Cache memory used (percent of what is available for data) above which the memory alarm fires; at 100 %
   * allkeys-lru evicts.
   * @default 80
   */
  readonly cacheMemoryPercent?: number;
}

/** Defaults of {@link SaturationOptions}. */
export const SATURATION_DEFAULTS = {
  connectionShare: 0.8,
  databaseCpuPercent: 80,
  replicaStalenessSeconds: REPLICA_STALENESS_BUDGET_SECONDS,
  cacheMemoryPercent: 80,
} as const;

/** Comparison of an alarm's statistic with its threshold. */
export type SaturationComparison = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold';

/** One alarm: its threshold (and where the number comes from), evaluation and runbook. */
export interface SaturationAlarmSpec {
  readonly kind: SaturationAlarmKind;
  /** The threshold, in the unit of the metric. */
  readonly threshold: number;
  readonly comparison: SaturationComparison;
  /** Where the threshold comes from, e.g. `plan.compute.maxInstances`. */
  readonly source: string;
  /** CloudWatch statistic of the metric (or of each metric of a math expression). */
  readonly statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** What the alarm says in one line, its threshold spelled out. */
  readonly summary: string;
  /** What to check first and how to fix it: the runbook entry (docs/resilience.md, anchor = kind). */
  readonly runbook: string;
}

/** The thresholds of every saturation alarm, from the plan and the options. */
export interface SaturationThresholds {
  /** In-service instances at which the group has no room left: `plan.compute.maxInstances`. */
  readonly asgInServiceAtMax: number;
  /** ⌈connection share × `plan.database.maxConnectionsPerInstance`⌉. */
  readonly databaseConnections: number;
  readonly databaseCpuPercent: number;
  readonly replicaLagSeconds: number;
  /** `plan.dr.replicaLagBudgetSeconds` (the RPO), else the staleness budget. */
  readonly drReplicaLagSeconds: number;
  readonly cacheMemoryPercent: number;
  /** `plan.cache.hitRate` × 100: the hit rate the plan sized the database's read load on. */
  readonly cacheHitRatePercent: number;
}

/** The saturation thresholds of a plan. */
export function saturationThresholds(plan: CapacityPlan, options: SaturationOptions = {}): SaturationThresholds {
  const share = options.connectionShare ?? SATURATION_DEFAULTS.connectionShare;
  const staleness = options.replicaStalenessSeconds ?? SATURATION_DEFAULTS.replicaStalenessSeconds;
  return {
    asgInServiceAtMax: plan.compute.maxInstances,
    databaseConnections: Math.ceil(share * plan.database.maxConnectionsPerInstance),
    databaseCpuPercent: options.databaseCpuPercent ?? SATURATION_DEFAULTS.databaseCpuPercent,
    replicaLagSeconds: staleness,
    drReplicaLagSeconds: plan.dr.replicaLagBudgetSeconds ?? staleness,
    cacheMemoryPercent: options.cacheMemoryPercent ?? SATURATION_DEFAULTS.cacheMemoryPercent,
    cacheHitRatePercent: withoutFloatNoise(plan.cache.hitRate * 100),
  };
}

/** Every alarm spec of a plan, by kind (the cache kinds only with a cache tier). */
export function saturationAlarmSpecs(plan: CapacityPlan, options: SaturationOptions = {}): Readonly<Partial<Record<SaturationAlarmKind, SaturationAlarmSpec>>> {
  const t = saturationThresholds(plan, options);
  const share = options.connectionShare ?? SATURATION_DEFAULTS.connectionShare;
  const specs: Partial<Record<SaturationAlarmKind, SaturationAlarmSpec>> = {
    'asg-at-max': {
      kind: 'asg-at-max', threshold: t.asgInServiceAtMax, comparison: 'GreaterThanOrEqualToThreshold', source: 'plan.compute.maxInstances',
      statistic: 'Minimum', periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3,
      summary: `the web tier has run at its maximum of ${t.asgInServiceAtMax} instances for 15 min: scaling out has no room left`,
      runbook: 'Check RequestCount against the plan\'s peak (a surge, a retry storm) and per-instance latency (a slow dependency makes each instance carry less). ' +
        'Fix: re-plan with the new load (cdk-scale plan) and deploy the larger maxInstances; check the vCPU quota first.',
    },
    'alb-unhealthy-hosts': {
      kind: 'alb-unhealthy-hosts', threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', source: 'any unhealthy target',
      statistic: 'Maximum', periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5,
      summary: 'targets have failed the ALB health check for 5 min: the survive-az-loss headroom is being spent',
      runbook: 'Check which AZ the unhealthy targets are in (an AZ impairment), the readiness endpoint\'s dependencies (database, cache), and recent deployments. ' +
        'Auto Scaling replaces instances that stay unhealthy after the grace period.',
    },
    'alb-rejected-connections': {
      kind: 'alb-rejected-connections', threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', source: 'any rejected connection',
      statistic: 'Sum', periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1,
      summary: 'the load balancer rejected connections: it reached its maximum number of connections',
      runbook: 'Compare ActiveConnectionCount and NewConnectionCount with the plan\'s LCU estimate; reserve capacity (loadBalancing.recommendedLcuReservation, ' +
        'MinimumLoadBalancerCapacity) before known peaks, and check clients for missing keep-alive.',
    },
    'db-cpu': {
      kind: 'db-cpu', threshold: t.databaseCpuPercent, comparison: 'GreaterThanOrEqualToThreshold', source: options.databaseCpuPercent !== undefined ? 'databaseCpuPercent' : 'default 80 %',
      statistic: 'Average', periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3,
      summary: `the writer's CPU has averaged ≥ ${t.databaseCpuPercent} % for 15 min`,
      runbook: 'Check Performance Insights for the top SQL and waits; compare write QPS with plan.database.peakWriteQps. ' +
        'Fix: the query, a larger class, or re-plan (more shards for writes, more replicas or cache for reads).',
    },
    'db-connections': {
      kind: 'db-connections', threshold: t.databaseConnections, comparison: 'GreaterThanOrEqualToThreshold',
      source: `⌈${share} × plan.database.maxConnectionsPerInstance (${plan.database.maxConnectionsPerInstance})⌉`,
      statistic: 'Maximum', periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5,
      summary: `the writer has held ≥ ${t.databaseConnections} connections (${Math.round(share * 100)} % of max_connections ${plan.database.maxConnectionsPerInstance}) for 5 min`,
      runbook: 'Check the web tier\'s instance count × pool size (plan.database.connections) and leaked connections. ' +
        'Fix: RDS Proxy (advised by the plan when connections exceed max_connections), smaller pools, or a larger class.',
    },
    'db-replica-lag': {
      kind: 'db-replica-lag', threshold: t.replicaLagSeconds, comparison: 'GreaterThanThreshold',
      source: options.replicaStalenessSeconds !== undefined ? 'replicaStaleness' : `default staleness budget ${REPLICA_STALENESS_BUDGET_SECONDS} s`,
      statistic: 'Maximum', periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3,
      summary: `a read replica has been more than ${t.replicaLagSeconds} s behind its writer in 3 of 5 min: reads are staler than the budget`,
      runbook: 'Check the writer\'s write rate and the replica\'s CPU and IOPS; long transactions and vacuum on the writer delay replay. ' +
        'Fix: a replica class that keeps up, or read-your-writes from the writer.',
    },
    'dr-replica-lag': {
      kind: 'dr-replica-lag', threshold: t.drReplicaLagSeconds, comparison: 'GreaterThanThreshold',
      source: plan.dr.replicaLagBudgetSeconds !== null ? 'plan.dr.replicaLagBudgetSeconds (dr.rpoSeconds)' : 'the staleness budget (no dr.rpoSeconds)',
      statistic: 'Maximum', periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3,
      summary: `a cross-region replica has been more than ${t.drReplicaLagSeconds} s behind in 3 of 5 min: a regional disaster now would lose more than the RPO`,
      runbook: 'Check the writer\'s write rate and the inter-region network; a replica that stops replicating shows lag until it is replaced. ' +
        'The promoted replica would hold the data it had replayed: re-plan the RPO or the topology if the lag persists.',
    },
  };
  if (plan.architecture.cache) {
    specs['cache-memory'] = {
      kind: 'cache-memory', threshold: t.cacheMemoryPercent, comparison: 'GreaterThanOrEqualToThreshold',
      source: options.cacheMemoryPercent !== undefined ? 'cacheMemoryPercent' : 'default 80 %',
      statistic: 'Maximum', periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3,
      summary: `a cache node has used ≥ ${t.cacheMemoryPercent} % of its data memory for 15 min`,
      runbook: 'Compare the key count and average value size with the plan (cache.memoryBytes: TTL × read rate × object size). ' +
        'Fix: re-plan with the measured object size or TTL (more shards), or shorter TTLs.',
    };
    specs['cache-evictions'] = {
      kind: 'cache-evictions', threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', source: 'any eviction (allkeys-lru evicts only when memory is full)',
      statistic: 'Sum', periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3,
      summary: 'the cache has evicted keys for 15 min: it is smaller than the working set, so the hit rate falls',
      runbook: 'Check DatabaseMemoryUsagePercentage per node (one hot shard, or all), then re-plan the cache memory with the measured working set.',
    };
    specs['cache-hit-rate'] = {
      kind: 'cache-hit-rate', threshold: t.cacheHitRatePercent, comparison: 'LessThanThreshold', source: 'plan.cache.hitRate',
      statistic: 'Sum', periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3,
      summary: `the cache hit rate has been below the plan's ${t.cacheHitRatePercent} % for 15 min: the database receives more reads than it was sized for`,
      runbook: 'Check evictions (too small), key expiry (TTL shorter than planned) and deploys that changed cache keys; compare the database read QPS ' +
        'with plan.database.peakReadQpsAfterCache. Fix: re-plan with the measured hit rate (more replicas) or fix the cache usage.',
    };
  }
  return specs;
}

/**
 * Metrics one alarm can read: "A math expression used for an alarm can include as many as 10 metrics."
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-data-queries.html
 */
export const MAX_METRICS_PER_ALARM = 10;

/**
 * Alarms of each cache kind at most (memory, evictions, hit rate), whatever the node count: a 500-node cluster would
 * otherwise need 200 alarms (about 1.6 MB of template, over CloudFormation's 1 MB).
 */
export const MAX_CACHE_ALARMS_PER_KIND = 3;

/**
 * The cache shards (1-based) whose nodes a cache alarm kind watches: every shard when all nodes fit `maxNodes`,
 * else an evenly spread sample of whole shards (every node of a sampled shard, so a failover, which swaps a shard's
 * primary and replica, does not blind it). Keys hash evenly over the slots, so the sample's memory, evictions and
 * hit rate estimate the tier's.
 */
export function cacheAlarmShards(shards: number, nodesPerShard: number, maxNodes: number): number[] {
  const sampled = Math.min(shards, Math.max(1, Math.floor(maxNodes / nodesPerShard)));
  return Array.from({ length: sampled }, (_, i) => 1 + Math.floor((i * shards) / sampled));
}
