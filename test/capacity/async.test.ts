/** The async tier's plan (lib/capacity/async.ts): worked examples, stage defaults, warnings, costs, refusals, properties. */
import * as fc from 'fast-check';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  billedRequestsPerMessage,
  backlogPerInstanceTarget,
  checkWorkload,
  DEFAULT_SUBNET_PREFIX,
  MSK_BROKER_TYPES,
  planCapacity,
  planRows,
  renderPlan,
  sizeEventLog,
  sizeWorkers,
  SERVICE_QUOTAS,
  SQS_REQUEST_PRICE_TIERS,
  tieredPriceUsd,
  usableSubnetAddresses,
  visibilityTimeoutSeconds,
  WorkloadValidationError,
  workersForBacklog,
  type CapacityPlan,
  type Workload,
  type WorkloadProblem,
} from '../../lib/capacity';
import { quotaIncreasesNeeded, describeQuotaIncrease } from '../../lib/capacity/quotas';
import { surviveAzLossCount } from '../../lib/capacity/plan-compute';
import { Network } from '../../lib/network';

const codes = (p: CapacityPlan) => p.warnings.map((w) => w.code);
/** The problems planCapacity refuses a workload with (it must refuse). */
function refusal(w: Workload): WorkloadProblem[] {
  try {
    planCapacity(w);
  } catch (e) {
    if (e instanceof WorkloadValidationError) return [...e.problems];
    throw e;
  }
  throw new Error('the plan accepted the workload');
}
/** The plan, or null when it refuses the workload. */
function planOrNull(w: Workload): CapacityPlan | null {
  try {
    return planCapacity(w);
  } catch (e) {
    if (e instanceof WorkloadValidationError) return null;
    throw e;
  }
}
/** ~2 M daily users: the cached stage, one region. */
const traffic = { dailyActiveUsers: 2e6, requestsPerUserPerDay: 50 };
const plan = (async: Workload['async'], rest: Partial<Workload> = {}) => planCapacity({ traffic, ...rest, async });

describe('the guides\' and AWS\'s worked examples', () => {
  test('1 M messages/s at 10,000 per consumer → 100 consumers (the reference-size worker the plan picks)', () => {
    const p = plan({ messagesPerSecond: 1e6, messagesPerWorkerPerSecond: 10_000 });
    expect(p.async!.workerInstanceType).toBe('m7g.2xlarge'); // 8 vCPU: the server the guides' figure describes
    expect(p.async!.messagesPerWorkerPerSecond).toBe(10_000);
    expect(p.async!.workersForPeak).toBe(100);
  });

  test('1 M messages/s at 10,000 per consumer stated for the workload\'s own type → 100 consumers on it', () => {
    const p = plan({ messagesPerSecond: 1e6, messagesPerWorkerPerSecond: 10_000, workerInstanceType: 'c7g.large' });
    expect(p.async!).toMatchObject({ workerInstanceType: 'c7g.large', messagesPerWorkerPerSecond: 10_000, workersForPeak: 100 });
  });

  test('a figure without a type describes the 8-vCPU reference server and scales by vCPU on the given type', () => {
    const p = plan({ messagesPerSecond: 1e6, workerInstanceType: 'm7g.large' }); // the default 10,000 on 8 vCPU → 2,500 on 2
    expect(p.async!.messagesPerWorkerPerSecond).toBe(2500);
    expect(p.async!.workersForPeak).toBe(400);
  });

  test('AWS: 10 s acceptable latency ÷ 0.1 s per message → target 100; 1,500 messages on 10 instances scale out by 5', () => {
    expect(backlogPerInstanceTarget(10, 0.1)).toBe(100);
    expect(1500 / 10).toBe(150); // the backlog per instance now
    expect(workersForBacklog(1500, 100) - 10).toBe(5);
    const p = plan({ messagesPerSecond: 1000, processingMillis: 100, workerInstanceType: 'm7g.2xlarge', maxBacklogSeconds: 10 });
    expect(p.async!.processingSeconds).toBe(0.1);
    expect(p.async!.backlogPerWorkerTarget).toBe(100);
  });

  test('1 M messages/s of 1 KB for an event log: 200 partitions, 21 × kafka.m7g.4xlarge (the guides say 3)', () => {
    const p = plan({ messagesPerSecond: 1e6, retentionDays: 1, eventLog: true, workerInstanceType: 'm7g.2xlarge' });
    const e = p.async!.eventLog!;
    expect(e.peakIngressBytesPerSecond).toBe(1e9);
    expect(e.partitions).toBe(200); // ⌈1 GB/s ÷ 5 MB/s⌉ > 150 consumers (the given type's maximum)
    expect(e.brokersByGuides).toBe(3); // ⌈1 GB/s ÷ 500 MB/s⌉ = 2 → 3 (replication factor, AZs)
    expect([e.brokers, e.brokerType]).toEqual([21, 'kafka.m7g.4xlarge']); // ⌈953.7 MiB/s ÷ (96.2 × 50 %)⌉ = 20 → 21
    expect([e.replicationFactor, e.minInSyncReplicas, e.brokerAvailabilityZones]).toEqual([3, 2, 3]);
    expect(e.storageGiBPerBroker).toBe(Math.ceil((1e9 * 86_400 * 3) / 2 ** 30 / 21));
    expect(codes(p)).toContain('EVENT_LOG_GUIDES_RULE');
  });
});

