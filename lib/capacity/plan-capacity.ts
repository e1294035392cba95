/**
 * planCapacity: workload → plan, following docs/capacity-model.md formula by formula. Pure and
 * deterministic; every derived number is recorded with its formula and inputs.
 */
import { withoutFloatNoise } from '../format/numbers';
import { computeTiers, errorBudgetMinutes } from '../slo/burn-rate';
import { noTrafficHiddenShare, noTrafficMinutes, tierBlindBelowRequestsPerMinute, windowGate } from '../slo/definitions';
import { hiddenBudgetMinutes, scaledTierSpecs } from '../slo/tier-scaling';
import {
  ALB_LCU,
  CACHE_LIMITS,
  CACHE_NODE_TYPES,
  CACHE_RESERVED_MEMORY_FRACTION,
  GIB,
  HOURS_PER_MONTH,
  PRICES_AS_OF,
  RDS_INSTANCE_CLASSES,
  UNIT_PRICES,
  VALKEY_PRICE_FACTOR,
  CLOUDFRONT_DATA_TRANSFER_TIERS,
  INTERNET_DATA_TRANSFER_TIERS,
  tieredPriceUsd,
  findEc2InstanceType,
  type CacheNodeType,
} from './catalog';
import { planAsync, type AsyncContext } from './async';
import { DerivationLog } from './derivations';
import { planDisasterRecovery } from './dr';
import { planCompute, regionalShare, surviveAzLossCount } from './plan-compute';
import { costLine, drBackupCopiesCost, rdsProxyCost, vpcEndpointsCost, wafCost } from './plan-cost';
import { planBuiltDatabase, planDatabaseNeeds, type DatabaseNeeds } from './plan-database';
import { describeQuotaIncrease, QUOTAS_AS_OF, quotaIncreasesNeeded, type QuotaNeed } from './quotas';
import type {
  ArchitecturePlan,
  CachePlan,
  CapacityPlan,
  ComputePlan,
  CostLine,
  DatabasePlan,
  DrPlan,
  LoadBalancingPlan,
  PlanWarning,
  SloPlan,
  TopologyPlan,
  TrafficPlan,
} from './plan-types';
import type { Problem } from '../validation';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../validation/cloudfront-prefix-lists';
import { loadFormOf, MAX_DATABASE_SHARDS, parseWorkload, WorkloadValidationError } from './validate-workload';
import { STAGES, type ArchitectureInput, type Stage, type Workload } from './workload';

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_MONTH = 30 * SECONDS_PER_DAY;
/** The guides' equivalence for placing a load without users on the stage ladder. */
const REQUESTS_PER_USER_PER_DAY_EQUIVALENT = 10;

/** Stage lower bounds in daily active users (the guides' milestones ~1K, 10K, 100K, 1M, 10M, 100M+). */
const STAGE_THRESHOLDS: ReadonlyArray<[Stage, number]> = [
  ['multi-region', 100e6],
  ['sharded', 10e6],
  ['cached', 1e6],
  ['load-balanced', 100e3],
  ['separate-db', 10e3],
  ['single-server', 0],
];

