/**
 * From a plan to each construct's sizes: pure functions, so a construct given a plan only reads values and
 * does no arithmetic of its own, and what it builds is tested here without CDK.
 */
import { gp3BaselineIops, rdsInstanceTypeName } from './catalog';
import type { CapacityPlan } from './plan-types';

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

/** What a Network builds from a plan. */
export interface NetworkSizing {
  /** Availability Zones per region. */
  readonly availabilityZones: number;
}

export function networkSizing(plan: CapacityPlan): NetworkSizing {
  return { availabilityZones: plan.topology.availabilityZones };
}
