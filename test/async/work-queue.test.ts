import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { WorkQueue, type WorkQueueProps } from '../../lib/async';
import { planCapacity } from '../../lib/capacity';
import { newTestApp, TestStack } from '../support/app';

const QUEUE = 'AWS::SQS::Queue';
const ALARM = 'AWS::CloudWatch::Alarm';

/** 20 s per message on an m7g.large → visibility 120 s; 2 days of retention; 3 receives; 10 minutes of acceptable backlog. */
const plan = planCapacity({
  traffic: { peakQps: 5000 },
  async: { messagesPerSecond: 100, processingMillis: 20_000, workerInstanceType: 'm7g.large', retentionDays: 2, maxReceiveCount: 3, maxBacklogSeconds: 600 },
});

describe('WorkQueue from a plan', () => {
  let template: Template;
  let queue: WorkQueue;
  let stack: Stack;
  beforeAll(() => {
    const app = newTestApp();
    stack = new TestStack(app);
    queue = new WorkQueue(stack, 'Jobs', { plan });
    queue.grantSendMessages(new iam.Role(stack, 'Producer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }));
    template = Template.fromStack(stack);
  });

  test('visibility timeout, retention and max receives come from the plan', () => {
    expect(plan.async!.queue).toMatchObject({ visibilityTimeoutSeconds: 120, retentionSeconds: 172_800, maxReceiveCount: 3 });
    template.hasResourceProperties(QUEUE, {
      VisibilityTimeout: 120,
      MessageRetentionPeriod: 172_800,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsDeadLetterQueue'), 'Arn'] }, maxReceiveCount: 3 },
    });
    template.resourceCountIs(QUEUE, 2);
  });

  test('the dead-letter queue keeps failed messages 14 days, and says it is one', () => {
    template.hasResourceProperties(QUEUE, { MessageRetentionPeriod: 1_209_600, RedrivePolicy: Match.absent(), RedriveAllowPolicy: { redrivePermission: 'allowAll' } });
  });

  test('both queues are encrypted with a rotating customer managed key, and retained', () => {
    const key = Object.keys(template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('messages of Test/Jobs') } }));
    expect(key).toHaveLength(1);
    const queues = template.findResources(QUEUE);
    for (const q of Object.values(queues)) {
      expect(q.Properties).toMatchObject({ KmsMasterKeyId: { 'Fn::GetAtt': [key[0], 'Arn'] }, KmsDataKeyReusePeriodSeconds: 300 });
      expect([q.DeletionPolicy, q.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
  });

  test('both queues refuse requests without TLS', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Action: 'sqs:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
  });

  test('an alarm on the age of the oldest message against the acceptable latency, to the alarm topic', () => {
    template.hasResourceProperties(ALARM, {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 600,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^JobsAlarmTopic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^JobsAlarmTopic') }],
    });
  });

  test('an alarm on any message in the dead-letter queue', () => {
    template.hasResourceProperties(ALARM, {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsDeadLetterQueue'), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^JobsAlarmTopic') }],
    });
    template.resourceCountIs(ALARM, 2);
  });

  test('the created alarm topic is encrypted with a key CloudWatch may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
  });

  test('grantSendMessages: send on this queue and what a producer needs of its key, no wildcard action', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^JobsQueue/), 'Arn'] } },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^JobsKey/), 'Arn'] } },
    ]);
  });

  test('metric helpers carry the official names and a one-minute period', () => {
    const m = (x: { metricName: string; statistic: string; period: Duration }) => [x.metricName, x.statistic, x.period.toSeconds()];
    expect(m(queue.metricApproximateAgeOfOldestMessage())).toEqual(['ApproximateAgeOfOldestMessage', 'Maximum', 60]);
    expect(m(queue.metricApproximateNumberOfMessagesVisible())).toEqual(['ApproximateNumberOfMessagesVisible', 'Maximum', 60]);
    expect(m(queue.metricApproximateNumberOfMessagesNotVisible())).toEqual(['ApproximateNumberOfMessagesNotVisible', 'Maximum', 60]);
    expect(m(queue.metricNumberOfMessagesSent())).toEqual(['NumberOfMessagesSent', 'Sum', 60]);
    expect(m(queue.metricNumberOfMessagesDeleted({ period: Duration.minutes(5) }))).toEqual(['NumberOfMessagesDeleted', 'Sum', 300]);
    expect(m(queue.metricDeadLetterQueueApproximateNumberOfMessagesVisible())).toEqual(['ApproximateNumberOfMessagesVisible', 'Maximum', 60]);
  });
});