/** Computes the capacity plan. Validates first: throws WorkloadValidationError listing every problem. */
export function planCapacity(input: Workload): CapacityPlan {
  const workload = parseWorkload(input);
  const log = new DerivationLog();
  const warnings: PlanWarning[] = [];
  // What the workload asks for but AWS cannot build (hard limits): the plan refuses it, naming what to change.
  const refusals: Problem[] = [];

  const topology = planTopology(workload);
  const traffic = planTraffic(workload, log);
  const stage = workload.stage ?? log.record(
    'stage',
    'the largest milestone ≤ daily active users (single-server < 10K ≤ separate-db < 100K ≤ load-balanced < 1M ≤ cached < 10M ≤ sharded < 100M ≤ multi-region)',
    { dailyActiveUsers: traffic.dailyActiveUsers },
    STAGE_THRESHOLDS.find(([, min]) => traffic.dailyActiveUsers >= min)![0],
    'stage',
  );
  const compute = planCompute(workload, traffic, topology, log);
  const built = workload.architecture ?? {};
  const cacheEnabled = built.cache ?? (stageAtLeast(stage, 'cached') || workload.cache !== undefined);
  const cache = planCache(workload, traffic, stage, cacheEnabled, log, refusals);
  const needs = planDatabaseNeeds(workload, traffic, compute, cache, stage, log);
  const { architecture: stageArchitecture, database } = planArchitecture(stage, built, needs, cache, topology, log, warnings, refusals);
  // The async tier (async.ts): a queue and workers from the message rate, an event log at multi-region or when asked.
  const asyncTier = planAsync(workload, asyncContext(workload, traffic, topology, stage, compute, stageArchitecture, cache), log, warnings, refusals);
  const architecture: ArchitecturePlan = { ...stageArchitecture, ...asyncTier.built };
  refusals.push(...shardLayoutRefusals(stage, built, architecture));
  const loadBalancing = planLoadBalancing(workload, traffic, topology, log, warnings);
  const quotas = quotaIncreasesNeeded([...quotaNeeds(traffic, compute, cache, architecture, topology), ...asyncTier.quotaNeeds]);
  for (const q of quotas) warnings.push({ code: 'QUOTA_INCREASE_NEEDED', message: describeQuotaIncrease(q) });
  const slo = planSlo(workload, topology, log, warnings);
  // Disaster recovery (the workload's `dr` section): lib/capacity/dr.ts.
  const dr = planDisasterRecovery(workload, topology, log, warnings, refusals);
  const costBreakdown = [
    ...planCost(workload, traffic, compute, architecture, database, cache, loadBalancing, topology, dr, log),
    ...asyncTier.costs,
    ...[vpcEndpointsCost(architecture, asyncTier.plan, topology, log)].filter((c): c is CostLine => c !== null),
  ];
  const monthlyCostUsd = log.record(
    'monthlyCostUsd',
    'sum of the component costs',
    Object.fromEntries(costBreakdown.map((c) => [c.component, c.usd])),
    Math.round(costBreakdown.reduce((sum, c) => sum + c.usd, 0) * 100) / 100,
    'USD/month',
  );

  if (refusals.length > 0) throw new WorkloadValidationError(refusals);

  return {
    name: workload.name ?? null,
    stage,
    stageSource: workload.stage ? 'workload' : 'computed',
    traffic,
    compute,
    database,
    cache,
    loadBalancing,
    slo,
    topology,
    architecture,
    dr,
    async: asyncTier.plan,
    quotas,
    quotasAsOf: QUOTAS_AS_OF,
    monthlyCostUsd,
    costBreakdown,
    pricesAsOf: PRICES_AS_OF,
    warnings,
    derivations: log.list(),
  };
}

/** True when `stage` is `min` or a later milestone. */
export function stageAtLeast(stage: Stage, min: Stage): boolean {
  return STAGES.indexOf(stage) >= STAGES.indexOf(min);
}

function planTopology(w: Workload): TopologyPlan {
  const t = w.topology ?? {};
  return {
    regions: t.regions ?? ['us-east-1'],
    availabilityZones: t.availabilityZones ?? 3,
    mode: t.mode ?? 'active-passive',
    regionCapacity: t.regionCapacity ?? 'full',
  };
}

