/**
 * CrossRegionReadReplica: a read replica of a Database writer in another region, for disaster
 * recovery: Multi-AZ, encrypted with a key of its own region, TLS enforced, promotable to a
 * standalone writer (`aws rds promote-read-replica`) when the primary region is lost.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { databaseSizing } from '../capacity/sizing';
import { acknowledgePostgresReplicaBackups, acknowledgeReplicaEncryption } from '../private/acknowledgments';
import { restrictGrantsToAwsServices } from '../private/key-grants';
import { defaultDataSubnets, selectedAzs } from '../private/subnets';
import {
  createMonitoringRole,
  createTlsParameterGroup,
  DEFAULT_BACKUP_RETENTION,
  replicaBackupOptions,
  replicaTakesBackups,
  replicaLagMetric,
  resolveEngineSettings,
  resolveStorageCeiling,
  secureInstanceOptions,
} from './private/engine';
import type { DatabaseEngineName } from './relational-database';
import { validateCrossRegionReadReplicaProps } from './validate-cross-region-read-replica';

/** Properties of a {@link CrossRegionReadReplica}. */
export interface CrossRegionReadReplicaProps {
  /**
   * The writer to replicate (typically `database.primary` of a `Database` in a stack of the
   * primary region; both stacks need `crossRegionReferences: true`).
   */
  readonly source: rds.IDatabaseInstance;
  /** The VPC of this (the replica's) region. */
  readonly vpc: ec2.IVpc;
  /**
   * Capacity plan: engine, instance class and storage autoscaling ceiling. Explicit props win.
   * @default - no plan: `instanceType` is then required
   */
  readonly plan?: CapacityPlan;
  /**
   * Engine of the source.
   * @default - the plan's `database.engine`, else 'postgres'
   */
  readonly engine?: DatabaseEngineName;
  /**
   * Exact engine (and version) of the source, for the parameter group's family; its engine type must
   * match `engine`. Pass the writer's `Database.instanceEngine` when it was built with a custom engine.
   * @default - the default engine of `engine` (DEFAULT_DATABASE_ENGINES, as a Database builds it)
   */
  readonly instanceEngine?: rds.IInstanceEngine;
  /**
   * Instance class (match the writer: after promotion it takes the whole load).
   * @default - the plan's `database.instanceClass`
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Port, 1150–65535 (match the writer so clients need no change after promotion).
   * @default 5433 for postgres, 3307 for mysql (DEFAULT_DATABASE_PORTS, as a Database uses)
   */
  readonly port?: number;
  /**
   * A standby in a second AZ, so the promoted writer has no single point of failure. Needs
   * `vpcSubnets` in at least two AZs.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Subnets for the replica.
   * @default - isolated subnets when the VPC has them, else private ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Peers allowed to connect on the port. More can be added with `connections.allowDefaultPortFrom(peer)`.
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];
  /**
   * Storage autoscaling ceiling, GiB (20–65,536). Storage autoscaling is always on, as on a Database: a full
   * volume stops the replica (and the writer it becomes on promotion).
   * @default - the plan's `database.maxAllocatedStorageGiB`, else RDS's ceiling
   * (`RDS_LIMITS.maxAllocatedStorageGiB`, 65,536 GiB)
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * KMS key of this region for storage and Performance Insights (an encrypted source needs one per region).
   * @default - a new key with rotation, retained when the stack is deleted
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * A read replica of a Database writer in another region, for disaster recovery: Multi-AZ, encrypted
 * with a KMS key of its own region, TLS enforced, IAM authentication, Performance Insights and log
 * exports, deletion protection and a RETAIN removal policy. Promote it (`aws rds
 * promote-read-replica`) when the primary region is lost.
 */
export class CrossRegionReadReplica extends Construct {
  /** The replica instance. */
  public readonly replica: rds.DatabaseInstanceReadReplica;
  /** The key encrypting the replica's storage and Performance Insights in this region. */
  public readonly encryptionKey: kms.IKey;
  /** Security group of the replica (ingress from its clients on {@link port} only). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network access on the replica's port. */
  public readonly connections: ec2.Connections;
  /** The parameter group enforcing TLS (and, for MySQL, the slow query log, as on the writer). */
  public readonly parameterGroup: rds.ParameterGroup;
  /** Endpoint of the replica (the writer endpoint after promotion). */
  public readonly endpoint: rds.Endpoint;
  /** The engine replicated. */
  public readonly engine: DatabaseEngineName;
  /** The exact engine (and version) the parameter group is built for. */
  public readonly instanceEngine: rds.IInstanceEngine;
  /** The port clients connect to (the writer's, when it was matched). */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: CrossRegionReadReplicaProps) {
    super(scope, id);
    const sizing = props.plan ? databaseSizing(props.plan) : undefined;
    const vpcSubnets = props.vpcSubnets ?? defaultDataSubnets(props.vpc);
    const settings = {
      ...resolveEngineSettings(props, sizing),
      vpcSubnets,
      azs: selectedAzs(props.vpc, vpcSubnets),
      multiAz: props.multiAz ?? true,
      maxAllocatedStorageGiB: resolveStorageCeiling(props.maxAllocatedStorageGiB, sizing),
    };
    validateCrossRegionReadReplicaProps(this, props, settings);

    const engineName = settings.engine;
    this.engine = engineName;
    this.port = settings.port;
    const engine = settings.instanceEngine;
    this.instanceEngine = engine;
    this.encryptionKey = props.encryptionKey ?? restrictGrantsToAwsServices(new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `${this.node.path}: storage encryption of the cross-region read replica`,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: ${engineName} DR replica, ingress from its clients on port ${this.port} only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    for (const client of props.clients ?? []) this.connections.allowDefaultPortFrom(client);

    this.parameterGroup = createTlsParameterGroup(this, engineName, engine);
    this.replica = new rds.DatabaseInstanceReadReplica(this, 'Replica', {
      ...secureInstanceOptions(engineName, this.encryptionKey, createMonitoringRole(this)),
      sourceDatabaseInstance: props.source,
      instanceType: props.instanceType ?? new ec2.InstanceType(settings.instanceClass!),
      vpc: props.vpc,
      vpcSubnets: settings.vpcSubnets,
      securityGroups: [this.securityGroup],
      port: this.port,
      parameterGroup: this.parameterGroup,
      multiAz: settings.multiAz,
      maxAllocatedStorage: settings.maxAllocatedStorageGiB,
      storageEncryptionKey: this.encryptionKey,
      // MySQL replicas keep automated backups; PostgreSQL ones cannot (the region switch enables them on promotion).
      ...replicaBackupOptions(engineName, DEFAULT_BACKUP_RETENTION),
      deletionProtection: true,
      // The DR copy outlives its stack: deleting the stack must not delete the data.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cfn = this.replica.node.defaultChild as rds.CfnDBInstance;
    // A cross-region replica of an encrypted source needs KmsKeyId in its own region; StorageEncrypted
    // itself is inherited and CloudFormation rejects it beside SourceDBInstanceIdentifier (F3020).
    cfn.addPropertyDeletionOverride('StorageEncrypted');
    // Stating the engine lets template checks (cdk-nag RDS11) see the non-default port.
    cfn.engine = engine.engineType;
    acknowledgeReplicaEncryption(this.replica);
    if (!replicaTakesBackups(engineName)) acknowledgePostgresReplicaBackups(this.replica);
    this.endpoint = this.replica.instanceEndpoint;
  }

  /** ReplicaLag of this replica: seconds behind the writer (Maximum, CloudWatch's default period unless given). */
  public metricReplicaLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return replicaLagMetric(this.replica, props);
  }
}
