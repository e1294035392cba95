/**
 * What the two database shapes have in common: the engines they build, the props they share and the
 * interface both implement, so code that only connects to a database or watches it (dashboards, alarms,
 * client wiring) takes either a {@link Database} or a {@link MultiAzDatabaseCluster}.
 */
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';

/** Database engines the constructs build. */
export type DatabaseEngineName = 'postgres' | 'mysql';

/** Default port per engine: not the engine's well-known port (cdk-nag AwsSolutions-RDS11). */
export const DEFAULT_DATABASE_PORTS: Readonly<Record<DatabaseEngineName, number>> = { postgres: 5433, mysql: 3307 };

/**
 * The engine versions built when `instanceEngine` is not given: the newest PostgreSQL 17 and MySQL 8.4
 * minor versions this aws-cdk-lib knows (full versions: CloudFormation validation rejects a bare
 * `8.4`, and a Multi-AZ DB cluster needs a full version). Minor upgrades are then applied by RDS
 * (`autoMinorVersionUpgrade`).
 */
export const DEFAULT_DATABASE_ENGINES: Readonly<Record<DatabaseEngineName, rds.IInstanceEngine>> = {
  postgres: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 }),
  mysql: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 }),
};

/** Warning IDs the database constructs emit (stable: safe to acknowledge). */
export const DATABASE_WARNINGS = {
  /** A Database whose writer is not Multi-AZ. */
  singleAzWriter: 'cdk-scale-patterns:database:singleAzWriter',
  /** A MultiAzDatabaseCluster from a plan that asks for more readers than its two readable standbys. */
  clusterReadableStandbys: 'cdk-scale-patterns:database:clusterReadableStandbys',
  /** A MultiAzDatabaseCluster from a plan that advises RDS Proxy. */
  clusterWithoutProxy: 'cdk-scale-patterns:database:clusterWithoutProxy',
} as const;

/** Properties both database shapes take. */
export interface RelationalDatabaseProps {
  /** The VPC to place the database in. */
  readonly vpc: ec2.IVpc;
  /**
   * The capacity plan: engine, instance class, storage and max_connections (a {@link Database} also
   * reads its read replicas and whether RDS Proxy is advised). Explicit props win over the plan.
   * @default - no plan: `instanceType` is then required
   */
  readonly plan?: CapacityPlan;
  /**
   * Database engine.
   * @default - `plan.database.engine`, else 'postgres'
   */
  readonly engine?: DatabaseEngineName;
  /**
   * Exact engine (and version); its engine type must match `engine`.
   * @default - PostgreSQL 17 or MySQL 8.4 (see DEFAULT_DATABASE_ENGINES)
   */
  readonly instanceEngine?: rds.IInstanceEngine;
  /**
   * Instance class of every instance.
   * @default - `plan.database.instanceClass` (for example `db.r7g.large` → `r7g.large`)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Storage allocated to the writer, GiB (20–65,536).
   * @default - `plan.database.allocatedStorageGiB`, else 100
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Automated backup retention, a whole number of days from 7 to 35.
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;
  /**
   * Database port (1150–65535).
   * @default 5433 for PostgreSQL, 3307 for MySQL
   */
  readonly port?: number;
  /**
   * The instance class's max_connections, for `metricConnectionUtilization`.
   * @default - `plan.database.maxConnectionsPerInstance`
   */
  readonly maxConnectionsPerInstance?: number;
  /**
   * Peers allowed to connect (typically the web tier), on the database port only.
   * More can be added with `allowFrom`.
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];
  /**
   * Subnets for the database (and the proxy).
   * @default - the VPC's isolated subnets if it has any, else its private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * KMS key for storage, Performance Insights and the credentials secret.
   * @default - the AWS managed keys (aws/rds, aws/secretsmanager)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Master user name (the generated password lives in Secrets Manager).
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;
  /**
   * Name of a database to create.
   * @default - none (the engine's default database only)
   */
  readonly databaseName?: string;
  /**
   * Removal policy of the writer (or cluster). The DB subnet group follows it as aws-cdk-lib's own
   * databases do: retained when the database is, else destroyed with it.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Deletion protection on every instance (or the cluster).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A relational database of either shape: where clients connect, how to let them in, and its key metrics.
 * Implemented by {@link Database} (Multi-AZ DB instance with read replicas) and
 * {@link MultiAzDatabaseCluster} (a writer and two readable standbys).
 */
export interface IRelationalDatabase extends IConstruct, ec2.IConnectable {
  /** The engine built. */
  readonly engine: DatabaseEngineName;
  /** The exact engine and version built. */
  readonly instanceEngine: rds.IInstanceEngine;
  /** The port clients connect to on the database. */
  readonly port: number;
  /** The writer endpoint. */
  readonly writerEndpoint: rds.Endpoint;
  /** The reader endpoints. */
  readonly readerEndpoints: rds.Endpoint[];
  /** The master user credentials. */
  readonly secret: secretsmanager.ISecret;
  /** The security group of the database's instances. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The parameter group enforcing TLS. */
  readonly parameterGroup: rds.IParameterGroup;
  /** The DB subnet group. */
  readonly subnetGroup: rds.ISubnetGroup;
  /** max_connections of the instance class, when known (plan or prop). */
  readonly maxConnectionsPerInstance?: number;
  /** Allows `peer` to connect to the database, and nothing else. */
  allowFrom(peer: ec2.IConnectable, description?: string): void;
  /** CPU utilization of the writer (percent). */
  metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Client connections to the writer. */
  metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Connections to the writer as a percentage of the instance class's max_connections.
   * @throws when max_connections is unknown (no plan and no `maxConnectionsPerInstance`)
   */
  metricConnectionUtilization(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression;
}
