import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { QueueWorkers, WorkQueue, type QueueWorkersProps } from '../../lib/async';
import { planCapacity } from '../../lib/capacity';
import { Network } from '../../lib/network';
import { newTestApp, TestStack } from '../support/app';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
/** 50,000 messages/s at 10,000 per 8-vCPU worker: 5 for peak, 8 with survive-az-loss. */
const plan = planCapacity({ traffic: { peakQps: 5000 }, async: { messagesPerSecond: 50_000, maxBacklogSeconds: 600, workerInstanceType: 'm7g.2xlarge' } });

describe('QueueWorkers from a plan', () => {
  let template: Template;
  let workers: QueueWorkers;
  beforeAll(() => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const network = new Network(stack, 'Net', { plan });
    const queue = new WorkQueue(stack, 'Jobs', { plan });
    workers = new QueueWorkers(stack, 'Workers', { network, queue, plan });
    template = Template.fromStack(stack);
  });

  test('the group\'s sizes, instance type and scaling target equal the plan', () => {
    const a = plan.async!;
    expect([a.workerInstanceType, a.minWorkers, a.maxWorkers]).toEqual(['m7g.2xlarge', 3, 8]);
    template.hasResourceProperties(ASG, { MinSize: String(a.minWorkers), MaxSize: String(a.maxWorkers) });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ InstanceType: a.workerInstanceType }) });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', { TargetTrackingConfiguration: Match.objectLike({ TargetValue: a.backlogPerWorkerTarget }) });
  });

  test('target tracking on the backlog per instance: messages visible ÷ in-service instances, as metric math', () => {
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      AutoScalingGroupName: { Ref: Match.stringLikeRegexp('^WorkersAutoScalingGroup') },
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        TargetValue: 600 * 10_000,
        CustomizedMetricSpecification: {
          Metrics: [
            {
              Id: 'm1', Label: 'Messages visible', ReturnData: false,
              MetricStat: { Stat: 'Sum', Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsQueue'), 'QueueName'] } }] } },
            },
            {
              Id: 'm2', Label: 'In-service instances', ReturnData: false,
              MetricStat: { Stat: 'Average', Metric: { Namespace: 'AWS/AutoScaling', MetricName: 'GroupInServiceInstances', Dimensions: [{ Name: 'AutoScalingGroupName', Value: { Ref: Match.stringLikeRegexp('^WorkersAutoScalingGroup') } }] } },
            },
            { Id: 'e1', Label: 'Backlog per instance', Expression: 'm1 / m2', ReturnData: true },
          ],
        },
      },
    });
    template.resourceCountIs('AWS::AutoScaling::ScalingPolicy', 1);
  });

  test('group metrics are collected every minute (GroupInServiceInstances exists only then)', () => {
    template.hasResourceProperties(ASG, { MetricsCollection: [{ Granularity: '1Minute' }] });
  });

  test('across the application subnets of the 3 AZs, EC2 health checks, warmup, instance refresh, notifications', () => {
    template.hasResourceProperties(ASG, {
      VPCZoneIdentifier: [1, 2, 3].map((i) => ({ Ref: Match.stringLikeRegexp(`^NetVpcApplicationSubnet${i}Subnet`) })),
      HealthCheckType: 'EC2',
      DefaultInstanceWarmup: 120,
      NotificationConfigurations: [Match.objectLike({ TopicARN: { Ref: Match.stringLikeRegexp('^WorkersNotificationsTopic') } })],
    });
    template.hasResource(ASG, { UpdatePolicy: Match.objectLike({}) });
  });

  test('the launch template: IMDSv2 only, encrypted gp3 root volume, no key pair, detailed monitoring', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpTokens: 'required' }),
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ Encrypted: true, VolumeType: 'gp3', VolumeSize: 20 }) }],
        KeyName: Match.absent(),
        Monitoring: { Enabled: true },
      }),
    });
  });

  test('no ingress; HTTPS out only', () => {
    const [sg] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Queue workers of') } }));
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('least privilege: consume this queue and decrypt with its key, SSM, nothing else', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^WorkersInstanceRole') }] } }));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^JobsQueue/), 'Arn'] },
      },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^JobsKey/), 'Arn'] } },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
  });

  test('metric helpers: in-service instances, CPU, and the backlog per instance as the policy computes it', () => {
    expect(workers.metricGroupInServiceInstances().metricName).toBe('GroupInServiceInstances');
    expect(workers.metricCPUUtilization().metricName).toBe('CPUUtilization');
    const backlog = workers.metricBacklogPerInstance();
    expect(backlog.expression).toBe('m1 / m2');
    expect(Object.values(backlog.usingMetrics).map((m) => (m as any).metricName)).toEqual(['ApproximateNumberOfMessagesVisible', 'GroupInServiceInstances']);
    expect(workers.connections.securityGroups).toHaveLength(1);
  });
});

