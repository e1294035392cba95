/** The async tier's plan (lib/capacity/async.ts): worked examples, stage defaults, warnings, costs, refusals, properties. */
import * as fc from 'fast-check';
import {
  billedRequestsPerMessage,
  backlogPerInstanceTarget,
  checkWorkload,
  MSK_BROKER_TYPES,
  planCapacity,
  planRows,
  renderPlan,
  sizeEventLog,
  SQS_REQUEST_PRICE_TIERS,
  tieredPriceUsd,
  visibilityTimeoutSeconds,
  workersForBacklog,
  type CapacityPlan,
  type Workload,
} from '../../lib/capacity';

const codes = (p: CapacityPlan) => p.warnings.map((w) => w.code);
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
    const p = plan({ messagesPerSecond: 1e6, retentionDays: 1, eventLog: true });
    const e = p.async!.eventLog!;
    expect(e.peakIngressBytesPerSecond).toBe(1e9);
    expect(e.partitions).toBe(200); // ⌈1 GB/s ÷ 5 MB/s⌉ > 150 consumers
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

  test('in flight beyond the ~120,000 a standard queue allows', () => {
    const p = plan({ messagesPerSecond: 1e6, processingMillis: 200, workerInstanceType: 'm7g.2xlarge' });
    expect(p.async!.queue.peakInFlightMessages).toBe(200_000);
    expect(codes(p)).toContain('QUEUE_IN_FLIGHT_LIMIT');
    expect(codes(plan({ messagesPerSecond: 1e6 }))).not.toContain('QUEUE_IN_FLIGHT_LIMIT');
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

test('the event log sizing picks the cheapest size within 60 brokers, else the fewest brokers', () => {
  const load = { ingressBytesPerSecond: 1e9, messagesPerSecond: 1e6, retentionSeconds: 86_400, consumers: 150, brokerAzs: 3 };
  const s = sizeEventLog(load);
  expect(s.options.map((o) => o.type.name)).toEqual(MSK_BROKER_TYPES.map((t) => t.name));
  expect(s.options.find((o) => o.type.name === 'kafka.m7g.large')!.brokers).toBe(159); // cheaper, but beyond the quota
  expect(s.chosen.type.name).toBe('kafka.m7g.4xlarge');
  const huge = sizeEventLog({ ...load, retentionSeconds: 30 * 86_400 });
  expect(huge.chosen.brokers).toBe(Math.min(...huge.options.map((o) => o.brokers)));
});

test('the table, markdown and JSON show the async tier', () => {
  const p = plan({ messagesPerSecond: 1e6, retentionDays: 1, eventLog: true });
  const table = renderPlan(p, 'table');
  expect(table).toMatch(/Async +messages +1,000,000\/s at peak/);
  expect(table).toMatch(/workers +m7g\.2xlarge \(arm64\) at 10,000 messages\/s each: 100 for peak, 150 per region/);
  expect(table).toMatch(/event log +21 × kafka\.m7g\.4xlarge across 3 AZs \(guides: 3\), 200 partitions, RF 3 \/ min ISR 2/);
  expect(renderPlan(p, 'markdown')).toContain('| Async | auto scaling | min 51, max 150, target backlog 3,000,000 messages/worker');
  const json = JSON.parse(renderPlan(p, 'json'));
  expect(json.async).toMatchObject({ peakMessagesPerSecond: 1e6, workersForPeak: 100, minWorkers: 51, maxWorkers: 150, backlogPerWorkerTarget: 3e6 });
  expect(json.async.eventLog).toMatchObject({ brokers: 21, brokerType: 'kafka.m7g.4xlarge', partitions: 200 });
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

  test('every problem of the async section at once', () => {
    expect(paths({ traffic, async: { messagesPerSecond: -1, messageBytes: 0, maxReceiveCount: 0, retentionDays: 0.5 } })).toEqual([
      'async.messagesPerSecond', 'async.messageBytes', 'async.maxReceiveCount', 'async.retentionDays',
    ]);
  });
});

// ---- properties ----

const asyncArb = fc.record({
  rate: fc.oneof(fc.record({ messagesPerSecond: fc.double({ min: 0.01, max: 1e7, noNaN: true }) }), fc.record({ messagesPerRequest: fc.double({ min: 0.01, max: 100, noNaN: true }) })),
  perWorker: fc.oneof(fc.record({ messagesPerWorkerPerSecond: fc.double({ min: 0.01, max: 1e5, noNaN: true }) }), fc.record({ processingMillis: fc.double({ min: 0.01, max: 60_000, noNaN: true }) }), fc.constant({})),
  messageBytes: fc.double({ min: 1, max: 2e6, noNaN: true }),
  workerInstanceType: fc.constantFrom('m7g.large', 'c7g.xlarge', 'm7i.2xlarge', 'm7g.16xlarge'),
  retentionDays: fc.integer({ min: 1, max: 30 }),
  zones: fc.integer({ min: 2, max: 6 }),
  headroom: fc.oneof(fc.constant('survive-az-loss' as const), fc.record({ bufferFraction: fc.double({ min: 0, max: 2, noNaN: true }) })),
  regions: fc.constantFrom(['us-east-1'], ['us-east-1', 'us-west-2']),
}).map((r): Workload => ({
  traffic: { peakQps: 10_000 },
  compute: { headroom: r.headroom },
  topology: { availabilityZones: r.zones, regions: r.regions },
  async: { ...r.rate, ...r.perWorker, messageBytes: r.messageBytes, workerInstanceType: r.workerInstanceType, retentionDays: r.retentionDays, eventLog: true },
}));

function scaleMessages(w: Workload, k: number): Workload {
  const a = w.async!;
  return { ...w, async: a.messagesPerSecond !== undefined ? { ...a, messagesPerSecond: a.messagesPerSecond * k } : { ...a, messagesPerRequest: a.messagesPerRequest! * k } };
}

// The worker type is pinned ("all else equal"): the plan's own choice of size may trade many small workers for fewer large ones.
test('more messages never yields fewer workers or partitions', () => {
  fc.assert(
    fc.property(asyncArb, fc.double({ min: 1, max: 100, noNaN: true }), (w, k) => {
      const scaled = scaleMessages(w, k);
      fc.pre(checkWorkload(w).length === 0 && checkWorkload(scaled).length === 0);
      const a = planCapacity(w).async!;
      const b = planCapacity(scaled).async!;
      const pairs: Array<[string, number, number]> = [
        ['workersForPeak', a.workersForPeak, b.workersForPeak],
        ['workersPerRegion', a.workersPerRegion, b.workersPerRegion],
        ['minWorkers', a.minWorkers, b.minWorkers],
        ['maxWorkers', a.maxWorkers, b.maxWorkers],
        ['partitions', a.eventLog!.partitions, b.eventLog!.partitions],
        ['inFlight', a.queue.peakInFlightMessages, b.queue.peakInFlightMessages],
      ];
      for (const [name, before, after] of pairs) expect({ name, after: after >= before }).toEqual({ name, after: true });
    }),
    { numRuns: 200 },
  );
});

test('the workers carry the regional peak after losing the fullest zone, and partitions ≥ consumers', () => {
  fc.assert(
    fc.property(asyncArb, (w) => {
      fc.pre(checkWorkload(w).length === 0);
      const p = planCapacity({ ...w, compute: { headroom: 'survive-az-loss' } });
      const a = p.async!;
      const regionPeak = a.peakMessagesPerSecond; // 'full' region capacity
      const n = a.workersPerRegion;
      expect((n - Math.ceil(n / p.topology.availabilityZones)) * a.messagesPerWorkerPerSecond).toBeGreaterThanOrEqual(regionPeak * (1 - 1e-12));
      expect(a.maxWorkers).toBeGreaterThanOrEqual(a.minWorkers);
      expect(a.minWorkers).toBeGreaterThanOrEqual(p.topology.availabilityZones);
      expect(a.eventLog!.partitions).toBeGreaterThanOrEqual(a.eventLog!.consumers);
      expect(a.eventLog!.brokers % a.eventLog!.brokerAvailabilityZones).toBe(0);
      expect(a.eventLog!.storageGiBPerBroker).toBeLessThanOrEqual(16_384);
    }),
    { numRuns: 200 },
  );
});

test('at the bounds of every async input the plan stays finite and its counts exact', () => {
  const extreme = fc.record({
    messagesPerSecond: fc.constantFrom(1e-3, 1, 1e9),
    messageBytes: fc.constantFrom(1e-3, 1, 1000, 1e9),
    messagesPerWorkerPerSecond: fc.constantFrom(0.001, 1, 1e7),
    retentionDays: fc.constantFrom(1, 14, 3650),
    workerInstanceType: fc.constantFrom('m7g.large', 'm7g.16xlarge'),
  });
  fc.assert(
    fc.property(extreme, (a) => {
      const w: Workload = { traffic: { peakQps: 100 }, async: { ...a, eventLog: true } };
      const problems = checkWorkload(w);
      if (problems.length > 0) return void expect(problems.every((p) => p.path.startsWith('async.'))).toBe(true);
      const p = planCapacity(w).async!;
      const counts = [p.workersForPeak, p.workersPerRegion, p.minWorkers, p.maxWorkers, p.queue.peakInFlightMessages,
        p.eventLog!.brokers, p.eventLog!.partitions, p.eventLog!.storageGiBPerBroker, p.queue.visibilityTimeoutSeconds];
      for (const c of counts) expect(Number.isSafeInteger(c)).toBe(true);
      for (const x of [p.backlogPerWorkerTarget, p.processingSeconds, p.queue.monthlyRequests]) expect(Number.isFinite(x) && x > 0).toBe(true);
    }),
    { numRuns: 100 },
  );
});
