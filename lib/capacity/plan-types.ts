/**
 * The capacity plan: the stable JSON contract (docs/capacity-model.md). Constructs read these fields and do no
 * capacity arithmetic of their own. Numbers are exact (not pre-rounded) unless the name says a count.
 */
import type { BurnRateTier } from '../slo/burn-rate';
import type { SloTierPreset } from '../slo/tier-scaling';
import type { QuotaIncrease } from './quotas';
import type { Stage } from './workload';

/** How one derived number was obtained: enough to check it by hand. */
export interface Derivation {
  /** Dotted path of the plan field it explains, e.g. `traffic.peakQps`. */
  readonly field: string;
  /** The formula in words and symbols, e.g. `average QPS × peak factor`. */
  readonly formula: string;
  /** Named inputs with their values. */
  readonly inputs: Readonly<Record<string, number | string>>;
  /** The result (same value as the plan field). */
  readonly result: number | string;
  /** Unit of the result, e.g. `QPS`, `bytes`, `instances`, `USD/month`. */
  readonly unit: string;
  /** Why this rule, where it is not obvious. */
  readonly note?: string;
}

/** A plan warning with a stable code (safe to match on in CI). */
export interface PlanWarning {
  readonly code: WarningCode;
  readonly message: string;
}

export type WarningCode =
  | 'CONSIDER_SHARDING'
  | 'RDS_PROXY_ADVISED'
  | 'SINGLE_REGION_FOUR_NINES'
  | 'LOAD_BALANCER_RULE'
  | 'LCU_RESERVATION_ADVISED'
  | 'SLO_TIER_CANNOT_FIRE'
  | 'STAGE_BUILDS_FEWER_SHARDS'
  | 'QUOTA_INCREASE_NEEDED'
  | 'READ_REPLICAS_BELOW_PLAN'
  | 'MULTI_REGION_STAGE_ONE_REGION';

export interface TrafficPlan {
  readonly averageQps: number;
  readonly peakQps: number;
  readonly peakReadQps: number;
  readonly peakWriteQps: number;
  /** Peak QPS × average response bytes. */
  readonly peakEgressBytesPerSecond: number;
  /** Peak egress × bandwidth headroom. */
  readonly provisionedEgressBytesPerSecond: number;
  /** Peak egress × (1 − CDN hit rate): what leaves the load balancers. */
  readonly originEgressBytesPerSecond: number;
  /** Daily active users, given or equivalent (average QPS × 86,400 ÷ 10). */
  readonly dailyActiveUsers: number;
}

export interface ComputePlan {
  readonly instanceType: string;
  /** CPU architecture of the instance type, for the machine image. */
  readonly architecture: 'arm64' | 'x86_64';
  readonly requestsPerInstancePerSecond: number;
  /** Count to carry the peak in one region, before headroom. */
  readonly instancesForPeak: number;
  /** After the headroom policy. */
  readonly instancesPerRegion: number;
  readonly instancesTotal: number;
  /** Auto Scaling group minimum (per region). */
  readonly minInstances: number;
  /** Auto Scaling group maximum (per region). */
  readonly maxInstances: number;
  /** Target for ALBRequestCountPerTarget tracking. */
  readonly targetRequestsPerInstancePerMinute: number;
  readonly targetUtilization: number;
  /** Target of the CPU tracking policy: target utilization × 100. */
  readonly cpuTargetUtilizationPercent: number;
  readonly headroom: 'survive-az-loss' | { readonly bufferFraction: number };
}

export interface DatabasePlan {
  readonly engine: 'postgres' | 'mysql';
  readonly instanceClass: string;
  readonly peakReadQpsAfterCache: number;
  readonly peakWriteQps: number;
  /** Read replicas the read load needs, in all. */
  readonly readReplicas: number;
  /** Read replicas per shard (⌈readReplicas ÷ shards⌉): what one Database construct builds. */
  readonly readReplicasPerShard: number;
  readonly shards: number;
  readonly storageBytes: number;
  readonly storageBytesWithRedundancy: number;
  /** gp3 storage to allocate per shard primary, GiB (20–65,536). */
  readonly allocatedStorageGiB: number;
  /** Storage autoscaling ceiling per shard primary, GiB. */
  readonly maxAllocatedStorageGiB: number;
  /** Web instances × connections per instance. */
  readonly connections: number;
  /** The chosen class's max_connections. */
  readonly maxConnectionsPerInstance: number;
  readonly rdsProxyAdvised: boolean;
}

