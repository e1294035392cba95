/**
 * The defaults of the async constructs' props, in one place: the constructs build with them and the validators
 * compare against them (e.g. a dead-letter queue's retention against the queue's).
 */
import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ASYNC_DEFAULTS, WORKER_INSTANCE_WARMUP_SECONDS } from '../../capacity/async';
import { MSK_LIMITS } from '../../capacity/async-catalog';

export const WORK_QUEUE_DEFAULTS = {
  /** SQS's default. */
  visibilityTimeout: Duration.seconds(30),
  /** SQS's default. */
  retentionPeriod: Duration.days(4),
  maxReceiveCount: ASYNC_DEFAULTS.maxReceiveCount,
  maxBacklogAge: Duration.seconds(ASYNC_DEFAULTS.maxBacklogSeconds),
  /** The longest SQS allows: a failed message is kept as long as possible for a person to look at. */
  deadLetterRetention: Duration.days(14),
  /** SQS's default data key reuse period (fewer KMS calls than a shorter one). */
  dataKeyReuse: Duration.minutes(5),
} as const;

export const QUEUE_WORKERS_DEFAULTS = {
  rootVolumeSizeGiB: 20,
  /** Amazon Linux's root device. */
  rootDeviceName: '/dev/xvda',
  defaultInstanceWarmup: Duration.seconds(WORKER_INSTANCE_WARMUP_SECONDS),
} as const;

export const EVENT_LOG_DEFAULTS = {
  kafkaVersion: MSK_LIMITS.defaultKafkaVersion,
  retention: Duration.days(ASYNC_DEFAULTS.retentionDays),
  maxConsumerLag: Duration.seconds(ASYNC_DEFAULTS.maxBacklogSeconds),
  /** A year, like the VPC flow logs (AWS Control Tower CT.CLOUDWATCH.PR.2 asks for at least one). */
  brokerLogRetention: logs.RetentionDays.ONE_YEAR,
  enhancedMonitoring: 'PER_BROKER',
} as const;

/** Periods an alarm of the async tier must breach (one-minute metrics) before it notifies: a sustained condition. */
export const ASYNC_ALARM_EVALUATION_PERIODS = 3;
