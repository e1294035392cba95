/**
 * Database: RDS for PostgreSQL (or MySQL) as a Multi-AZ DB instance, with read replicas spread across the
 * AZs and an optional RDS Proxy. Sized from a capacity plan or explicit props (explicit props win); no
 * capacity arithmetic happens here.
 */
import { Annotations, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import { throwIfProblems } from '../private/validation';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RDS_LIMITS } from '../capacity/catalog';
import { databaseSizing } from '../capacity/sizing';
import { acknowledgeCfnGuard, acknowledgeLiteralAvailabilityZone, acknowledgePostgresReplicaBackups, acknowledgeReplicaEncryption } from '../private/acknowledgments';
import {
  connectionUtilizationMetric,
  createMonitoringRole,
  createTlsParameterGroup,
  DEFAULT_MASTER_USERNAME,
  PROXY_PORTS,
  rdsMetric,
  replicaBackupOptions,
  replicaTakesBackups,
  replicaLagMetric,
  resolveRelationalSettings,
  resolveStorageCeiling,
  secureInstanceOptions,
} from './private/engine';
import { createDatabasePlacement } from './private/placement';
import { DATABASE_WARNINGS, type DatabaseEngineName, type IRelationalDatabase, type RelationalDatabaseProps } from './relational-database';
import { validateDatabaseProps } from './validate-database';

/** RDS limit: read replicas per source instance (PostgreSQL, MySQL). */
export const MAX_READ_REPLICAS = RDS_LIMITS.maxReadReplicasPerSource;

/** Properties of {@link Database}. */
export interface DatabaseProps extends RelationalDatabaseProps {
  /**
   * Read replicas of the writer, 0–15.
   * @default - `plan.database.readReplicasPerShard`, else 0
   */
  readonly readReplicas?: number;
  /**
   * Make every read replica a Multi-AZ instance too (doubles each replica's cost). When false the
   * replicas are single-AZ and spread round-robin over the VPC's AZs.
   * @default false
   */
  readonly replicasMultiAz?: boolean;
  /**
   * Multi-AZ writer (a synchronous standby in another AZ).
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Storage autoscaling ceiling of the writer and the replicas, GiB (≥ allocated storage, ≤ 65,536).
   * Storage autoscaling is always on: a full volume stops the database.
   * @default - `plan.database.maxAllocatedStorageGiB`, else RDS's ceiling
   * (`RDS_LIMITS.maxAllocatedStorageGiB`, 65,536 GiB)
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Put an RDS Proxy (TLS required, IAM authentication) in front of the writer.
   * @default - `plan.database.rdsProxyAdvised`, else false
   */
  readonly proxy?: boolean;
  /**
   * Interval of the single-user rotation of the master password: whole hours, from 4 hours to 1,000 days.
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;
  /**
   * Removal policy of the writer. Read replicas are always destroyed without a snapshot: they hold no
   * data of their own and RDS cannot snapshot a replica on deletion. The DB subnet group follows the
   * writer's policy as aws-cdk-lib's own databases do: retained when the writer is, else destroyed with it.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A Multi-AZ DB instance with read replicas spread across the AZs, TLS enforced, IAM authentication,
 * Performance Insights, log exports, rotated credentials and (optionally) RDS Proxy.
 */
export class Database extends Construct implements IRelationalDatabase {
  /** The engine built. */
  public readonly engine: DatabaseEngineName;
  /**
   * The exact engine and version of the writer, its replicas and its parameter group. Pass it to a
   * `CrossRegionReadReplica` of this database (`instanceEngine`) so the replica's parameter
   * group family matches the writer's.
   */
  public readonly instanceEngine: rds.IInstanceEngine;
  /** The port clients connect to on the database (the proxy uses the engine's standard port). */
  public readonly port: number;
  /** The writer instance. */
  public readonly primary: rds.DatabaseInstance;
  /** The read replicas, in AZ round-robin order. */
  public readonly replicas: rds.DatabaseInstanceReadReplica[];
  /** The RDS Proxy in front of the writer, when enabled. */
  public readonly proxy?: rds.DatabaseProxy;
  /** The master user credentials. */
  public readonly secret: secretsmanager.ISecret;
  /** The single-user rotation of the master password. */
  public readonly rotation: secretsmanager.SecretRotation;
  /** The writer's endpoint. */
  public readonly writerEndpoint: rds.Endpoint;
  /** The reader endpoints: one per replica. */
  public readonly readerEndpoints: rds.Endpoint[];
  /** Network access to the writer and its replicas on {@link port}. */
  public readonly connections: ec2.Connections;
  /** The security group of the writer and replicas. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The parameter group enforcing TLS, shared by the writer and the replicas. */
  public readonly parameterGroup: rds.ParameterGroup;
  /** The DB subnet group shared by the writer and the replicas. */
  public readonly subnetGroup: rds.SubnetGroup;
  /** max_connections of the instance class, when known (plan or prop). */
  public readonly maxConnectionsPerInstance?: number;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const sizing = props.plan ? databaseSizing(props.plan) : undefined;
    const settings = {
      ...resolveRelationalSettings(props, sizing),
      multiAz: props.multiAz ?? true,
      readReplicas: props.readReplicas ?? sizing?.readReplicas ?? 0,
      maxAllocatedStorageGiB: resolveStorageCeiling(props.maxAllocatedStorageGiB, sizing),
    };
    validateDatabaseProps(this, props, settings);

