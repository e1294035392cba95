/**
 * Every check of a {@link WorkQueue}'s props, reported together in one PropsValidationError before anything is
 * created. The limits are SQS's (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html,
 * sqs-configure-dead-letter-queue.html, the CloudFormation AWS::SQS::Queue reference).
 */
import type { Duration } from 'aws-cdk-lib';
import { Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SQS_LIMITS } from '../capacity/async-catalog';
import { ProblemCollector, secondsOf, sizedPropName, throwIfProblems } from '../private/validation';
import type { WorkQueueProps } from './work-queue';

/** What a WorkQueue builds, after the plan's sizes and the defaults are applied to its props. */
export interface WorkQueueSettings {
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
  readonly maxReceiveCount: number;
  readonly maxBacklogAge: Duration;
  readonly deadLetterRetention: Duration;
  readonly dataKeyReuse: Duration;
}

/** Throws one PropsValidationError listing every invalid prop of a WorkQueue. */
export function validateWorkQueueProps(scope: Construct, props: WorkQueueProps, s: WorkQueueSettings): void {
  const problems = new ProblemCollector();
  const plan = props.plan !== undefined;
  if (props.plan && props.plan.async === null) {
    problems.add('plan', 'async: null',
      'the plan has no async tier (the workload gives no message rate): add an `async` section with messagesPerSecond or messagesPerRequest, or build without `plan`');
  }
  problems.seconds(sizedPropName(props.visibilityTimeout, 'visibilityTimeout', 'async.queue.visibilityTimeoutSeconds', plan), s.visibilityTimeout,
    { min: 0, max: SQS_LIMITS.maxVisibilityTimeoutSeconds, message: 'must be a whole number of seconds from 0 to 43,200 (12 hours)' });
  const retention = secondsOf(s.retentionPeriod);
  problems.seconds(sizedPropName(props.retentionPeriod, 'retentionPeriod', 'async.queue.retentionSeconds', plan), s.retentionPeriod,
    { min: SQS_LIMITS.minRetentionSeconds, max: SQS_LIMITS.maxRetentionSeconds, message: 'must be a whole number of seconds from 60 to 1,209,600 (14 days)' });
  problems.seconds('deadLetterRetention', s.deadLetterRetention,
    { min: SQS_LIMITS.minRetentionSeconds, max: SQS_LIMITS.maxRetentionSeconds, message: 'must be a whole number of seconds from 60 to 1,209,600 (14 days)' });
  const dlqRetention = secondsOf(s.deadLetterRetention);
  if (retention !== undefined && dlqRetention !== undefined && dlqRetention < retention) {
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
    problems.add('deadLetterRetention', `${dlqRetention} s`,
      `must be at least the queue's retention (${retention} s): a message's age counts from when it was first sent, so a shorter dead-letter retention deletes failed messages early`);
  }
  problems.integer(sizedPropName(props.maxReceiveCount, 'maxReceiveCount', 'async.queue.maxReceiveCount', plan), s.maxReceiveCount,
    { min: SQS_LIMITS.minMaxReceiveCount, max: SQS_LIMITS.maxMaxReceiveCount });
  const maxAgeName = sizedPropName(props.maxBacklogAge, 'maxBacklogAge', 'async.maxBacklogSeconds', plan);
  problems.seconds(maxAgeName, s.maxBacklogAge, { min: 1, message: 'must be a whole number of seconds ≥ 1' });
  const maxAge = secondsOf(s.maxBacklogAge);
  if (maxAge !== undefined && retention !== undefined && maxAge >= retention) {
    problems.add(maxAgeName, `${maxAge} s`, `must be shorter than the retention (${retention} s): an older message is deleted, so the alarm could never fire`);
  }
  problems.seconds('dataKeyReuse', s.dataKeyReuse,
    { min: SQS_LIMITS.minDataKeyReuseSeconds, max: SQS_LIMITS.maxDataKeyReuseSeconds, message: 'must be a whole number of seconds from 60 to 86,400 (24 hours)' });
  const name = props.queueName;
  if (name !== undefined && !Token.isUnresolved(name)) {
    // The dead-letter queue is named `<name>-dlq`: SQS names are at most 80 characters.
    problems.check('queueName', name, /^[A-Za-z0-9_-]{1,76}$/.test(name),
      'must be 1–76 letters, digits, hyphens or underscores (SQS allows 80; the dead-letter queue adds "-dlq"); FIFO queues are not built');
  }
  throwIfProblems(scope, problems);
}