test('explicit props win over the plan', () => {
  const app = newTestApp();
  const stack = new TestStack(app);
  const network = new Network(stack, 'Net');
  const queue = new WorkQueue(stack, 'Jobs');
  new QueueWorkers(stack, 'Workers', {
    network, queue, plan, instanceType: new ec2.InstanceType('c7g.large'), minCapacity: 4, maxCapacity: 40, backlogPerInstanceTarget: 250,
    defaultInstanceWarmup: Duration.minutes(5), rootVolumeSizeGiB: 50,
  });
  const t = Template.fromStack(stack);
  t.hasResourceProperties(ASG, { MinSize: '4', MaxSize: '40', DefaultInstanceWarmup: 300 });
  t.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ InstanceType: 'c7g.large' }) });
  t.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', { TargetTrackingConfiguration: Match.objectLike({ TargetValue: 250 }) });
});

describe('validation', () => {
  function build(props: Partial<QueueWorkersProps>, vpc?: (s: Stack) => ec2.IVpc) {
    return () => {
      const stack = new TestStack(newTestApp());
      const network = vpc ? Network.fromVpc(stack, 'Net', vpc(stack)) : new Network(stack, 'Net');
      new QueueWorkers(stack, 'Workers', { network, queue: new WorkQueue(stack, 'Jobs'), ...props });
    };
  }

  test('without a plan the sizes are required, each named', () => {
    expect(build({})).toThrow(new RegExp([
      'Test/Workers: invalid props \\(4 problems\\)',
      'instanceType: missing — is required without a plan \\(or give `plan`, whose async.workerInstanceType is used\\)',
      'minCapacity: missing', 'maxCapacity: missing', 'backlogPerInstanceTarget: missing',
    ].join('[\\s\\S]*')));
    expect(build({ plan: planCapacity({ traffic: { peakQps: 10 } }) })).toThrow(/instanceType: missing — is required: the plan has no async tier/);
  });

  test('a group that could scale to zero, a minimum above the maximum, a target ≤ 0, a tiny volume', () => {
    expect(build({ plan, minCapacity: 0, backlogPerInstanceTarget: 0, rootVolumeSizeGiB: 4, defaultInstanceWarmup: Duration.hours(2) })).toThrow(new RegExp([
      'minCapacity: 0 — must be a whole number ≥ 1: the backlog per instance divides by the instances in service',
      'backlogPerInstanceTarget: 0 — must be a finite number > 0',
      'rootVolumeSizeGiB: 4', 'defaultInstanceWarmup: "7200 s"',
    ].join('[\\s\\S]*')));
    expect(build({ plan, minCapacity: 20, maxCapacity: 10 })).toThrow(/minCapacity\/maxCapacity: \{"min":20,"max":10\} — the minimum must not exceed the maximum/);
    const bad = { ...plan, async: { ...plan.async!, backlogPerWorkerTarget: -1 } };
    expect(build({ plan: bad })).toThrow(/plan\.async\.backlogPerWorkerTarget: -1/);
  });

  test('application subnets in one AZ cannot survive its loss', () => {
    const oneAz = (s: Stack) => new ec2.Vpc(s, 'Vpc', { availabilityZones: ['us-east-1a'], natGateways: 1 });
    expect(build({ plan }, oneAz)).toThrow(/network\.applicationSubnets: "1 AZ\(s\)" — the workers need subnets in at least 2 Availability Zones/);
  });
});