export interface CachePlan {
  /** False when the stage is below `cached` and the workload has no `cache` section. */
  readonly enabled: boolean;
  readonly hitRate: number;
  readonly memoryBytes: number;
  /** Reads plus writes reaching the cache at peak, per second. */
  readonly peakOpsPerSecond: number;
  /** ElastiCache node type, e.g. `cache.r7g.large`; null without a cache tier. */
  readonly nodeType: string | null;
  readonly shards: number;
  readonly replicasPerShard: number;
}

export interface LoadBalancingPlan {
  /** The guides' rule: ⌈peak concurrent connections ÷ connections per load balancer⌉ (reported, not built). */
  readonly loadBalancersPerRegion: number;
  readonly loadBalancersTotal: number;
  /** Peak concurrent connections the rule used, or null when unknown. */
  readonly peakConcurrentConnections: number | null;
  /** Estimated peak Load Balancer Capacity Units per region. */
  readonly estimatedLcu: number;
  readonly lcuReservationAdvised: boolean;
  /** `MinimumLoadBalancerCapacity.CapacityUnits` to reserve, or null. */
  readonly recommendedLcuReservation: number | null;
}

export interface SloPlan {
  readonly availability: number;
  readonly periodDays: number;
  /** The default tiers used: `three-tier` or `four-tier`. */
  readonly tierPreset: SloTierPreset;
  readonly errorBudgetMinutes: number;
  readonly burnRateTiers: readonly BurnRateTier[];
  /** W of the no-traffic alarm: minutes without requests before it fires (plus its 2-minute evaluation range). */
  readonly noTrafficMinutes: number;
  /** Share of the error budget a silent outage spends before the no-traffic alarm fires (above 0.01 only a canary protects it). */
  readonly noTrafficHiddenShare: number;
  readonly latency: { readonly thresholdMs: number; readonly percent: number } | null;
}

/** What the patterns build: the stage's choices, with the workload's `architecture` overrides. */
export interface ArchitecturePlan {
  /** An ElastiCache tier (same as `cache.enabled`). */
  readonly cache: boolean;
  /** CloudFront + WAF in front of the ALBs: from the `cached` stage on, or `architecture.edge`. */
  readonly edge: boolean;
  /** Database shards built: `database.shards` from the `sharded` stage on, else 1, or `architecture.databaseShards`. */
  readonly databaseShards: number;
  /** Read replicas per built shard: ⌈database.readReplicas ÷ built shards⌉ from `load-balanced` on, else 0, or `architecture.readReplicasPerShard`. */
  readonly readReplicasPerShard: number;
}

export interface TopologyPlan {
  readonly regions: readonly string[];
  readonly availabilityZones: number;
  readonly mode: 'active-passive' | 'active-active';
  readonly regionCapacity: 'full' | 'survive-region-loss';
}

/** One line of the monthly cost estimate. */
export interface CostLine {
  readonly component: 'compute' | 'load-balancer' | 'database' | 'database-storage' | 'cache' | 'nat-gateway' | 'data-transfer' | 'cdn';
  readonly usd: number;
  readonly formula: string;
}

export interface CapacityPlan {
  readonly name: string | null;
  readonly stage: Stage;
  /** `workload` when the workload's `stage` overrode the computed one. */
  readonly stageSource: 'computed' | 'workload';
  readonly traffic: TrafficPlan;
  readonly compute: ComputePlan;
  readonly database: DatabasePlan;
  readonly cache: CachePlan;
  readonly loadBalancing: LoadBalancingPlan;
  readonly slo: SloPlan;
  readonly topology: TopologyPlan;
  readonly architecture: ArchitecturePlan;
  /** Default service quotas the built architecture exceeds, per region: request each increase before deploying. */
  readonly quotas: readonly QuotaIncrease[];
  /** Date of the quota table used. */
  readonly quotasAsOf: string;
  /** Approximate on-demand cost in us-east-1 prices. */
  readonly monthlyCostUsd: number;
  readonly costBreakdown: readonly CostLine[];
  /** Date of the price tables used. */
  readonly pricesAsOf: string;
  readonly warnings: readonly PlanWarning[];
  readonly derivations: readonly Derivation[];
}
