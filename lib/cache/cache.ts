/**
 * Cache: an ElastiCache (Valkey by default, Redis OSS as an option) replication group in cluster
 * mode, wrapping `CfnReplicationGroup` (aws-cdk-lib has no ElastiCache L2). Sized from a capacity
 * plan or explicit props (explicit props win); no capacity arithmetic happens here.
 */
import { Annotations, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { cacheSizing } from '../capacity/sizing';
import { acknowledgeManualRotation } from '../private/acknowledgments';
import { createLogGroupKey } from '../private/log-group-key';
import { defaultDataSubnets } from '../private/subnets';
import { type CacheSettings, validateCacheProps, validateHasReplicas, validateNodeAddress } from './validate-cache';

/** Cache engines the construct builds. */
export type CacheEngine = 'valkey' | 'redis';

/** Engine versions built when `engineVersion` is not given. */
export const DEFAULT_CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, string>> = { valkey: '8.2', redis: '7.1' };

/** Default port: not the well-known 6379 (cdk-nag AwsSolutions-AEC5). */
export const DEFAULT_CACHE_PORT = 6380;

/** Warning IDs this construct emits (stable: safe to acknowledge). */
export const CACHE_WARNINGS = {
  singleAz: 'cdk-scale-patterns:cache:singleAz',
} as const;

/** Chooses one node of the replication group for a per-node metric. */
export interface CacheNodeMetricOptions extends cloudwatch.MetricOptions {
  /**
   * Shard (node group), 1-based.
   * @default 1
   */
  readonly shard?: number;
  /**
   * Node within the shard, 1-based: node 1 is the shard's initial primary, nodes 2.. its replicas
   * (roles swap after a failover; the IDs do not).
   * @default 1 (2 for replication lag, which replicas report)
   */
  readonly node?: number;
}

/** Properties of {@link Cache}. */
export interface CacheProps {
  /** The VPC to place the cache in. */
  readonly vpc: ec2.IVpc;
  /**
   * The capacity plan: node type, shards and replicas per shard. Explicit props win over the plan.
   * @default - no plan: `nodeType` is then required
   */
  readonly plan?: CapacityPlan;
  /**
   * Cache engine.
   * @default 'valkey'
   */
  readonly engine?: CacheEngine;
  /**
   * Engine version.
   * @default '8.2' for Valkey, '7.1' for Redis OSS
   */
  readonly engineVersion?: string;
  /**
   * Parameter group family matching the engine version.
   * @default - derived from the engine and major version: `valkey8`, `redis7`, `redis6.x`
   */
  readonly parameterGroupFamily?: string;
  /**
   * Node type, e.g. `cache.r7g.large`.
   * @default - `plan.cache.nodeType`
   */
  readonly nodeType?: string;
  /**
   * Shards (node groups), 1–500.
   * @default - `plan.cache.shards`, else 1
   */
  readonly shards?: number;
  /**
   * Replicas per shard, 0–5.
   * @default - `plan.cache.replicasPerShard`, else 1
   */
  readonly replicasPerShard?: number;
  /**
   * Multi-AZ with automatic failover to a replica in another AZ (needs ≥ 1 replica per shard).
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Port.
   * @default 6380
   */
  readonly port?: number;
  /**
   * KMS key for encryption at rest, for the AUTH token secret and, with `slowLog`, for the slow log group. With
   * `slowLog`, its policy must let this region's CloudWatch Logs service principal (`logs.<region>.amazonaws.com`)
   * use it (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
   * @default - the AWS managed keys, and a customer managed key created for the slow log group
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Days automatic snapshots are kept, 1–35.
   * @default 7
   */
  readonly snapshotRetentionLimit?: number;
  /**
   * Daily snapshot window (UTC, `hh:mm-hh:mm`, at least 60 minutes).
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window (UTC, `ddd:hh:mm-ddd:hh:mm`); must not overlap the snapshot window.
   * @default 'sun:05:00-sun:06:00'
   */
  readonly preferredMaintenanceWindow?: string;
  /**
   * Subnets for the cache.
   * @default - the VPC's isolated subnets if it has any, else its private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Peers allowed to connect (typically the web tier), on the cache port only.
   * More can be added with {@link Cache.allowFrom}.
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];
  /**
   * Deliver the slow log to a CloudWatch Logs log group (JSON), encrypted with `encryptionKey` or, without one, a
   * rotating customer managed key created for it whose policy lets CloudWatch Logs use it.
   * @default false
   */
  readonly slowLog?: boolean;
  /**
   * Retention of the slow log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly slowLogRetention?: logs.RetentionDays;
  /**
   * Replication group ID (lowercase letters, digits and hyphens, ≤ 40 characters, starting with a
   * letter). A fixed ID prevents changes that need a replacement.
   * @default - generated by CloudFormation
   */
  readonly replicationGroupId?: string;
  /**
   * Removal policy of the replication group.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A Multi-AZ, encrypted, AUTH-protected ElastiCache replication group in cluster mode, in private
 * subnets, reachable from its clients on a non-default port only.
 */
export class Cache extends Construct {
  /** The engine built. */
  public readonly engine: CacheEngine;
  /** The engine version built. */
  public readonly engineVersion: string;
  /** The node type built. */
  public readonly nodeType: string;
  /** Shards (node groups). */
  public readonly shards: number;
  /** Replicas per shard. */
  public readonly replicasPerShard: number;
  /** The port clients connect to. */
  public readonly port: number;
  /** The replication group (cluster mode enabled). */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The AUTH token (generated; alphanumeric, 64 characters). */
  public readonly authToken: secretsmanager.Secret;
  /** The cache's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network access to the cache on {@link port}. */
  public readonly connections: ec2.Connections;
  /** The subnet group (private subnets). */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The parameter group (`maxmemory-policy allkeys-lru`, `cluster-enabled yes`). */
  public readonly parameterGroup: elasticache.CfnParameterGroup;
  /** The slow log group, when `slowLog` is on. */
  public readonly slowLogGroup?: logs.LogGroup;
  /** The KMS key encrypting the slow log group (`encryptionKey`, else one created for it), when `slowLog` is on. */
  public readonly slowLogEncryptionKey?: kms.IKey;
  /** The configuration endpoint clients in cluster mode connect to (address and port tokens). */
  public readonly configurationEndpoint: { readonly address: string; readonly port: string };

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const sizing = props.plan ? cacheSizing(props.plan) : undefined;
    const engine = props.engine ?? 'valkey';
    const settings: CacheSettings = {
      engine,
      engineVersion: props.engineVersion ?? DEFAULT_CACHE_ENGINE_VERSIONS[engine] ?? DEFAULT_CACHE_ENGINE_VERSIONS.valkey,
      nodeType: props.nodeType ?? sizing?.nodeType,
      shards: props.shards ?? sizing?.shards ?? 1,
      replicasPerShard: props.replicasPerShard ?? sizing?.replicasPerShard ?? 1,
      multiAz: props.multiAz ?? true,
      port: props.port ?? DEFAULT_CACHE_PORT,
      snapshotRetentionLimit: props.snapshotRetentionLimit ?? 7,
      vpcSubnets: props.vpcSubnets ?? defaultDataSubnets(props.vpc),
    };
    validateCacheProps(this, props, settings);

    this.engine = settings.engine;
    this.engineVersion = settings.engineVersion;
    this.nodeType = settings.nodeType!;
    this.shards = settings.shards;
    this.replicasPerShard = settings.replicasPerShard;
    this.port = settings.port;
    const multiAz = settings.multiAz;
    if (!multiAz) {
      Annotations.of(this).addWarningV2(
        CACHE_WARNINGS.singleAz,
        'multiAz is false: a failed primary or AZ is not failed over automatically, a single point of failure for the cache tier',
      );
    }
    const family = props.parameterGroupFamily ?? parameterGroupFamily(this.engine, this.engineVersion);

    // ---- network ----
    const subnets = props.vpc.selectSubnets(settings.vpcSubnets);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: ${this.engine} cache, ingress from its clients on port ${this.port} only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `${this.node.path}: ${this.engine} cache subnets`,
      subnetIds: subnets.subnetIds,
    });

    // ---- parameters: evict any key, least recently used first, when memory is full ----
    this.parameterGroup = new elasticache.CfnParameterGroup(this, 'Parameters', {
      cacheParameterGroupFamily: family,
      description: `${this.node.path}: cluster mode, allkeys-lru`,
      properties: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'allkeys-lru' },
    });

    // ---- AUTH token: AUTH allows only printable ASCII without most punctuation: use letters and digits ----
    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      description: `${this.node.path}: AUTH token of the ${this.engine} replication group`,
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    acknowledgeManualRotation(
      this.authToken,
      'ElastiCache AUTH tokens have no Secrets Manager rotation function (the managed ElastiCache rotation covers RBAC users only, and cdk-nag AEC6 requires AUTH)',
      'ModifyReplicationGroup with AuthTokenUpdateStrategy ROTATE, then SET once every client uses the new token',
    );

    // ---- slow log ----
    if (props.slowLog) {
      this.slowLogEncryptionKey =
        props.encryptionKey ?? createLogGroupKey(this, 'SlowLogKey', { description: `Encrypts the slow log of ${this.node.path}` });
      this.slowLogGroup = new logs.LogGroup(this, 'SlowLog', {
        encryptionKey: this.slowLogEncryptionKey,
        retention: props.slowLogRetention ?? logs.RetentionDays.ONE_MONTH,
      });
    }

    // ---- the replication group ----
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `${this.node.path}: ${this.engine} ${this.engineVersion}, cluster mode, ${this.shards} shard(s) x ${this.replicasPerShard} replica(s)`,
      replicationGroupId: props.replicationGroupId,
      engine: this.engine,
      engineVersion: this.engineVersion,
      cacheNodeType: this.nodeType,
      clusterMode: 'enabled',
      numNodeGroups: this.shards,
      replicasPerNodeGroup: this.replicasPerShard,
      multiAzEnabled: multiAz,
      automaticFailoverEnabled: true,
      cacheParameterGroupName: this.parameterGroup.ref,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: this.port,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: props.encryptionKey?.keyArn,
      // A dynamic reference ({{resolve:secretsmanager:...}}): the token never appears in the template.
      // With @aws-cdk/core:checkSecretUsage on, a SecretValue may only reach an L1 string via unsafeUnwrap().
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      snapshotRetentionLimit: settings.snapshotRetentionLimit,
      snapshotWindow: props.snapshotWindow ?? '03:00-04:00',
      preferredMaintenanceWindow: props.preferredMaintenanceWindow ?? 'sun:05:00-sun:06:00',
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: this.slowLogGroup
        ? [
            {
              destinationType: 'cloudwatch-logs',
              destinationDetails: { cloudWatchLogsDetails: { logGroup: this.slowLogGroup.logGroupName } },
              logFormat: 'json',
              logType: 'slow-log',
            },
          ]
        : undefined,
    });
    this.replicationGroup.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.SNAPSHOT);
    this.configurationEndpoint = {
      address: this.replicationGroup.attrConfigurationEndPointAddress,
      port: this.replicationGroup.attrConfigurationEndPointPort,
    };

    for (const client of props.clients ?? []) this.allowFrom(client);
  }

  /** Allows `peer` (typically the web tier) to connect on the cache port; nothing else is opened. */
  public allowFrom(peer: ec2.IConnectable, description = 'Cache client'): void {
    this.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
  }

  /**
   * The ID of one node's member cluster, the `CacheClusterId` dimension of ElastiCache's per-node
   * metrics: `<replication group id>-<shard, 4 digits>-<node, 3 digits>`.
   * @throws PropsValidationError when `shard` or `node` does not exist
   */
  public memberClusterId(shard = 1, node = 1): string {
    validateNodeAddress(`${this.node.path}.memberClusterId`, this, shard, node);
    return `${this.replicationGroup.ref}-${String(shard).padStart(4, '0')}-${String(node).padStart(3, '0')}`;
  }

  /**
   * A metric of one node. ElastiCache publishes node-based cluster metrics per node (dimension
   * `CacheClusterId` = the node's member cluster), not per replication group.
   */
  public metric(metricName: string, options: CacheNodeMetricOptions = {}): cloudwatch.Metric {
    const { shard, node, ...props } = options;
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: this.memberClusterId(shard, node) },
      period: Duration.minutes(1),
      ...props,
    });
  }

  /** The same metric for every node of every shard (for dashboards, or one alarm per node). */
  public metricForEachNode(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric[] {
    const metrics: cloudwatch.Metric[] = [];
    for (let shard = 1; shard <= this.shards; shard++) {
      for (let node = 1; node <= this.replicasPerShard + 1; node++) metrics.push(this.metric(metricName, { ...props, shard, node }));
    }
    return metrics;
  }

  /** Keys evicted for lack of memory (`Evictions`, Sum). With allkeys-lru, a sustained rate means the cache is too small. */
  public metricEvictions(options: CacheNodeMetricOptions = {}): cloudwatch.Metric {
    return this.metric('Evictions', { statistic: 'Sum', ...options });
  }

  /** Memory used as a percentage of what is available for data (`DatabaseMemoryUsagePercentage`, Maximum). */
  public metricMemoryUsage(options: CacheNodeMetricOptions = {}): cloudwatch.Metric {
    return this.metric('DatabaseMemoryUsagePercentage', { statistic: 'Maximum', ...options });
  }

  /** CPU of the engine thread (`EngineCPUUtilization`, Maximum). */
  public metricEngineCPUUtilization(options: CacheNodeMetricOptions = {}): cloudwatch.Metric {
    return this.metric('EngineCPUUtilization', { statistic: 'Maximum', ...options });
  }

  /**
   * Replication lag of a replica in seconds (`ReplicationLag`, Maximum), reported by replica nodes.
   * @throws PropsValidationError when the shards have no replicas
   */
  public metricReplicationLag(options: CacheNodeMetricOptions = {}): cloudwatch.Metric {
    validateHasReplicas(`${this.node.path}.metricReplicationLag`, this);
    return this.metric('ReplicationLag', { statistic: 'Maximum', node: 2, ...options });
  }
}

/** `valkey8`, `redis7`, `redis6.x`, ... from the engine and its version. */
export function parameterGroupFamily(engine: CacheEngine, engineVersion: string): string {
  const major = Token.isUnresolved(engineVersion) ? '' : engineVersion.split('.')[0];
  if (engine === 'redis' && Number(major) <= 6) return `redis${major}.x`;
  return `${engine}${major}`;
}


