/**
 * Where each database shard is built: which CloudFormation stack of its region holds it. Pure, so the plan can
 * refuse what the layout cannot build and the patterns place every shard from the same numbers.
 *
 * CloudFormation refuses a template with more than 500 resources, 200 outputs or 60 dynamic references, or over
 * 1 MB (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html). One shard is
 * 13 + r resources in the primary region (r read replicas, up to 15) and 9 more with RDS Proxy, so one stack
 * holds about 30 shards at best and 13 at worst. The layout therefore puts the first
 * {@link SHARDS_IN_REGIONAL_STACK} shards in the regional stack itself (group 0: what the examples have always
 * built, so their templates do not change) and every further shard in a shard-group stack of its region
 * (group 1, 2, …), {@link SHARDS_PER_GROUP_STACK} shards each. Both sizes are constants, never derived from the
 * shard count or the replicas: shard n is always built in the same stack under the same construct path, so growing
 * from 28 to 40 shards adds shards and stacks and moves none. A secondary region groups its cross-region replicas
 * the same way: group k replicates group k of the primary, so a primary group publishes at most 10 writer
 * identifiers (outputs) for the secondaries.
 *
 * Not done, on purpose: a nested stack per shard (the parent keeps one resource per shard and CloudFormation
 * creates at most 2,500 resources per nested-stack operation); a DB subnet group and parameter group shared by a
 * group (2 resources less per shard changes no group size at a 50-resource budget, the RDS quotas on both, 50 per
 * region, never bite before the 40 DB instances one, and a Database stays self-contained wherever it is built);
 * fixed writer identifiers so that secondaries need no output (10 outputs per group are far from 200, naming
 * the existing writers would replace them, and fixed names collide between two deployments in one region).
 */

/**
 * Shards 1 to 4 are built in the regional stack itself (group 0). The regional stack's own resources (network,
 * web tier, cache, SLO alarms: about 110) plus 4 of the largest shards (37 resources: 15 read replicas and RDS
 * Proxy) is about 260 resources, which leaves the regional stack room to grow; the examples up to the 120 M-user one plan
 * 3 shards or fewer, so their templates are those of the single-stack layout.
 */
export const SHARDS_IN_REGIONAL_STACK = 4;

/**
 * Shards per shard-group stack. The largest shard today is 42 resources in the primary region (15 read replicas,
 * RDS Proxy and the shard's saturation alarms; test/patterns/shard-groups.test.ts builds it): 10 × 42 = 420 ≤ 500
 * resources, within a budget of 50 resources per shard; 10 ≤ 60 dynamic references (one per shard: its master
 * password), 15 ≤ 200 outputs, ≈ 0.4 MB ≤ 1 MB.
 */
export const SHARDS_PER_GROUP_STACK = 10;

/** The resources one shard may take so that a shard-group stack stays within 500: 500 ÷ {@link SHARDS_PER_GROUP_STACK}. */
export const SHARD_RESOURCE_BUDGET = 500 / SHARDS_PER_GROUP_STACK;

/** Where one shard is built. */
export interface ShardPlacement {
  /** The shard's number, 1-based (its construct id `Database` for shard 1, `DatabaseShard<n>` after). */
  readonly shard: number;
  /** 0: the regional stack itself; k ≥ 1: the region's shard-group stack k. */
  readonly group: number;
}

/** The group holding shard `shard` (1-based). */
export function shardGroupOf(shard: number): number {
  return shard <= SHARDS_IN_REGIONAL_STACK ? 0 : Math.ceil((shard - SHARDS_IN_REGIONAL_STACK) / SHARDS_PER_GROUP_STACK);
}

/** The shard numbers group `group` can hold, first and last (whatever the shard count). */
export function shardRangeOf(group: number): { readonly first: number; readonly last: number } {
  if (group === 0) return { first: 1, last: SHARDS_IN_REGIONAL_STACK };
  const first = SHARDS_IN_REGIONAL_STACK + (group - 1) * SHARDS_PER_GROUP_STACK + 1;
  return { first, last: first + SHARDS_PER_GROUP_STACK - 1 };
}

/** Shard-group stacks each region builds beyond its regional stack, for `shards` shards. */
export function shardGroupStacks(shards: number): number {
  return shards <= SHARDS_IN_REGIONAL_STACK ? 0 : Math.ceil((shards - SHARDS_IN_REGIONAL_STACK) / SHARDS_PER_GROUP_STACK);
}

/** Every shard's placement, shard 1 first. */
export function shardLayout(shards: number): ShardPlacement[] {
  return Array.from({ length: shards }, (_, i) => ({ shard: i + 1, group: shardGroupOf(i + 1) }));
}
