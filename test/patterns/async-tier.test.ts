/** The patterns build the async tier from the plan: its stage's choices, the workload's overrides, in every region. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { planCapacity, type Workload } from '../../lib/capacity';
import { EVENT_LOG_TOPIC, MultiRegionApp } from '../../patterns';
import { newTestApp } from '../support/app';

const workload = (extra: Partial<Workload> = {}): Workload => ({
  traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 },
  topology: { regions: ['us-east-1', 'us-west-2'] },
  stage: 'multi-region',
  async: { messagesPerSecond: 5000, consumerGroup: 'workers' },
  ...extra,
});
const domain = { zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };

describe('multi-region, active-passive: a work queue, its workers and an event log in each region', () => {
  const plan = planCapacity(workload());
  const mra = new MultiRegionApp(newTestApp(), 'Svc', { plan, domain });
  const [primary, secondary] = mra.regionalStacks.map((s) => ({ stack: s, t: Template.fromStack(s) }));

  test('the plan builds both from the multi-region stage, and each regional stack exposes them', () => {
    expect(plan.architecture).toMatchObject({ queue: true, eventLog: true });
    for (const { stack, t } of [primary, secondary]) {
      expect([stack.workQueue, stack.queueWorkers, stack.eventLog].every(Boolean)).toBe(true);
      t.resourceCountIs('AWS::SQS::Queue', 2);
      t.resourceCountIs('AWS::MSK::Cluster', 1);
      t.hasResourceProperties('AWS::MSK::Topic', { TopicName: EVENT_LOG_TOPIC, PartitionCount: plan.async!.eventLog!.partitions });
    }
  });

  test('the queue\'s and the log\'s alarms go to the region\'s SLO ticket topic', () => {
    const tickets = primary.stack.resolve(primary.stack.availabilitySlo.ticketTopic.topicArn);
    for (const metric of ['ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesVisible', 'EstimatedMaxTimeLag']) {
      primary.t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric, AlarmActions: [tickets] });
    }
  });

  test('the web tier sends to the queue and produces to the log; the workers consume both', () => {
    const actions = (role: string) => JSON.stringify(Object.values(primary.t.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${role}InstanceRole`) }] },
    })).map((p) => p.Properties.PolicyDocument.Statement));
    expect(actions('Web')).toMatch(/sqs:SendMessage.*kafka-cluster:WriteData/);
    expect(actions('Web')).not.toMatch(/sqs:ReceiveMessage|kafka-cluster:ReadData/);
    expect(actions('Workers')).toMatch(/sqs:ReceiveMessage.*kafka-cluster:ReadData/);
    expect(actions('Workers')).not.toMatch(/sqs:SendMessage|kafka-cluster:WriteData/);
  });

  test('the workers reach the region\'s database (the writer, or the cross-region replica) and cache; the log admits web and workers', () => {
    for (const { stack, t } of [primary, secondary]) {
      const workersSg = stack.resolve(stack.queueWorkers!.securityGroup.securityGroupId);
      const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
      const fromWorkers = ingress.filter((r) => JSON.stringify(r.SourceSecurityGroupId) === JSON.stringify(workersSg));
      // The event log, the cache and the database (the writer in the primary, its cross-region replica in the secondary).
      expect(fromWorkers.map((r) => r.Description).sort()).toEqual(['Event log client (IAM)', expect.stringMatching(/^Queue workers/), expect.stringMatching(/^Queue workers/)]);
      expect(fromWorkers.find((r) => r.FromPort === 9098)).toBeDefined();
    }
  });
});

test('every choice is the workload\'s: architecture.queue false builds no queue tier, async.eventLog false no log', () => {
  const plan = planCapacity(workload({ architecture: { queue: false }, async: { messagesPerSecond: 5000, eventLog: false } }));
  expect(plan.architecture).toMatchObject({ queue: false, eventLog: false });
  const mra = new MultiRegionApp(newTestApp(), 'Svc', { plan, domain });
  const t = Template.fromStack(mra.regionalStacks[0]);
  t.resourceCountIs('AWS::SQS::Queue', 0);
  t.resourceCountIs('AWS::MSK::Cluster', 0);
  expect(plan.costBreakdown.map((c) => c.component)).not.toEqual(expect.arrayContaining(['queue']));
});
