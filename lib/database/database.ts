/**
 * Database: RDS for PostgreSQL (or MySQL), Multi-AZ, with read replicas spread across the AZs, an
 * optional RDS Proxy, and the Multi-AZ DB cluster shape as an option. Sized from a capacity plan or
 * explicit props (explicit props win); no capacity arithmetic happens here.
 */
import { gp3BaselineIops, RDS_LIMITS } from '../capacity/catalog';
import { Annotations, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { acknowledgeLiteralAvailabilityZone, acknowledgeReplicaEncryption } from '../private/acknowledgments';
import { defaultDataSubnets, selectedAzs } from '../private/subnets';
import { ProblemCollector, throwIfProblems } from '../private/validation';

/** Database engines the construct builds. */
export type DatabaseEngineName = 'postgres' | 'mysql';

/**
 * Deployment shape.
 * - `instance`: a Multi-AZ DB instance (one synchronous standby, not readable) plus read replicas.
 * - `multi-az-cluster`: a Multi-AZ DB cluster (a writer and two readable standbys in three AZs,
 *   semi-synchronous replication, failover typically under 35 s).
 */
export type DatabaseShape = 'instance' | 'multi-az-cluster';

/** Storage of a Multi-AZ DB cluster (shape `multi-az-cluster`). */
export interface ClusterStorageOptions {
  /**
   * Storage type of every instance of the cluster.
   * @default 'gp3'
   */
  readonly type?: 'gp3' | 'io1' | 'io2';
  /**
   * Provisioned IOPS per instance (CloudFormation requires IOPS for a Multi-AZ DB cluster). Required
   * for `io1` and `io2`.
   * @default - for gp3, its baseline for the allocated storage ({@link gp3BaselineIops})
   */
  readonly iops?: number;
}

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

/**
 * Instance classes a Multi-AZ DB cluster can use: those with local NVMe storage, whose family name
 * ends in `d` / `dn` (db.m6gd, db.r6gd, db.m6id, db.r8gd, db.x2iedn, ...).
 */
const CLUSTER_INSTANCE_CLASS = /^[a-z]+\d+[a-z]*dn?\./;

/** RDS Proxy always listens on the engine's standard port. */
const PROXY_PORTS: Readonly<Record<DatabaseEngineName, number>> = { postgres: 5432, mysql: 3306 };

/** RDS limit: read replicas per source instance (PostgreSQL, MySQL). */
export const MAX_READ_REPLICAS = RDS_LIMITS.maxReadReplicasPerSource;

/** Properties of {@link Database}. */
export interface DatabaseProps {
  /** The VPC to place the database in. */
  readonly vpc: ec2.IVpc;
  /**
   * The capacity plan: instance class, read replicas per shard, storage, max_connections and whether
   * RDS Proxy is advised. Explicit props win over the plan.
   * @default - no plan: `instanceType` is then required
   */
  readonly plan?: CapacityPlan;
  /**
   * Database engine.
   * @default - `plan.database.engine`, else 'postgres'
   */
  readonly engine?: DatabaseEngineName;
  /**
   * Exact engine (and version) for the instance shape; its engine type must match `engine`.
   * @default - PostgreSQL 17 or MySQL 8.4 (see DEFAULT_DATABASE_ENGINES)
   */
  readonly instanceEngine?: rds.IInstanceEngine;
  /**
   * Deployment shape.
   * @default 'instance'
   */
  readonly shape?: DatabaseShape;
  /**
   * Instance class of the writer and of every replica. A Multi-AZ DB cluster needs a class with
   * local NVMe storage (e.g. `m6gd.large`, `r6gd.xlarge`, `r8gd.large`).
   * @default - `plan.database.instanceClass` (for example `db.r7g.large` → `r7g.large`)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Read replicas of the writer (shape `instance`), 0–15.
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
   * Multi-AZ writer (a synchronous standby in another AZ). Shape `instance` only.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * gp3 storage allocated to the writer, GiB (20–65,536).
   * @default - `plan.database.allocatedStorageGiB`, else 100
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Storage autoscaling ceiling, GiB (≥ allocated storage, ≤ 65,536). Shape `instance` only: Multi-AZ
   * DB clusters do not support storage autoscaling (the plan's ceiling is then not applied; an
   * explicit value warns).
   * @default - `plan.database.maxAllocatedStorageGiB`, else RDS's ceiling
   * (`RDS_LIMITS.maxAllocatedStorageGiB`, 65,536 GiB): storage autoscaling is always on
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Storage of the Multi-AZ DB cluster (shape `multi-az-cluster`).
   * @default - gp3 at its baseline IOPS
   */
  readonly clusterStorage?: ClusterStorageOptions;
  /**
   * Automated backup retention, 7–35 days.
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;
  /**
   * Database port (1150–65535).
   * @default 5433 for PostgreSQL, 3307 for MySQL
   */
  readonly port?: number;
  /**
   * Put an RDS Proxy (TLS required, IAM authentication) in front of the writer. Shape `instance` only.
   * @default - `plan.database.rdsProxyAdvised`, else false
   */
  readonly proxy?: boolean;
  /**
   * The instance class's max_connections, for {@link Database.metricConnectionUtilization}.
   * @default - `plan.database.maxConnectionsPerInstance`
   */
  readonly maxConnectionsPerInstance?: number;
  /**
   * Peers allowed to connect (typically the web tier), on the database port only.
   * More can be added with {@link Database.allowFrom}.
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
   * Interval of the single-user rotation of the master password (shape `instance`; the cluster
   * shape uses the RDS-managed master secret, which RDS rotates every 7 days).
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;
  /**
   * Removal policy of the writer (or cluster). Read replicas are always destroyed without a
   * snapshot: they hold no data of their own and RDS cannot snapshot a replica on deletion.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Deletion protection on the writer, the replicas and the cluster.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A Multi-AZ relational database with read replicas spread across the AZs, TLS enforced, IAM
 * authentication, Performance Insights, log exports, rotated credentials and (optionally) RDS Proxy.
 */
export class Database extends Construct {
  /** The engine built. */
  public readonly engine: DatabaseEngineName;
  /**
   * The exact engine and version of the writer, its replicas and its parameter group. Pass it to a
   * `CrossRegionReadReplica` of this database (`instanceEngine`) so the replica's parameter
   * group family matches the writer's.
   */
  public readonly instanceEngine: rds.IInstanceEngine;
  /** The deployment shape built. */
  public readonly shape: DatabaseShape;
  /** The port clients connect to on the database (the proxy uses the engine's standard port). */
  public readonly port: number;
  /** The writer instance (shape `instance`). */
  public readonly primary?: rds.DatabaseInstance;
  /** The read replicas, in AZ round-robin order (shape `instance`). */
  public readonly replicas: rds.DatabaseInstanceReadReplica[];
  /** The Multi-AZ DB cluster (shape `multi-az-cluster`). */
  public readonly cluster?: rds.CfnDBCluster;
  /** The RDS Proxy in front of the writer, when enabled. */
  public readonly proxy?: rds.DatabaseProxy;
  /** The master user credentials. */
  public readonly secret: secretsmanager.ISecret;
  /** The single-user rotation of the master password (shape `instance`). */
  public readonly rotation?: secretsmanager.SecretRotation;
  /** The writer endpoint (instance endpoint, or the cluster's writer endpoint). */
  public readonly writerEndpoint: rds.Endpoint;
  /** The reader endpoints: one per replica, or the cluster's reader endpoint. */
  public readonly readerEndpoints: rds.Endpoint[];
  /** Network access to the database (and its replicas) on {@link port}. */
  public readonly connections: ec2.Connections;
  /** The security group of the writer and replicas (or cluster). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The parameter group enforcing TLS, shared by the writer and the replicas (or the cluster's). */
  public readonly parameterGroup: rds.ParameterGroup;
  /** The DB subnet group shared by the writer and the replicas (or the cluster). */
  public readonly subnetGroup: rds.SubnetGroup;
  /** max_connections of the instance class, when known (plan or prop). */
  public readonly maxConnectionsPerInstance?: number;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const plan = props.plan?.database;

    this.engine = props.engine ?? plan?.engine ?? 'postgres';
    this.shape = props.shape ?? 'instance';
    this.port = props.port ?? DEFAULT_DATABASE_PORTS[this.engine] ?? DEFAULT_DATABASE_PORTS.postgres;
    const multiAz = props.multiAz ?? true;
    const readReplicas = props.readReplicas ?? plan?.readReplicasPerShard ?? 0;
    const allocatedStorage = props.allocatedStorageGiB ?? plan?.allocatedStorageGiB ?? 100;
    // Storage autoscaling is on even without a plan: a full volume stops the database.
    const maxAllocatedStorage = props.maxAllocatedStorageGiB ?? plan?.maxAllocatedStorageGiB ?? RDS_LIMITS.maxAllocatedStorageGiB;
    const backupRetention = props.backupRetention ?? Duration.days(7);
    const instanceClassName = props.instanceType?.toString() ?? plan?.instanceClass?.replace(/^db\./, '');
    const wantProxy = props.proxy ?? plan?.rdsProxyAdvised ?? false;
    this.maxConnectionsPerInstance = props.maxConnectionsPerInstance ?? plan?.maxConnectionsPerInstance;
    const subnets = props.vpcSubnets ?? defaultDataSubnets(props.vpc);
    const azs = selectedAzs(props.vpc, subnets);

    // ---- validation: every problem at once ----
    const problems = new ProblemCollector();
    problems.check('engine', this.engine, this.engine === 'postgres' || this.engine === 'mysql', "must be 'postgres' or 'mysql'");
    problems.check('shape', this.shape, this.shape === 'instance' || this.shape === 'multi-az-cluster', "must be 'instance' or 'multi-az-cluster'");
    problems.check('instanceType', instanceClassName, instanceClassName !== undefined && instanceClassName !== '', 'give an instance type, or a plan with database.instanceClass');
    problems.integer('readReplicas', readReplicas, { min: 0 });
    if (Number.isInteger(readReplicas) && readReplicas > MAX_READ_REPLICAS) {
      problems.add('readReplicas', readReplicas, `RDS allows at most ${MAX_READ_REPLICAS} read replicas per source: shard, or add a cache`);
    }
    problems.integer('port', this.port, { min: 1150, max: 65535 });
    problems.integer('allocatedStorageGiB', allocatedStorage, { min: 20, max: 65536 });
    problems.integer('maxAllocatedStorageGiB', maxAllocatedStorage, { min: 20, max: 65536 });
    if (maxAllocatedStorage !== undefined && !Token.isUnresolved(maxAllocatedStorage) && !Token.isUnresolved(allocatedStorage)) {
      problems.check('maxAllocatedStorageGiB', maxAllocatedStorage, maxAllocatedStorage >= allocatedStorage, `must be ≥ allocatedStorageGiB (${allocatedStorage})`);
    }
    if (!backupRetention.isUnresolved()) {
      const days = backupRetention.toDays({ integral: false });
      problems.check('backupRetention', `${days} days`, Number.isInteger(days) && days >= 7 && days <= 35, 'must be a whole number of days between 7 and 35');
    }
    problems.integer('maxConnectionsPerInstance', this.maxConnectionsPerInstance, { min: 1 });
    if (azs !== undefined) {
      const needed = this.shape === 'multi-az-cluster' ? 3 : 2;
      if (this.shape === 'multi-az-cluster' || multiAz) {
        problems.check(
          'vpcSubnets',
          `${azs.length} AZ(s)`,
          azs.length >= needed,
          `${this.shape === 'multi-az-cluster' ? 'a Multi-AZ DB cluster' : 'Multi-AZ'} needs subnets in at least ${needed} AZs`,
        );
      }
    }
    if (props.instanceEngine && props.instanceEngine.engineType !== this.engine) {
      problems.add('instanceEngine', props.instanceEngine.engineType, `must be a ${this.engine} engine (to match engine)`);
    }
    if (this.shape === 'multi-az-cluster') {
      problems.check('multiAz', props.multiAz, props.multiAz !== false, 'a Multi-AZ DB cluster is always Multi-AZ');
      problems.check('proxy', props.proxy, props.proxy !== true, "RDS Proxy is built for shape 'instance' only");
      problems.check('readReplicas', props.readReplicas, props.readReplicas === undefined || props.readReplicas === 0,
        'a Multi-AZ DB cluster has two readable standbys and no separate replicas');
      const storageType = props.clusterStorage?.type ?? 'gp3';
      problems.check('clusterStorage.type', storageType, ['gp3', 'io1', 'io2'].includes(storageType), "must be 'gp3', 'io1' or 'io2'");
      problems.integer('clusterStorage.iops', props.clusterStorage?.iops, { min: 1000 });
      problems.check('clusterStorage.iops', props.clusterStorage?.iops, storageType === 'gp3' || props.clusterStorage?.iops !== undefined, `${storageType} needs iops`);
      if (instanceClassName && !Token.isUnresolved(instanceClassName)) {
        problems.check('instanceType', instanceClassName, CLUSTER_INSTANCE_CLASS.test(instanceClassName),
          'a Multi-AZ DB cluster needs an instance class with local NVMe storage (e.g. m6gd.large, r6gd.large, r8gd.large)');
      }
    }
    throwIfProblems(this.node.path, problems);

    const instanceType = props.instanceType ?? new ec2.InstanceType(instanceClassName!);
    const engine = props.instanceEngine ?? DEFAULT_DATABASE_ENGINES[this.engine];
    this.instanceEngine = engine;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    const deletionProtection = props.deletionProtection ?? true;

    // ---- shared network and parameters ----
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: ${this.engine} database, ingress from its clients on port ${this.port} only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({
      securityGroups: [this.securityGroup],
      defaultPort: ec2.Port.tcp(this.port),
    });
    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets: subnets,
      description: `${this.node.path}: ${this.engine} database subnets`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `${this.node.path}: TLS required${this.engine === 'mysql' ? ', slow query log' : ''}`,
      parameters:
        this.engine === 'postgres'
          ? { 'rds.force_ssl': '1' }
          : { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' },
    });
    const logExports = this.engine === 'postgres' ? ['postgresql'] : ['error', 'general', 'slowquery'];

    if (this.shape === 'multi-az-cluster') {
      if (props.maxAllocatedStorageGiB !== undefined && props.maxAllocatedStorageGiB > allocatedStorage) {
        Annotations.of(this).addWarningV2(
          'cdk-scale-patterns:database-no-storage-autoscaling',
          `Multi-AZ DB clusters do not support storage autoscaling: ${allocatedStorage} GiB is allocated and the ceiling of ${maxAllocatedStorage} GiB is not applied; scale storage manually.`,
        );
      }
      if (props.readReplicas === undefined && readReplicas > 2) {
        Annotations.of(this).addWarningV2(
          'cdk-scale-patterns:database-cluster-readers',
          `The plan asks for ${readReplicas} read replicas; a Multi-AZ DB cluster has 2 readable standbys. Use shape 'instance' or shard.`,
        );
      }
      if (props.proxy === undefined && wantProxy) {
        Annotations.of(this).addWarningV2(
          'cdk-scale-patterns:database-cluster-proxy',
          "The plan advises RDS Proxy; it is built for shape 'instance' only. Pool connections in the application.",
        );
      }
      const cluster = new rds.CfnDBCluster(this, 'Cluster', {
        engine: this.engine,
        engineVersion: engine.engineVersion?.fullVersion,
        dbClusterInstanceClass: `db.${instanceType.toString()}`,
        storageType: props.clusterStorage?.type ?? 'gp3',
        allocatedStorage,
        iops: props.clusterStorage?.iops ?? gp3BaselineIops(allocatedStorage),
        storageEncrypted: true,
        kmsKeyId: props.encryptionKey?.keyArn,
        port: this.port,
        dbClusterParameterGroupName: this.parameterGroup.bindToCluster({}).parameterGroupName,
        dbSubnetGroupName: this.subnetGroup.subnetGroupName,
        vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
        masterUsername: props.masterUsername ?? 'dbadmin',
        manageMasterUserPassword: true,
        masterUserSecret: props.encryptionKey ? { kmsKeyId: props.encryptionKey.keyArn } : undefined,
        databaseName: props.databaseName,
        backupRetentionPeriod: backupRetention.toDays(),
        copyTagsToSnapshot: true,
        deletionProtection,
        enableIamDatabaseAuthentication: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.encryptionKey?.keyArn,
        performanceInsightsRetentionPeriod: 7,
        enableCloudwatchLogsExports: logExports,
        autoMinorVersionUpgrade: true,
        publiclyAccessible: false,
      });
      cluster.applyRemovalPolicy(removalPolicy);
      this.cluster = cluster;
      this.replicas = [];
      this.secret = secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', cluster.attrMasterUserSecretSecretArn);
      const clusterPort = Token.asNumber(cluster.attrEndpointPort);
      this.writerEndpoint = new rds.Endpoint(cluster.attrEndpointAddress, clusterPort);
      this.readerEndpoints = [new rds.Endpoint(cluster.attrReadEndpointAddress, clusterPort)];
    } else {
      if (!multiAz) {
        Annotations.of(this).addWarningV2(
          'cdk-scale:database-single-az',
          'multiAz is false: the writer is a single point of failure. Losing its AZ or its host stops every write until RDS replaces it (and recovery may need a restore from backup); keep multiAz true in production.',
        );
      }
      // ---- writer ----
      const primary = new rds.DatabaseInstance(this, 'Primary', {
        engine,
        instanceType,
        vpc: props.vpc,
        subnetGroup: this.subnetGroup,
        securityGroups: [this.securityGroup],
        port: this.port,
        multiAz,
        credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? 'dbadmin', {
          encryptionKey: props.encryptionKey,
        }),
        databaseName: props.databaseName,
        parameterGroup: this.parameterGroup,
        storageType: rds.StorageType.GP3,
        allocatedStorage,
        maxAllocatedStorage,
        storageEncrypted: true,
        storageEncryptionKey: props.encryptionKey,
        backupRetention,
        copyTagsToSnapshot: true,
        deletionProtection,
        removalPolicy,
        iamAuthentication: true,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: props.encryptionKey,
        performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
        cloudwatchLogsExports: logExports,
        autoMinorVersionUpgrade: true,
        publiclyAccessible: false,
      });
      this.primary = primary;
      this.secret = primary.secret!;
      this.rotation = primary.addRotationSingleUser({
        automaticallyAfter: props.rotationInterval ?? Duration.days(30),
        // The rotation function calls the Secrets Manager API: it needs a route out (NAT).
        vpcSubnets: rotationSubnets(props.vpc, subnets),
      });
      this.writerEndpoint = primary.instanceEndpoint;

      // ---- read replicas, round-robin over the AZs ----
      const replicasMultiAz = props.replicasMultiAz ?? false;
      const replicaAzs = azs ?? props.vpc.availabilityZones;
      this.replicas = [];
      for (let i = 0; i < readReplicas; i++) {
        const az = replicasMultiAz || replicaAzs.length === 0 ? undefined : replicaAzs[i % replicaAzs.length];
        const replica = new rds.DatabaseInstanceReadReplica(this, `Replica${i + 1}`, {
          sourceDatabaseInstance: primary,
          instanceType,
          vpc: props.vpc,
          subnetGroup: this.subnetGroup,
          securityGroups: [this.securityGroup],
          port: this.port,
          parameterGroup: this.parameterGroup,
          multiAz: replicasMultiAz,
          availabilityZone: az,
          storageType: rds.StorageType.GP3,
          maxAllocatedStorage,
          // No StorageEncrypted / KmsKeyId: a replica inherits its source's encryption and key, and
          // CloudFormation rejects StorageEncrypted alongside SourceDBInstanceIdentifier (F3020).
          deletionProtection,
          removalPolicy: RemovalPolicy.DESTROY,
          iamAuthentication: true,
          enablePerformanceInsights: true,
          performanceInsightEncryptionKey: props.encryptionKey,
          performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
          cloudwatchLogsExports: logExports,
          autoMinorVersionUpgrade: true,
          publiclyAccessible: false,
        });
        // A replica inherits its engine from the source; stating it lets template checks (cdk-nag
        // RDS11) see that the replica does not use the engine's default port.
        (replica.node.defaultChild as rds.CfnDBInstance).engine = engine.engineType;
        acknowledgeReplicaEncryption(replica);
        if (az !== undefined && !Token.isUnresolved(az)) {
          acknowledgeLiteralAvailabilityZone(replica);
        }
        if (!replicasMultiAz && multiAz) {
          Validations.of(replica).acknowledge({
            id: 'AwsSolutions-RDS3',
            reason:
              'Read replica by design: the writer is Multi-AZ (synchronous standby) and the replicas are spread round-robin across the AZs, so losing an AZ leaves the writer and the other replicas serving; set replicasMultiAz for Multi-AZ replicas.',
          });
        }
        this.replicas.push(replica);
      }
      this.readerEndpoints = this.replicas.map((r) => r.instanceEndpoint);

      // ---- RDS Proxy ----
      if (wantProxy) {
        const proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
          vpc: props.vpc,
          description: `${this.node.path}: RDS Proxy, ingress from the database clients only`,
          allowAllOutbound: false,
        });
        this.proxy = primary.addProxy('Proxy', {
          vpc: props.vpc,
          vpcSubnets: subnets,
          secrets: [this.secret],
          securityGroups: [proxySecurityGroup],
          requireTLS: true,
          iamAuth: true,
        });
      }
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
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
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
  public metricConnectionUtilization(props?: cloudwatch.MathExpressionOptions & { readonly period?: Duration }): cloudwatch.MathExpression {
    if (this.maxConnectionsPerInstance === undefined) {
      throw new Error(`${this.node.path}: metricConnectionUtilization needs maxConnectionsPerInstance (give a plan or the prop)`);
    }
    return new cloudwatch.MathExpression({
      expression: `100 * connections / ${this.maxConnectionsPerInstance}`,
      usingMetrics: { connections: this.metricDatabaseConnections({ period: props?.period }) },
      label: 'Connections (% of max_connections)',
      ...props,
    });
  }

  /**
   * Replication lag of one read replica, in seconds (`ReplicaLag`).
   * @param replica the replica, or its index in {@link replicas}. @default the first replica
   */
  public metricReplicaLag(replica: rds.IDatabaseInstance | number = 0, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    let instance: rds.IDatabaseInstance | undefined;
    if (typeof replica === 'number') {
      instance = this.replicas[replica];
      if (!instance) {
        throw new Error(`${this.node.path}: no read replica at index ${replica} (there are ${this.replicas.length})`);
      }
    } else {
      instance = replica;
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensionsMap: { DBInstanceIdentifier: instance.instanceIdentifier },
      statistic: 'Maximum',
      ...props,
    });
  }

  /**
   * The highest replication lag over all read replicas (seconds). CloudWatch alarms accept at most
   * 10 metrics in an expression: alarm per replica with {@link metricReplicaLag} beyond 10 replicas.
   */
  public metricMaxReplicaLag(props?: cloudwatch.MathExpressionOptions & { readonly period?: Duration }): cloudwatch.MathExpression {
    if (this.replicas.length === 0) throw new Error(`${this.node.path}: there are no read replicas`);
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    this.replicas.forEach((r, i) => {
      usingMetrics[`lag${i + 1}`] = this.metricReplicaLag(r, { period: props?.period });
    });
    return new cloudwatch.MathExpression({
      expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
      usingMetrics,
      label: 'ReplicaLag (max over replicas)',
      ...props,
    });
  }

  private metricWriter(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimensionsMap: cloudwatch.DimensionsMap = this.cluster
      ? { DBClusterIdentifier: this.cluster.ref }
      : { DBInstanceIdentifier: this.primary!.instanceIdentifier };
    return new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap, ...props });
  }
}


/** Subnets with a route out for the rotation function, else the database's own. */
function rotationSubnets(vpc: ec2.IVpc, dataSubnets: ec2.SubnetSelection): ec2.SubnetSelection {
  if (vpc.privateSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  return dataSubnets;
}