function planTraffic(w: Workload, log: DerivationLog): TrafficPlan {
  const t = w.traffic;
  const peakFactor = t.peakFactor ?? 3;
  const form = loadFormOf(t as Record<string, unknown>);
  let averageQps: number;
  let peakQps: number;
  let dailyActiveUsers: number | undefined;

  switch (form) {
    case 'dailyActiveUsers':
      dailyActiveUsers = t.dailyActiveUsers!;
      averageQps = log.record('traffic.averageQps', 'daily active users × requests per user per day ÷ 86,400 s',
        { dailyActiveUsers: t.dailyActiveUsers!, requestsPerUserPerDay: t.requestsPerUserPerDay! },
        (t.dailyActiveUsers! * t.requestsPerUserPerDay!) / SECONDS_PER_DAY, 'QPS');
      break;
    case 'users':
      dailyActiveUsers = log.record('traffic.dailyActiveUsers', 'users × daily active fraction',
        { users: t.users!, dailyActiveFraction: t.dailyActiveFraction! }, t.users! * t.dailyActiveFraction!, 'users');
      averageQps = log.record('traffic.averageQps', 'daily active users × requests per user per day ÷ 86,400 s',
        { dailyActiveUsers, requestsPerUserPerDay: t.requestsPerUserPerDay! },
        (dailyActiveUsers * t.requestsPerUserPerDay!) / SECONDS_PER_DAY, 'QPS');
      break;
    case 'requestsPerMonth':
      averageQps = log.record('traffic.averageQps', 'requests per month ÷ (30 × 86,400 s)',
        { requestsPerMonth: t.requestsPerMonth! }, t.requestsPerMonth! / SECONDS_PER_MONTH, 'QPS');
      break;
    case 'averageQps':
      averageQps = log.record('traffic.averageQps', 'given', { averageQps: t.averageQps! }, t.averageQps!, 'QPS');
      break;
    case 'peakConcurrentUsers':
      peakQps = log.record('traffic.peakQps', 'peak concurrent users × requests per user per minute ÷ 60 s (already a peak)',
        { peakConcurrentUsers: t.peakConcurrentUsers!, requestsPerUserPerMinute: t.requestsPerUserPerMinute! },
        (t.peakConcurrentUsers! * t.requestsPerUserPerMinute!) / 60, 'QPS');
      averageQps = log.record('traffic.averageQps', 'peak QPS ÷ peak factor', { peakQps, peakFactor }, peakQps / peakFactor, 'QPS');
      break;
    case 'peakQps':
      peakQps = log.record('traffic.peakQps', 'given (already a peak)', { peakQps: t.peakQps! }, t.peakQps!, 'QPS');
      averageQps = log.record('traffic.averageQps', 'peak QPS ÷ peak factor', { peakQps, peakFactor }, peakQps / peakFactor, 'QPS');
      break;
  }
  peakQps ??= log.record('traffic.peakQps', 'average QPS × peak factor', { averageQps, peakFactor }, averageQps * peakFactor, 'QPS');
  dailyActiveUsers ??= log.record('traffic.dailyActiveUsers', 'equivalent: average QPS × 86,400 s ÷ 10 requests per user per day',
    { averageQps }, (averageQps * SECONDS_PER_DAY) / REQUESTS_PER_USER_PER_DAY_EQUIVALENT, 'users',
    'a load form without users is placed on the stage ladder by this equivalent');

  const readFraction = t.readFraction ?? (t.writeFraction !== undefined ? withoutFloatNoise(1 - t.writeFraction) : 0.9);
  const peakReadQps = log.record('traffic.peakReadQps', 'peak QPS × read fraction', { peakQps, readFraction }, peakQps * readFraction, 'QPS');
  const writeFraction = withoutFloatNoise(1 - readFraction);
  const peakWriteQps = log.record('traffic.peakWriteQps', 'peak QPS × write fraction (1 − read fraction)', { peakQps, writeFraction },
    peakQps * writeFraction, 'QPS');
  const averageResponseBytes = t.averageResponseBytes ?? 10_000;
  const peakEgressBytesPerSecond = log.record('traffic.peakEgressBytesPerSecond', 'peak QPS × average response bytes',
    { peakQps, averageResponseBytes }, peakQps * averageResponseBytes, 'bytes/s');
  const bandwidthHeadroom = w.assumptions?.bandwidthHeadroom ?? 2;
  const provisionedEgressBytesPerSecond = log.record('traffic.provisionedEgressBytesPerSecond', 'peak egress × bandwidth headroom',
    { peakEgressBytesPerSecond, bandwidthHeadroom }, peakEgressBytesPerSecond * bandwidthHeadroom, 'bytes/s');
  const cdnHitRate = t.cdnHitRate ?? 0;
  const originEgressBytesPerSecond = log.record('traffic.originEgressBytesPerSecond', 'peak egress × (1 − CDN hit rate)',
    { peakEgressBytesPerSecond, cdnHitRate }, peakEgressBytesPerSecond * withoutFloatNoise(1 - cdnHitRate), 'bytes/s');

  return {
    averageQps, peakQps, peakReadQps, peakWriteQps,
    peakEgressBytesPerSecond, provisionedEgressBytesPerSecond, originEgressBytesPerSecond, dailyActiveUsers,
  };
}

function usableCacheBytes(node: CacheNodeType): number {
  return node.memoryGiB * GIB * (1 - CACHE_RESERVED_MEMORY_FRACTION);
}

