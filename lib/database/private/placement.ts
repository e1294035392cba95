/**
 * Where a database lives in the VPC, built the same way for both shapes: a security group that opens nothing
 * until clients are allowed, and the DB subnet group.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import type { DatabaseEngineName } from '../relational-database';

/** What {@link createDatabasePlacement} needs. */
export interface DatabasePlacementOptions {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly engine: DatabaseEngineName;
  readonly port: number;
  /** The database's removal policy, which the subnet group follows. */
  readonly removalPolicy: RemovalPolicy;
}

/** The security group (and its connections, defaulting to the database port) and the DB subnet group. */
export interface DatabasePlacement {
  readonly securityGroup: ec2.SecurityGroup;
  readonly connections: ec2.Connections;
  readonly subnetGroup: rds.SubnetGroup;
}

/** Creates `SecurityGroup` and `SubnetGroup` in `scope`. */
export function createDatabasePlacement(scope: Construct, options: DatabasePlacementOptions): DatabasePlacement {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: options.vpc,
    description: `${scope.node.path}: ${options.engine} database, ingress from its clients on port ${options.port} only`,
    allowAllOutbound: false,
  });
  const connections = new ec2.Connections({
    securityGroups: [securityGroup],
    defaultPort: ec2.Port.tcp(options.port),
  });
  const subnetGroup = new rds.SubnetGroup(scope, 'SubnetGroup', {
    vpc: options.vpc,
    vpcSubnets: options.vpcSubnets,
    description: `${scope.node.path}: ${options.engine} database subnets`,
    removalPolicy: subnetGroupRemovalPolicy(options.removalPolicy),
  });
  return { securityGroup, connections, subnetGroup };
}

/**
 * The DB subnet group follows its database, as aws-cdk-lib's own databases do (aws-rds `helperRemovalPolicy`):
 * kept when the database is kept (a retained database still needs its subnet group, and deleting a subnet
 * group in use fails the stack deletion), else destroyed with it (a snapshot is enough to restore the
 * database; a subnet group has no snapshot).
 */
export function subnetGroupRemovalPolicy(databasePolicy: RemovalPolicy): RemovalPolicy {
  return databasePolicy === RemovalPolicy.RETAIN || databasePolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
    ? databasePolicy
    : RemovalPolicy.DESTROY;
}
