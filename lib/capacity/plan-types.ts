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
  | 'WORKING_SET_EXCEEDS_MEMORY'
  | 'SINGLE_REGION_FOUR_NINES'
  | 'LOAD_BALANCER_RULE'
  | 'LCU_RESERVATION_ADVISED'
  | 'SLO_TIER_CANNOT_FIRE'
  | 'STAGE_BUILDS_FEWER_SHARDS'
  | 'QUOTA_INCREASE_NEEDED'
  | 'READ_REPLICAS_BELOW_PLAN'
  | 'MULTI_REGION_STAGE_ONE_REGION'
  | 'DR_TARGETS_NOT_MET'
  // The async tier (async.ts)
  | 'QUEUE_MESSAGE_TOO_LARGE'
  | 'BACKLOG_LATENCY_UNMEETABLE'
  | 'QUEUE_RETENTION_CAPPED'
  | 'EVENT_LOG_GUIDES_RULE';

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
  /** Data one built database's reads touch often: its data × `database.workingSetFraction`. */
  readonly workingSetBytesPerDatabase: number;
  /** Whether the chosen class's buffer memory (75 % of its memory) holds that working set. */
  readonly workingSetFitsMemory: boolean;
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
  /** The queue tier (SQS work queue + workers): from the `cached` stage on when `async` gives a message rate, or `architecture.queue`. */
  readonly queue: boolean;
  /** The event log (Amazon MSK): from the `multi-region` stage on when `async` gives a message rate, or `async.eventLog`. */
  readonly eventLog: boolean;
}

/** The work queue (Amazon SQS standard queue and its dead-letter queue), one per region. */
export interface QueuePlan {
  /** Visibility timeout: room for a worker to process a message and delete it. */
  readonly visibilityTimeoutSeconds: number;
  /** How long the queue keeps a message (at most 14 days). */
  readonly retentionSeconds: number;
  /** The largest message SQS accepts (1 MiB). */
  readonly maxMessageBytes: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Messages received but not yet deleted at peak, per region (at least: receive and delete round trips add to it). */
  readonly peakInFlightMessages: number;
  /** Requests billed per month, in all (send, receive and delete, batched by 10; each 64 KB chunk bills as one). */
  readonly monthlyRequests: number;
}

/** The event log (Amazon MSK provisioned, Standard brokers), one cluster per region. */
export interface EventLogPlan {
  /** MSK broker type, e.g. `kafka.m7g.4xlarge`. */
  readonly brokerType: string;
  /** Brokers per cluster: a multiple of the broker AZs. */
  readonly brokers: number;
  /** AZs the brokers are spread over (2 or 3). */
  readonly brokerAvailabilityZones: number;
  /** Partitions of the event topic. */
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  /** EBS storage per broker, GiB. */
  readonly storageGiBPerBroker: number;
  /** Peak ingress one region's cluster takes, bytes/s. */
  readonly peakIngressBytesPerSecond: number;
  /**
   * The consumers the partitions are sized for (partitions ≥ consumers, so none idles): the workers' maximum on the
   * given `workerInstanceType`, or, when the plan chooses the size, counted on the smallest m7g size (as many as any size
   * brings, so a re-plan onto another size never needs fewer partitions).
   */
  readonly consumers: number;
  /** How long the log keeps records, hours. */
  readonly retentionHours: number;
  /** The guides' broker count (500 MB/s, 1 M messages/s per broker), reported beside AWS's. */
  readonly brokersByGuides: number;
}