function planCache(w: Workload, traffic: TrafficPlan, stage: Stage, enabled: boolean, log: DerivationLog, refusals: Problem[]): CachePlan {
  const c = w.cache ?? {};
  const hitRate = c.hitRate ?? 0.9;
  if (!enabled) {
    log.record('cache.shards', 'no cache tier: the stage is below "cached" and the workload has no cache section', { stage }, 0, 'shards');
    return { enabled: false, hitRate: 0, memoryBytes: 0, peakOpsPerSecond: 0, nodeType: null, shards: 0, replicasPerShard: 0 };
  }
  const objectBytes = c.averageObjectBytes ?? 1000;
  const memoryBytes = c.sizing === 'hot-set'
    ? log.record('cache.memoryBytes', 'objects × object bytes × hot fraction (hot-set sizing)',
      { objects: c.objects!, averageObjectBytes: objectBytes, hotFraction: c.hotFraction ?? 0.2 },
      c.objects! * objectBytes * (c.hotFraction ?? 0.2), 'bytes')
    : log.record('cache.memoryBytes', 'peak read QPS × object bytes × TTL ÷ hit rate (ttl sizing)',
      { peakReadQps: traffic.peakReadQps, averageObjectBytes: objectBytes, ttlSeconds: c.ttlSeconds ?? 3600, hitRate },
      (traffic.peakReadQps * objectBytes * (c.ttlSeconds ?? 3600)) / hitRate, 'bytes');
  const peakOpsPerSecond = log.record('cache.peakOpsPerSecond', 'peak read QPS + peak write QPS (reads look up, writes update or invalidate)',
    { peakReadQps: traffic.peakReadQps, peakWriteQps: traffic.peakWriteQps }, traffic.peakReadQps + traffic.peakWriteQps, 'ops/s');

  const opsPerShard = w.assumptions?.cacheOpsPerShard ?? 100_000;
  // Burstable nodes run on CPU credits: only for a cache asked for below the "cached" stage.
  const candidates = CACHE_NODE_TYPES.filter((n) => !n.burstable || !stageAtLeast(stage, 'cached'));
  const replicasPerShard = log.record('cache.replicasPerShard', 'one replica per shard: Multi-AZ automatic failover needs it', {}, 1, 'replicas');
  // For each node type: the shards it needs for memory and for operations; then the lowest monthly cost.
  const options = candidates.map((n) => {
    const shards = Math.max(Math.ceil(withoutFloatNoise(memoryBytes / usableCacheBytes(n))), Math.ceil(withoutFloatNoise(peakOpsPerSecond / opsPerShard)), 1);
    return { n, shards, usdPerHour: shards * (1 + replicasPerShard) * n.usdPerHour };
  });
  const feasible = options.filter((o) => o.shards * (1 + replicasPerShard) <= CACHE_LIMITS.maxNodes);
  // Ties go to fewer shards (fewer primaries to fail over, fewer slot ranges to rebalance).
  const best = feasible.length > 0
    ? [...feasible].sort((a, b) => a.usdPerHour - b.usdPerHour || a.shards - b.shards)[0]
    : [...options].sort((a, b) => a.shards - b.shards || a.usdPerHour - b.usdPerHour)[0];
  const node = best.n;
  log.record('cache.nodeType',
    'the node type with the lowest cost: shards × (1 + replicas) × $/h, shards = max(⌈memory ÷ usable node memory⌉, ⌈peak cache ops ÷ ops per shard⌉, 1), usable = node GiB × 2³⁰ × (1 − 25 % reserved)',
    { memoryBytes, peakOpsPerSecond, cacheOpsPerShard: opsPerShard, usableBytesPerNode: usableCacheBytes(node), usdPerHour: node.usdPerHour },
    node.name, 'node type', stageAtLeast(stage, 'cached') ? 'burstable cache.t4g nodes are not considered from the cached stage on' : undefined);
  const shards = log.record('cache.shards', 'max(⌈memory ÷ usable memory of the node⌉, ⌈peak cache ops ÷ ops per shard⌉, 1)',
    { memoryBytes, usableBytesPerNode: usableCacheBytes(node), peakOpsPerSecond, cacheOpsPerShard: opsPerShard }, best.shards, 'shards');
  if (feasible.length === 0) {
    refusals.push({
      path: 'cache',
      value: { memoryBytes, peakOpsPerSecond },
      message:
        `needs ${shards} shards × ${1 + replicasPerShard} nodes even on ${node.name}; an ElastiCache replication group holds at most ` +
        `${CACHE_LIMITS.maxNodes} nodes, replicas included (hard limit). Lower cache.ttlSeconds or cache.averageObjectBytes, ` +
        'size by hot set ("sizing": "hot-set"), or raise assumptions.cacheOpsPerShard',
    });
  }
  return { enabled: true, hitRate, memoryBytes, peakOpsPerSecond, nodeType: node.name, shards, replicasPerShard };
}

