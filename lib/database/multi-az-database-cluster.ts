/**
 * MultiAzDatabaseCluster: an RDS Multi-AZ DB cluster (PostgreSQL or MySQL): a writer and two readable
 * standbys in three AZs, semi-synchronous replication, failover typically under 35 s.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html
 */
import { Annotations, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { gp3BaselineIops } from '../capacity/catalog';
import { databaseSizing } from '../capacity/sizing';
import {
  connectionUtilizationMetric,
  createTlsParameterGroup,
  DEFAULT_MASTER_USERNAME,
  logExports,
  rdsMetric,
  resolveRelationalSettings,
} from './private/engine';
import { createDatabasePlacement } from './private/placement';
import { DATABASE_WARNINGS, type DatabaseEngineName, type IRelationalDatabase, type RelationalDatabaseProps } from './relational-database';
import { validateMultiAzDatabaseClusterProps } from './validate-multi-az-database-cluster';

/** Storage types of a Multi-AZ DB cluster. */
export type ClusterStorageType = 'gp3' | 'io1' | 'io2';

/** The readable standbys of a Multi-AZ DB cluster: always two. */
export const CLUSTER_READABLE_STANDBYS = 2;

/** Storage of a Multi-AZ DB cluster. */
export interface ClusterStorageOptions {
  /**
   * Storage type of every instance of the cluster.
   * @default 'gp3'
   */
  readonly type?: ClusterStorageType;
  /**
   * Provisioned IOPS per instance (CloudFormation requires IOPS for a Multi-AZ DB cluster), ≥ 1,000.
   * Required for `io1` and `io2`.
   * @default - for gp3, its baseline for the allocated storage (`gp3BaselineIops`)
   */
  readonly iops?: number;
}

/**
 * Properties of {@link MultiAzDatabaseCluster}. A Multi-AZ DB cluster has no separate read replicas (its two
 * standbys serve reads), no storage autoscaling, and this construct builds no RDS Proxy.
 */
export interface MultiAzDatabaseClusterProps extends RelationalDatabaseProps {
  /**
   * Instance class of the writer and the standbys: a class with local NVMe storage (e.g. `m6gd.large`,
   * `r6gd.xlarge`, `r8gd.large`).
   * @default - `plan.database.instanceClass` (which must then be such a class)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Storage of the cluster.
   * @default - gp3 at its baseline IOPS
   */
  readonly clusterStorage?: ClusterStorageOptions;
}

/**
 * A Multi-AZ DB cluster: a writer and two readable standbys in three AZs, encrypted storage, TLS enforced,
 * IAM authentication, Performance Insights, log exports and an RDS-managed master secret (rotated by RDS
 * every 7 days).
 */
export class MultiAzDatabaseCluster extends Construct implements IRelationalDatabase {
  /** The engine built. */
  public readonly engine: DatabaseEngineName;
  /** The exact engine and version of the cluster (and of its parameter group). */
  public readonly instanceEngine: rds.IInstanceEngine;
  /** The port clients connect to. */
  public readonly port: number;
  /** The Multi-AZ DB cluster. */
  public readonly cluster: rds.CfnDBCluster;
  /** The RDS-managed master user secret. */
  public readonly secret: secretsmanager.ISecret;
  /** The cluster's writer endpoint. */
  public readonly writerEndpoint: rds.Endpoint;
  /** The cluster's reader endpoint (both readable standbys), as the only element. */
  public readonly readerEndpoints: rds.Endpoint[];
  /** Network access to the cluster on {@link port}. */
  public readonly connections: ec2.Connections;
  /** The security group of the cluster. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The parameter group enforcing TLS. */
  public readonly parameterGroup: rds.ParameterGroup;
  /** The DB subnet group of the cluster. */
  public readonly subnetGroup: rds.SubnetGroup;
  /** max_connections of the instance class, when known (plan or prop). */
  public readonly maxConnectionsPerInstance?: number;

  constructor(scope: Construct, id: string, props: MultiAzDatabaseClusterProps) {
    super(scope, id);
    const sizing = props.plan ? databaseSizing(props.plan) : undefined;
    const settings = { ...resolveRelationalSettings(props, sizing), storageType: props.clusterStorage?.type ?? 'gp3' };
    validateMultiAzDatabaseClusterProps(this, props, settings);

    this.engine = settings.engine;
    this.instanceEngine = settings.instanceEngine;
    this.port = settings.port;
    this.maxConnectionsPerInstance = settings.maxConnectionsPerInstance;
    const allocatedStorage = settings.allocatedStorageGiB;
    // The plan states the baseline of its own storage; explicit storage takes the catalog's baseline.
    const baselineIops = props.allocatedStorageGiB === undefined && sizing ? sizing.baselineIops : gp3BaselineIops(allocatedStorage);

    if (sizing && sizing.readReplicas > CLUSTER_READABLE_STANDBYS) {
      Annotations.of(this).addWarningV2(
        DATABASE_WARNINGS.clusterReadableStandbys,
        `The plan asks for ${sizing.readReplicas} read replicas; a Multi-AZ DB cluster has ${CLUSTER_READABLE_STANDBYS} readable standbys. Use a Database (Multi-AZ DB instance with read replicas) or shard.`,
      );
    }
    if (sizing?.proxy) {
      Annotations.of(this).addWarningV2(
        DATABASE_WARNINGS.clusterWithoutProxy,
        'The plan advises RDS Proxy; MultiAzDatabaseCluster builds none (a Database does). Pool connections in the application.',
      );
    }

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    const placement = createDatabasePlacement(this, { vpc: props.vpc, vpcSubnets: settings.vpcSubnets, engine: this.engine, port: this.port, removalPolicy });
    this.securityGroup = placement.securityGroup;
    this.connections = placement.connections;
    this.subnetGroup = placement.subnetGroup;
    this.parameterGroup = createTlsParameterGroup(this, this.engine, this.instanceEngine);

    this.cluster = new rds.CfnDBCluster(this, 'Cluster', {
      engine: this.engine,
      engineVersion: this.instanceEngine.engineVersion?.fullVersion,
      dbClusterInstanceClass: `db.${settings.instanceClass}`,
      storageType: settings.storageType,
      allocatedStorage,
      iops: props.clusterStorage?.iops ?? baselineIops,
      storageEncrypted: true,
      kmsKeyId: props.encryptionKey?.keyArn,
      port: this.port,
      dbClusterParameterGroupName: this.parameterGroup.bindToCluster({}).parameterGroupName,
      dbSubnetGroupName: this.subnetGroup.subnetGroupName,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      masterUsername: props.masterUsername ?? DEFAULT_MASTER_USERNAME,
      manageMasterUserPassword: true,
      masterUserSecret: props.encryptionKey ? { kmsKeyId: props.encryptionKey.keyArn } : undefined,
      databaseName: props.databaseName,
      backupRetentionPeriod: settings.backupRetention.toDays(),
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      enableIamDatabaseAuthentication: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.encryptionKey?.keyArn,
      performanceInsightsRetentionPeriod: 7,
      enableCloudwatchLogsExports: logExports(this.engine),
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
    });
    this.cluster.applyRemovalPolicy(removalPolicy);
    this.secret = secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', this.cluster.attrMasterUserSecretSecretArn);
    const clusterPort = Token.asNumber(this.cluster.attrEndpointPort);
    this.writerEndpoint = new rds.Endpoint(this.cluster.attrEndpointAddress, clusterPort);
    this.readerEndpoints = [new rds.Endpoint(this.cluster.attrReadEndpointAddress, clusterPort)];

    for (const client of props.clients ?? []) this.allowFrom(client);
  }

  /** Allows `peer` (typically the web tier) to connect to the cluster on its port. Nothing else is opened. */
  public allowFrom(peer: ec2.IConnectable, description = 'Database client'): void {
    this.connections.allowFrom(peer, ec2.Port.tcp(this.port), `${description} to the database`);
  }

  /** CPU utilization of the cluster (percent). */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricCluster('CPUUtilization', { statistic: 'Average', ...props });
  }

  /** Client connections to the cluster. */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricCluster('DatabaseConnections', { statistic: 'Average', ...props });
  }

  /**
   * Connections as a percentage of the instance class's max_connections
   * (`100 × connections ÷ max_connections`), for dashboards and alarms.
   * @throws when max_connections is unknown (no plan and no `maxConnectionsPerInstance`)
   */
  public metricConnectionUtilization(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return connectionUtilizationMetric(this, props);
  }

  private metricCluster(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rdsMetric(metricName, { DBClusterIdentifier: this.cluster.ref }, props);
  }
}
