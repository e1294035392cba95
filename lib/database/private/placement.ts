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
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return { securityGroup, connections, subnetGroup };
}