function planArchitecture(
  stage: Stage, built: ArchitectureInput, needs: DatabaseNeeds, cache: CachePlan, topology: TopologyPlan,
  log: DerivationLog, warnings: PlanWarning[], refusals: Problem[],
): { architecture: Omit<ArchitecturePlan, 'queue' | 'eventLog'>; database: DatabasePlan } {
  const databaseShards = built.databaseShards !== undefined
    ? log.record('architecture.databaseShards', 'given (architecture.databaseShards)', { shards: needs.shards }, built.databaseShards, 'shards')
    : log.record('architecture.databaseShards', 'database shards from the "sharded" stage on, else 1',
      { stage, shards: needs.shards }, stageAtLeast(stage, 'sharded') ? needs.shards : 1, 'shards');
  const shardsPath = built.databaseShards !== undefined ? 'architecture.databaseShards' : 'stage';
  if (databaseShards < needs.shards) {
    warnings.push({
      code: 'STAGE_BUILDS_FEWER_SHARDS',
      message: `The plan needs ${needs.shards} database shards but ${built.databaseShards !== undefined ? 'architecture.databaseShards' : `the "${stage}" stage`} builds ${databaseShards}: set the workload's stage to "sharded" (or architecture.databaseShards) to build them.`,
    });
  }
  const replicasBuilt = built.readReplicasPerShard !== undefined
    ? built.readReplicasPerShard > 0
    : stageAtLeast(stage, 'load-balanced') || built.databaseShards !== undefined;
  const database = planBuiltDatabase(needs, { shards: databaseShards, replicasBuilt, shardsPath, shardsValue: built.databaseShards ?? stage }, log, warnings, refusals);
  const readReplicasPerShard = built.readReplicasPerShard !== undefined
    ? log.record('architecture.readReplicasPerShard', 'given (architecture.readReplicasPerShard)', { needed: database.readReplicasPerShard }, built.readReplicasPerShard, 'replicas')
    : log.record('architecture.readReplicasPerShard', 'the replicas each built database needs from the "load-balanced" stage on, else 0 (the writer takes the reads)',
      { stage, needed: database.readReplicasPerShard }, replicasBuilt ? database.readReplicasPerShard : 0, 'replicas');
  if (built.readReplicasPerShard !== undefined && readReplicasPerShard < database.readReplicasPerShard) {
    warnings.push({
      code: 'READ_REPLICAS_BELOW_PLAN',
      message: `architecture.readReplicasPerShard builds ${readReplicasPerShard} read replica(s) per shard; the read load needs ${database.readReplicasPerShard}.`,
    });
  }
  const edge = built.edge ?? stageAtLeast(stage, 'cached');
  if (edge) {
    // Behind the edge each ALB admits only CloudFront's origin-facing prefix list, which the patterns take from a table.
    topology.regions.forEach((region, i) => {
      if (CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region] === undefined) {
        refusals.push({
          path: `topology.regions[${i}]`,
          value: region,
          message:
            'has no CloudFront origin-facing prefix list in the built-in table, and the edge (CloudFront + WAF, from the "cached" stage on) ' +
            `locks every ALB to it: use a region of the table (${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(', ')}), ` +
            'or plan without the edge ("architecture": { "edge": false })',
        });
      }
    });
  }
  log.record('architecture.edge', built.edge !== undefined ? 'given (architecture.edge)' : 'CloudFront + WAF from the "cached" stage on', { stage }, String(edge), 'flag');
  if (stage === 'multi-region' && topology.regions.length < 2) {
    warnings.push({ code: 'MULTI_REGION_STAGE_ONE_REGION', message: 'The "multi-region" stage with one region: add a second region to topology.regions.' });
  }
  return { architecture: { cache: cache.enabled, edge, databaseShards, readReplicasPerShard }, database };
}

/** What the async tier (async.ts) uses of the web tier's rules: the regional shares and the headroom policy. */
function asyncContext(
  w: Workload, traffic: TrafficPlan, topology: TopologyPlan, stage: Stage,
  compute: ComputePlan, architecture: Pick<ArchitecturePlan, 'databaseShards' | 'readReplicasPerShard'>, cache: CachePlan,
): AsyncContext {
  const headroom = w.compute?.headroom ?? 'survive-az-loss';
  const zones = topology.availabilityZones;
  const regions = topology.regions.length;
  return {
    traffic,
    topology,
    stage,
    stageAtLeast: (min) => stageAtLeast(stage, min),
    regionalPeak: (perSecond) => regionalShare(perSecond, topology),
    // In active-active every region carries its share of the average; in active-passive the primary carries all.
    regionalAverage: (perSecond) => (topology.mode === 'active-active' ? perSecond / regions : perSecond),
    withHeadroom: (need) =>
      headroom === 'survive-az-loss' ? surviveAzLossCount(need, zones) : Math.ceil(withoutFloatNoise(need * (1 + headroom.bufferFraction))),
    headroomFormula: headroom === 'survive-az-loss'
      ? 'smallest N with N − ⌈N ÷ zones⌉ ≥ need (survives losing the fullest zone)'
      : '⌈need × (1 + buffer fraction)⌉',
    headroomInputs: headroom === 'survive-az-loss' ? { zones } : { bufferFraction: headroom.bufferFraction },
    webInstancesPerRegion: compute.maxInstances,
    // A Multi-AZ writer takes 2 addresses, each read replica 1 (single-AZ, the patterns' default), each cache node 1.
    dataSubnetAddressesTaken: architecture.databaseShards * (2 + architecture.readReplicasPerShard) +
      (cache.enabled ? cache.shards * (1 + cache.replicasPerShard) : 0),
  };
}

/**
 * The patterns build at most MAX_DATABASE_SHARDS shards per region (see its documentation in
 * validate-workload.ts); `architecture.databaseShards` is bounded by validation, so only shards the stage
 * builds from the load can pass it: refused, naming the inputs that set the shard count.
 */
function shardLayoutRefusals(stage: Stage, built: ArchitectureInput, architecture: ArchitecturePlan): Problem[] {
  if (architecture.databaseShards <= MAX_DATABASE_SHARDS) return [];
  return [{
    path: built.databaseShards !== undefined ? 'architecture.databaseShards' : 'stage',
    value: built.databaseShards ?? stage,
    message:
      `builds ${architecture.databaseShards.toLocaleString('en-US')} database shards; the patterns build at most ` +
      `${MAX_DATABASE_SHARDS.toLocaleString('en-US')} per region (CloudFormation's default 2,000 stacks per region hold ` +
      'the shard-group stacks and one rotation application per shard; the default data subnets hold about 3,000 addresses). ' +
      'Raise database.maxBytesPerShard or database.writeQpsPerInstance, keep less data (data.retentionDays, data.bytesPerUser), ' +
      `or build at most ${MAX_DATABASE_SHARDS.toLocaleString('en-US')} with architecture.databaseShards`,
  }];
}

