/**
 * DatabaseShardGroupStack: a stack of one region that holds a fixed range of database shards (each Database with
 * its replicas, secret, rotation and security group, or, in a secondary region, each shard's cross-region replica),
 * so that no stack of a large plan passes CloudFormation's per-template limits. The regional stack creates it as
 * its child and wires it: the VPC, the data subnets and the database clients (the web tier) come from the regional
 * stack as cross-stack references. Which shards a group holds is fixed by the layout (`shardRangeOf`).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { shardRangeOf } from '../lib/capacity/shard-layout';
import { validateDatabaseShardGroupStackProps } from './validate-database-shard-group-stack';

/** Props of {@link DatabaseShardGroupStack}. */
export interface DatabaseShardGroupStackProps extends StackProps {
  /** The group number, 1 or more (group 0 is the regional stack itself). */
  readonly group: number;
  /** `primary`: the shards' writers and replicas; `secondary`: their cross-region replicas. */
  readonly role: 'primary' | 'secondary';
  /**
   * The regional stack's alarm topic, for alarms on this group's shards (create them with the shard's
   * construct as scope, so they live in the shard's stack).
   * @default - none
   */
  readonly alarmTopic?: sns.ITopic;
}

/** One region's stack for the shards of one group. */
export class DatabaseShardGroupStack extends Stack {
  /** The group number (1 or more). */
  public readonly group: number;
  /** `primary` or `secondary`. */
  public readonly role: 'primary' | 'secondary';
  /** The first and last shard number the group holds (the last may not be built yet). */
  public readonly shardRange: { readonly first: number; readonly last: number };
  /** The regional stack's alarm topic, when given. */
  public readonly alarmTopic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: DatabaseShardGroupStackProps) {
    super(scope, id, props);
    validateDatabaseShardGroupStackProps(this, props);
    this.group = props.group;
    this.role = props.role;
    this.shardRange = shardRangeOf(props.group);
    this.alarmTopic = props.alarmTopic;
  }
}