describe('workers: the web tier\'s basis and headroom', () => {
  test('survive-az-loss: N − ⌈N ÷ zones⌉ workers carry the peak; min from the average, at least one per zone', () => {
    const a = plan({ messagesPerSecond: 1e6 }).async!;
    expect([a.workersForPeak, a.workersPerRegion, a.maxWorkers]).toEqual([100, 150, 150]);
    expect(a.maxWorkers - Math.ceil(a.maxWorkers / 3)).toBeGreaterThanOrEqual(a.workersForPeak);
    expect(a.averageMessagesPerSecond).toBeCloseTo(1e6 / 3, 3); // the traffic's peak factor 3
    expect(a.minWorkers).toBe(51); // need ⌈333,333 ÷ 10,000⌉ = 34, + ⌈34 ÷ 2⌉
    expect(plan({ messagesPerSecond: 1 }).async!.minWorkers).toBe(3);
  });

  test('a buffer headroom applies to the workers too', () => {
    const a = plan({ messagesPerSecond: 300_000, messagesPerWorkerPerSecond: 10_000, workerInstanceType: 'm7g.2xlarge' }, { compute: { headroom: { bufferFraction: 0.3 } } }).async!;
    expect([a.workersForPeak, a.workersPerRegion]).toEqual([30, 39]);
  });

  test('messages per request follow the traffic; survive-region-loss sizes each region for peak ÷ (R − 1)', () => {
    const perRequest = plan({ messagesPerRequest: 2 });
    expect(perRequest.async!.peakMessagesPerSecond).toBeCloseTo(perRequest.traffic.peakQps * 2, 6);
    const w: Workload = {
      traffic, topology: { regions: ['us-east-1', 'us-west-2', 'eu-west-1'], mode: 'active-active', regionCapacity: 'survive-region-loss' },
      async: { messagesPerSecond: 1e6, messagesPerWorkerPerSecond: 10_000, workerInstanceType: 'm7g.2xlarge' },
    };
    const a = planCapacity(w).async!;
    expect(a.workersForPeak).toBe(50);
    expect(a.workersTotal).toBe(a.workersPerRegion * 3);
  });

  test('without a type: the cheapest m7g size for the fleet, ties going to the 8-vCPU reference size', () => {
    const d = plan({ messagesPerSecond: 1e6 }).derivations.find((x) => x.field === 'async.workerInstanceType')!;
    expect(d.inputs['m7g.large']).toBe(d.inputs['m7g.2xlarge']);
    expect(d.result).toBe('m7g.2xlarge');
    expect(plan({ messagesPerSecond: 10 }).async!.workerInstanceType).toBe('m7g.large'); // three small workers, one per zone
  });
});

