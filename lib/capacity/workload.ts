/**
 * The workload a user describes (docs/capacity-model.md). Every field is optional except one traffic
 * load form; each default is the system-design guides' rule of thumb.
 */
import type { SloTierPreset } from '../slo/tier-scaling';

/** The guides' scale milestones, smallest first. */
export const STAGES = ['single-server', 'separate-db', 'load-balanced', 'cached', 'sharded', 'multi-region'] as const;
export type Stage = (typeof STAGES)[number];

export interface TrafficInput {
  /** Daily active users (form 1, with `requestsPerUserPerDay`). */
  readonly dailyActiveUsers?: number;
  /** Total users (form 2, with `dailyActiveFraction` and `requestsPerUserPerDay`). */
  readonly users?: number;
  /** Share of `users` active on a day, in (0, 1]. */
  readonly dailyActiveFraction?: number;
  /** Requests each active user makes per day. */
  readonly requestsPerUserPerDay?: number;
  /** Concurrent users at peak (form 3, with `requestsPerUserPerMinute`); already a peak. */
  readonly peakConcurrentUsers?: number;
  /** Requests each concurrent user makes per minute. */
  readonly requestsPerUserPerMinute?: number;
  /** Requests in a 30-day month (form 4). */
  readonly requestsPerMonth?: number;
  /** Average requests per second (form 5). */
  readonly averageQps?: number;
  /** Peak requests per second (form 5); already a peak. */
  readonly peakQps?: number;
  /** Peak ÷ average. @default 3 */
  readonly peakFactor?: number;
  /** Share of requests that read. @default 0.9 (or 1 − writeFraction) */
  readonly readFraction?: number;
  /** Share of requests that write; give this or `readFraction`. @default 0.1 */
  readonly writeFraction?: number;
  /** Average response size in bytes. @default 10,000 (10 KB) */
  readonly averageResponseBytes?: number;
  /** Peak concurrent client connections, for the load-balancer rule. @default peakConcurrentUsers when given, else unknown */
  readonly peakConcurrentConnections?: number;
  /** Share of egress served by CloudFront, in [0, 1). @default 0 */
  readonly cdnHitRate?: number;
}

export interface ComputeInput {
  /** Requests one instance serves per second. @default 1,000 (a DB-backed request path) */
  readonly requestsPerInstancePerSecond?: number;
  /** EC2 instance type, e.g. `m7g.large`. @default the cheapest catalog type with ≥ 2 vCPU and ≥ 8 GiB */
  readonly instanceType?: string;
  /** Headroom policy. @default 'survive-az-loss' */
  readonly headroom?: 'survive-az-loss' | { readonly bufferFraction: number };
  /** Utilization the scaling policy targets, in (0, 1]. @default 0.7 */
  readonly targetUtilization?: number;
}

export interface DataInput {
  /** Users whose data is stored. @default the traffic's user count, where the load form has one */
  readonly users?: number;
  /** Bytes stored once per user. */
  readonly bytesPerUser?: number;
  /** Bytes each user adds per day (with `retentionDays`). */
  readonly bytesPerUserPerDay?: number;
  /** Days new data is kept. */
  readonly retentionDays?: number;
  /** Copies of live data. @default 3 */
  readonly replicationFactor?: number;
  /** Backup copies. @default 2 */
  readonly backupCopies?: number;
}

export interface CacheInput {
  /** Share of reads the cache serves, in (0, 1). @default 0.9 */
  readonly hitRate?: number;
  /** Average cached object size in bytes. @default 1,000 (1 KB) */
  readonly averageObjectBytes?: number;
  /** Time to live in seconds. @default 3,600 */
  readonly ttlSeconds?: number;
  /** How memory is sized. @default 'ttl' */
  readonly sizing?: 'ttl' | 'hot-set';
  /** Hot share of `objects` (`hot-set` sizing). @default 0.2 (the 80/20 rule) */
  readonly hotFraction?: number;
  /** Number of distinct objects (required with `hot-set` sizing). */
  readonly objects?: number;
}

export interface DatabaseInput {
  /** @default 'postgres' */
  readonly engine?: 'postgres' | 'mysql';
  /**
   * RDS instance class of every database, e.g. `db.r7g.2xlarge`. With it, `readQpsPerInstance` and
   * `writeQpsPerInstance` (when given) are that class's figures.
   * @default the cheapest class that carries each built database's load
   */
  readonly instanceClass?: string;
  /** Reads one instance serves per second: the reference server's (8 vCPU, 64 GiB) unless `instanceClass` is given too. @default 10,000 */
  readonly readQpsPerInstance?: number;
  /** Writes one primary takes per second: the reference server's unless `instanceClass` is given too. @default 1,000 */
  readonly writeQpsPerInstance?: number;
  /** Largest data set one shard holds, in bytes. @default 1e12 (1 TB) */
  readonly maxBytesPerShard?: number;
  /** Connection pool size per web instance. @default 20 */
  readonly connectionsPerInstance?: number;
  /**
   * Share of a database's data its reads touch often (the working set), which the class's memory should hold for the
   * reads to be "cached reads" as the reference server's figures assume.
   * @default 0.2 (the guides' 80/20 rule, as `cache.hotFraction`)
   */
  readonly workingSetFraction?: number;
}

export interface SloInput {
  /** Availability target in (0.5, 1). @default 0.999 */
  readonly availability?: number;
  /** SLO period in whole days, 7 to 365. @default 30 */
  readonly periodDays?: number;
  /** Default burn-rate tiers: `three-tier`, or `four-tier` (adds a ticket at burn 3 over period ÷ 30). @default 'three-tier' */
  readonly tierPreset?: SloTierPreset;
  /** Latency objective: `percent` % of requests faster than `thresholdMs`. */
  readonly latency?: { readonly thresholdMs: number; readonly percent: number };
}

