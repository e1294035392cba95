/**
 * Which tiers a plan's stage builds (the guides' milestones). Pure: no aws-cdk-lib import.
 * Every choice can be overridden.
 */
import { readReplicasPerBuiltShard } from '../lib/capacity/sizing';
import type { CapacityPlan } from '../lib/capacity/plan-types';

/** Overrides of what the stage would choose. */
export interface TierOverrides {
  /**
   * Build the ElastiCache tier.
   * @default - from the `cached` stage on, or when the workload has a cache section
   */
  readonly cache?: boolean;
  /**
   * Build CloudFront + WAF in front of the ALBs (needs a domain: HTTPS to the origins).
   * @default - from the `cached` stage on
   */
  readonly edge?: boolean;
  /**
   * Read replicas per database shard.
   * @default - the plan's `architecture.readReplicasPerShard` (⌈read replicas ÷ built shards⌉ from the `load-balanced` stage on, else 0)
   */
  readonly readReplicas?: number;
  /**
   * Database shards to build (one Database each).
   * @default - the plan's `database.shards` from the `sharded` stage on, else 1
   */
  readonly databaseShards?: number;
  /**
   * Regions to build, primary first.
   * @default - the plan's `topology.regions` (one region unless the workload lists more)
   */
  readonly regions?: readonly string[];
}

/** The tiers to build, with the reason for each choice. */
export interface ArchitectureTiers {
  /** Build the ElastiCache tier. */
  readonly cache: boolean;
  /** Build CloudFront + WAF (needs a domain). */
  readonly edge: boolean;
  /** Read replicas per database shard. */
  readonly readReplicas: number;
  /** Database shards (one Database each). */
  readonly databaseShards: number;
  /** Regions, primary first. */
  readonly regions: readonly string[];
  /** Plan needs the stage does not build (e.g. shards below the `sharded` stage), for warnings. */
  readonly notes: readonly string[];
}

/** The plan's architecture (what its stage builds), with the overrides applied. */
export function selectTiers(plan: CapacityPlan, overrides: TierOverrides = {}): ArchitectureTiers {
  const notes: string[] = [];
  const built = plan.architecture;
  if (overrides.databaseShards === undefined && built.databaseShards < plan.database.shards) {
    notes.push(`the plan needs ${plan.database.shards} database shards but the "${plan.stage}" stage builds one; set databaseShards or the workload's stage to "sharded"`);
  }
  const regions = overrides.regions ?? plan.topology.regions;
  if (plan.stage === 'multi-region' && regions.length < 2) {
    notes.push('the "multi-region" stage with one region: add a second region to topology.regions');
  }
  if (overrides.cache && !plan.cache.enabled) {
    notes.push('a cache was asked for but the plan has no cache tier: give the workload a cache section to size it');
  }
  const databaseShards = overrides.databaseShards ?? built.databaseShards;
  // More (or fewer) shards than the stage builds share the plan's read replicas between them.
  const readReplicas = overrides.readReplicas
    ?? (overrides.databaseShards === undefined || built.readReplicasPerShard === 0 ? built.readReplicasPerShard : readReplicasPerBuiltShard(plan, databaseShards));
  return {
    cache: (overrides.cache ?? built.cache) && plan.cache.enabled,
    edge: overrides.edge ?? built.edge,
    readReplicas,
    databaseShards,
    regions,
    notes,
  };
}
