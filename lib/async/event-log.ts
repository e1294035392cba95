/**
 * EventLog: an ordered, replayable event log on Amazon MSK (provisioned, Standard brokers), wrapping the L1
 * `CfnCluster` (aws-cdk-lib has no MSK L2): brokers spread over the VPC's subnets in up to three AZs, the plan's
 * broker type and count, encryption at rest (a customer managed key) and in transit (TLS between clients and brokers
 * and between brokers), IAM access control only, enhanced monitoring, broker logs to an encrypted log group, topics
 * with replication factor 3 and min in-sync replicas 2, and a consumer-lag alarm for every consumer group named.
 */
import { Arn, ArnFormat, Duration, Fn, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MSK_LIMITS } from '../capacity/async-catalog';
import type { CapacityPlan } from '../capacity/plan-types';
import { eventLogSizing } from '../capacity/sizing';
import { notifyTopic } from '../private/alarm-actions';
import { restrictGrantsToAwsServices } from '../private/key-grants';
import { createLogGroupKey } from '../private/log-group-key';
import { defaultDataSubnets } from '../private/subnets';
import { createEncryptedTopic, createTopicKey } from '../private/topics';
import { ASYNC_ALARM_EVALUATION_PERIODS, EVENT_LOG_DEFAULTS } from './private/defaults';
import { validateEventLogProps, validateTopicAccess, type EventLogSettings, type EventLogSettingsInput } from './validate-event-log';

/** How much CloudWatch monitoring the brokers publish (DEFAULT is free; the others are billed per metric). */
export type EventLogMonitoring = 'DEFAULT' | 'PER_BROKER' | 'PER_TOPIC_PER_BROKER' | 'PER_TOPIC_PER_PARTITION';

/** A topic of the event log, created by CloudFormation (AWS::MSK::Topic). */
export interface EventLogTopic {
  /** Topic name: 1–249 letters, digits, '.', '_' or '-'. */
  readonly name: string;
  /**
   * Partitions (at least the consumers of a group, or some idle).
   * @default - `plan.async.eventLog.partitions`, else the number of brokers
   */
  readonly partitions?: number;
  /**
   * Consumer groups reading the topic: each gets an alarm on its consumer lag (`EstimatedMaxTimeLag`). MSK publishes
   * no lag metrics for a group whose name has a colon or non-ASCII characters, so names are letters, digits, '.', '_'
   * or '-'.
   * @default - none
   */
  readonly consumerGroups?: string[];
}