export interface TopologyInput {
  /** AWS regions, primary first. @default ['us-east-1'] */
  readonly regions?: readonly string[];
  /** Availability zones per region. @default 3 */
  readonly availabilityZones?: number;
  /** @default 'active-passive' */
  readonly mode?: 'active-passive' | 'active-active';
  /** `full`: every region carries the whole peak; `survive-region-loss` (active-active): any R−1 do. @default 'full' */
  readonly regionCapacity?: 'full' | 'survive-region-loss';
}

export interface AssumptionsInput {
  /** The guides' "one load balancer per N concurrent connections" rule. @default 1,000,000 */
  readonly connectionsPerLoadBalancer?: number;
  /** Operations one cache shard serves per second. @default 100,000 */
  readonly cacheOpsPerShard?: number;
  /** Bandwidth provisioned ÷ peak egress. @default 2 */
  readonly bandwidthHeadroom?: number;
  /** HTTP requests carried per client connection (keep-alive), for the ALB's new-connection LCUs. @default 10 */
  readonly requestsPerConnection?: number;
}

/**
 * What to build, where it differs from what the stage builds. The plan prices and reports exactly what is
 * built, and refuses a choice AWS cannot build (e.g. more than 15 read replicas per shard).
 */
export interface ArchitectureInput {
  /** An ElastiCache tier. @default from the `cached` stage on, or when the workload has a `cache` section */
  readonly cache?: boolean;
  /** CloudFront + WAF in front of the ALBs (needs a domain: HTTPS to the origins). @default from the `cached` stage on */
  readonly edge?: boolean;
  /** Database shards built (one writer each). @default the plan's shards from the `sharded` stage on, else 1 */
  readonly databaseShards?: number;
  /** Read replicas of each built shard, 0–15. @default ⌈read replicas ÷ built shards⌉ from `load-balanced` on, else 0 */
  readonly readReplicasPerShard?: number;
  /** The queue tier (SQS work queue + workers); needs a message rate in `async`. @default from the `cached` stage on, when `async` gives a message rate */
  readonly queue?: boolean;
}

/**
 * Asynchronous work (docs/capacity-model.md, "Async tier"): a work queue with workers that scale on backlog, and an
 * ordered, replayable event log. Give one message rate: `messagesPerSecond` (a peak) or `messagesPerRequest`.
 */
export interface AsyncInput {
  /** Peak messages per second, for the whole service (already a peak). */
  readonly messagesPerSecond?: number;
  /** Messages each request produces (peak and average follow the traffic). */
  readonly messagesPerRequest?: number;
  /** Average message size in bytes. @default 1,000 (1 KB) */
  readonly messageBytes?: number;
  /**
   * Messages one worker processes per second. Stated for the guides' reference server (8 vCPU) and scaled by vCPU,
   * unless `workerInstanceType` is given too: then it is that type's figure. @default 10,000 (the guides' consumer)
   */
  readonly messagesPerWorkerPerSecond?: number;
  /** Milliseconds a worker takes per message (instead of `messagesPerWorkerPerSecond`: rate = 1,000 ÷ this). */
  readonly processingMillis?: number;
  /** EC2 instance type of the workers. @default the m7g size with the lowest monthly cost for the fleet */
  readonly workerInstanceType?: string;
  /** How long a message may wait in the queue, seconds (the acceptable backlog latency). @default 300 */
  readonly maxBacklogSeconds?: number;
  /** Days messages are kept (the queue keeps at most 14). @default 7 */
  readonly retentionDays?: number;
  /** Receives before a message moves to the dead-letter queue, 1–1,000. @default 5 */
  readonly maxReceiveCount?: number;
  /** An ordered, replayable event log (Amazon MSK). @default from the `multi-region` stage on */
  readonly eventLog?: boolean;
  /** The event log consumer group to alarm on (consumer lag). @default none */
  readonly consumerGroup?: string;
}

/**
 * Disaster-recovery targets for the loss of a whole region (an AZ loss is covered by Multi-AZ and the headroom).
 * The plan picks the strategy that meets them (lib/capacity/dr.ts) and says when the topology does not.
 */
export interface DrInput {
  /**
   * Most writes, in seconds, a regional disaster may lose (0 is refused: cross-region replication is asynchronous).
   * @default - no RPO target (daily backups when there is a copy region)
   */
  readonly rpoSeconds?: number;
  /**
   * Longest, in seconds, a regional disaster may stop writes.
   * @default - no RTO target
   */
  readonly rtoSeconds?: number;
  /** Region AWS Backup copies the database snapshots to. @default the second of topology.regions */
  readonly backupRegion?: string;
}

/** The workload JSON accepted by `cdk-scale plan` and `cdk synth -c workload=FILE`. */
export interface Workload {
  /** A label for reports and stack descriptions. */
  readonly name?: string;
  /** Overrides the stage computed from daily active users. */
  readonly stage?: Stage;
  readonly traffic: TrafficInput;
  readonly compute?: ComputeInput;
  readonly data?: DataInput;
  readonly cache?: CacheInput;
  readonly database?: DatabaseInput;
  readonly slo?: SloInput;
  readonly topology?: TopologyInput;
  readonly assumptions?: AssumptionsInput;
  /** Overrides of what the stage builds. */
  readonly architecture?: ArchitectureInput;
  /** Disaster-recovery targets. */
  readonly dr?: DrInput;
  /** Asynchronous work: a queue tier and an event log. */
  readonly async?: AsyncInput;
}
