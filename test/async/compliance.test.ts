/**
 * Network + WorkQueue + QueueWorkers + EventLog composed from a plan pass cdk-nag AwsSolutions and the
 * CloudFormation Validate engine with no unacknowledged finding (synth throws on any).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { planCapacity } from '../../lib/capacity';
import { EventLog, QueueWorkers, WorkQueue } from '../../lib/async';
import { Network } from '../../lib/network';
import { newTestApp, TestStack } from '../support/app';

test('the async tier from a plan synthesizes clean under cdk-nag and CloudFormation Validate', () => {
  const plan = planCapacity({ traffic: { peakQps: 5000 }, async: { messagesPerSecond: 20_000, eventLog: true, consumerGroup: 'workers' } });
  const app = newTestApp({ validate: true, nag: true });
  const stack = new TestStack(app, 'Async');
  const network = new Network(stack, 'Network', { plan });
  const queue = new WorkQueue(stack, 'WorkQueue', { plan });
  const workers = new QueueWorkers(stack, 'Workers', { network, queue, plan });
  const log = new EventLog(stack, 'EventLog', {
    vpc: network.vpc, vpcSubnets: network.dataSubnets, plan, clients: [workers],
    topics: [{ name: 'events', consumerGroups: ['workers'] }],
  });
  log.grantConsume(workers.instanceRole, 'events', 'workers');
  const producer = new iam.Role(stack, 'Producer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  queue.grantSendMessages(producer);
  log.grantProduce(producer, 'events');
  expect(() => app.synth()).not.toThrow();
});
