/**
 * CrossRegionReadReplica: a read replica of a Database writer in another region, for disaster
 * recovery: Multi-AZ, encrypted with a key of its own region, TLS enforced, promotable to a
 * standalone writer (`aws rds promote-read-replica`) when the primary region is lost.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { defaultDataSubnets } from '../core/subnets';
import { collectProblems, throwIfProblems } from '../core/validation';
import { DEFAULT_DATABASE_ENGINES, DEFAULT_DATABASE_PORTS, type DatabaseEngineName } from './database';

export interface CrossRegionReadReplicaProps {
  /** The writer to replicate (typically `database.primary` of a stack in the primary region). */
  readonly source: rds.IDatabaseInstance;
  /** The VPC of this region. */
  readonly vpc: ec2.IVpc;
  /** Capacity plan: engine and instance class. */
  readonly plan?: CapacityPlan;
  /**
   * Engine of the source.
   * @default - the plan's engine, else 'postgres'
   */
  readonly engine?: DatabaseEngineName;
  /**
   * Instance class (match the writer: after promotion it takes the whole load).
   * @default - the plan's `database.instanceClass`
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Port (match the writer so clients need no change after promotion).
   * @default 5433 for postgres, 3307 for mysql
   */
  readonly port?: number;
  /**
   * A standby in a second AZ, so the promoted writer has no single point of failure.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Subnets for the replica.
   * @default - isolated subnets when the VPC has them, else private ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Peers allowed to connect on the port.
   * @default - none: call `connections.allowDefaultPortFrom(peer)`
   */
  readonly clients?: ec2.IConnectable[];
  /**
   * Storage autoscaling ceiling, GiB.
   * @default - the plan's `database.maxAllocatedStorageGiB`, else none
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * KMS key of this region for storage and Performance Insights (an encrypted source needs one per region).
   * @default - a new key with rotation
   */
  readonly encryptionKey?: kms.IKey;
}

export class CrossRegionReadReplica extends Construct {
  /** The replica instance. */
  public readonly replica: rds.DatabaseInstanceReadReplica;
  /** The key encrypting the replica's storage in this region. */
  public readonly encryptionKey: kms.IKey;
  /** Security group of the replica. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network access on the replica's port. */
  public readonly connections: ec2.Connections;
  /** Endpoint of the replica (the writer endpoint after promotion). */
  public readonly endpoint: rds.Endpoint;
  public readonly port: number;

  constructor(scope: Construct, id: string, props: CrossRegionReadReplicaProps) {
    super(scope, id);
    const engineName = props.engine ?? props.plan?.database.engine ?? 'postgres';
    this.port = props.port ?? DEFAULT_DATABASE_PORTS[engineName];
    const instanceClass = props.instanceType?.toString() ?? props.plan?.database.instanceClass.replace(/^db\./, '');
    const problems = collectProblems();
    problems.check('instanceType', instanceClass, instanceClass !== undefined, 'give instanceType or a plan');
    problems.integer('port', this.port, { min: 1150, max: 65535 });
    throwIfProblems(this.node.path, problems);

    const engine = DEFAULT_DATABASE_ENGINES[engineName];
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `${this.node.path}: storage encryption of the cross-region read replica`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: ${engineName} DR replica, ingress from its clients on port ${this.port} only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    for (const client of props.clients ?? []) this.connections.allowDefaultPortFrom(client);

    const subnets = props.vpcSubnets ?? defaultDataSubnets(props.vpc);
    const multiAz = props.multiAz ?? true;
    this.replica = new rds.DatabaseInstanceReadReplica(this, 'Replica', {
      sourceDatabaseInstance: props.source,
      instanceType: new ec2.InstanceType(instanceClass!),
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
      port: this.port,
      parameterGroup: new rds.ParameterGroup(this, 'Parameters', {
        engine,
        description: `${this.node.path}: TLS required`,
        parameters: engineName === 'postgres' ? { 'rds.force_ssl': '1' } : { require_secure_transport: 'ON' },
      }),
      multiAz,
      storageType: rds.StorageType.GP3,
      maxAllocatedStorage: props.maxAllocatedStorageGiB ?? props.plan?.database.maxAllocatedStorageGiB,
      storageEncryptionKey: this.encryptionKey,
      // PostgreSQL replicas take no automated backups: the runbook enables them on promotion.
      deletionProtection: true,
      // The DR copy outlives its stack: deleting the stack must not delete the data.
      removalPolicy: RemovalPolicy.RETAIN,
      iamAuthentication: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.encryptionKey,
      cloudwatchLogsExports: engineName === 'postgres' ? ['postgresql'] : ['error', 'general', 'slowquery'],
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
    });
    const cfn = this.replica.node.defaultChild as rds.CfnDBInstance;
    // A cross-region replica of an encrypted source needs KmsKeyId in its own region; StorageEncrypted
    // itself is inherited and CloudFormation rejects it beside SourceDBInstanceIdentifier (F3020).
    cfn.addPropertyDeletionOverride('StorageEncrypted');
    // Stating the engine lets template checks (cdk-nag RDS11) see the non-default port.
    cfn.engine = engine.engineType;
    Validations.of(this.replica).acknowledge({
      id: 'AwsSolutions-RDS2',
      reason: 'Encrypted: a cross-region replica of an encrypted writer is encrypted with KmsKeyId (this region\'s key); StorageEncrypted is inherited and rejected by CloudFormation beside SourceDBInstanceIdentifier.',
    });
    this.endpoint = this.replica.instanceEndpoint;
  }

  /** ReplicaLag of this replica, seconds behind the writer. */
  public metricReplicaLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensionsMap: { DBInstanceIdentifier: this.replica.instanceIdentifier },
      statistic: 'Maximum',
      ...props,
    });
  }
}