/** What the built architecture needs of each default quota, per region (the primary region first). */
function quotaNeeds(traffic: TrafficPlan, compute: ComputePlan, cache: CachePlan, architecture: ArchitecturePlan, topology: TopologyPlan): QuotaNeed[] {
  const vcpu = findEc2InstanceType(compute.instanceType)!.vcpu;
  const cacheNodes = architecture.cache ? cache.shards * (1 + cache.replicasPerShard) : 0;
  const needs: QuotaNeed[] = topology.regions.flatMap((region, i): QuotaNeed[] => [
    // The primary holds each shard's writer and replicas (a Multi-AZ standby is not a separate instance);
    // every other region one cross-region replica per shard.
    { quota: 'rdsInstances', region, needed: architecture.databaseShards * (i === 0 ? 1 + architecture.readReplicasPerShard : 1) },
    { quota: 'elastiCacheNodesPerRegion', region, needed: cacheNodes },
    { quota: 'elastiCacheNodesPerCluster', region, needed: cacheNodes },
    { quota: 'elasticIps', region, needed: topology.availabilityZones }, // one NAT gateway per zone
    { quota: 'albTargets', region, needed: compute.maxInstances },
    { quota: 'onDemandStandardVcpus', region, needed: compute.maxInstances * vcpu },
  ]);
  const regions = topology.regions.length;
  if (!architecture.edge && regions > 1) {
    // Without the edge, Route 53 health-checks each region's ALB (failover: two, latency: every region).
    needs.push({ quota: 'route53HealthChecks', region: 'global', needed: topology.mode === 'active-active' ? regions : 2 });
  }
  if (architecture.edge) needs.push({ quota: 'cloudFrontRequestsPerSecond', region: 'global', needed: Math.ceil(traffic.peakQps) });
  return needs;
}

function planLoadBalancing(w: Workload, traffic: TrafficPlan, topology: TopologyPlan, log: DerivationLog, warnings: PlanWarning[]): LoadBalancingPlan {
  const regions = topology.regions.length;
  const perLb = w.assumptions?.connectionsPerLoadBalancer ?? 1_000_000;
  const connections = w.traffic.peakConcurrentConnections ?? w.traffic.peakConcurrentUsers ?? null;
  const regionConnections = connections === null ? null : regionalShare(connections, topology);
  const loadBalancersPerRegion = regionConnections === null
    ? log.record('loadBalancing.loadBalancersPerRegion', 'peak concurrent connections unknown: one ALB per region', {}, 1, 'load balancers')
    : log.record('loadBalancing.loadBalancersPerRegion', '⌈regional peak concurrent connections ÷ connections per load balancer⌉ (the guides\' rule)',
      { peakConcurrentConnections: regionConnections, connectionsPerLoadBalancer: perLb }, Math.max(1, Math.ceil(withoutFloatNoise(regionConnections / perLb))), 'load balancers');
  const loadBalancersTotal = log.record('loadBalancing.loadBalancersTotal', 'per region × regions',
    { loadBalancersPerRegion, regions }, loadBalancersPerRegion * regions, 'load balancers');

  const regionQps = regionalShare(traffic.peakQps, topology);
  const requestsPerConnection = w.assumptions?.requestsPerConnection ?? 10;
  const newConnectionLcu = regionQps / requestsPerConnection / ALB_LCU.newConnectionsPerSecond;
  const activeConnectionLcu = regionConnections === null ? 0 : regionConnections / ALB_LCU.activeConnectionsPerMinute;
  const processedLcu = (regionalShare(traffic.originEgressBytesPerSecond, topology) * 3600) / 1e9 / ALB_LCU.processedGbPerHour;
  const estimatedLcu = log.record('loadBalancing.estimatedLcu',
    'max(new connections/s ÷ 25, active connections ÷ 3,000, processed GB/h ÷ 1, rule evaluations/s ÷ 1,000); new connections/s = regional peak QPS ÷ requests per connection; rule evaluations are free (≤ 10 rules)',
    { regionalPeakQps: regionQps, requestsPerConnection, newConnectionLcu, activeConnectionLcu, processedLcu, ruleEvaluationLcu: 0 },
    Math.max(newConnectionLcu, activeConnectionLcu, processedLcu), 'LCU');
  const lcuReservationAdvised = estimatedLcu >= ALB_LCU.minReservation;
  const recommendedLcuReservation = lcuReservationAdvised
    ? log.record('loadBalancing.recommendedLcuReservation', 'min(⌈estimated LCU⌉, 15,000) when the estimate reaches the 100-LCU minimum reservation',
      { estimatedLcu }, Math.min(Math.ceil(estimatedLcu), ALB_LCU.maxReservation), 'LCU')
    : null;

  if (loadBalancersPerRegion > 1) {
    warnings.push({
      code: 'LOAD_BALANCER_RULE',
      message: `The guides' rule (one load balancer per ${perLb.toLocaleString('en-US')} connections) gives ${loadBalancersPerRegion} per region; an ALB scales by itself, so one ALB per region is built (see the LCU estimate).`,
    });
  }
  if (lcuReservationAdvised) {
    const capped = Math.ceil(estimatedLcu) > ALB_LCU.maxReservation ? ` (the estimate ${Math.ceil(estimatedLcu)} exceeds the ${ALB_LCU.maxReservation}-LCU maximum: split traffic across ALBs or contact AWS)` : '';
    warnings.push({
      code: 'LCU_RESERVATION_ADVISED',
      message: `Estimated peak ${Math.ceil(estimatedLcu).toLocaleString('en-US')} LCU per region: reserve ${recommendedLcuReservation} LCU so the ALB does not have to scale up during a surge${capped}.`,
    });
  }
  return {
    loadBalancersPerRegion, loadBalancersTotal, peakConcurrentConnections: connections, estimatedLcu, lcuReservationAdvised, recommendedLcuReservation,
  };
}