/** Properties of an {@link EventLog}. */
export interface EventLogProps {
  /** The VPC the brokers are placed in. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets for the brokers: one per AZ is used, in the first three AZs of the selection (MSK takes 2 or 3 client subnets).
   * @default - the VPC's isolated subnets if it has any, else its private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The capacity plan: broker type, brokers, storage, partitions, retention and the lag alarm's threshold come from its
   * `async.eventLog` unless the explicit props below are given.
   * @default - no plan: `brokerType`, `brokers` and `storageGiBPerBroker` are required
   */
  readonly plan?: CapacityPlan;
  /** Standard broker type, e.g. `kafka.m7g.large` (Express brokers are not built). @default - `plan.async.eventLog.brokerType` */
  readonly brokerType?: string;
  /** Brokers: at least 3 (the replication factor), a multiple of the broker AZs. @default - `plan.async.eventLog.brokers` */
  readonly brokers?: number;
  /** EBS storage per broker, 1–16,384 GiB. @default - `plan.async.eventLog.storageGiBPerBroker` */
  readonly storageGiBPerBroker?: number;
  /** Apache Kafka version. @default '3.9.x.kraft' (KRaft metadata mode) */
  readonly kafkaVersion?: string;
  /** Topics to create. @default - none */
  readonly topics?: EventLogTopic[];
  /** How long the log keeps records (whole hours). @default - `plan.async.eventLog.retentionHours`, else 7 days */
  readonly retention?: Duration;
  /**
   * The consumer lag a group may reach: its alarm fires above it for 3 minutes.
   * @default - `plan.async.maxBacklogSeconds`, else 5 minutes
   */
  readonly maxConsumerLag?: Duration;
  /** The key encrypting the brokers' storage. @default - a new key with rotation */
  readonly encryptionKey?: kms.IKey;
  /** Enhanced monitoring level. @default 'PER_BROKER' */
  readonly enhancedMonitoring?: EventLogMonitoring;
  /** Retention of the broker log group (encrypted with a customer managed key). @default logs.RetentionDays.ONE_YEAR */
  readonly brokerLogRetention?: logs.RetentionDays;
  /** Peers allowed to connect (IAM access control, port 9098); more with {@link EventLog.allowFrom}. @default - none */
  readonly clients?: ec2.IConnectable[];
  /**
   * Topic the consumer-lag alarms notify; its key must let CloudWatch publish.
   * @default - a new topic encrypted with a new key that CloudWatch may use (when a consumer group is named)
   */
  readonly alarmTopic?: sns.ITopic;
  /** Cluster name (1–64 letters, digits or hyphens, starting with a letter or digit). @default - generated from the path */
  readonly clusterName?: string;
  /** What happens to the cluster when removed from the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** An MSK cluster across up to three AZs: encrypted, IAM-authenticated, monitored, logging. */
export class EventLog extends Construct {
  /** The MSK cluster. */
  public readonly cluster: msk.CfnCluster;
  /** The broker configuration (replication factor 3, min in-sync replicas 2, no topic auto-creation). */
  public readonly configuration: msk.CfnConfiguration;
  /** The topics created, by name. */
  public readonly topics: Readonly<Record<string, msk.CfnTopic>>;
  /** The cluster's name (the `Cluster Name` dimension of its metrics). */
  public readonly clusterName: string;
  /** The brokers' security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network access to the brokers on the IAM port (9098). */
  public readonly connections: ec2.Connections;
  /** The key encrypting the brokers' storage. */
  public readonly encryptionKey: kms.IKey;
  /** The broker log group. */
  public readonly brokerLogGroup: logs.LogGroup;
  /** The consumer-lag alarms, by `<topic>/<group>`. */
  public readonly consumerLagAlarms: Readonly<Record<string, cloudwatch.Alarm>>;
  /** The topic the alarms notify, when there is a consumer group. */
  public readonly alarmTopic?: sns.ITopic;
  /** The sizes the cluster was built with. */
  public readonly settings: EventLogSettings;

  constructor(scope: Construct, id: string, props: EventLogProps) {
    super(scope, id);
    const planned = props.plan ? eventLogSizing(props.plan) : undefined;
    const selection = props.vpcSubnets ?? defaultDataSubnets(props.vpc);
    const subnetIds = clientSubnetIds(props.vpc, selection);
    const brokers = props.brokers ?? planned?.brokers;
    const settings: EventLogSettingsInput = {
      brokerType: props.brokerType ?? planned?.brokerType,
      brokers,
      storageGiBPerBroker: props.storageGiBPerBroker ?? planned?.storageGiBPerBroker,
      kafkaVersion: props.kafkaVersion ?? EVENT_LOG_DEFAULTS.kafkaVersion,
      clientSubnets: subnetIds.length,
      partitions: planned?.partitions ?? brokers,
      retention: props.retention ?? (planned ? Duration.hours(planned.retentionHours) : EVENT_LOG_DEFAULTS.retention),
      maxConsumerLag: props.maxConsumerLag ?? (planned ? Duration.seconds(planned.maxLagSeconds) : EVENT_LOG_DEFAULTS.maxConsumerLag),
      clusterName: props.clusterName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
    };
    validateEventLogProps(this, props, settings);
    this.settings = settings;
    this.clusterName = settings.clusterName;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: MSK brokers, ingress from their clients on the IAM port ${MSK_LIMITS.iamPort} only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(MSK_LIMITS.iamPort) });
    this.encryptionKey = props.encryptionKey ?? restrictGrantsToAwsServices(new kms.Key(this, 'Key', { description: `Encrypts the broker storage of ${this.node.path}`, enableKeyRotation: true }));
    this.brokerLogGroup = new logs.LogGroup(this, 'BrokerLogs', {
      encryptionKey: createLogGroupKey(this, 'BrokerLogsKey', { description: `Encrypts the broker logs of ${this.node.path}` }),
      retention: props.brokerLogRetention ?? EVENT_LOG_DEFAULTS.brokerLogRetention,
    });

