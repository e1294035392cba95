/**
 * The async tier's plan (docs/capacity-model.md, "Async tier"): message rates, workers that scale on backlog, the
 * work queue (Amazon SQS) and the event log (Amazon MSK). Pure and deterministic; every number is recorded with its
 * formula. `planAsync` is called once from `planCapacity`; the sizing functions below are exported so the tests (and
 * a reader) can check each rule on its own.
 *
 * Workers are sized on the web tier's basis: a per-worker figure describes the guides' reference server (8 vCPU,
 * 32 GB) and scales by vCPU on another size, unless the workload states the figure for its own worker type; without
 * a type, the m7g size with the lowest monthly cost for the fleet it needs (ties: the reference size). The fleet gets
 * the web tier's headroom policy (survive an AZ loss by default) and at least one worker per AZ.
 *
 * What grows with the load never shrinks on a re-plan (docs/capacity-model.md, "Async tier"): a topic's partitions
 * cannot be reduced, so the event log's partitions and brokers are counted in fixed units (consumers on the smallest
 * worker size, brokers on a reference broker size), never in the units of a size the plan may switch away from.
 */
import { withoutFloatNoise } from '../format/numbers';
import {
  GUIDES_BROKER_FIGURES,
  MSK_BROKER_TYPES,
  MSK_LIMITS,
  SQS_FREE_MILLION_REQUESTS_PER_MONTH,
  SQS_LIMITS,
  SQS_REQUEST_PRICE_TIERS,
  type MskBrokerType,
} from './async-catalog';
import { EC2_INSTANCE_TYPES, findEc2InstanceType, GIB, HOURS_PER_MONTH, tieredPriceUsd, type Ec2InstanceType } from './catalog';
import type { DerivationLog } from './derivations';
import type { Problem } from '../validation/problem';
import { DEFAULT_WEB_FAMILY, REFERENCE_WEB_SERVER } from './plan-compute';
import type { AsyncPlan, CostLine, EventLogPlan, PlanWarning, QueuePlan, TopologyPlan, TrafficPlan } from './plan-types';
import { type QuotaNeed } from './quotas';
import { DEFAULT_SUBNET_PREFIX, usableSubnetAddresses } from './subnets';
import type { AsyncInput, Stage, Workload } from './workload';

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_MONTH = 30 * SECONDS_PER_DAY;

/** The defaults of the workload's `async` section. */
export const ASYNC_DEFAULTS = {
  /** 1 KB: a small message, the guides' Kafka example. */
  messageBytes: 1000,
  /** The guides' consumer: "1 M messages/s at 10,000 per consumer → 100 consumers". */
  messagesPerWorkerPerSecond: 10_000,
  /** Five minutes: above what scale-out takes to react (see SCALE_OUT_REACTION_SECONDS). */
  maxBacklogSeconds: 300,
  /** Kafka's default log retention (log.retention.hours = 168); SQS keeps 1 minute to 14 days. */
  retentionDays: 7,
  /** Receives before the dead-letter queue: a few retries of a transient failure. */
  maxReceiveCount: 5,
} as const;

/** The stages from which each part is built by default (given a message rate). */
export const ASYNC_STAGES: { readonly queue: Stage; readonly eventLog: Stage } = { queue: 'cached', eventLog: 'multi-region' };

/** The guides' reference server, which a per-worker figure describes: the web tier's (plan-compute.ts). */
export const REFERENCE_WORKER_VCPU = REFERENCE_WEB_SERVER.vcpu;
/** The family the plan sizes workers in when no type is given: the web tier's (m7g, the reference's 4 GiB per vCPU). */
export const DEFAULT_WORKER_FAMILY = DEFAULT_WEB_FAMILY;

/**
 * Visibility timeout = this × the processing time of a message (at least SQS's default 30 s): AWS's rule for queues
 * whose consumer may take a batch and retry ("set the source queue's visibility timeout to at least six times the
 * timeout that you configure on your function", https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html).
 */
export const VISIBILITY_TIMEOUT_PROCESSING_MULTIPLE = 6;

/** Instance warmup of the worker group (QueueWorkers' default): before a new worker's metrics count. */
export const WORKER_INSTANCE_WARMUP_SECONDS = 120;

/**
 * How long scale-out takes to answer a rise at least: SQS publishes its metrics "at one-minute intervals"
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/monitoring-using-cloudwatch.html), then a
 * new worker warms up. A backlog latency shorter than this is exceeded whenever the load rises faster than the
 * running workers' headroom.
 */
export const SCALE_OUT_REACTION_SECONDS = 60 + WORKER_INSTANCE_WARMUP_SECONDS;

// ---- Workers -------------------------------------------------------------------------------------------------

/** Which instance type the workers run on. */
export type WorkerTypeChoice =
  /** A type the workload names; `figureIsForType`: the per-worker figure was stated for it (no vCPU scaling). */
  | { readonly kind: 'given'; readonly instanceType: string; readonly figureIsForType: boolean }
  /** The size of `family` with the lowest monthly cost for the fleet it needs (ties: the reference size, then larger). */
  | { readonly kind: 'cheapest'; readonly family: string };

/** The message load one region's workers carry, and the web tier's headroom policy. */
export interface WorkerLoad {
  readonly regionalPeakMessagesPerSecond: number;
  readonly regionalAverageMessagesPerSecond: number;
  readonly zones: number;
  /** The web tier's headroom policy applied to a count (survive an AZ loss, or a buffer). */
  readonly withHeadroom: (need: number) => number;
  /**
   * The most workers the region can hold: the application subnets' addresses the web tier leaves (every worker takes
   * one). When the plan chooses the size, sizes whose fleet exceeds it are not chosen. @default no limit
   */
  readonly maxWorkers?: number;
}

/** One region's worker fleet. */
export interface WorkerFleet {
  /** ⌈regional peak ÷ per-worker rate⌉. */
  readonly workersForPeak: number;
  /** The headroom policy on the peak's need. */
  readonly workersPerRegion: number;
  /** ⌈regional average ÷ per-worker rate⌉. */
  readonly averageNeed: number;
  /** max(headroom on the average's need, zones). */
  readonly minWorkers: number;
  /** max(workers per region, min). */
  readonly maxWorkers: number;
}