function planSlo(w: Workload, topology: TopologyPlan, log: DerivationLog, warnings: PlanWarning[]): SloPlan {
  const availability = w.slo?.availability ?? 0.999;
  const periodDays = w.slo?.periodDays ?? 30;
  const tierPreset = w.slo?.tierPreset ?? 'three-tier';
  const budget = log.record('slo.errorBudgetMinutes', '(1 − availability) × period days × 1,440',
    { availability, periodDays }, errorBudgetMinutes(availability, periodDays), 'minutes');
  // The Workbook's tiers scaled to the period and objective (docs/slo-alerting.md, "Periods and objectives").
  const tiers = computeTiers(availability, periodDays, scaledTierSpecs(availability, periodDays, { preset: tierPreset }));
  for (const t of tiers) {
    log.record(`slo.burnRateTiers.${t.name}`,
      t.severity === 'page'
        ? 'page: Workbook window (1 h / 6 h) × min(1, period ÷ 30 d), shortened until a 100 % outage crosses it in < 5 min; threshold = min(burn × (1 − availability), 0.5)'
        : 'ticket: window min(period ÷ 10 (÷ 30 for the burn-3 ticket), 7 d); threshold = burn × (1 − availability)',
      { availability, periodDays, longWindowMinutes: t.longWindowMinutes, shortWindowMinutes: t.shortWindowMinutes, burnRate: t.burnRate, budgetFraction: t.budgetFraction },
      t.errorRatioThreshold, 'error ratio');
    log.record(`slo.burnRateTiers.${t.name}.blindBelowRequestsPerMinute`,
      'gate ⌊1 ÷ threshold⌋ ÷ short window: below this steady rate the tier cannot fire (one failure would cross its threshold)',
      { errorRatioThreshold: t.errorRatioThreshold, shortWindowMinutes: t.shortWindowMinutes },
      tierBlindBelowRequestsPerMinute(windowGate(t.errorRatioThreshold, t.shortWindowMinutes), t.shortWindowMinutes), 'requests/min');
    if (!t.canFire) {
      warnings.push({
        code: 'SLO_TIER_CANNOT_FIRE',
        message: `The ${t.name} tier needs an error ratio of ${t.errorRatioThreshold} (burn ${t.burnRate} × budget ${withoutFloatNoise(1 - availability)}), above 100 %: it can never fire. Raise the SLO or use longer windows.`,
      });
    }
  }
  const silent = log.record('slo.noTrafficMinutes', 'max(1, ⌊1 % of the budget in minutes of full outage⌋ − 2 (evaluation range)); the alarm fires about 2 min after this many silent minutes',
    { hiddenBudgetMinutes: hiddenBudgetMinutes(availability, periodDays, 0.01) }, noTrafficMinutes(availability, periodDays), 'minutes');
  const hidden = log.record('slo.noTrafficHiddenShare', '(no-traffic minutes + 2) ÷ error budget minutes: the budget a silent outage spends before the alarm fires',
    { noTrafficMinutes: silent, errorBudgetMinutes: budget }, noTrafficHiddenShare(availability, periodDays, silent), 'of the budget');
  if (availability >= 0.9999 && topology.regions.length === 1) {
    warnings.push({
      code: 'SINGLE_REGION_FOUR_NINES',
      message: `An availability of ${availability} (${budget.toFixed(2)} min of budget per ${periodDays} days) is not reachable in one region: add a second region (topology.regions).`,
    });
  }
  return {
    availability, periodDays, tierPreset, errorBudgetMinutes: budget, burnRateTiers: tiers, noTrafficMinutes: silent, noTrafficHiddenShare: hidden,
    latency: w.slo?.latency ?? null,
  };
}

