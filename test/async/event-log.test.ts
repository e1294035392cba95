import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EventLog, type EventLogProps } from '../../lib/async';
import { planCapacity } from '../../lib/capacity';
import { Network } from '../../lib/network';
import { newTestApp, TestStack } from '../support/app';

const CLUSTER = 'AWS::MSK::Cluster';
/** 200,000 messages/s of 2 KB (400 MB/s), kept 2 days, 15 minutes of acceptable lag, a consumer group. */
const plan = planCapacity({
  traffic: { peakQps: 5000 },
  async: { messagesPerSecond: 200_000, messageBytes: 2000, retentionDays: 2, eventLog: true, maxBacklogSeconds: 900, consumerGroup: 'billing' },
});

describe('EventLog from a plan', () => {
  let template: Template;
  let log: EventLog;
  beforeAll(() => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const network = new Network(stack, 'Net', { plan });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc, allowAllOutbound: false });
    log = new EventLog(stack, 'Events', {
      vpc: network.vpc, vpcSubnets: network.dataSubnets, plan, clients: [client],
      topics: [{ name: 'orders', consumerGroups: ['billing', 'search'] }, { name: 'audit', partitions: 6 }],
    });
    const producer = new iam.Role(stack, 'Producer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const consumer = new iam.Role(stack, 'Consumer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    log.grantProduce(producer, 'orders');
    log.grantConsume(consumer, 'orders', 'billing');
    template = Template.fromStack(stack);
  });

  test('the plan\'s broker type, count and storage, across the three AZs\' data subnets', () => {
    const e = plan.async!.eventLog!;
    expect(e.brokers % 3).toBe(0);
    template.hasResourceProperties(CLUSTER, {
      ClusterName: log.clusterName,
      KafkaVersion: '3.9.x.kraft',
      NumberOfBrokerNodes: e.brokers,
      BrokerNodeGroupInfo: {
        InstanceType: e.brokerType,
        ClientSubnets: [1, 2, 3].map((i) => ({ Ref: Match.stringLikeRegexp(`^NetVpcDataSubnet${i}Subnet`) })),
        SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsSecurityGroup'), 'GroupId'] }],
        StorageInfo: { EBSStorageInfo: { VolumeSize: e.storageGiBPerBroker } },
      },
    });
    template.hasResource(CLUSTER, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('encrypted at rest with a rotating customer managed key and in transit (TLS to clients and between brokers)', () => {
    template.hasResourceProperties(CLUSTER, {
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsKey'), 'Arn'] } },
        EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { Description: Match.stringLikeRegexp('broker storage'), EnableKeyRotation: true });
  });

  test('IAM access control only; enhanced monitoring per broker; broker logs to an encrypted log group', () => {
    template.hasResourceProperties(CLUSTER, {
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
      EnhancedMonitoring: 'PER_BROKER',
      LoggingInfo: { BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: Match.stringLikeRegexp('^EventsBrokerLogs') } } } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsBrokerLogsKey'), 'Arn'] } });
  });

  test('the configuration: replication factor 3, min in-sync replicas 2, no auto-created topics, the plan\'s retention', () => {
    template.hasResourceProperties(CLUSTER, { ConfigurationInfo: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsConfiguration'), 'Arn'] }, Revision: 1 } });
    const [config] = Object.values(template.findResources('AWS::MSK::Configuration'));
    expect(config.Properties.KafkaVersionsList).toEqual(['3.9.x.kraft']);
    expect(config.Properties.ServerProperties.split('\n')).toEqual([
      'auto.create.topics.enable=false', 'default.replication.factor=3', 'min.insync.replicas=2', 'unclean.leader.election.enable=false', 'log.retention.hours=48',
    ]);
  });

  test('topics: the plan\'s partitions (or their own), replication factor 3, min in-sync replicas 2, the retention', () => {
    const topics = Object.values(template.findResources('AWS::MSK::Topic')).map((t) => t.Properties);
    expect(topics.map((t) => [t.TopicName, t.PartitionCount, t.ReplicationFactor])).toEqual([['orders', plan.async!.eventLog!.partitions, 3], ['audit', 6, 3]]);
    for (const t of topics) {
      expect(t.ClusterArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EventsCluster/), 'Arn'] });
      expect(Buffer.from(t.Configs, 'base64').toString()).toBe(`min.insync.replicas=2\nretention.ms=${2 * 86_400_000}`);
    }
  });

  test('a consumer-lag alarm per named group: EstimatedMaxTimeLag above the acceptable lag, to the alarm topic', () => {
    for (const group of ['billing', 'search']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Kafka',
        MetricName: 'EstimatedMaxTimeLag',
        Dimensions: Match.arrayWith([{ Name: 'Cluster Name', Value: log.clusterName }, { Name: 'Consumer Group', Value: group }, { Name: 'Topic', Value: 'orders' }]),
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 900,
        EvaluationPeriods: 3,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^EventsAlarmTopic') }],
      });
    }
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    expect(Object.keys(log.consumerLagAlarms)).toEqual(['orders/billing', 'orders/search']);
  });

  test('brokers admit their clients on the IAM port 9098 only', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    expect(ingress).toEqual([expect.objectContaining({ FromPort: 9098, ToPort: 9098, IpProtocol: 'tcp', GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^EventsSecurityGroup/), 'GroupId'] } })]);
  });

  test('grants: connect to the cluster and write / read one topic (and commit as one group), by ARN', () => {
    const statement = (role: string) => Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${role}`) }] } }))[0]
      .Properties.PolicyDocument.Statement;
    const [produce] = statement('Producer');
    expect(produce.Action).toEqual(['kafka-cluster:Connect', 'kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']);
    expect(JSON.stringify(produce.Resource)).toMatch(/:topic\/.*\/orders"/);
    const [consume] = statement('Consumer');
    expect(consume.Action).toEqual(['kafka-cluster:AlterGroup', 'kafka-cluster:Connect', 'kafka-cluster:DescribeGroup', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
    expect(consume.Resource).toHaveLength(3);
    expect(JSON.stringify(consume.Resource)).toMatch(/:group\/.*\/billing"/);
    expect(JSON.stringify([produce, consume])).not.toContain('"*"');
  });

  test('lag metrics carry the official names and dimensions', () => {
    for (const m of [log.metricEstimatedMaxTimeLag('orders', 'billing'), log.metricMaxOffsetLag('orders', 'billing'), log.metricSumOffsetLag('orders', 'billing')]) {
      expect(m.namespace).toBe('AWS/Kafka');
      expect(m.dimensions).toEqual({ 'Cluster Name': log.clusterName, 'Consumer Group': 'billing', 'Topic': 'orders' });
    }
    expect(() => log.metricMaxOffsetLag('orders', 'a:b')).toThrow(/Test\/Events\.metricMaxOffsetLag: invalid props[\s\S]*group: "a:b"/);
    expect(() => log.grantProduce(new iam.Role(new Stack(), 'R', { assumedBy: new iam.AnyPrincipal() }), 'bad topic')).toThrow(/topic: "bad topic" — must be 1–249 letters/);
  });
});

test('explicit props win over the plan; without consumer groups no alarm and no topic', () => {
  const app = newTestApp();
  const stack = new TestStack(app);
  const network = new Network(stack, 'Net');
  new EventLog(stack, 'Events', {
    vpc: network.vpc, plan, brokerType: 'kafka.m7g.large', brokers: 6, storageGiBPerBroker: 100, kafkaVersion: '3.8.x', clusterName: 'events',
    retention: Duration.hours(12), enhancedMonitoring: 'PER_TOPIC_PER_PARTITION', topics: [{ name: 't' }],
  });
  const t = Template.fromStack(stack);
  t.hasResourceProperties(CLUSTER, {
    ClusterName: 'events', KafkaVersion: '3.8.x', NumberOfBrokerNodes: 6, EnhancedMonitoring: 'PER_TOPIC_PER_PARTITION',
    BrokerNodeGroupInfo: Match.objectLike({ InstanceType: 'kafka.m7g.large', StorageInfo: { EBSStorageInfo: { VolumeSize: 100 } } }),
  });
  t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  t.resourceCountIs('AWS::SNS::Topic', 0);
});

describe('validation', () => {
  function build(props: Partial<EventLogProps>, azs = ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
    return () => {
      const stack = new TestStack(newTestApp());
      const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: azs, natGateways: 1 });
      new EventLog(stack, 'Events', { vpc, ...props });
    };
  }

  test('without a plan the sizes are required; a plan without an event log says why', () => {
    expect(build({})).toThrow(new RegExp([
      'Test/Events: invalid props \\(3 problems\\)',
      'brokerType: missing — is required without a plan', 'brokers: missing', 'storageGiBPerBroker: missing',
    ].join('[\\s\\S]*')));
    expect(build({ plan: planCapacity({ traffic: { peakQps: 10 }, async: { messagesPerSecond: 10 } }) })).toThrow(/brokerType: missing — is required: the plan has no event log/);
  });

  test('every problem at once: sizes, type, version, name, retention, topics and groups', () => {
    expect(build({
      brokerType: 'express.m7g.large', brokers: 4, storageGiBPerBroker: 20_000, kafkaVersion: 'latest', clusterName: '-events',
      retention: Duration.minutes(90), maxConsumerLag: Duration.millis(10),
      topics: [{ name: 'a b' }, { name: 'ok', partitions: 0, consumerGroups: ['g:1'] }, { name: 'ok' }],
    })).toThrow(new RegExp([
      'brokerType: "express.m7g.large" — must be a Standard broker type',
      'brokers: 4 — must be a multiple of the broker AZs \\(3\\)',
      'storageGiBPerBroker: 20000 — must be a whole number between 1 and 16384',
      'kafkaVersion: "latest"', 'clusterName: "-events"',
      'retention: "5400 s" — must be a whole number of hours ≥ 1',
      'maxConsumerLag: "0.01 s"',
      'topics\\[0\\].name: "a b"',
      'topics\\[1\\].partitions: 0', 'topics\\[1\\].consumerGroups\\[0\\]: "g:1" — .*no consumer-lag metrics',
      'topics\\[2\\].name: "ok" — is given twice',
    ].join('[\\s\\S]*')));
  });

  test('fewer brokers than the replication factor; subnets in one AZ', () => {
    expect(build({ brokerType: 'kafka.m7g.large', brokers: 2, storageGiBPerBroker: 10 }, ['us-east-1a', 'us-east-1b'])).toThrow(/brokers: 2 — must be a whole number ≥ 3/);
    expect(build({ brokerType: 'kafka.m7g.large', brokers: 3, storageGiBPerBroker: 10 }, ['us-east-1a'])).toThrow(/vpcSubnets: "1 AZ\(s\)" — MSK needs client subnets in 2 or 3 Availability Zones/);
  });

  test('a bad plan value is named by its plan field', () => {
    const bad = { ...plan, async: { ...plan.async!, eventLog: { ...plan.async!.eventLog!, brokers: 7 } } };
    expect(build({ plan: bad })).toThrow(/plan\.async\.eventLog\.brokers: 7 — must be a multiple of the broker AZs \(3\)/);
  });
});
