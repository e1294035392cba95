/**
 * The AWS facts the async tier is planned from (Amazon SQS, Amazon MSK), as dated data with their sources. Prices
 * are approximate us-east-1 on-demand and exist to compare options: check the AWS pricing pages before relying on
 * them (the SQS prices come from secondary sources, marked below).
 */
import type { PriceTier } from './catalog';

/** When each table below was last checked, and where its numbers come from. */
export const ASYNC_CATALOG_SOURCES = {
  sqs: {
    asOf: '2026-11-29',
    source:
      'Amazon SQS quotas (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html, ' +
      'quotas-queues.html), the CloudFormation AWS::SQS::Queue reference; prices from the SQS pricing page as reported by ' +
      'secondary sources (2026): verify on https://aws.amazon.com/sqs/pricing/',
  },
  msk: {
    asOf: '2026-11-29',
    source:
      'Amazon MSK best practices (https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html), quotas ' +
      '(https://docs.aws.amazon.com/msk/latest/developerguide/limits.html), AWS\'s MSK sizing model (aws/agent-toolkit-for-aws ' +
      'managing-amazon-msk/scripts/msk_sizing.py); prices us-east-1 from the same model: verify on https://aws.amazon.com/msk/pricing/',
  },
} as const;

/** Amazon SQS limits the plan and the WorkQueue construct use (standard queues). */
export const SQS_LIMITS = {
  /**
   * Largest message: 1 MiB (raised from 256 KiB in 2025). "The maximum size is 1 MiB or 1,048,576 bytes"
   * (SendMessage API reference); CloudFormation `MaximumMessageSize` 1,024–1,048,576, default 1 MiB.
   */
  maxMessageBytes: 1_048_576,
  /** "Each 64 KB chunk of a payload is billed as 1 request" (SQS pricing page). */
  billingChunkBytes: 65_536,
  /** Messages per SendMessageBatch / ReceiveMessage / DeleteMessageBatch call. */
  maxBatchMessages: 10,
  /** Message retention: 60 s to 14 days (1,209,600 s), default 4 days (quotas-messages.html). */
  minRetentionSeconds: 60,
  maxRetentionSeconds: 1_209_600,
  /** Visibility timeout: 0 s to 12 hours, default 30 s (quotas-messages.html). */
  maxVisibilityTimeoutSeconds: 43_200,
  defaultVisibilityTimeoutSeconds: 30,
  /** "Maximum receives ... valid range: 1 to 1,000" (sqs-configure-dead-letter-queue.html). */
  minMaxReceiveCount: 1,
  maxMaxReceiveCount: 1000,
  // The ~120,000 messages in flight per standard queue are a quota raised through a support request, not a limit:
  // SERVICE_QUOTAS.sqsInFlightMessages (quotas.ts).
  /** SSE-KMS data key reuse period, 60 s to 24 hours, default 300 s (CloudFormation `KmsDataKeyReusePeriodSeconds`). */
  minDataKeyReuseSeconds: 60,
  maxDataKeyReuseSeconds: 86_400,
} as const;

/**
 * SQS standard queue requests, per million per month (first 1 million free each month): first 100 billion $0.40,
 * next 100 billion $0.30, over 200 billion $0.24. `PriceTier` bands read here as millions of requests (not GB).
 * Secondary sources of 2026 (cloudburn.io, factualminds.com) reporting the SQS pricing page: verify before relying.
 */
export const SQS_REQUEST_PRICE_TIERS: readonly PriceTier[] = [
  { upToGb: 100_000, usdPerGb: 0.4 },
  { upToGb: 200_000, usdPerGb: 0.3 },
  { upToGb: Infinity, usdPerGb: 0.24 },
];

/** Millions of SQS requests free each month. */
export const SQS_FREE_MILLION_REQUESTS_PER_MONTH = 1;