function planCost(
  w: Workload, traffic: TrafficPlan, compute: ComputePlan, architecture: ArchitecturePlan, database: DatabasePlan, cache: CachePlan,
  lb: LoadBalancingPlan, topology: TopologyPlan, dr: DrPlan, log: DerivationLog,
): CostLine[] {
  const regions = topology.regions.length;
  const h = HOURS_PER_MONTH;
  const lines: CostLine[] = [];
  const add = (component: CostLine['component'], formula: string, inputs: Record<string, number | string>, usd: number) => {
    lines.push(costLine(log, component, formula, inputs, usd));
  };
  // What the tiers build besides instances, storage and traffic (plan-cost.ts): each line only where it is built.
  const addBuilt = (line: CostLine | null) => {
    if (line) lines.push(line);
  };
  const ec2 = findEc2InstanceType(compute.instanceType)!;
  add('compute', 'max instances × regions × $/h × 730 h (every region at its Auto Scaling maximum: an upper bound)',
    { maxInstances: compute.maxInstances, regions, usdPerHour: ec2.usdPerHour }, compute.maxInstances * regions * ec2.usdPerHour * h);
  add('load-balancer', 'regions × ($0.0225 + $0.008 × peak LCU) × 730 h',
    { regions, estimatedLcu: lb.estimatedLcu }, regions * (UNIT_PRICES.albUsdPerHour + UNIT_PRICES.albUsdPerLcuHour * lb.estimatedLcu) * h);
  add('nat-gateway', 'regions × zones × $0.045 × 730 h',
    { regions, zones: topology.availabilityZones }, regions * topology.availabilityZones * UNIT_PRICES.natGatewayUsdPerHour * h);

  const rds = RDS_INSTANCE_CLASSES.find((c) => c.name === database.instanceClass)!;
  // Primary region: a Multi-AZ writer (2 instances) + replicas per shard; each other region: one cross-region replica per shard.
  // Cross-region replicas are Multi-AZ too (a promoted replica must not be a single point of failure).
  const dbInstances = architecture.databaseShards * (2 + architecture.readReplicasPerShard + 2 * (regions - 1));
  add('database', 'built shards × (2 Multi-AZ writer + read replicas per shard + 2 × (regions − 1) Multi-AZ cross-region replicas) × $/h × 730 h',
    { databaseShards: architecture.databaseShards, readReplicasPerShard: architecture.readReplicasPerShard, regions, usdPerHour: rds.usdPerHour }, dbInstances * rds.usdPerHour * h);
  add('database-storage', 'allocated GiB × database instances × $0.115 per GB-month',
    { allocatedStorageGiB: database.allocatedStorageGiB, databaseInstances: dbInstances }, database.allocatedStorageGiB * dbInstances * UNIT_PRICES.rdsGp3UsdPerGbMonth);
  addBuilt(rdsProxyCost(architecture, database, log));
  if (cache.enabled) {
    const node = CACHE_NODE_TYPES.find((n) => n.name === cache.nodeType)!;
    add('cache', 'regions × shards × (1 + replicas per shard) × $/h × 0.8 (Valkey) × 730 h',
      { regions, shards: cache.shards, replicasPerShard: cache.replicasPerShard, usdPerHour: node.usdPerHour },
      regions * cache.shards * (1 + cache.replicasPerShard) * node.usdPerHour * VALKEY_PRICE_FACTOR * h);
  }
  const monthlyGb = (traffic.averageQps * (traffic.peakEgressBytesPerSecond / traffic.peakQps) * SECONDS_PER_MONTH) / 1e9;
  if (architecture.edge) {
    // Behind CloudFront every response leaves through it (origin → CloudFront transfer is free): its tiered price on all of it.
    const monthlyRequests = traffic.averageQps * SECONDS_PER_MONTH;
    add('cdn', 'CloudFront tiered $/GB on the monthly GB (average QPS × response bytes × 30 days; first 10 TB $0.085 … over 5 PB $0.020) + monthly requests ÷ 10,000 × $0.01',
      { monthlyGb, monthlyRequests, dataTransferUsd: tieredPriceUsd(monthlyGb, CLOUDFRONT_DATA_TRANSFER_TIERS) },
      tieredPriceUsd(monthlyGb, CLOUDFRONT_DATA_TRANSFER_TIERS) + (monthlyRequests / 10_000) * UNIT_PRICES.cloudFrontUsdPer10kRequests);
  } else {
    add('data-transfer', 'internet data transfer out, tiered $/GB on the monthly GB (average QPS × response bytes × 30 days; first 10 TB $0.09 … over 150 TB $0.05)',
      { monthlyGb }, tieredPriceUsd(monthlyGb, INTERNET_DATA_TRANSFER_TIERS));
  }
  addBuilt(wafCost(architecture, traffic, log));
  addBuilt(drBackupCopiesCost(dr, architecture, database, log));
  return lines;
}