test('explicit props win over the plan and the defaults; a given alarm topic is used as is', () => {
  const app = newTestApp();
  const stack = new TestStack(app);
  const topic = new sns.Topic(stack, 'Tickets');
  new WorkQueue(stack, 'Jobs', {
    plan, visibilityTimeout: Duration.minutes(5), maxReceiveCount: 10, maxBacklogAge: Duration.minutes(2), queueName: 'jobs',
    alarmTopic: topic, removalPolicy: RemovalPolicy.DESTROY, dataKeyReuse: Duration.hours(1),
  });
  const t = Template.fromStack(stack);
  t.hasResourceProperties(QUEUE, { QueueName: 'jobs', VisibilityTimeout: 300, MessageRetentionPeriod: 172_800, KmsDataKeyReusePeriodSeconds: 3600, RedrivePolicy: Match.objectLike({ maxReceiveCount: 10 }) });
  t.hasResourceProperties(QUEUE, { QueueName: 'jobs-dlq' });
  t.hasResourceProperties(ALARM, { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 120, AlarmActions: [{ Ref: Match.stringLikeRegexp('^Tickets') }] });
  t.resourceCountIs('AWS::SNS::Topic', 1);
  t.hasResource(QUEUE, { DeletionPolicy: 'Delete' });
});

test('without a plan: SQS\'s defaults (30 s visibility, 4 days), 5 receives, a 5-minute backlog alarm', () => {
  const app = newTestApp();
  const stack = new TestStack(app);
  new WorkQueue(stack, 'Jobs');
  const t = Template.fromStack(stack);
  t.hasResourceProperties(QUEUE, { VisibilityTimeout: 30, MessageRetentionPeriod: 345_600, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
  t.hasResourceProperties(ALARM, { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 300 });
});

describe('validation', () => {
  const build = (props: WorkQueueProps) => () => new WorkQueue(new TestStack(newTestApp()), 'Jobs', props);

  test('every problem at once, each with its value and what SQS allows', () => {
    expect(build({
      visibilityTimeout: Duration.hours(13),
      retentionPeriod: Duration.seconds(30),
      maxReceiveCount: 1001,
      maxBacklogAge: Duration.millis(500),
      deadLetterRetention: Duration.days(15),
      dataKeyReuse: Duration.seconds(10),
      queueName: 'jobs.fifo',
    })).toThrow(new RegExp([
      'Test/Jobs: invalid props \\(7 problems\\)',
      'visibilityTimeout: "46800 s" — must be a whole number of seconds from 0 to 43,200 \\(12 hours\\)',
      'retentionPeriod: "30 s" — must be a whole number of seconds from 60 to 1,209,600',
      'deadLetterRetention: "1296000 s" — must be a whole number of seconds from 60 to 1,209,600',
      'maxReceiveCount: 1001 — must be a whole number between 1 and 1000',
      'maxBacklogAge: "0.5 s" — must be a whole number of seconds ≥ 1',
      'dataKeyReuse: "10 s" — must be a whole number of seconds from 60 to 86,400',
      'queueName: "jobs.fifo" — must be 1–76 letters, digits, hyphens or underscores',
    ].join('[\\s\\S]*')));
  });

  test('a dead-letter queue keeping messages less long than the queue, and an alarm that could never fire', () => {
    expect(build({ retentionPeriod: Duration.days(10), deadLetterRetention: Duration.days(5), maxBacklogAge: Duration.days(10) })).toThrow(new RegExp([
      'deadLetterRetention: "432000 s" — must be at least the queue\'s retention \\(864000 s\\)',
      'maxBacklogAge: "864000 s" — must be shorter than the retention \\(864000 s\\)',
    ].join('[\\s\\S]*')));
  });

  test('a plan without an async tier, and bad plan values named by their plan field', () => {
    expect(build({ plan: planCapacity({ traffic: { peakQps: 10 } }) })).toThrow(/plan: "async: null" — the plan has no async tier/);
    const bad = { ...plan, async: { ...plan.async!, queue: { ...plan.async!.queue, maxReceiveCount: 0 } } };
    expect(build({ plan: bad })).toThrow(/plan\.async\.queue\.maxReceiveCount: 0 — must be a whole number between 1 and 1000/);
  });
});
