/** Every check of a {@link Cache}'s props and of its per-node addressing, each reported as a PropsValidationError. */
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { CACHE_LIMITS } from '../capacity/catalog';
import { selectedAzs } from '../private/subnets';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { CacheEngine, CacheProps } from './cache';

/** What the Cache builds, after defaults and the plan's sizing are applied to its props. */
export interface CacheSettings {
  readonly engine: CacheEngine;
  readonly engineVersion: string;
  /** undefined when neither the props nor the plan give one (a problem). */
  readonly nodeType: string | undefined;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly multiAz: boolean;
  readonly port: number;
  readonly snapshotRetentionLimit: number;
  /** The subnets the cache is placed in. */
  readonly vpcSubnets: ec2.SubnetSelection;
}

/** Throws one PropsValidationError listing every invalid prop of a Cache. */
export function validateCacheProps(scope: Construct, props: CacheProps, settings: CacheSettings): void {
  const { engine, engineVersion, nodeType, shards, replicasPerShard, multiAz } = settings;
  const problems = new ProblemCollector();
  problems.check('engine', engine, engine === 'valkey' || engine === 'redis', "must be 'valkey' or 'redis'");
  if (nodeType === undefined && props.plan !== undefined && !props.plan.cache.enabled) {
    problems.add(
      'nodeType',
      nodeType,
      `the plan has no cache tier (plan.cache.enabled is false, stage ${props.plan.stage}): give nodeType (and shards / ` +
        'replicasPerShard) to build a cache anyway, or add a `cache` section to the workload',
    );
  } else {
    problems.check('nodeType', nodeType, nodeType !== undefined && /^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType),
      "give a node type like 'cache.r7g.large', or a plan with a cache tier");
  }
  problems.integer('shards', shards, { min: 1, max: CACHE_LIMITS.maxShards });
  problems.integer('replicasPerShard', replicasPerShard, { min: 0, max: CACHE_LIMITS.maxReplicasPerShard });
  if (Number.isInteger(shards) && Number.isInteger(replicasPerShard) && shards <= CACHE_LIMITS.maxShards) {
    const nodes = shards * (1 + replicasPerShard);
    problems.check('shards', shards, nodes <= CACHE_LIMITS.maxNodes,
      `${shards} shards × (1 + ${replicasPerShard} replicas) = ${nodes} nodes; a replication group holds at most ${CACHE_LIMITS.maxNodes}`);
  }
  if (multiAz) {
    problems.check('multiAz', multiAz, replicasPerShard !== 0,
      'Multi-AZ needs at least 1 replica per shard: set replicasPerShard ≥ 1 (or multiAz false)');
    const azs = selectedAzs(props.vpc, settings.vpcSubnets);
    if (azs !== undefined) {
      problems.check('vpcSubnets', `${azs.length} AZ(s)`, azs.length >= 2, 'Multi-AZ needs subnets in at least 2 AZs');
    }
  }
  problems.integer('snapshotRetentionLimit', settings.snapshotRetentionLimit, { min: 1, max: CACHE_LIMITS.maxSnapshotRetentionDays });
  problems.integer('port', settings.port, { min: 1024, max: 65535 });
  if (props.snapshotWindow !== undefined) {
    problems.check('snapshotWindow', props.snapshotWindow, /^\d{2}:\d{2}-\d{2}:\d{2}$/.test(props.snapshotWindow), "must look like '03:00-04:00' (UTC)");
  }
  problems.check('engineVersion', engineVersion, /^\d+(\.\d+)*$/.test(engineVersion), "must look like '8.2' or '7.1'");
  if (props.replicationGroupId !== undefined) {
    problems.check('replicationGroupId', props.replicationGroupId, /^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$/.test(props.replicationGroupId),
      'must be 1–40 lowercase letters, digits or hyphens, start with a letter, not end with or contain two hyphens');
  }
  throwIfProblems(scope, problems);
}

/** The shape a Cache was built with, for checks of per-node addressing. */
export interface CacheShape {
  readonly shards: number;
  readonly replicasPerShard: number;
}

/**
 * Throws one PropsValidationError when `shard` or `node` names no node of the replication group.
 * @param where e.g. `Stack/Cache.memberClusterId`
 */
export function validateNodeAddress(where: string, shape: CacheShape, shard: number, node: number): void {
  const problems = new ProblemCollector();
  problems.check('shard', shard, Number.isInteger(shard) && shard >= 1 && shard <= shape.shards,
    `shard ${shard} does not exist (1–${shape.shards})`);
  problems.check('node', node, Number.isInteger(node) && node >= 1 && node <= shape.replicasPerShard + 1,
    `node ${node} does not exist in a shard (1–${shape.replicasPerShard + 1})`);
  throwIfProblems(where, problems);
}

/** Throws a PropsValidationError when the shards have no replicas (nothing reports replication lag). */
export function validateHasReplicas(where: string, shape: CacheShape): void {
  const problems = new ProblemCollector();
  problems.check('replicasPerShard', shape.replicasPerShard, shape.replicasPerShard > 0, 'there are no replicas, hence no replication lag');
  throwIfProblems(where, problems);
}

