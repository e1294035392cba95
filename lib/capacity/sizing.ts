/**
 * From a plan to each construct's sizes: pure functions, so a construct given a plan only reads values and
 * does no arithmetic of its own, and what it builds is tested here without CDK.
 */
import { gp3BaselineIops, rdsInstanceTypeName } from './catalog';
import type { ArchitecturePlan, CapacityPlan } from './plan-types';

/** The CPU tracking target when there is no plan: the workload's default target utilization (0.7) × 100. */
export const DEFAULT_CPU_TARGET_UTILIZATION_PERCENT = 70;

/** What a WebTier builds from a plan. */
export interface WebTierSizing {
  /** EC2 instance type, e.g. `m7g.large`. */
  readonly instanceType: string;
  /** Auto Scaling group minimum. */
  readonly minCapacity: number;
  /** Auto Scaling group maximum. */
  readonly maxCapacity: number;
  /** Target of the ALBRequestCountPerTarget tracking policy. */
  readonly targetRequestsPerInstancePerMinute: number;
  /** Target of the CPU tracking policy, percent. */
  readonly cpuTargetUtilizationPercent: number;
  /** LCU reservation, or undefined for none. */
  readonly minimumCapacityUnits: number | undefined;
}

export function webTierSizing(plan: CapacityPlan): WebTierSizing {
  const c = plan.compute;
  return {
    instanceType: c.instanceType,
    minCapacity: c.minInstances,
    maxCapacity: c.maxInstances,
    targetRequestsPerInstancePerMinute: c.targetRequestsPerInstancePerMinute,
    cpuTargetUtilizationPercent: c.cpuTargetUtilizationPercent,
    minimumCapacityUnits: plan.loadBalancing.recommendedLcuReservation ?? undefined,
  };
}

/** What one Database (one shard's writer and its replicas) builds from a plan. */
export interface DatabaseSizing {
  readonly engine: 'postgres' | 'mysql';
  /** Instance type without the `db.` prefix, e.g. `r7g.large` (as `ec2.InstanceType` takes it). */
  readonly instanceType: string;
  /** Read replicas of the writer: what the architecture builds per shard. */
  readonly readReplicas: number;
  /** gp3 storage of the writer, GiB. */
  readonly allocatedStorageGiB: number;
  /** Storage autoscaling ceiling, GiB. */
  readonly maxAllocatedStorageGiB: number;
  /** gp3 baseline IOPS of the allocated storage (a Multi-AZ DB cluster must state its IOPS). */
  readonly baselineIops: number;
  /** The class's max_connections. */
  readonly maxConnectionsPerInstance: number;
  /** Whether to put RDS Proxy in front of the writer. */
  readonly proxy: boolean;
}

export function databaseSizing(plan: CapacityPlan): DatabaseSizing {
  const d = plan.database;
  return {
    engine: d.engine,
    instanceType: rdsInstanceTypeName(d.instanceClass),
    readReplicas: plan.architecture.readReplicasPerShard,
    allocatedStorageGiB: d.allocatedStorageGiB,
    maxAllocatedStorageGiB: d.maxAllocatedStorageGiB,
    baselineIops: gp3BaselineIops(d.allocatedStorageGiB),
    maxConnectionsPerInstance: d.maxConnectionsPerInstance,
    proxy: d.rdsProxyAdvised,
  };
}

/** What a Cache builds from a plan. */
export interface CacheSizing {
  /** ElastiCache node type, e.g. `cache.r7g.large`. */
  readonly nodeType: string;
  readonly shards: number;
  readonly replicasPerShard: number;
}

/** The cache tier's sizes, or undefined when the plan has no cache tier. */
export function cacheSizing(plan: CapacityPlan): CacheSizing | undefined {
  const k = plan.cache;
  if (!k.enabled || k.nodeType === null) return undefined;
  return { nodeType: k.nodeType, shards: k.shards, replicasPerShard: k.replicasPerShard };
}