describe('what the plan accepts builds: workers and brokers need addresses in the default network\'s subnets', () => {
  test('the plan\'s subnet sizes are the Network construct\'s defaults: a /19 application and a /22 data subnet per AZ', () => {
    const stack = new Stack();
    new Network(stack, 'Net', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    const masks = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map((r) => [
      (r.Properties.Tags as Array<{ Key: string; Value: string }>).find((t) => t.Key === 'aws-cdk:subnet-name')!.Value,
      Number(String(r.Properties.CidrBlock).split('/')[1]),
    ]);
    expect(masks.filter(([name]) => name === 'Application').map(([, m]) => m)).toEqual([19, 19, 19]);
    expect(masks.filter(([name]) => name === 'Data').map(([, m]) => m)).toEqual([22, 22, 22]);
    expect(DEFAULT_SUBNET_PREFIX).toEqual({ application: 19, data: 22 });
    expect([usableSubnetAddresses(19), usableSubnetAddresses(22)]).toEqual([8192 - 5, 1024 - 5]);
  });

  test('1e9 messages/s at 0.001 per worker: refused on the rate, naming the worker\'s rate and the subnets (no 1.5e12 workers)', () => {
    const problems = refusal({ traffic, async: { messagesPerSecond: 1e9, messagesPerWorkerPerSecond: 0.001, eventLog: true } });
    expect(problems.map((p) => p.path)).toEqual(['async.messagesPerSecond', 'async.messagesPerSecond']);
    expect(problems[0].message).toMatch(/queue workers per region .* 3 × 8,187 .* = 24,561.* raise async\.messagesPerWorkerPerSecond \(0\.001\)/);
    expect(problems[1].message).toMatch(/event log of [\d,]+ brokers .* 3 × 1,019/);
  });

  test('an event log beyond its data subnets: refused naming the inputs that size it, defaults named as defaults', () => {
    const [p] = refusal({ traffic, async: { messagesPerSecond: 1e8, eventLog: true } });
    expect(p.path).toBe('async.messagesPerSecond');
    // 1e8 × 1,000 B × 7 days × 3 replicas ÷ 16 TiB per broker: storage sets the count.
    expect(Math.ceil((1e11 * 7 * 86_400 * 3) / 2 ** 30 / 16_384)).toBeGreaterThan(3 * 1019);
    expect(p.message).toMatch(/to keep 7 days × 3 replicas/);
    expect(p.message).toMatch(/async\.messageBytes \(not given: the default 1,000\), lower async\.retentionDays \(not given: the default 7\) or plan without the event log/);
    expect(planOrNull({ traffic, async: { messagesPerSecond: 1e8, eventLog: false } })).not.toBeNull();
  });

  test('a given worker type whose fleet exceeds the subnets: refused, suggesting a larger type', () => {
    const [p] = refusal({ traffic, async: { messagesPerSecond: 1e8, workerInstanceType: 'm7g.large' } });
    // 1e8 ÷ 2,500 = 40,000 for peak, 60,000 surviving an AZ loss: more than 24,561 addresses.
    expect(p.message).toMatch(/needs 60,000 queue workers .*\(on the given async\.workerInstanceType m7g\.large\).* choose a larger async\.workerInstanceType or add availability zones/);
    expect(planOrNull({ traffic, async: { messagesPerSecond: 1e8 } })!.async!.maxWorkers).toBe(15_000); // the plan's 2xlarge fits
  });

  test('the plan\'s choice of size skips sizes whose fleet does not fit', () => {
    const load = { regionalPeakMessagesPerSecond: 7180, regionalAverageMessagesPerSecond: 2000, zones: 3, withHeadroom: (n: number) => surviveAzLossCount(n, 3) };
    const free = sizeWorkers(10_000, { kind: 'cheapest', family: 'm7g' }, load);
    expect([free.type.name, free.fleet.maxWorkers, free.fits]).toEqual(['m7g.large', 5, true]); // ⌈7,180 ÷ 2,500⌉ = 3 → 5
    const tight = sizeWorkers(10_000, { kind: 'cheapest', family: 'm7g' }, { ...load, maxWorkers: 4 });
    expect([tight.type.name, tight.fleet.maxWorkers, tight.fits]).toEqual(['m7g.xlarge', 3, true]);
    expect(tight.candidates!['m7g.large']).toMatch(/5 workers: more than the subnets hold/);
    expect(sizeWorkers(10_000, { kind: 'cheapest', family: 'm7g' }, { ...load, maxWorkers: 2 }).fits).toBe(false);
  });
});

describe('the queue', () => {
  test('visibility timeout: 6 × the processing time, at least 30 s, at most 12 hours', () => {
    expect(visibilityTimeoutSeconds(0.0001)).toBe(30);
    expect(visibilityTimeoutSeconds(10)).toBe(60);
    expect(visibilityTimeoutSeconds(10_000)).toBe(43_200);
    expect(plan({ messagesPerSecond: 100, processingMillis: 20_000, workerInstanceType: 'm7g.large' }).async!.queue.visibilityTimeoutSeconds).toBe(120);
  });

  test('retention in seconds, at most 14 days; a dead-letter queue after 5 receives by default', () => {
    const q = plan({ messagesPerSecond: 100 }).async!.queue;
    expect([q.retentionSeconds, q.maxReceiveCount, q.maxMessageBytes]).toEqual([7 * 86_400, 5, 1_048_576]);
    const long = plan({ messagesPerSecond: 100, retentionDays: 30, maxReceiveCount: 3 });
    expect([long.async!.queue.retentionSeconds, long.async!.queue.maxReceiveCount]).toEqual([1_209_600, 3]);
    expect(codes(long)).toContain('QUEUE_RETENTION_CAPPED');
  });

  test('billed requests: batches of 10, each 64 KB chunk a request, the delete batch one', () => {
    expect(billedRequestsPerMessage(1000)).toBe(0.3); // (send 1 + receive 1 + delete 1) ÷ 10
    expect(billedRequestsPerMessage(100_000)).toBe((2 * 16 + 1) / 10); // 10 × 100 KB = 1 MB = 16 chunks
    expect(billedRequestsPerMessage(200_000)).toBe((2 * 16 + 1) / 5); // 5 per batch (1 MiB per request)
    expect(billedRequestsPerMessage(1_048_576)).toBe(33);
  });

  test('queue cost: monthly requests beyond the free million on the tiered price', () => {
    const p = plan({ messagesPerSecond: 1e6 });
    const q = p.async!.queue;
    expect(q.monthlyRequests).toBeCloseTo((1e6 / 3) * 2_592_000 * 0.3, -3);
    const line = p.costBreakdown.find((c) => c.component === 'queue')!;
    expect(line.usd).toBeCloseTo(tieredPriceUsd(q.monthlyRequests / 1e6 - 1, SQS_REQUEST_PRICE_TIERS), 1);
    const workers = p.costBreakdown.find((c) => c.component === 'workers')!;
    expect(workers.usd).toBeCloseTo(150 * 0.3264 * 730, 1);
  });
});

describe('what is built', () => {
  test('no message rate, no async tier', () => {
    const p = planCapacity({ traffic });
    expect(p.async).toBeNull();
    expect([p.architecture.queue, p.architecture.eventLog]).toEqual([false, false]);
    expect(p.costBreakdown.map((c) => c.component)).not.toContain('queue');
  });

  test('the queue tier from the cached stage on; below it sized but neither built nor priced', () => {
    expect(plan({ messagesPerSecond: 100 }).architecture.queue).toBe(true);
    const below = plan({ messagesPerSecond: 100 }, { stage: 'load-balanced' });
    expect(below.architecture.queue).toBe(false);
    expect(below.async!.workersForPeak).toBe(1);
    expect(below.costBreakdown.map((c) => c.component)).not.toContain('workers');
    expect(planRows(below).find((r) => r.label === 'queue')!.value).toMatch(/^not built/);
    expect(plan({ messagesPerSecond: 100 }, { stage: 'load-balanced', architecture: { queue: true } }).architecture.queue).toBe(true);
    expect(plan({ messagesPerSecond: 100 }, { architecture: { queue: false } }).architecture.queue).toBe(false);
  });

  test('the event log from the multi-region stage on, or when asked; async.eventLog false overrides', () => {
    expect(plan({ messagesPerSecond: 100 }).async!.eventLog).toBeNull();
    const multi = plan({ messagesPerSecond: 100 }, { stage: 'multi-region', topology: { regions: ['us-east-1', 'us-west-2'] } });
    expect(multi.architecture.eventLog).toBe(true);
    expect(multi.async!.eventLog).toMatchObject({ brokers: 3, brokerType: 'kafka.m7g.large', partitions: 3 });
    expect(multi.costBreakdown.find((c) => c.component === 'event-log')!.usd).toBeCloseTo(2 * 3 * (0.204 * 730 + multi.async!.eventLog!.storageGiBPerBroker * 0.1), 1);
    expect(plan({ messagesPerSecond: 100, eventLog: false }, { stage: 'multi-region', topology: { regions: ['us-east-1', 'us-west-2'] } }).async!.eventLog).toBeNull();
    expect(plan({ messagesPerSecond: 100, eventLog: true }, { stage: 'separate-db' }).architecture.eventLog).toBe(true);
  });

  test('two availability zones: brokers in multiples of 2, at least 3 (the replication factor)', () => {
    const e = plan({ messagesPerSecond: 100, eventLog: true }, { topology: { availabilityZones: 2 } }).async!.eventLog!;
    expect([e.brokerAvailabilityZones, e.brokers]).toEqual([2, 4]);
  });
});

describe('warnings', () => {
  test('a message larger than SQS\'s 1 MiB maximum', () => {
    expect(codes(plan({ messagesPerSecond: 10, messageBytes: 2e6 }))).toContain('QUEUE_MESSAGE_TOO_LARGE');
    expect(codes(plan({ messagesPerSecond: 10, messageBytes: 1_048_576 }))).not.toContain('QUEUE_MESSAGE_TOO_LARGE');
  });

  test('a backlog latency the workers cannot meet: shorter than one message\'s processing, or than scale-out reacts', () => {
    const slow = plan({ messagesPerSecond: 10, processingMillis: 20_000, workerInstanceType: 'm7g.2xlarge', maxBacklogSeconds: 10 });
    expect(slow.warnings.find((w) => w.code === 'BACKLOG_LATENCY_UNMEETABLE')!.message).toMatch(/20 s per message, longer than async.maxBacklogSeconds \(10 s\)/);
    const fast = plan({ messagesPerSecond: 10, maxBacklogSeconds: 60 });
    expect(fast.warnings.find((w) => w.code === 'BACKLOG_LATENCY_UNMEETABLE')!.message).toMatch(/shorter than scale-out can react \(~180 s/);
    expect(codes(plan({ messagesPerSecond: 10 }))).not.toContain('BACKLOG_LATENCY_UNMEETABLE');
  });

  test('messages in flight: ~120,000 per standard queue is a quota raised by a support request, listed like the others', () => {
    const q = SERVICE_QUOTAS.sqsInFlightMessages;
    expect([q.defaultValue, q.code, q.scope]).toEqual([120_000, null, 'queue']);
    const [inc] = quotaIncreasesNeeded([{ quota: 'sqsInFlightMessages', region: 'us-east-1', needed: 150_000 }]);
    expect(describeQuotaIncrease(inc)).toMatch(/Amazon SQS "Messages per standard queue \(in flight\)" in us-east-1: the plan needs 150,000, .* open a support case/);
    // Per queue: two regions' queues are not added up.
    expect(quotaIncreasesNeeded([{ quota: 'sqsInFlightMessages', region: 'us-east-1', needed: 100_000 }, { quota: 'sqsInFlightMessages', region: 'us-east-1', needed: 100_000 }])).toEqual([]);
    // One message per worker at a time: in flight = ⌈peak × processing time⌉, the workers for peak (10,000 here).
    const p = plan({ messagesPerSecond: 5e4, processingMillis: 200, workerInstanceType: 'm7g.2xlarge' });
    expect([p.async!.queue.peakInFlightMessages, p.async!.workersForPeak]).toEqual([10_000, 10_000]);
    expect(p.quotas.map((x) => x.quota)).not.toContain('sqsInFlightMessages');
  });

  test('quotas: workers share the vCPU quota with the web tier; MSK brokers per cluster and per account', () => {
    const p = plan({ messagesPerSecond: 1e6, retentionDays: 7, eventLog: true });
    const vcpu = p.quotas.find((q) => q.quota === 'onDemandStandardVcpus')!;
    expect(vcpu.needed).toBe(p.compute.maxInstances * 2 + p.async!.maxWorkers * 8);
    expect(p.async!.eventLog!.brokers).toBeGreaterThan(60); // 7 days of 1 GB/s: storage needs ≥ 108 brokers
    expect(p.quotas.map((q) => q.quota)).toEqual(expect.arrayContaining(['mskBrokersPerCluster', 'mskBrokersPerAccount']));
  });
});

test('every derived number of the async tier carries its derivation, whose result is the plan\'s value', () => {
  const p = plan({ messagesPerSecond: 1e6, retentionDays: 1, eventLog: true });
  const given = new Set(['messageBytes', 'maxBacklogSeconds', 'retentionDays', 'queue.maxMessageBytes', 'queue.maxReceiveCount',
    'eventLog.replicationFactor', 'eventLog.minInSyncReplicas']); // inputs, defaults and AWS constants
  const fields = (o: object, prefix: string): Array<[string, unknown]> => Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? fields(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]);
  const derived = fields(p.async!, '').filter(([k, v]) => typeof v === 'number' && !given.has(k));
  expect(derived.length).toBeGreaterThan(20);
  for (const [k, v] of derived) {
    const d = p.derivations.find((x) => x.field === `async.${k}`);
    expect({ field: k, result: d?.result }).toEqual({ field: k, result: v });
  }
});

describe('the event log: brokers counted on kafka.m7g.4xlarge, then the smallest size carrying that many', () => {
  const load = { ingressBytesPerSecond: 1e9, messagesPerSecond: 1e6, retentionSeconds: 86_400, consumers: 150, brokerAzs: 3 };
  const usable = (mib: number) => mib * 2 ** 20 * 0.5; // safe ingress at 50 % utilization, bytes/s

  test('1 GB/s for a day: ⌈1e9 ÷ (96.2 MiB/s × 50 %)⌉ = 20 → 21 brokers; a 2xlarge would need 42, so 21 × 4xlarge', () => {
    const s = sizeEventLog(load);
    expect(s.options.map((o) => o.type.name)).toEqual(MSK_BROKER_TYPES.map((t) => t.name));
    expect(Math.ceil(1e9 / usable(96.2))).toBe(20);
    expect(Math.ceil(1e9 / usable(48.1))).toBe(40);
    expect([s.reference.brokers, s.chosen.brokers, s.chosen.type.name]).toEqual([21, 21, 'kafka.m7g.4xlarge']);
    expect(s.options.find((o) => o.type.name === 'kafka.m7g.2xlarge')!.brokers).toBe(42);
  });

  test('50 MB/s: 3 brokers on the reference; the smallest size carrying 50 MB/s on 3 is 2xlarge (9 × large would cost less, and its count falls as the load grows)', () => {
    const s = sizeEventLog({ ...load, ingressBytesPerSecond: 5e7, messagesPerSecond: 5e4, consumers: 3 });
    expect(Math.ceil(5e7 / usable(48.1))).toBe(2); // 2xlarge: 2 → 3 (the replication factor)
    expect(Math.ceil(5e7 / usable(24.0))).toBe(4); // xlarge: 4 → 6, more than 3
    expect([s.chosen.brokers, s.chosen.type.name]).toEqual([3, 'kafka.m7g.2xlarge']);
    const large = s.options.find((o) => o.type.name === 'kafka.m7g.large')!;
    expect(large.brokers).toBe(9);
    expect(large.monthlyUsd).toBeLessThan(s.chosen.monthlyUsd);
  });

  test('the count never falls where the cheapest size did: 60 × large → 33 × xlarge around 380,000 messages/s of 1 KB', () => {
    const at = (rate: number) => plan({ messagesPerSecond: rate, retentionDays: 1, eventLog: true }).async!.eventLog!.brokers;
    expect(at(381_036)).toBeGreaterThanOrEqual(at(379_896));
    const [a, b] = [379_896, 381_036].map((r) => sizeEventLog({ ...load, ingressBytesPerSecond: r * 1000, messagesPerSecond: r, consumers: 1 }));
    expect(b.reference.brokers).toBeGreaterThanOrEqual(a.reference.brokers);
    expect(a.options.find((o) => o.type.name === 'kafka.m7g.large')!.brokers).toBe(60); // the old rule's pick, 60 within the quota …
    expect(b.options.find((o) => o.type.name === 'kafka.m7g.large')!.brokers).toBe(63); // … then 63, past it: it took 33 × xlarge
  });
});

test('the table, markdown and JSON show the async tier', () => {
  const p = plan({ messagesPerSecond: 1e6, retentionDays: 1, eventLog: true });
  const table = renderPlan(p, 'table');
  expect(table).toMatch(/Async +messages +1,000,000\/s at peak/);
  expect(table).toMatch(/workers +m7g\.2xlarge \(arm64\) at 10,000 messages\/s each: 100 for peak, 150 per region/);
  // Partitions for the consumers counted on m7g.large: ⌈1e6 ÷ (10,000 × 2 ÷ 8)⌉ = 400 for peak, 600 surviving an AZ loss.
  expect(surviveAzLossCount(Math.ceil(1e6 / 2500), 3)).toBe(600);
  expect(table).toMatch(/event log +21 × kafka\.m7g\.4xlarge across 3 AZs \(guides: 3\), 600 partitions, RF 3 \/ min ISR 2/);
  expect(renderPlan(p, 'markdown')).toContain('| Async | auto scaling | min 51, max 150, target backlog 3,000,000 messages/worker');
  const json = JSON.parse(renderPlan(p, 'json'));
  expect(json.async).toMatchObject({ peakMessagesPerSecond: 1e6, workersForPeak: 100, minWorkers: 51, maxWorkers: 150, backlogPerWorkerTarget: 3e6 });
  expect(json.async.eventLog).toMatchObject({ brokers: 21, brokerType: 'kafka.m7g.4xlarge', partitions: 600, consumers: 600 });
  expect(json.architecture).toMatchObject({ queue: true, eventLog: true });
});

describe('validation', () => {
  const paths = (input: unknown) => checkWorkload(input).map((p) => p.path);
  test.each([
    ['no message rate', { async: { messageBytes: 100 } }, 'async'],
    ['two message rates', { async: { messagesPerSecond: 10, messagesPerRequest: 1 } }, 'async.messagesPerRequest'],
    ['a rate and a processing time', { async: { messagesPerSecond: 10, messagesPerWorkerPerSecond: 5, processingMillis: 10 } }, 'async.processingMillis'],
    ['a negative rate', { async: { messagesPerSecond: -1 } }, 'async.messagesPerSecond'],
    ['a rate beyond 1e9', { async: { messagesPerSecond: 2e9 } }, 'async.messagesPerSecond'],
    ['messages per request giving more than 1e9/s', { async: { messagesPerRequest: 1000 }, traffic: { peakQps: 1e7 } }, 'async.messagesPerRequest'],
    ['more than 1 TB/s', { async: { messagesPerSecond: 1e9, messageBytes: 1e6 } }, 'async.messageBytes'],
    ['a processing time over 30 minutes', { async: { messagesPerSecond: 1, processingMillis: 2e6 } }, 'async.processingMillis'],
    ['a worker type outside the catalog', { async: { messagesPerSecond: 1, workerInstanceType: 'x1.large' } }, 'async.workerInstanceType'],
    ['a fractional backlog latency', { async: { messagesPerSecond: 1, maxBacklogSeconds: 1.5 } }, 'async.maxBacklogSeconds'],
    ['a backlog latency beyond the retention', { async: { messagesPerSecond: 1, retentionDays: 1, maxBacklogSeconds: 86_400 } }, 'async.maxBacklogSeconds'],
    ['1,001 receives', { async: { messagesPerSecond: 1, maxReceiveCount: 1001 } }, 'async.maxReceiveCount'],
    ['an event log that is not a boolean', { async: { messagesPerSecond: 1, eventLog: 'yes' } }, 'async.eventLog'],
    ['a consumer group with a colon', { async: { messagesPerSecond: 1, consumerGroup: 'a:b' } }, 'async.consumerGroup'],
    ['a consumer group without an event log', { async: { messagesPerSecond: 1, eventLog: false, consumerGroup: 'g' } }, 'async.consumerGroup'],
    ['an unknown async field', { async: { messagesPerSecond: 1, toString: 5 } }, 'async.toString'],
    ['a queue without a message rate', { architecture: { queue: true } }, 'architecture.queue'],
    ['a queue flag that is not a boolean', { architecture: { queue: 1 } }, 'architecture.queue'],
  ])('rejects %s with its field path', (_what, extra, path) => {
    expect(paths({ traffic, ...extra })).toContain(path);
  });

  test('an out-of-range rate is reported on its own field, never blamed on a message size the workload did not give', () => {
    expect(checkWorkload({ traffic, async: { messagesPerSecond: 2e9 } }).map((p) => p.path)).toEqual(['async.messagesPerSecond']);
    expect(checkWorkload({ traffic: { peakQps: 1e7 }, async: { messagesPerRequest: 1000 } }).map((p) => p.path)).toEqual(['async.messagesPerRequest']);
    const given = checkWorkload({ traffic, async: { messagesPerSecond: 1e9, messageBytes: 2000 } });
    expect(given.map((p) => [p.path, p.value])).toEqual([['async.messageBytes', 2000]]);
  });

  test('every problem of the async section at once', () => {
    expect(paths({ traffic, async: { messagesPerSecond: -1, messageBytes: 0, maxReceiveCount: 0, retentionDays: 0.5 } })).toEqual([
      'async.messagesPerSecond', 'async.messageBytes', 'async.maxReceiveCount', 'async.retentionDays',
    ]);
  });
});

// ---- properties ----

const asyncFields = {
  rate: fc.oneof(fc.record({ messagesPerSecond: fc.double({ min: 0.01, max: 1e7, noNaN: true }) }), fc.record({ messagesPerRequest: fc.double({ min: 0.01, max: 100, noNaN: true }) })),
  perWorker: fc.oneof(fc.record({ messagesPerWorkerPerSecond: fc.double({ min: 0.01, max: 1e5, noNaN: true }) }), fc.record({ processingMillis: fc.double({ min: 0.01, max: 60_000, noNaN: true }) }), fc.constant({})),
  messageBytes: fc.double({ min: 1, max: 2e6, noNaN: true }),
  retentionDays: fc.integer({ min: 1, max: 30 }),
  zones: fc.integer({ min: 2, max: 6 }),
  headroom: fc.oneof(fc.constant('survive-az-loss' as const), fc.record({ bufferFraction: fc.double({ min: 0, max: 2, noNaN: true }) })),
  regions: fc.constantFrom(['us-east-1'], ['us-east-1', 'us-west-2']),
};
type AsyncDraw = { [K in keyof typeof asyncFields]: (typeof asyncFields)[K] extends fc.Arbitrary<infer T> ? T : never };
const toWorkload = (r: AsyncDraw, workerInstanceType?: string): Workload => ({
  traffic: { peakQps: 10_000 },
  compute: { headroom: r.headroom },
  topology: { availabilityZones: r.zones, regions: r.regions },
  async: { ...r.rate, ...r.perWorker, messageBytes: r.messageBytes, ...(workerInstanceType ? { workerInstanceType } : {}), retentionDays: r.retentionDays, eventLog: true },
});
/** A given worker type ("all else equal"). */
const asyncArb = fc.record({ ...asyncFields, workerInstanceType: fc.constantFrom('m7g.large', 'c7g.xlarge', 'm7i.2xlarge', 'm7g.16xlarge') })
  .map(({ workerInstanceType, ...r }) => toWorkload(r, workerInstanceType));
/** The plan's default choice of worker size (no workerInstanceType). */
const defaultTypeArb = fc.record(asyncFields).map((r) => toWorkload(r));

function scaleMessages(w: Workload, k: number): Workload {
  const a = w.async!;
  return { ...w, async: a.messagesPerSecond !== undefined ? { ...a, messagesPerSecond: a.messagesPerSecond * k } : { ...a, messagesPerRequest: a.messagesPerRequest! * k } };
}

/** Both plans of a workload and its scaled copy, or a failed precondition when either is invalid or refused. */
function bothPlans(w: Workload, scaled: Workload): [NonNullable<CapacityPlan['async']>, NonNullable<CapacityPlan['async']>] {
  fc.pre(checkWorkload(w).length === 0 && checkWorkload(scaled).length === 0);
  const [p, q] = [planOrNull(w), planOrNull(scaled)];
  fc.pre(p !== null && q !== null);
  return [p!.async!, q!.async!];
}

function expectNotFewer(pairs: Array<[string, number, number]>): void {
  for (const [name, before, after] of pairs) expect({ name, before, after, notFewer: after >= before }).toEqual({ name, before, after, notFewer: true });
}

test('with a given worker type, more messages never yields fewer workers, partitions, brokers or messages in flight', () => {
  fc.assert(
    fc.property(asyncArb, fc.double({ min: 1, max: 100, noNaN: true }), (w, k) => {
      const [a, b] = bothPlans(w, scaleMessages(w, k));
      expectNotFewer([
        ['workersForPeak', a.workersForPeak, b.workersForPeak],
        ['workersPerRegion', a.workersPerRegion, b.workersPerRegion],
        ['minWorkers', a.minWorkers, b.minWorkers],
        ['maxWorkers', a.maxWorkers, b.maxWorkers],
        ['partitions', a.eventLog!.partitions, b.eventLog!.partitions],
        ['brokers', a.eventLog!.brokers, b.eventLog!.brokers],
        ['inFlight', a.queue.peakInFlightMessages, b.queue.peakInFlightMessages],
      ]);
    }),
    { numRuns: 150 },
  );
});

// The plan's own choice of size may trade many small workers for fewer large ones (a cheaper fleet), but what a live
// system cannot give back never falls: a topic's partitions, and the brokers (counted on one fixed size); and the
// fleet's capacity (workers × rate each) never falls below what it was.
/** A growth factor: often a small step (where a size switch shows), sometimes a large one. */
const growth = fc.oneof(fc.double({ min: 1, max: 1.1, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true }));

test('with the plan choosing the worker size, more messages never yields fewer partitions, brokers or fleet capacity', () => {
  fc.assert(
    fc.property(defaultTypeArb, growth, (w, k) => {
      const [a, b] = bothPlans(w, scaleMessages(w, k));
      expectNotFewer([
        ['partitions', a.eventLog!.partitions, b.eventLog!.partitions],
        ['brokers', a.eventLog!.brokers, b.eventLog!.brokers],
        ['capacity (max workers × rate)', a.maxWorkers * a.messagesPerWorkerPerSecond, b.maxWorkers * b.messagesPerWorkerPerSecond * (1 + 1e-12)],
        ['capacity per region (workers per region × rate)', a.workersPerRegion * a.messagesPerWorkerPerSecond, b.workersPerRegion * b.messagesPerWorkerPerSecond * (1 + 1e-12)],
      ]);
    }),
    { numRuns: 200 },
  );
});

test('with the plan choosing the worker size, larger messages never yield fewer partitions or brokers, nor does a longer retention', () => {
  fc.assert(
    fc.property(defaultTypeArb, growth, fc.integer({ min: 0, max: 60 }), (w, k, moreDays) => {
      const bigger: Workload = { ...w, async: { ...w.async!, messageBytes: w.async!.messageBytes! * k, retentionDays: w.async!.retentionDays! + moreDays } };
      const [a, b] = bothPlans(w, bigger);
      expectNotFewer([
        ['partitions', a.eventLog!.partitions, b.eventLog!.partitions],
        ['brokers', a.eventLog!.brokers, b.eventLog!.brokers],
      ]);
    }),
    { numRuns: 150 },
  );
});

test('on any size the plan picks, the workers carry the regional peak with the headroom, and every consumer gets a partition', () => {
  fc.assert(
    fc.property(fc.oneof(asyncArb, defaultTypeArb), (w) => {
      fc.pre(checkWorkload(w).length === 0);
      const p = planOrNull(w);
      fc.pre(p !== null);
      const a = p!.async!;
      const headroom = w.compute!.headroom!;
      const zones = p!.topology.availabilityZones;
      const n = a.workersPerRegion;
      const regionPeak = a.peakMessagesPerSecond / (p!.topology.regionCapacity === 'survive-region-loss' ? p!.topology.regions.length - 1 : 1);
      if (headroom === 'survive-az-loss') {
        expect((n - Math.ceil(n / zones)) * a.messagesPerWorkerPerSecond).toBeGreaterThanOrEqual(regionPeak * (1 - 1e-12));
      } else {
        expect(n * a.messagesPerWorkerPerSecond).toBeGreaterThanOrEqual(regionPeak * (1 + headroom.bufferFraction) * (1 - 1e-12));
      }
      expect(a.maxWorkers).toBeGreaterThanOrEqual(Math.max(a.minWorkers, n));
      expect(a.minWorkers).toBeGreaterThanOrEqual(zones);
      expect(a.eventLog!.partitions).toBeGreaterThanOrEqual(Math.max(a.eventLog!.consumers, a.maxWorkers));
      expect(a.eventLog!.brokers % a.eventLog!.brokerAvailabilityZones).toBe(0);
      expect(a.eventLog!.storageGiBPerBroker).toBeLessThanOrEqual(16_384);
      // What is built fits the default network: workers with the web tier in the application subnets, brokers in the data subnets.
      expect(a.maxWorkers + p!.compute.maxInstances).toBeLessThanOrEqual(zones * usableSubnetAddresses(19));
      expect(a.eventLog!.brokers / a.eventLog!.brokerAvailabilityZones).toBeLessThanOrEqual(usableSubnetAddresses(22));
    }),
    { numRuns: 200 },
  );
});

test('at the bounds of every async input the plan stays finite and its counts exact, or refuses naming an async field', () => {
  const extreme = fc.record({
    messagesPerSecond: fc.constantFrom(1e-3, 1, 1e9),
    messageBytes: fc.constantFrom(1e-3, 1, 1000, 1e9),
    messagesPerWorkerPerSecond: fc.constantFrom(0.001, 1, 1e7),
    retentionDays: fc.constantFrom(1, 14, 3650),
    workerInstanceType: fc.option(fc.constantFrom('m7g.large', 'm7g.16xlarge'), { nil: undefined }),
  });
  fc.assert(
    fc.property(extreme, (a) => {
      const w: Workload = { traffic: { peakQps: 100 }, async: { ...a, eventLog: true } };
      const problems = checkWorkload(w);
      if (problems.length > 0) return void expect(problems.every((p) => p.path.startsWith('async.'))).toBe(true);
      let plan: CapacityPlan;
      try {
        plan = planCapacity(w);
      } catch (e) {
        expect(e).toBeInstanceOf(WorkloadValidationError);
        return void expect((e as WorkloadValidationError).problems.every((p) => p.path.startsWith('async.'))).toBe(true);
      }
      const p = plan.async!;
      const counts = [p.workersForPeak, p.workersPerRegion, p.minWorkers, p.maxWorkers, p.queue.peakInFlightMessages,
        p.eventLog!.brokers, p.eventLog!.partitions, p.eventLog!.storageGiBPerBroker, p.queue.visibilityTimeoutSeconds];
      for (const c of counts) expect(Number.isSafeInteger(c)).toBe(true);
      for (const x of [p.backlogPerWorkerTarget, p.processingSeconds, p.queue.monthlyRequests]) expect(Number.isFinite(x) && x > 0).toBe(true);
    }),
    { numRuns: 100 },
  );
});