    this.engine = settings.engine;
    this.instanceEngine = settings.instanceEngine;
    this.port = settings.port;
    this.maxConnectionsPerInstance = settings.maxConnectionsPerInstance;
    const { multiAz, vpcSubnets: subnets } = settings;
    const engine = this.instanceEngine;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;

    // ---- network and parameters, shared by the writer and the replicas ----
    const placement = createDatabasePlacement(this, { vpc: props.vpc, vpcSubnets: subnets, engine: this.engine, port: this.port, removalPolicy });
    this.securityGroup = placement.securityGroup;
    this.connections = placement.connections;
    this.subnetGroup = placement.subnetGroup;
    this.parameterGroup = createTlsParameterGroup(this, this.engine, engine);
    // What the writer and every replica have in common.
    const instanceOptions = {
      ...secureInstanceOptions(this.engine, props.encryptionKey, createMonitoringRole(this)),
      instanceType: props.instanceType ?? new ec2.InstanceType(settings.instanceClass!),
      vpc: props.vpc,
      subnetGroup: this.subnetGroup,
      securityGroups: [this.securityGroup],
      port: this.port,
      parameterGroup: this.parameterGroup,
      maxAllocatedStorage: settings.maxAllocatedStorageGiB,
      deletionProtection: props.deletionProtection ?? true,
    };

    if (!multiAz) {
      Annotations.of(this).addWarningV2(
        DATABASE_WARNINGS.singleAzWriter,
        'multiAz is false: the writer is a single point of failure. Losing its AZ or its host stops every write until RDS replaces it (and recovery may need a restore from backup); keep multiAz true in production.',
      );
    }

    // ---- writer ----
    this.primary = new rds.DatabaseInstance(this, 'Primary', {
      ...instanceOptions,
      engine,
      multiAz,
      credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? DEFAULT_MASTER_USERNAME, {
        encryptionKey: props.encryptionKey,
      }),
      databaseName: props.databaseName,
      allocatedStorage: settings.allocatedStorageGiB,
      storageEncrypted: true,
      storageEncryptionKey: props.encryptionKey,
      backupRetention: settings.backupRetention,
      copyTagsToSnapshot: true,
      removalPolicy,
    });
    this.secret = this.primary.secret!;
    this.rotation = this.primary.addRotationSingleUser({
      automaticallyAfter: props.rotationInterval ?? Duration.days(30),
      // The rotation function calls the Secrets Manager API: it needs a route out (NAT).
      vpcSubnets: rotationSubnets(props.vpc, subnets),
    });
    this.writerEndpoint = this.primary.instanceEndpoint;