/** One Amazon MSK Standard broker size. */
export interface MskBrokerType {
  /** e.g. `kafka.m7g.large`. */
  readonly name: string;
  readonly vcpu: number;
  /**
   * Ingress a broker carries safely with 3-way replication and one consumer group, MiB/s, before the utilization
   * headroom: AWS's model min(EBS throughput ÷ 6.5, network ÷ (1.5 × fan-out + 5.7)) (msk_sizing.py). For the
   * largest sizes it is the EBS limit, 1,000 MiB/s ÷ 6.5 = 153.8, which matches AWS's "m7g.16xl Standard brokers
   * safely handling 154 MBps ingress" (AWS News Blog, Express brokers, 2024).
   */
  readonly safeIngressMiBPerSecond: number;
  /** Recommended partitions per broker, leader and follower replicas included (bestpractices.html). */
  readonly recommendedPartitions: number;
  readonly usdPerHour: number;
}

/**
 * MSK Standard brokers of the Graviton m7g family (the plan sizes in it; m5 costs about the same per size and has the
 * same limits). kafka.t3.small is left out: 300 partitions, burstable, and not offered with the newest Kafka versions.
 */
export const MSK_BROKER_TYPES: readonly MskBrokerType[] = [
  { name: 'kafka.m7g.large', vcpu: 2, safeIngressMiBPerSecond: 12.1, recommendedPartitions: 1000, usdPerHour: 0.204 },
  { name: 'kafka.m7g.xlarge', vcpu: 4, safeIngressMiBPerSecond: 24.0, recommendedPartitions: 1000, usdPerHour: 0.408 },
  { name: 'kafka.m7g.2xlarge', vcpu: 8, safeIngressMiBPerSecond: 48.1, recommendedPartitions: 2000, usdPerHour: 0.816 },
  { name: 'kafka.m7g.4xlarge', vcpu: 16, safeIngressMiBPerSecond: 96.2, recommendedPartitions: 4000, usdPerHour: 1.632 },
  { name: 'kafka.m7g.8xlarge', vcpu: 32, safeIngressMiBPerSecond: 153.8, recommendedPartitions: 4000, usdPerHour: 3.264 },
  { name: 'kafka.m7g.12xlarge', vcpu: 48, safeIngressMiBPerSecond: 153.8, recommendedPartitions: 4000, usdPerHour: 4.896 },
  { name: 'kafka.m7g.16xlarge', vcpu: 64, safeIngressMiBPerSecond: 153.8, recommendedPartitions: 4000, usdPerHour: 6.528 },
];

export function findMskBrokerType(name: string): MskBrokerType | undefined {
  return MSK_BROKER_TYPES.find((t) => t.name === name);
}

/** Amazon MSK facts the plan and the EventLog construct use. */
export const MSK_LIMITS = {
  /** EBS storage per broker, GiB (limits.html: "A minimum of 1 GiB ... A maximum of 16384 GiB of storage per broker"). */
  minStorageGiBPerBroker: 1,
  maxStorageGiBPerBroker: 16_384,
  /** Brokers are spread evenly over 2 or 3 client subnets in distinct AZs (msk-create-cluster.html). */
  minClientSubnets: 2,
  maxClientSubnets: 3,
  /** Replication factor and min in-sync replicas of every topic: a write survives one broker (one AZ) down. */
  replicationFactor: 3,
  minInSyncReplicas: 2,
  /**
   * Share of a Standard broker's safe ingress the plan fills at peak: AWS's sizing model defaults to 50 % for Standard
   * brokers (msk_sizing.py), which leaves room for an AZ's brokers to fail and partitions to move.
   */
  brokerUtilization: 0.5,
  /**
   * Ingress one partition is planned to take, bytes/s: the only per-partition figure AWS publishes, MSK Serverless's
   * "Maximum ingress throughput per partition 5 MBps" (limits.html), read as 5 × 10⁶ bytes/s.
   */
  partitionIngressBytesPerSecond: 5e6,
  /** Storage, USD per GB-month (us-east-1). */
  storageUsdPerGbMonth: 0.1,
  /** Port clients reach brokers on with IAM access control, inside AWS (port-info.html). */
  iamPort: 9098,
  /** The Kafka version built: KRaft metadata mode (60 brokers per cluster by default instead of 30). */
  defaultKafkaVersion: '3.9.x.kraft',
} as const;

/** The system-design guides' per-broker figures, reported beside AWS's (which the plan builds). */
export const GUIDES_BROKER_FIGURES = {
  /** "500 MB/s sequential writes" per broker. */
  writeBytesPerSecond: 500e6,
  /** "1–2 M small messages/s" per broker: the low end. */
  messagesPerSecond: 1e6,
} as const;