/** The workers' type, their rate on it and their fleet. */
export interface WorkerSizing {
  readonly type: Ec2InstanceType;
  readonly messagesPerWorkerPerSecond: number;
  readonly fleet: WorkerFleet;
  /**
   * Monthly cost of the fleet on each candidate size, when the plan chose the size (a size whose fleet exceeds the
   * load's `maxWorkers` says so instead); null for a given type.
   */
  readonly candidates: Readonly<Record<string, number | string>> | null;
  /** The fleet is within the load's `maxWorkers` (false: no size's is; the plan refuses the workload). */
  readonly fits: boolean;
}

/** The fleet one region runs at `perWorker` messages per second per worker. */
export function workerFleet(perWorker: number, load: WorkerLoad): WorkerFleet {
  const workersForPeak = Math.ceil(withoutFloatNoise(load.regionalPeakMessagesPerSecond / perWorker));
  const workersPerRegion = load.withHeadroom(workersForPeak);
  const averageNeed = Math.ceil(withoutFloatNoise(load.regionalAverageMessagesPerSecond / perWorker));
  const minWorkers = Math.max(load.withHeadroom(averageNeed), load.zones);
  return { workersForPeak, workersPerRegion, averageNeed, minWorkers, maxWorkers: Math.max(workersPerRegion, minWorkers) };
}

/** A worker's rate on `type`: the figure as stated for that type, else scaled by vCPU against the reference server. */
export function messagesPerWorkerOn(type: Ec2InstanceType, figure: number, figureIsForType: boolean): number {
  return figureIsForType ? figure : withoutFloatNoise((figure * type.vcpu) / REFERENCE_WORKER_VCPU);
}

/**
 * Sizes the workers from a per-worker figure and an instance-type choice: the web tier's sizing basis (plan-compute.ts:
 * the same reference server, family and tie-break; planCompute keeps its rule inline, so the two should share one
 * helper once the web tier exports one).
 */
export function sizeWorkers(figure: number, choice: WorkerTypeChoice, load: WorkerLoad): WorkerSizing {
  const ceiling = load.maxWorkers ?? Infinity;
  if (choice.kind === 'given') {
    const type = findEc2InstanceType(choice.instanceType);
    if (!type) throw new Error(`unknown instance type ${choice.instanceType}: validate the workload first`);
    const perWorker = messagesPerWorkerOn(type, figure, choice.figureIsForType);
    const fleet = workerFleet(perWorker, load);
    return { type, messagesPerWorkerPerSecond: perWorker, fleet, candidates: null, fits: fleet.maxWorkers <= ceiling };
  }
  const options = familySizes(choice.family).map((type) => {
    const perWorker = messagesPerWorkerOn(type, figure, false);
    const fleet = workerFleet(perWorker, load);
    return { type, perWorker, fleet, fits: fleet.maxWorkers <= ceiling, monthlyUsd: fleet.maxWorkers * type.usdPerHour * HOURS_PER_MONTH };
  });
  // The cheapest size whose fleet fits. Prices scale with vCPUs within a family as the per-worker rate does, so the
  // cheapest fleet is the one with the least capacity (workers × rate): that least capacity never falls as the load
  // grows (each size's capacity does not, and the sizes that fit only get fewer), though the size may change.
  const fitting = options.filter((o) => o.fits);
  const best = fitting.length > 0
    ? [...fitting].sort((a, b) =>
      withoutFloatNoise(a.monthlyUsd - b.monthlyUsd) ||
      Number(b.type.vcpu === REFERENCE_WORKER_VCPU) - Number(a.type.vcpu === REFERENCE_WORKER_VCPU) ||
      b.type.vcpu - a.type.vcpu)[0]
    : [...options].sort((a, b) => a.fleet.maxWorkers - b.fleet.maxWorkers)[0]; // none fits: the fewest, for the refusal
  return {
    type: best.type,
    messagesPerWorkerPerSecond: best.perWorker,
    fleet: best.fleet,
    candidates: Object.fromEntries(options.map((o) => [o.type.name,
      o.fits ? Math.round(o.monthlyUsd) : `${o.fleet.maxWorkers.toLocaleString('en-US')} workers: more than the subnets hold`])),
    fits: best.fits,
  };
}

/** The sizes of an EC2 family in the catalog, smallest first. */
function familySizes(family: string): Ec2InstanceType[] {
  return EC2_INSTANCE_TYPES.filter((t) => t.name.startsWith(`${family}.`)).sort((a, b) => a.vcpu - b.vcpu);
}

/** The family's smallest size and a worker's rate on it, when the plan chooses the size (null for a given type). */
function smallestWorker(figure: number, choice: WorkerTypeChoice): { type: string; messagesPerWorkerPerSecond: number } | null {
  if (choice.kind === 'given') return null;
  const smallest = familySizes(choice.family)[0];
  return { type: smallest.name, messagesPerWorkerPerSecond: messagesPerWorkerOn(smallest, figure, false) };
}

/**
 * The consumers the event log's partitions are sized for: the workers' maximum counted on a size that does not change
 * with the load. With a given type, that type's fleet. When the plan chooses the size, the fleet on the family's
 * smallest size: the most workers any size of the family brings for this load (a larger size needs no more of them),
 * so every consumer of the group gets a partition whatever size the plan picks now or after a re-plan, and the count
 * never falls as the load grows. (Counted on the size the plan picks, it fell whenever the pick moved to a larger
 * size: 7,180 → 7,683 messages/s took m7g.large → m7g.xlarge and 5 → 3 partitions, which a live topic cannot follow.)
 */
export function partitionConsumers(figure: number, choice: WorkerTypeChoice, load: WorkerLoad, sizing: WorkerSizing): number {
  if (choice.kind === 'given') return sizing.fleet.maxWorkers;
  const smallest = familySizes(choice.family)[0];
  return workerFleet(messagesPerWorkerOn(smallest, figure, false), load).maxWorkers;
}

/**
 * AWS's target for backlog-per-instance tracking: "take the acceptable latency value and divide it by the average
 * time that an EC2 instance takes to process a message" (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html).
 */