    const retentionHours = settings.retention.toHours();
    this.configuration = new msk.CfnConfiguration(this, 'Configuration', {
      name: `${this.clusterName.slice(0, 57)}-config`,
      description: `${this.node.path}: replication factor 3, min in-sync replicas 2, no topic auto-creation`,
      kafkaVersionsList: [settings.kafkaVersion],
      serverProperties: [
        'auto.create.topics.enable=false',
        `default.replication.factor=${MSK_LIMITS.replicationFactor}`,
        // A write needs 2 of 3 replicas (acks=all): it survives one broker, or one AZ, down.
        `min.insync.replicas=${MSK_LIMITS.minInSyncReplicas}`,
        'unclean.leader.election.enable=false',
        `log.retention.hours=${retentionHours}`,
      ].join('\n'),
    });

    this.cluster = new msk.CfnCluster(this, 'Cluster', {
      clusterName: this.clusterName,
      kafkaVersion: settings.kafkaVersion,
      numberOfBrokerNodes: settings.brokers,
      brokerNodeGroupInfo: {
        instanceType: settings.brokerType,
        clientSubnets: subnetIds,
        securityGroups: [this.securityGroup.securityGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: settings.storageGiBPerBroker } },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: this.encryptionKey.keyArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } },
      enhancedMonitoring: props.enhancedMonitoring ?? EVENT_LOG_DEFAULTS.enhancedMonitoring,
      loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: this.brokerLogGroup.logGroupName } } },
      configurationInfo: { arn: this.configuration.attrArn, revision: 1 },
    });
    this.cluster.applyRemovalPolicy(removalPolicy);

    const topics: Record<string, msk.CfnTopic> = {};
    const alarms: Record<string, cloudwatch.Alarm> = {};
    const needsAlarmTopic = (props.topics ?? []).some((t) => (t.consumerGroups ?? []).length > 0);
    if (needsAlarmTopic) {
      this.alarmTopic = props.alarmTopic ?? createEncryptedTopic(this, 'AlarmTopic', {
        key: createTopicKey(this, 'AlarmTopicKey', { description: `Encrypts the alarm topic of ${this.node.path}`, publishers: ['cloudwatch-alarms'] }),
        displayName: `Event log alarms of ${this.node.path}`,
      });
    }
    const lagSeconds = settings.maxConsumerLag.toSeconds();
    (props.topics ?? []).forEach((t, i) => {
      const topicId = i === 0 ? 'Topic' : `Topic${i + 1}`;
      const topic = new msk.CfnTopic(this, topicId, {
        clusterArn: this.cluster.attrArn,
        topicName: t.name,
        partitionCount: t.partitions ?? settings.partitions!,
        replicationFactor: MSK_LIMITS.replicationFactor,
        configs: Buffer.from([`min.insync.replicas=${MSK_LIMITS.minInSyncReplicas}`, `retention.ms=${settings.retention.toMilliseconds()}`].join('\n')).toString('base64'),
      });
      topic.applyRemovalPolicy(removalPolicy);
      topics[t.name] = topic;
      for (const group of t.consumerGroups ?? []) {
        const alarm = this.metricEstimatedMaxTimeLag(t.name, group).createAlarm(this, `ConsumerLagAlarm${Object.keys(alarms).length + 1}`, {
          alarmDescription: `${this.node.path}: consumer group ${group} is more than ${lagSeconds} s behind on topic ${t.name} for ${ASYNC_ALARM_EVALUATION_PERIODS} minutes: its consumers fall behind, or fail.`,
          threshold: lagSeconds,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: ASYNC_ALARM_EVALUATION_PERIODS,
          datapointsToAlarm: ASYNC_ALARM_EVALUATION_PERIODS,
          // Lag is published only while the group is STABLE or EMPTY (consumer-lag.html): no data is not lag.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        notifyTopic(alarm, this.alarmTopic!);
        alarms[`${t.name}/${group}`] = alarm;
      }
    });
    this.topics = topics;
    this.consumerLagAlarms = alarms;
    for (const client of props.clients ?? []) this.allowFrom(client);
  }

  /** Allows `peer` to connect to the brokers on the IAM port (9098); nothing else is opened. */
  public allowFrom(peer: ec2.IConnectable, description = 'Event log client (IAM)'): void {
    this.connections.allowFrom(peer, ec2.Port.tcp(MSK_LIMITS.iamPort), description);
  }

  /** Lets `grantee` connect and write to `topic` (MSK IAM access control), nothing more. */
  public grantProduce(grantee: iam.IGrantable, topic: string): iam.Grant {
    validateTopicAccess(`${this.node.path}.grantProduce`, { topic }, false);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resourceArns: [this.cluster.attrArn, this.resourceArn('topic', topic)],
    });
  }

  /** Lets `grantee` connect, read `topic` and commit offsets as `group` (MSK IAM access control), nothing more. */
  public grantConsume(grantee: iam.IGrantable, topic: string, group: string): iam.Grant {
    validateTopicAccess(`${this.node.path}.grantConsume`, { topic, group }, true);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
      resourceArns: [this.cluster.attrArn, this.resourceArn('topic', topic), this.resourceArn('group', group)],
    });
  }

  // Consumer-lag metrics (DEFAULT monitoring level, dimensions Cluster Name, Consumer Group, Topic):
  // https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html

  /** EstimatedMaxTimeLag: seconds to drain the group's largest partition lag on `topic` (Maximum). */
  public metricEstimatedMaxTimeLag(topic: string, group: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lagMetric('EstimatedMaxTimeLag', topic, group, props);
  }

  /** MaxOffsetLag: the group's largest offset lag across the partitions of `topic` (Maximum). */
  public metricMaxOffsetLag(topic: string, group: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lagMetric('MaxOffsetLag', topic, group, props);
  }

  /** SumOffsetLag: the group's offset lag summed over the partitions of `topic` (Maximum). */
  public metricSumOffsetLag(topic: string, group: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lagMetric('SumOffsetLag', topic, group, props);
  }

  private lagMetric(metricName: string, topic: string, group: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    validateTopicAccess(`${this.node.path}.metric${metricName}`, { topic, group }, true);
    return new cloudwatch.Metric({
      namespace: 'AWS/Kafka',
      metricName,
      dimensionsMap: { 'Cluster Name': this.clusterName, 'Consumer Group': group, 'Topic': topic },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * A topic's or group's ARN for IAM access control: `arn:…:kafka:<region>:<account>:<type>/<cluster name>/<cluster
   * UUID>/<name>`, the UUID being the last part of the cluster's ARN (https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html).
   */
  private resourceArn(type: 'topic' | 'group', name: string): string {
    const uuid = Fn.select(2, Fn.split('/', this.cluster.attrArn));
    return Arn.format({ service: 'kafka', resource: type, resourceName: `${this.clusterName}/${uuid}/${name}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, Stack.of(this));
  }
}

/** One subnet per AZ of the selection, in its first three AZs (MSK spreads brokers evenly over 2 or 3). */
function clientSubnetIds(vpc: ec2.IVpc, selection: ec2.SubnetSelection): string[] {
  try {
    return vpc.selectSubnets({ ...selection, onePerAz: true }).subnetIds.slice(0, MSK_LIMITS.maxClientSubnets);
  } catch {
    return [];
  }
}