/**
 * An AWS service the network reaches through an interface VPC endpoint (AWS PrivateLink) instead of its NAT gateways:
 * `sqs`, the work queue's service.
 */
export type InterfaceEndpointService = 'sqs';

/** What a Network builds from a plan. */
export interface NetworkSizing {
  /** Availability Zones per region. */
  readonly availabilityZones: number;
  /**
   * Interface VPC endpoints the architecture needs in each region, each with a network interface in every AZ's
   * application subnet (priced by the plan's `vpc-endpoints` cost line).
   */
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
}

export function networkSizing(plan: CapacityPlan): NetworkSizing {
  return { availabilityZones: plan.topology.availabilityZones, interfaceEndpoints: interfaceEndpointsFor(plan.architecture) };
}

/**
 * The interface endpoints an architecture needs: SQS when the queue tier is built, so the web instances' sends and the
 * workers' receives and deletes stay in the VPC instead of crossing the NAT gateways to SQS's public endpoint. The
 * other tiers need none: S3 has a gateway endpoint, and the databases, the cache and the event log are in the VPC.
 */
export function interfaceEndpointsFor(architecture: ArchitecturePlan): readonly InterfaceEndpointService[] {
  return architecture.queue ? ['sqs'] : [];
}
// ---- The async tier (async.ts) ----

/** What a WorkQueue builds from a plan. */
export interface WorkQueueSizing {
  readonly visibilityTimeoutSeconds: number;
  readonly retentionSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** The age of the oldest message the alarm tolerates, seconds (the acceptable backlog latency). */
  readonly maxBacklogSeconds: number;
}

/** The work queue's sizes, or undefined when the plan has no async tier. */
export function workQueueSizing(plan: CapacityPlan): WorkQueueSizing | undefined {
  const a = plan.async;
  if (!a) return undefined;
  return {
    visibilityTimeoutSeconds: a.queue.visibilityTimeoutSeconds,
    retentionSeconds: a.queue.retentionSeconds,
    maxReceiveCount: a.queue.maxReceiveCount,
    maxBacklogSeconds: a.maxBacklogSeconds,
  };
}

/** What QueueWorkers build from a plan. */
export interface QueueWorkersSizing {
  /** EC2 instance type, e.g. `m7g.2xlarge`. */
  readonly instanceType: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Target of the backlog-per-instance tracking policy, messages per worker. */
  readonly backlogPerInstanceTarget: number;
}

/** The workers' sizes, or undefined when the plan has no async tier. */
export function queueWorkersSizing(plan: CapacityPlan): QueueWorkersSizing | undefined {
  const a = plan.async;
  if (!a) return undefined;
  return { instanceType: a.workerInstanceType, minCapacity: a.minWorkers, maxCapacity: a.maxWorkers, backlogPerInstanceTarget: a.backlogPerWorkerTarget };
}

/** What an EventLog builds from a plan. */
export interface EventLogSizing {
  /** MSK broker type, e.g. `kafka.m7g.4xlarge`. */
  readonly brokerType: string;
  readonly brokers: number;
  readonly storageGiBPerBroker: number;
  /** Partitions of each topic. */
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly retentionHours: number;
  /** The consumer lag the alarm tolerates, seconds (the acceptable backlog latency). */
  readonly maxLagSeconds: number;
}

/** The event log's sizes, or undefined when the plan has none. */
export function eventLogSizing(plan: CapacityPlan): EventLogSizing | undefined {
  const e = plan.async?.eventLog;
  if (!e) return undefined;
  return {
    brokerType: e.brokerType,
    brokers: e.brokers,
    storageGiBPerBroker: e.storageGiBPerBroker,
    partitions: e.partitions,
    replicationFactor: e.replicationFactor,
    minInSyncReplicas: e.minInSyncReplicas,
    retentionHours: e.retentionHours,
    maxLagSeconds: plan.async!.maxBacklogSeconds,
  };
}