export function backlogPerInstanceTarget(maxBacklogSeconds: number, processingSeconds: number): number {
  return withoutFloatNoise(maxBacklogSeconds / processingSeconds);
}

/**
 * The instances target tracking settles on for a backlog: ⌈messages visible ÷ target backlog per instance⌉ (AWS's
 * example: 1,500 messages at a target of 100 → 15 instances, so a fleet of 10 scales out by 5).
 */
export function workersForBacklog(messagesVisible: number, target: number): number {
  return Math.ceil(withoutFloatNoise(messagesVisible / target));
}

// ---- Queue ---------------------------------------------------------------------------------------------------

/** Visibility timeout: 6 × the processing time of a message, at least 30 s, at most SQS's 12 hours. */
export function visibilityTimeoutSeconds(processingSeconds: number): number {
  const wanted = Math.ceil(withoutFloatNoise(VISIBILITY_TIMEOUT_PROCESSING_MULTIPLE * processingSeconds));
  return Math.min(SQS_LIMITS.maxVisibilityTimeoutSeconds, Math.max(SQS_LIMITS.defaultVisibilityTimeoutSeconds, wanted));
}

/**
 * Requests SQS bills per message: a batch of n messages (10, or fewer when 10 would pass the 1 MiB request limit) is
 * sent and received in ⌈n × size ÷ 64 KiB⌉ billed requests each (every 64 KB chunk bills as one) and deleted in 1.
 */
export function billedRequestsPerMessage(messageBytes: number): number {
  const bytes = Math.min(messageBytes, SQS_LIMITS.maxMessageBytes);
  const batch = Math.max(1, Math.min(SQS_LIMITS.maxBatchMessages, Math.floor(SQS_LIMITS.maxMessageBytes / bytes)));
  const chunks = Math.ceil(withoutFloatNoise((batch * bytes) / SQS_LIMITS.billingChunkBytes));
  return withoutFloatNoise((2 * chunks + 1) / batch);
}

// ---- Event log -----------------------------------------------------------------------------------------------

/** What one region's event log carries. */
export interface EventLogLoad {
  /** Peak ingress, bytes/s. */
  readonly ingressBytesPerSecond: number;
  /** Peak messages/s (for the guides' per-broker message figure). */
  readonly messagesPerSecond: number;
  readonly retentionSeconds: number;
  /** Consumers in the group at most: partitions ≥ consumers. */
  readonly consumers: number;
  /** AZs the brokers are spread over (a broker count is a multiple of it). */
  readonly brokerAzs: number;
}

/** One broker type's cluster for a load. */
export interface EventLogOption {
  readonly type: MskBrokerType;
  /** Brokers each constraint needs on this type (before rounding to the AZs). */
  readonly byIngress: number;
  readonly byStorage: number;
  readonly byPartitions: number;
  /** max(3, the three above) rounded up to a multiple of the AZs: the fewest brokers of this type that carry the load. */
  readonly brokers: number;
  readonly storageGiBPerBroker: number;
  readonly monthlyUsd: number;
}

export interface EventLogChoice {
  readonly partitions: number;
  /** Replicated storage the retention needs, GiB. */
  readonly storageGiB: number;
  readonly brokersByGuides: number;
  /** The count on the reference size (REFERENCE_BROKER_TYPE): the brokers built. */
  readonly reference: EventLogOption;
  /** The smallest size that carries the load with the reference's count, at that count. */
  readonly chosen: EventLogOption;
  /** Every size at its own fewest brokers. */
  readonly options: readonly EventLogOption[];
}

/**
 * The broker size whose count the event log is built with: kafka.m7g.4xlarge, the largest Standard size whose safe
 * ingress still grows with its price (large to 4xlarge carry ≈ 59 MiB/s per $/h; from 8xlarge EBS's 1,000 MiB/s caps a
 * broker at 153.8 MiB/s, 47 MiB/s per $/h and less) and which takes the most partitions (4,000 per broker).
 */
export const REFERENCE_BROKER_TYPE = 'kafka.m7g.4xlarge';