    // ---- read replicas, round-robin over the AZs ----
    const replicasMultiAz = props.replicasMultiAz ?? false;
    const replicaAzs = settings.azs ?? props.vpc.availabilityZones;
    this.replicas = [];
    for (let i = 0; i < settings.readReplicas; i++) {
      const az = replicasMultiAz || replicaAzs.length === 0 ? undefined : replicaAzs[i % replicaAzs.length];
      const replica = new rds.DatabaseInstanceReadReplica(this, `Replica${i + 1}`, {
        ...instanceOptions,
        sourceDatabaseInstance: this.primary,
        ...replicaBackupOptions(this.engine, settings.backupRetention),
        multiAz: replicasMultiAz,
        availabilityZone: az,
        // No StorageEncrypted / KmsKeyId: a replica inherits its source's encryption and key, and
        // CloudFormation rejects StorageEncrypted alongside SourceDBInstanceIdentifier (F3020).
        removalPolicy: RemovalPolicy.DESTROY,
      });
      // A replica inherits its engine from the source; stating it lets template checks (cdk-nag
      // RDS11) see that the replica does not use the engine's default port.
      (replica.node.defaultChild as rds.CfnDBInstance).engine = engine.engineType;
      acknowledgeReplicaEncryption(replica);
      if (az !== undefined && !Token.isUnresolved(az)) {
        acknowledgeLiteralAvailabilityZone(replica);
      }
      if (!replicaTakesBackups(this.engine)) acknowledgePostgresReplicaBackups(replica);
      if (!replicasMultiAz && multiAz) {
        const reason =
          'Read replica by design: the writer is Multi-AZ (synchronous standby) and the replicas are spread round-robin across the AZs, so losing an AZ leaves the writer and the other replicas serving; set replicasMultiAz for Multi-AZ replicas.';
        Validations.of(replica).acknowledge({ id: 'AwsSolutions-RDS3', reason });
        acknowledgeCfnGuard(replica, 'rds_instance_multi_az_support_check', reason);
      }
      this.replicas.push(replica);
    }
    this.readerEndpoints = this.replicas.map((r) => r.instanceEndpoint);
    if (!props.encryptionKey) {
      for (const instance of [this.primary, ...this.replicas]) {
        acknowledgeCfnGuard(instance, 'rds_storage_encrypted_kms_key_check',
          'Storage is encrypted with the AWS managed key aws/rds (the encryptionKey default); pass encryptionKey for a customer ' +
          'managed key (needed to share snapshots with another account).');
      }
    }

    // ---- RDS Proxy ----
    if (props.proxy ?? sizing?.proxy ?? false) {
      const proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
        vpc: props.vpc,
        description: `${this.node.path}: RDS Proxy, ingress from the database clients only`,
        allowAllOutbound: false,
      });
      this.proxy = this.primary.addProxy('Proxy', {
        vpc: props.vpc,
        vpcSubnets: subnets,
        secrets: [this.secret],
        securityGroups: [proxySecurityGroup],
        requireTLS: true,
        iamAuth: true,
      });
    }

    for (const client of props.clients ?? []) this.allowFrom(client);
  }

  /** The port of the RDS Proxy endpoint (the engine's standard port), when there is a proxy. */
  public get proxyPort(): number | undefined {
    return this.proxy ? PROXY_PORTS[this.engine] : undefined;
  }

  /**
   * Allows `peer` (typically the web tier) to connect to the database on its port, and to the RDS
   * Proxy on the proxy's port when there is one. Nothing else is opened.
   */
  public allowFrom(peer: ec2.IConnectable, description = 'Database client'): void {
    this.connections.allowFrom(peer, ec2.Port.tcp(this.port), `${description} to the database`);
    if (this.proxy) {
      this.proxy.connections.allowFrom(peer, ec2.Port.tcp(this.proxyPort!), `${description} to RDS Proxy`);
    }
  }

  /** CPU utilization of the writer (percent). */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricWriter('CPUUtilization', { statistic: 'Average', ...props });
  }

  /** Client connections to the writer. */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricWriter('DatabaseConnections', { statistic: 'Average', ...props });
  }

  /**
   * Connections to the writer as a percentage of the instance class's max_connections
   * (`100 × connections ÷ max_connections`), for dashboards and alarms.
   * @throws when max_connections is unknown (no plan and no `maxConnectionsPerInstance`)
   */
  public metricConnectionUtilization(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return connectionUtilizationMetric(this, props);
  }

  /**
   * The highest replication lag over all read replicas, in seconds (`ReplicaLag`, each replica's Maximum).
   * CloudWatch alarms accept at most 10 metrics in an expression: beyond 10 replicas, alarm on each
   * replica's own metric (`replica.metric('ReplicaLag')`).
   * @throws when there are no read replicas
   */
  public metricReplicaLag(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    throwIfProblems(`${this.node.path}.metricReplicaLag`, this.replicas.length > 0 ? [] : [{ path: 'replicas', value: 0, message: 'there are no read replicas, hence no replica lag' }]);
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    this.replicas.forEach((r, i) => {
      usingMetrics[`lag${i + 1}`] = replicaLagMetric(r, { period: props?.period });
    });
    return new cloudwatch.MathExpression({
      expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
      usingMetrics,
      label: 'ReplicaLag (max over replicas)',
      ...props,
    });
  }

  private metricWriter(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rdsMetric(metricName, { DBInstanceIdentifier: this.primary.instanceIdentifier }, props);
  }
}

/** Subnets with a route out for the rotation function, else the database's own. */
function rotationSubnets(vpc: ec2.IVpc, dataSubnets: ec2.SubnetSelection): ec2.SubnetSelection {
  if (vpc.privateSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  return dataSubnets;
}