/** The async tier: message rates, workers sized on the web tier's basis, the queue and the event log. */
export interface AsyncPlan {
  /** Peak messages per second, for the whole service. */
  readonly peakMessagesPerSecond: number;
  readonly averageMessagesPerSecond: number;
  readonly messageBytes: number;
  /** EC2 instance type of the workers. */
  readonly workerInstanceType: string;
  /** CPU architecture of the worker type, for the machine image. */
  readonly workerArchitecture: 'arm64' | 'x86_64';
  /** Messages one worker of `workerInstanceType` processes per second. */
  readonly messagesPerWorkerPerSecond: number;
  /** Seconds one worker takes per message: 1 ÷ messages per worker per second. */
  readonly processingSeconds: number;
  /** Workers to carry the peak in one region, before headroom. */
  readonly workersForPeak: number;
  /** After the web tier's headroom policy. */
  readonly workersPerRegion: number;
  readonly workersTotal: number;
  /** Auto Scaling group minimum (per region). */
  readonly minWorkers: number;
  /** Auto Scaling group maximum (per region). */
  readonly maxWorkers: number;
  /** How long a message may wait, seconds. */
  readonly maxBacklogSeconds: number;
  /** Target of the backlog-per-instance tracking policy: acceptable latency ÷ processing time per message. */
  readonly backlogPerWorkerTarget: number;
  readonly retentionDays: number;
  readonly queue: QueuePlan;
  /** The event log, when one is planned (built): null otherwise. */
  readonly eventLog: EventLogPlan | null;
  /** The consumer group the event log alarms on, or null. */
  readonly consumerGroup: string | null;
}

export interface TopologyPlan {
  readonly regions: readonly string[];
  readonly availabilityZones: number;
  readonly mode: 'active-passive' | 'active-active';
  readonly regionCapacity: 'full' | 'survive-region-loss';
}

/** One line of the monthly cost estimate. */
export interface CostLine {
  readonly component:
    | 'compute' | 'load-balancer' | 'database' | 'database-storage' | 'cache' | 'nat-gateway' | 'data-transfer' | 'cdn'
    | 'queue' | 'workers' | 'event-log'
    | 'waf' | 'rds-proxy' | 'dr-backup-copies' | 'vpc-endpoints';
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
  /** Disaster recovery: strategy, backups and their cross-region copies (lib/capacity/dr.ts). */
  readonly dr: DrPlan;
  /** The async tier, when the workload gives a message rate (`async`): null otherwise. */
  readonly async: AsyncPlan | null;
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

// ---- Disaster recovery (the workload's `dr` section; planned by lib/capacity/dr.ts) ----

/** The AWS disaster-recovery strategies, cheapest first. */
export type DrStrategy = 'backup-and-restore' | 'pilot-light' | 'warm-standby' | 'active-active';

/** AWS Backup snapshots of the database writers and their copies in another region. */
export interface DrBackupPlan {
  /** Hours between snapshots: 1, 2, 3, 4, 6, 8, 12 or 24. */
  readonly intervalHours: number;
  /** The AWS Backup rule's schedule (UTC). */
  readonly scheduleExpression: string;
  /** Region the snapshots are copied to (`dr.backupRegion`, else the second region), or null: no copy, no AWS Backup plan. */
  readonly copyRegion: string | null;
  /** Days snapshots and their copies are kept. */
  readonly retentionDays: number;
  /** Worst-case age of the newest copy in the copy region: interval + start window + snapshot-and-copy allowance. */
  readonly worstCaseRpoSeconds: number;
}

export interface DrPlan {
  /** Most writes (in seconds) a regional disaster may lose, or null without a target. */
  readonly rpoSeconds: number | null;
  /** Longest a regional disaster may stop writes, seconds, or null without a target. */
  readonly rtoSeconds: number | null;
  /** The cheapest strategy meeting the targets; null without targets, or when no built strategy meets them. */
  readonly requiredStrategy: DrStrategy | null;
  /** The strategy the topology builds; null with one region and no region to copy backups to. */
  readonly strategy: DrStrategy | null;
  /** The topology that meets the targets (or, without targets, the one built), in words. */
  readonly topology: string;
  /** Whether what is built meets every target given (false without targets). */
  readonly meetsTargets: boolean;
  /** Estimated time to serve writes again after a regional disaster, for what is built (an estimate; a game day measures it). */
  readonly estimatedRtoSeconds: number | null;
  /** Worst-case data loss of backup and restore; null for replicated strategies (the replica lag, alarmed on). */
  readonly estimatedRpoSeconds: number | null;
  /** Threshold of the DR replicas' ReplicaLag alarm: the RPO, when replicas carry it; null otherwise. */
  readonly replicaLagBudgetSeconds: number | null;
  readonly backup: DrBackupPlan;
  /** Days of automated backups a promoted DR replica keeps (PromoteReadReplica BackupRetentionPeriod). */
  readonly promotedBackupRetentionDays: number;
}