/** The smallest multiple of `step` that is ≥ n. */
function roundUpTo(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

/**
 * Sizes an MSK cluster: partitions = max(⌈ingress ÷ 5 MB/s⌉, consumers); brokers = the count the reference size
 * (kafka.m7g.4xlarge) needs, max(3, ⌈ingress ÷ (safe ingress × 50 %)⌉, ⌈replicated storage ÷ 16 TiB⌉, ⌈partitions × 3 ÷
 * recommended partitions per broker⌉) rounded up to a multiple of the AZs; the broker type = the smallest m7g size that
 * carries the load with that many brokers. Counted on one fixed size, the brokers never fall as the load grows (each
 * term grows with it); picking the cheapest size at its own count instead (the rule before) went from 60 ×
 * kafka.m7g.large to 33 × kafka.m7g.xlarge and back as the load grew. The size may step down as the count steps up (3 ×
 * 4xlarge → 6 × 2xlarge): MSK changes the broker size in place, both ways
 * (https://docs.aws.amazon.com/msk/latest/developerguide/msk-update-broker-type.html), while a topic's partitions only
 * grow. Within one count, the smallest size is the cheapest; against the cheapest size at its own count it costs more
 * only where rounding to a multiple of the AZs favours many small brokers (3 × 2xlarge where 9 × large carry the same
 * for $447 a month less: prices and safe ingress grow alike up to 4xlarge).
 */
export function sizeEventLog(load: EventLogLoad): EventLogChoice {
  const rf = MSK_LIMITS.replicationFactor;
  const partitions = Math.max(1, load.consumers, Math.ceil(withoutFloatNoise(load.ingressBytesPerSecond / MSK_LIMITS.partitionIngressBytesPerSecond)));
  const storageGiB = withoutFloatNoise((load.ingressBytesPerSecond * load.retentionSeconds * rf) / GIB);
  const brokersByGuides = roundUpTo(Math.max(rf,
    Math.ceil(withoutFloatNoise(load.ingressBytesPerSecond / GUIDES_BROKER_FIGURES.writeBytesPerSecond)),
    Math.ceil(withoutFloatNoise(load.messagesPerSecond / GUIDES_BROKER_FIGURES.messagesPerSecond))), load.brokerAzs);
  const at = (type: MskBrokerType, brokers: number) => {
    const storageGiBPerBroker = Math.max(MSK_LIMITS.minStorageGiBPerBroker, Math.ceil(withoutFloatNoise(storageGiB / brokers)));
    return { brokers, storageGiBPerBroker, monthlyUsd: brokers * (type.usdPerHour * HOURS_PER_MONTH + storageGiBPerBroker * MSK_LIMITS.storageUsdPerGbMonth) };
  };
  const options = [...MSK_BROKER_TYPES].sort((a, b) => a.vcpu - b.vcpu).map((type): EventLogOption => {
    const usableIngress = type.safeIngressMiBPerSecond * 2 ** 20 * MSK_LIMITS.brokerUtilization;
    const byIngress = Math.ceil(withoutFloatNoise(load.ingressBytesPerSecond / usableIngress));
    const byStorage = Math.ceil(withoutFloatNoise(storageGiB / MSK_LIMITS.maxStorageGiBPerBroker));
    const byPartitions = Math.ceil(withoutFloatNoise((partitions * rf) / type.recommendedPartitions));
    return { type, byIngress, byStorage, byPartitions, ...at(type, roundUpTo(Math.max(rf, byIngress, byStorage, byPartitions), load.brokerAzs)) };
  });
  const reference = options.find((o) => o.type.name === REFERENCE_BROKER_TYPE)!;
  const smallest = options.find((o) => o.brokers <= reference.brokers)!; // the reference itself at the latest
  return { partitions, storageGiB, brokersByGuides, reference, chosen: { ...smallest, ...at(smallest.type, reference.brokers) }, options };
}

// ---- The plan ------------------------------------------------------------------------------------------------

/** What `planCapacity` gives the async tier: the traffic, the topology and the web tier's rules. */
export interface AsyncContext {
  readonly traffic: TrafficPlan;
  readonly topology: TopologyPlan;
  readonly stage: Stage;
  /** True when the plan's stage is `min` or a later milestone. */
  readonly stageAtLeast: (min: Stage) => boolean;
  /** One region's share of a whole-service peak rate (the web tier's rule). */
  readonly regionalPeak: (perSecond: number) => number;
  /** One region's share of a whole-service average rate (the web tier's rule). */
  readonly regionalAverage: (perSecond: number) => number;
  /** The web tier's headroom policy applied to a count. */
  readonly withHeadroom: (need: number) => number;
  /** The headroom policy's formula and inputs, for the derivations. */
  readonly headroomFormula: string;
  readonly headroomInputs: Readonly<Record<string, number>>;
  /** The web tier's Auto Scaling maximum per region: instances in the same application subnets as the workers. */
  readonly webInstancesPerRegion: number;
  /**
   * Addresses the databases and the cache nodes take in one region's data subnets, where the brokers go too: a
   * Multi-AZ writer 2, a read replica 1, a cache node 1 (RDS Proxy's interfaces come on top).
   */
  readonly dataSubnetAddressesTaken: number;
}

/** The async tier's part of the plan. */
export interface AsyncTier {
  /** null when the workload gives no message rate. */
  readonly plan: AsyncPlan | null;
  /** What is built (the plan's `architecture.queue` and `architecture.eventLog`). */
  readonly built: { readonly queue: boolean; readonly eventLog: boolean };
  /** Cost lines of what is built. */
  readonly costs: CostLine[];
  /** What is built needs of each default quota, per region. */
  readonly quotaNeeds: QuotaNeed[];
}

/**
 * How a refusal names an async input: `async.field (value)` for a field the workload gives, else the default named as
 * such (the user never wrote it).
 */
function asyncField(a: AsyncInput, field: 'messageBytes' | 'retentionDays'): string {
  return a[field] !== undefined
    ? `async.${field} (${a[field]!.toLocaleString('en-US')})`
    : `async.${field} (not given: the default ${ASYNC_DEFAULTS[field].toLocaleString('en-US')})`;
}

/** "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The lever on a worker's rate, named as the workload gives it. */
function workerRateLever(a: AsyncInput): string {
  if (a.messagesPerWorkerPerSecond !== undefined) return `raise async.messagesPerWorkerPerSecond (${a.messagesPerWorkerPerSecond.toLocaleString('en-US')})`;
  if (a.processingMillis !== undefined) return `lower async.processingMillis (${a.processingMillis.toLocaleString('en-US')})`;
  return `give a worker's real rate in async.messagesPerWorkerPerSecond (not given: the default ${ASYNC_DEFAULTS.messagesPerWorkerPerSecond.toLocaleString('en-US')} per 8-vCPU worker)`;
}

/** Plans the async tier: nothing without a message rate. Workloads it cannot build go to `refusals`. */
export function planAsync(w: Workload, ctx: AsyncContext, log: DerivationLog, warnings: PlanWarning[], refusals: Problem[] = []): AsyncTier {
  const a: AsyncInput | undefined = w.async;
  if (!a || (a.messagesPerSecond === undefined && a.messagesPerRequest === undefined)) {
    return { plan: null, built: { queue: false, eventLog: false }, costs: [], quotaNeeds: [] };
  }
  const { traffic, topology, stage } = ctx;
  const regions = topology.regions.length;
  const zones = topology.availabilityZones;

  // ---- message rates
  const peakMessagesPerSecond = a.messagesPerSecond !== undefined
    ? log.record('async.peakMessagesPerSecond', 'given (already a peak)', { messagesPerSecond: a.messagesPerSecond }, a.messagesPerSecond, 'messages/s')
    : log.record('async.peakMessagesPerSecond', 'peak QPS × messages per request',
      { peakQps: traffic.peakQps, messagesPerRequest: a.messagesPerRequest! }, withoutFloatNoise(traffic.peakQps * a.messagesPerRequest!), 'messages/s');
  const averageMessagesPerSecond = log.record('async.averageMessagesPerSecond', 'peak messages/s × average QPS ÷ peak QPS (messages follow the traffic\'s shape)',
    { peakMessagesPerSecond, averageQps: traffic.averageQps, peakQps: traffic.peakQps },
    withoutFloatNoise((peakMessagesPerSecond * traffic.averageQps) / traffic.peakQps), 'messages/s');
  const messageBytes = a.messageBytes ?? ASYNC_DEFAULTS.messageBytes;

  // ---- workers: the web tier's sizing basis and headroom
  const figure = a.messagesPerWorkerPerSecond ?? (a.processingMillis !== undefined ? withoutFloatNoise(1000 / a.processingMillis) : ASYNC_DEFAULTS.messagesPerWorkerPerSecond);
  const figureStated = a.messagesPerWorkerPerSecond !== undefined || a.processingMillis !== undefined;
  const choice: WorkerTypeChoice = a.workerInstanceType !== undefined
    ? { kind: 'given', instanceType: a.workerInstanceType, figureIsForType: figureStated }
    : { kind: 'cheapest', family: DEFAULT_WORKER_FAMILY };
  const regionalPeak = ctx.regionalPeak(peakMessagesPerSecond);
  const regionalAverage = ctx.regionalAverage(averageMessagesPerSecond);
  // Every worker takes an address in the region's application subnets, which the web tier's instances share.
  const applicationAddresses = zones * usableSubnetAddresses(DEFAULT_SUBNET_PREFIX.application);
  const workerAddresses = applicationAddresses - ctx.webInstancesPerRegion;
  const load: WorkerLoad = {
    regionalPeakMessagesPerSecond: regionalPeak, regionalAverageMessagesPerSecond: regionalAverage, zones, withHeadroom: ctx.withHeadroom, maxWorkers: workerAddresses,
  };
  const sizing = sizeWorkers(figure, choice, load);
  const { type, fleet } = sizing;
  const figureSource = a.messagesPerWorkerPerSecond !== undefined ? 'given' : a.processingMillis !== undefined ? '1,000 ÷ processing ms' : 'the guides\' consumer, 10,000 messages/s';
  log.record('async.workerInstanceType',
    choice.kind === 'given' ? 'given (async.workerInstanceType)' : `the ${DEFAULT_WORKER_FAMILY} size (4 GiB per vCPU, the reference server's ratio) with the lowest monthly cost of the Auto Scaling maximum it needs (ties: the 8-vCPU reference size), among the sizes whose workers fit the application subnets' ${workerAddresses.toLocaleString('en-US')} addresses the web tier leaves`,
    sizing.candidates ?? { vcpu: type.vcpu, memoryGiB: type.memoryGiB, usdPerHour: type.usdPerHour }, type.name, 'instance type');
  if (!sizing.fits) {
    refusals.push({
      path: a.messagesPerSecond !== undefined ? 'async.messagesPerSecond' : 'async.messagesPerRequest',
      value: a.messagesPerSecond ?? a.messagesPerRequest,
      message:
        `needs ${fleet.maxWorkers.toLocaleString('en-US')} queue workers per region at ${withoutFloatNoise(sizing.messagesPerWorkerPerSecond).toLocaleString('en-US')} messages/s each ` +
        `(${choice.kind === 'given' ? `on the given async.workerInstanceType ${type.name}` : `on ${type.name}, the ${DEFAULT_WORKER_FAMILY} size needing the fewest`}), and every worker takes an address in the region's ` +
        `application subnets: ${zones} × ${usableSubnetAddresses(DEFAULT_SUBNET_PREFIX.application).toLocaleString('en-US')} (a /${DEFAULT_SUBNET_PREFIX.application} per AZ, 5 reserved) = ` +
        `${applicationAddresses.toLocaleString('en-US')}, of which the web tier takes up to ${ctx.webInstancesPerRegion.toLocaleString('en-US')}. ` +
        orList([
          `Lower ${a.messagesPerSecond !== undefined ? 'async.messagesPerSecond' : 'async.messagesPerRequest'}`,
          workerRateLever(a),
          ...(choice.kind === 'given' ? ['choose a larger async.workerInstanceType'] : []),
          ...(zones < 6 ? ['add availability zones (topology.availabilityZones, up to 6)'] : []),
        ]),
    });
  }
  const messagesPerWorkerPerSecond = choice.kind === 'given' && choice.figureIsForType
    ? log.record('async.messagesPerWorkerPerSecond', 'given for the given worker type (the workload states its worker\'s figure)',
      { figure, figureSource }, sizing.messagesPerWorkerPerSecond, 'messages/s')
    : log.record('async.messagesPerWorkerPerSecond', 'per-worker figure × vCPU ÷ 8 (the figure describes the guides\' 8-core reference server, as the web tier\'s does)',
      { figure, figureSource, vcpu: type.vcpu, referenceVcpu: REFERENCE_WORKER_VCPU }, sizing.messagesPerWorkerPerSecond, 'messages/s');
  const processingSeconds = log.record('async.processingSeconds', '1 ÷ messages per worker per second',
    { messagesPerWorkerPerSecond }, withoutFloatNoise(1 / messagesPerWorkerPerSecond), 's');
  const workersForPeak = log.record('async.workersForPeak',
    topology.regionCapacity === 'survive-region-loss' ? '⌈(peak messages/s ÷ (regions − 1)) ÷ messages per worker per second⌉' : '⌈peak messages/s ÷ messages per worker per second⌉',
    { peakMessagesPerSecond, regions, messagesPerWorkerPerSecond }, fleet.workersForPeak, 'workers');
  const workersPerRegion = log.record('async.workersPerRegion', `${ctx.headroomFormula} (the web tier's headroom policy)`,
    { need: workersForPeak, ...ctx.headroomInputs }, fleet.workersPerRegion, 'workers');
  const workersTotal = log.record('async.workersTotal', 'workers per region × regions', { workersPerRegion, regions }, workersPerRegion * regions, 'workers');
  const minWorkers = log.record('async.minWorkers', 'max(headroom on ⌈regional average messages/s ÷ messages per worker per second⌉, zones)',
    { regionalAverageMessagesPerSecond: regionalAverage, messagesPerWorkerPerSecond, averageNeed: fleet.averageNeed, ...ctx.headroomInputs, zones },
    fleet.minWorkers, 'workers', 'at least one worker per zone');
  const maxWorkers = log.record('async.maxWorkers', 'max(workers per region, min workers)', { workersPerRegion, minWorkers }, fleet.maxWorkers, 'workers');

  // ---- backlog per worker: AWS's scaling target
  const maxBacklogSeconds = a.maxBacklogSeconds ?? ASYNC_DEFAULTS.maxBacklogSeconds;
  const backlogPerWorkerTarget = log.record('async.backlogPerWorkerTarget',
    'acceptable backlog latency ÷ processing time per message (AWS: "divide it by the average time that an EC2 instance takes to process a message")',
    { maxBacklogSeconds, processingSeconds }, backlogPerInstanceTarget(maxBacklogSeconds, processingSeconds), 'messages/worker');
  if (backlogPerWorkerTarget < 1) {
    warnings.push({
      code: 'BACKLOG_LATENCY_UNMEETABLE',
      message: `A worker takes ${withoutFloatNoise(processingSeconds)} s per message, longer than async.maxBacklogSeconds (${maxBacklogSeconds} s): one queued message per worker already waits too long. Raise maxBacklogSeconds or speed up the processing.`,
    });
  } else if (maxBacklogSeconds < SCALE_OUT_REACTION_SECONDS) {
    warnings.push({
      code: 'BACKLOG_LATENCY_UNMEETABLE',
      message: `async.maxBacklogSeconds (${maxBacklogSeconds} s) is shorter than scale-out can react (~${SCALE_OUT_REACTION_SECONDS} s: SQS metrics every 60 s + ${WORKER_INSTANCE_WARMUP_SECONDS} s instance warmup): when the load rises faster than the running workers' headroom, messages wait longer until new workers arrive. Raise maxBacklogSeconds, or hold more workers (QueueWorkers minCapacity).`,
    });
  }

  // ---- the queue
  const retentionDays = a.retentionDays ?? ASYNC_DEFAULTS.retentionDays;
  const queue: QueuePlan = {
    visibilityTimeoutSeconds: log.record('async.queue.visibilityTimeoutSeconds', 'min(43,200, max(30, ⌈6 × processing seconds⌉)): room to process and delete a message (AWS\'s 6× rule), within SQS\'s 12 hours',
      { processingSeconds }, visibilityTimeoutSeconds(processingSeconds), 's'),
    retentionSeconds: log.record('async.queue.retentionSeconds', 'min(retention days, 14) × 86,400 s (SQS keeps a message at most 14 days)',
      { retentionDays }, Math.min(retentionDays * SECONDS_PER_DAY, SQS_LIMITS.maxRetentionSeconds), 's'),
    maxMessageBytes: SQS_LIMITS.maxMessageBytes,
    maxReceiveCount: a.maxReceiveCount ?? ASYNC_DEFAULTS.maxReceiveCount,
    peakInFlightMessages: log.record('async.queue.peakInFlightMessages', '⌈regional peak messages/s × processing seconds⌉ (at least: receive and delete round trips add to it)',
      { regionalPeakMessagesPerSecond: regionalPeak, processingSeconds }, Math.ceil(withoutFloatNoise(regionalPeak * processingSeconds)), 'messages'),
    monthlyRequests: log.record('async.queue.monthlyRequests',
      'average messages/s × 30 days × billed requests per message (batches of up to 10: send and receive ⌈batch bytes ÷ 64 KiB⌉ each, delete 1)',
      { averageMessagesPerSecond, messageBytes, billedRequestsPerMessage: billedRequestsPerMessage(messageBytes) },
      withoutFloatNoise(averageMessagesPerSecond * SECONDS_PER_MONTH * billedRequestsPerMessage(messageBytes)), 'requests'),
  };
  const queueBuilt = w.architecture?.queue ?? ctx.stageAtLeast(ASYNC_STAGES.queue);
  log.record('architecture.queue', w.architecture?.queue !== undefined ? 'given (architecture.queue)' : `from the "${ASYNC_STAGES.queue}" stage on, given a message rate`,
    { stage }, String(queueBuilt), 'flag');
  if (messageBytes > SQS_LIMITS.maxMessageBytes) {
    warnings.push({
      code: 'QUEUE_MESSAGE_TOO_LARGE',
      message: `async.messageBytes ${messageBytes.toLocaleString('en-US')} exceeds SQS's maximum message of ${SQS_LIMITS.maxMessageBytes.toLocaleString('en-US')} bytes (1 MiB): store the payload in S3 and queue a reference to it (the Amazon SQS Extended Client Library does this).`,
    });
  }
  if (queueBuilt && retentionDays * SECONDS_PER_DAY > SQS_LIMITS.maxRetentionSeconds) {
    warnings.push({
      code: 'QUEUE_RETENTION_CAPPED',
      message: `async.retentionDays ${retentionDays}: SQS keeps a message at most 14 days, so the queue keeps 14 (an event log keeps the full ${retentionDays}).`,
    });
  }

  // ---- the event log
  const eventLogBuilt = a.eventLog ?? ctx.stageAtLeast(ASYNC_STAGES.eventLog);
  log.record('architecture.eventLog', a.eventLog !== undefined ? 'given (async.eventLog)' : `from the "${ASYNC_STAGES.eventLog}" stage on, given a message rate`,
    { stage }, String(eventLogBuilt), 'flag');
  const consumers = partitionConsumers(figure, choice, load, sizing);
  const eventLog = eventLogBuilt
    ? planEventLog({ a, regionalPeak, messageBytes, retentionDays, consumers, consumersOnSmallest: smallestWorker(figure, choice), zones, dataSubnetAddressesTaken: ctx.dataSubnetAddressesTaken }, log, warnings, refusals)
    : null;

  const plan: AsyncPlan = {
    peakMessagesPerSecond, averageMessagesPerSecond, messageBytes,
    workerInstanceType: type.name, workerArchitecture: type.architecture, messagesPerWorkerPerSecond, processingSeconds,
    workersForPeak, workersPerRegion, workersTotal, minWorkers, maxWorkers, maxBacklogSeconds, backlogPerWorkerTarget,
    retentionDays, queue, eventLog, consumerGroup: a.consumerGroup ?? null,
  };
  return {
    plan,
    built: { queue: queueBuilt, eventLog: eventLogBuilt },
    costs: asyncCosts(plan, queueBuilt, type, regions, log),
    quotaNeeds: asyncQuotaNeeds(plan, queueBuilt, type, topology),
  };
}

/** What the event log is planned from. */
interface EventLogInputs {
  readonly a: AsyncInput;
  readonly regionalPeak: number;
  readonly messageBytes: number;
  readonly retentionDays: number;
  /** The consumers the partitions are sized for (partitionConsumers). */
  readonly consumers: number;
  /** The size they are counted on and a worker's rate there, when it is the family's smallest (the plan chose the size). */
  readonly consumersOnSmallest: { readonly type: string; readonly messagesPerWorkerPerSecond: number } | null;
  readonly zones: number;
  readonly dataSubnetAddressesTaken: number;
}

function planEventLog(inputs: EventLogInputs, log: DerivationLog, warnings: PlanWarning[], refusals: Problem[]): EventLogPlan {
  const { a, regionalPeak, messageBytes, retentionDays, consumers, zones } = inputs;
  const peakIngressBytesPerSecond = log.record('async.eventLog.peakIngressBytesPerSecond', 'regional peak messages/s × message bytes',
    { regionalPeakMessagesPerSecond: regionalPeak, messageBytes }, withoutFloatNoise(regionalPeak * messageBytes), 'bytes/s');
  const brokerAvailabilityZones = log.record('async.eventLog.brokerAvailabilityZones', 'min(zones, 3): MSK spreads brokers evenly over 2 or 3 client subnets in distinct AZs',
    { zones }, Math.min(zones, MSK_LIMITS.maxClientSubnets), 'AZs');
  const onSmallest = inputs.consumersOnSmallest;
  if (onSmallest) {
    log.record('async.eventLog.consumers',
      `max workers per region counted on ${onSmallest.type}, the smallest size the plan may choose (the headroom policy on ⌈regional peak ÷ its rate⌉, at least the average's need and one per zone): as many as any size brings, and a fixed unit, so the partitions never fall when the workers' size changes (a topic's partitions cannot be reduced)`,
      { regionalPeakMessagesPerSecond: regionalPeak, messagesPerWorkerPerSecond: onSmallest.messagesPerWorkerPerSecond, zones }, consumers, 'consumers');
  } else {
    log.record('async.eventLog.consumers', 'the workers\' maximum per region on the given type: the largest the consumer group gets', { maxWorkers: consumers }, consumers, 'consumers');
  }
  const retentionHours = log.record('async.eventLog.retentionHours', 'retention days × 24', { retentionDays }, retentionDays * 24, 'hours');
  const retentionSeconds = retentionDays * SECONDS_PER_DAY;
  const s = sizeEventLog({ ingressBytesPerSecond: peakIngressBytesPerSecond, messagesPerSecond: regionalPeak, retentionSeconds, consumers, brokerAzs: brokerAvailabilityZones });
  const partitions = log.record('async.eventLog.partitions', 'max(⌈peak ingress ÷ 5 MB/s per partition⌉, consumers): every consumer of the group gets a partition',
    { peakIngressBytesPerSecond, partitionIngressBytesPerSecond: MSK_LIMITS.partitionIngressBytesPerSecond, consumers }, s.partitions, 'partitions',
    '5 MB/s is the per-partition ingress AWS publishes (MSK Serverless quota), the only per-partition figure it documents');
  const brokersByGuides = log.record('async.eventLog.brokersByGuides',
    'max(3, ⌈ingress ÷ 500 MB/s⌉, ⌈messages/s ÷ 1 M⌉) rounded up to a multiple of the AZs (the guides\' per-broker figures)',
    { peakIngressBytesPerSecond, messagesPerSecond: regionalPeak, brokerAvailabilityZones }, s.brokersByGuides, 'brokers',
    'the guides\' 500 MB/s is Express m7g.16xlarge\'s maximum; AWS sizes a Standard m7g.16xlarge at 154 MB/s safe ingress');
  const r = s.reference;
  const c = s.chosen;
  const brokers = log.record('async.eventLog.brokers',
    `max(3, ⌈ingress ÷ (safe ingress × 50 %)⌉, ⌈replicated storage ÷ 16,384 GiB⌉, ⌈partitions × 3 ÷ recommended partitions per broker⌉) on ${REFERENCE_BROKER_TYPE}, rounded up to a multiple of the AZs: counted on one fixed size, so the count never falls as the load grows`,
    { byIngress: r.byIngress, byStorage: r.byStorage, byPartitions: r.byPartitions, brokerAvailabilityZones, safeIngressMiBPerSecond: r.type.safeIngressMiBPerSecond, recommendedPartitions: r.type.recommendedPartitions },
    r.brokers, 'brokers',
    `${REFERENCE_BROKER_TYPE} is the largest size whose safe ingress grows with its price, and takes the most partitions (4,000)`);
  const brokerType = log.record('async.eventLog.brokerType',
    'the smallest m7g broker size that carries the load with that many brokers (its own count, max(3, by ingress, by storage, by partitions) rounded to the AZs, ≤ brokers): the cheapest at that count',
    Object.fromEntries(s.options.map((o) => [o.type.name, `${o.brokers} brokers needed`])), c.type.name, 'broker type',
    'safe ingress per broker is AWS\'s sizing model (3-way replication, one consumer group); 50 % utilization leaves room to lose an AZ. MSK changes a broker size in place, up or down');
  const storageGiBPerBroker = log.record('async.eventLog.storageGiBPerBroker', 'max(1, ⌈peak ingress × retention × replication factor 3 ÷ 2³⁰ ÷ brokers⌉)',
    { peakIngressBytesPerSecond, retentionSeconds, replicationFactor: MSK_LIMITS.replicationFactor, brokers }, c.storageGiBPerBroker, 'GiB',
    'sized on the peak: the average fills it more slowly');

  // Every broker takes an address in its AZ's data subnet, which the databases and the cache nodes share.
  const perSubnet = usableSubnetAddresses(DEFAULT_SUBNET_PREFIX.data);
  const takenPerSubnet = Math.ceil(inputs.dataSubnetAddressesTaken / zones);
  const maxBrokers = brokerAvailabilityZones * Math.max(0, perSubnet - takenPerSubnet);
  if (brokers > maxBrokers) {
    const binding = r.byPartitions >= Math.max(r.byIngress, r.byStorage) ? 'partitions' : r.byStorage >= r.byIngress ? 'storage' : 'ingress';
    const byConsumers = binding === 'partitions' && consumers >= Math.ceil(withoutFloatNoise(peakIngressBytesPerSecond / MSK_LIMITS.partitionIngressBytesPerSecond));
    const levers = [
      `Lower ${a.messagesPerSecond !== undefined ? 'async.messagesPerSecond' : 'async.messagesPerRequest'}`,
      ...(byConsumers ? [workerRateLever(a)] : [`lower ${asyncField(a, 'messageBytes')}`]),
      ...(binding === 'storage' ? [`lower ${asyncField(a, 'retentionDays')}`] : []),
      'plan without the event log (async.eventLog false)',
    ];
    refusals.push({
      path: a.messagesPerSecond !== undefined ? 'async.messagesPerSecond' : 'async.messagesPerRequest',
      value: a.messagesPerSecond ?? a.messagesPerRequest,
      message:
        `needs an event log of ${brokers.toLocaleString('en-US')} brokers per region (${binding === 'partitions' ? `for ${partitions.toLocaleString('en-US')} partitions × 3 replicas` : binding === 'storage' ? `to keep ${retentionDays.toLocaleString('en-US')} days × 3 replicas` : `for ${withoutFloatNoise(peakIngressBytesPerSecond / 1e6).toLocaleString('en-US')} MB/s of ingress`}), ` +
        `and every broker takes an address in the data subnet of its AZ: ${brokerAvailabilityZones} × ${perSubnet.toLocaleString('en-US')} (a /${DEFAULT_SUBNET_PREFIX.data} per AZ, 5 reserved), ` +
        `less about ${takenPerSubnet.toLocaleString('en-US')} each for the databases and the cache, leave room for ${maxBrokers.toLocaleString('en-US')}. ${orList(levers)}`,
    });
  }
  if (brokers !== brokersByGuides) {
    warnings.push({
      code: 'EVENT_LOG_GUIDES_RULE',
      message: `The guides' per-broker figures (500 MB/s, 1 M messages/s) give ${brokersByGuides} brokers; AWS's sizing of Standard brokers gives ${brokers} × ${brokerType} (safe ingress ${c.type.safeIngressMiBPerSecond} MiB/s per broker at 50 % utilization, ${MSK_LIMITS.maxStorageGiBPerBroker.toLocaleString('en-US')} GiB per broker, ${c.type.recommendedPartitions.toLocaleString('en-US')} partitions per broker): the plan builds AWS's.`,
    });
  }
  return {
    brokerType, brokers, brokerAvailabilityZones, partitions,
    replicationFactor: MSK_LIMITS.replicationFactor, minInSyncReplicas: MSK_LIMITS.minInSyncReplicas,
    storageGiBPerBroker, peakIngressBytesPerSecond, consumers, retentionHours, brokersByGuides,
  };
}

function asyncCosts(plan: AsyncPlan, queueBuilt: boolean, worker: Ec2InstanceType, regions: number, log: DerivationLog): CostLine[] {
  const lines: CostLine[] = [];
  const add = (component: CostLine['component'], formula: string, inputs: Record<string, number | string>, usd: number) => {
    const rounded = Math.round(usd * 100) / 100;
    log.record(`costBreakdown.${component}`, formula, inputs, rounded, 'USD/month');
    lines.push({ component, usd: rounded, formula });
  };
  if (queueBuilt) {
    const billedMillions = Math.max(0, plan.queue.monthlyRequests / 1e6 - SQS_FREE_MILLION_REQUESTS_PER_MONTH);
    add('queue', 'SQS requests per month beyond the first million, tiered: first 100 B $0.40 per million, next 100 B $0.30, over 200 B $0.24',
      { monthlyRequests: plan.queue.monthlyRequests }, tieredPriceUsd(billedMillions, SQS_REQUEST_PRICE_TIERS));
    add('workers', 'max workers × regions × $/h × 730 h (every region at its Auto Scaling maximum: an upper bound)',
      { maxWorkers: plan.maxWorkers, regions, usdPerHour: worker.usdPerHour }, plan.maxWorkers * regions * worker.usdPerHour * HOURS_PER_MONTH);
  }
  const e = plan.eventLog;
  if (e) {
    const broker = MSK_BROKER_TYPES.find((t) => t.name === e.brokerType)!;
    add('event-log', 'regions × brokers × ($/h × 730 h + storage GiB per broker × $0.10 per GB-month)',
      { regions, brokers: e.brokers, usdPerHour: broker.usdPerHour, storageGiBPerBroker: e.storageGiBPerBroker },
      regions * e.brokers * (broker.usdPerHour * HOURS_PER_MONTH + e.storageGiBPerBroker * MSK_LIMITS.storageUsdPerGbMonth));
  }
  return lines;
}

function asyncQuotaNeeds(plan: AsyncPlan, queueBuilt: boolean, worker: Ec2InstanceType, topology: TopologyPlan): QuotaNeed[] {
  return topology.regions.flatMap((region): QuotaNeed[] => [
    ...(queueBuilt ? [
      { quota: 'onDemandStandardVcpus' as const, region, needed: plan.maxWorkers * worker.vcpu },
      { quota: 'sqsInFlightMessages' as const, region, needed: plan.queue.peakInFlightMessages },
    ] : []),
    ...(plan.eventLog ? [
      { quota: 'mskBrokersPerCluster' as const, region, needed: plan.eventLog.brokers },
      { quota: 'mskBrokersPerAccount' as const, region, needed: plan.eventLog.brokers },
    ] : []),
  ]);
}
