/**
 * The largest cost line of every example, recomputed by hand from the catalog's prices (not through the plan's
 * cost code), so a wrong formula or price cannot agree with itself.
 */
import { planCapacity, type CapacityPlan, type CostLine, type Workload } from '../../lib/capacity';
import { explain } from '../../lib/capacity/report';
import { examplePlan, exampleWorkload } from '../support/examples';

const HOURS = 730;
const largest = (name: string) => [...examplePlan(name).costBreakdown].sort((a, b) => b.usd - a.usd)[0];
const line = (plan: CapacityPlan, component: CostLine['component']) => plan.costBreakdown.find((c) => c.component === component);
const withWorkload = (name: string, change: (w: Workload) => Workload) => planCapacity(change(exampleWorkload(name)));

test.each([
  // 1,000 users × 20 requests a day ÷ 86,400 s × 3 = 0.69 QPS: one instance, held at one per AZ: 3 × m7g.large at $0.0816/h.
  ['01-single-server', 'compute', 3 * 0.0816 * HOURS],
  // 10,000 × 30 ÷ 86,400 × 3 = 10.4 QPS ÷ 250 (1,000 on the 8-vCPU reference × 2 ÷ 8): one, held at one per AZ.
  ['02-separate-db', 'compute', 3 * 0.0816 * HOURS],
  // One shard: a Multi-AZ writer (two instances) and one read replica. 1 M users × 100 KB = 100 GB of data, a fifth of
  // it the working set (20 GB), held in 75 % of the memory: at least 24.8 GiB, so db.r7g.xlarge (32 GiB) at $0.46/h
  // (db.m7g.2xlarge, also 32 GiB, costs $0.672/h).
  ['03-load-balanced', 'database', (2 + 1) * 0.46 * HOURS],
  // 1 M users × 500 KB = 500 GB of data: a 100 GB working set needs 124.2 GiB of memory (÷ 0.75): db.r7g.4xlarge
  // (128 GiB) at $1.84/h, for a Multi-AZ writer and one read replica. (The CDN line, 30,000 GB and 1.5 billion
  // requests, is 10,000 × $0.085 + 20,000 × $0.080 + 150,000 × $0.01 = $3,950.)
  ['04-cached', 'database', (2 + 1) * 1.84 * HOURS],
  // 10 M × 40 ÷ 86,400 = 4,629.6 QPS × 15 KB × 30 days = 180,000 GB: 10,000 × 0.085 + 40,000 × 0.080 + 100,000 × 0.060
  // + 30,000 × 0.040; plus 12 billion requests.
  ['05-sharded', 'cdn', 10_000 * 0.085 + 40_000 * 0.08 + 100_000 * 0.06 + 30_000 * 0.04 + (12e9 / 10_000) * 0.01],
  // 120 M × 30 ÷ 86,400 = 41,666.7 QPS × 10 KB × 30 days = 1,080,000 GB (1.08 PB): the five first bands, then 56,000 GB
  // at $0.025; plus 108 billion requests (at the first band's price this line would be $199,800).
  ['06-multi-region', 'cdn',
    10_000 * 0.085 + 40_000 * 0.08 + 100_000 * 0.06 + 350_000 * 0.04 + 524_000 * 0.03 + 56_000 * 0.025 + (108e9 / 10_000) * 0.01],
  // SQS: 1 M messages/s at peak, 333,333.3 on average (peak factor 3) × 2,592,000 s × 0.3 billed requests a message (send,
  // receive and delete in batches of 10 one-KB messages) = 259.2 billion; beyond the free million: 100 billion at $0.40
  // per million, 100 billion at $0.30, 59,199 million at $0.24.
  ['07-event-pipeline', 'queue', 100_000 * 0.4 + 100_000 * 0.3 + 59_199 * 0.24],
  // 30 TB over 30 shards: 1,000 GB each, a 200 GB working set, held in 248.4 GiB (÷ 0.75): db.r7g.8xlarge (256 GiB) at
  // $3.68/h. Each shard: a Multi-AZ writer (2), one read replica and a Multi-AZ cross-region replica (2) = 5 instances.
  // (Compute: 1,737 m7g.large per region × 2 regions × $0.0816 = $206,939; the CDN line $201,670; WAF $90,008.)
  ['08-billion-users', 'database', 30 * 5 * 3.68 * HOURS],
])('%s: its largest cost line, %s, equals the hand computation', (name, component, usd) => {
  const line = largest(name);
  expect(line.component).toBe(component);
  expect(line.usd).toBeCloseTo(usd, 1);
});

/**
 * What the constructs build besides the tiers' instances, storage and traffic, each priced where it is built
 * (lib/capacity/plan-cost.ts), recomputed by hand from the catalog's prices: WAF $5 per web ACL, $1 per rule, $0.60 per
 * million requests; RDS Proxy $0.015 per vCPU-hour (at least 2 vCPUs); AWS Backup $0.02 per GB across regions and
 * $0.095 per GB-month of RDS snapshot storage; NAT gateway $0.045 per GB processed.
 */
describe('the plan prices what is built', () => {
  describe('AWS WAF on the CloudFront distribution (one web ACL, a rate-based rule and 2 AWS managed rule groups)', () => {
    test.each([
      // 1 M × 50 ÷ 86,400 × 2,592,000 s = 1.5 billion requests a month: 1,500 million × $0.60, + $5 + 3 × $1.
      ['04-cached', 5 + 3 + 1_500 * 0.6],
      // 120 M × 30 requests a day × 30 days = 108 billion requests.
      ['06-multi-region', 5 + 3 + 108_000 * 0.6],
      // 1 B × 50 % × 10 × 30 = 150 billion requests: the ~$90,000 a month the audit found unpriced.
      ['08-billion-users', 5 + 3 + 150_000 * 0.6],
    ])('%s: $%d a month', (name, usd) => {
      expect(line(examplePlan(name), 'waf')!.usd).toBeCloseTo(usd, 2);
    });

    test('every request reaching CloudFront is inspected: the CDN hit rate takes nothing off (cache hits pass through the WebACL too)', () => {
      const hits = withWorkload('04-cached', (w) => ({ ...w, traffic: { ...w.traffic, cdnHitRate: 0.99 } }));
      expect(line(hits, 'waf')!.usd).toBeCloseTo(5 + 3 + 1_500 * 0.6, 2);
    });

    test('no edge, no WAF: below the cached stage, and with "edge": false (-c domain=none)', () => {
      expect(line(examplePlan('03-load-balanced'), 'waf')).toBeUndefined();
      const noEdge = withWorkload('08-billion-users', (w) => ({ ...w, architecture: { edge: false } }));
      expect(line(noEdge, 'waf')).toBeUndefined();
      expect(line(noEdge, 'cdn')).toBeUndefined();
    });
  });

  describe('RDS Proxy: one per built shard, in front of its writer, billed on the writer class\'s vCPUs', () => {
    test('08-billion-users: 30 shards (30 TB ÷ 1 TB) on db.r7g.8xlarge (32 vCPU); 1,737 instances × 20 connections exceed 5,000', () => {
      const plan = examplePlan('08-billion-users');
      expect([plan.architecture.databaseShards, plan.database.instanceClass, plan.database.rdsProxyAdvised]).toEqual([30, 'db.r7g.8xlarge', true]);
      expect(line(plan, 'rds-proxy')!.usd).toBeCloseTo(30 * 32 * 0.015 * HOURS, 2); // $10,512
    });

    test('a given class with more pooled connections than its max_connections: db.m7g.large (2 vCPU, 8 GiB: 901)', () => {
      // 03-load-balanced holds 3 web instances (one per zone) × 1,000 connections = 3,000 > 901.
      const plan = withWorkload('03-load-balanced', (w) => ({ ...w, database: { instanceClass: 'db.m7g.large', connectionsPerInstance: 1000 } }));
      expect(plan.database.maxConnectionsPerInstance).toBe(901);
      expect(line(plan, 'rds-proxy')!.usd).toBeCloseTo(1 * 2 * 0.015 * HOURS, 2); // $21.90
      const sharded = withWorkload('03-load-balanced', (w) => ({
        ...w, database: { instanceClass: 'db.m7g.xlarge', connectionsPerInstance: 1000 }, architecture: { databaseShards: 3 },
      }));
      expect(line(sharded, 'rds-proxy')!.usd).toBeCloseTo(3 * 4 * 0.015 * HOURS, 2); // $131.40
    });

    test('no proxy where the connections fit', () => {
      expect(examplePlan('06-multi-region').database.rdsProxyAdvised).toBe(false);
      expect(line(examplePlan('06-multi-region'), 'rds-proxy')).toBeUndefined();
    });
  });

  describe('AWS Backup copies in the copy region: transfer of one full copy a month + storage of it and the 7 days\' changes', () => {
    const backupUsd = (gb: number) => gb * 0.02 + gb * (1 + 7 / 30) * 0.095;
    test.each([
      // 120 M users × 200 KB = 24 TB over 3 shards of 10 TB at most: 8 × 10¹² bytes = 7,450.6 → 7,451 GiB each.
      ['06-multi-region', 3 * 7451],
      // 1 B users × 1 KB × 30 days = 30 TB over 30 shards: 10¹² bytes = 931.3 → 932 GiB each.
      ['08-billion-users', 30 * 932],
    ])('%s: copied %d GB', (name, gb) => {
      expect(line(examplePlan(name), 'dr-backup-copies')!.usd).toBeCloseTo(backupUsd(gb), 2);
    });

    test('one region with dr.backupRegion: 100 K users × 1 MB = 100 GB → 94 GiB, copied to us-west-2', () => {
      const plan = withWorkload('03-load-balanced', (w) => ({ ...w, dr: { backupRegion: 'us-west-2' } }));
      expect(plan.dr.backup.copyRegion).toBe('us-west-2');
      expect(line(plan, 'dr-backup-copies')!.usd).toBeCloseTo(backupUsd(94), 2); // $12.89
    });

    test('no copy region, no copies', () => {
      expect(examplePlan('05-sharded').dr.backup.copyRegion).toBeNull();
      expect(line(examplePlan('05-sharded'), 'dr-backup-copies')).toBeUndefined();
    });
  });

  describe('VPC endpoints: the SQS interface endpoint\'s hours in every zone and region, and the queue\'s messages it processes (sent and received)', () => {
    // $0.01 per endpoint per zone per hour; data per region: first 1 PB (1,024,000 GB) $0.01, next 4 PB $0.006, then $0.004.
    const sqsEndpointHoursUsd = (zones: number, regions: number) => 1 * zones * regions * 0.01 * HOURS;

    test('07-event-pipeline: 1 M messages/s at peak ÷ 3 = 333,333/s × 2,592,000 s × 1 KB × 2 = 1,728,000 GB: 1 PB at $0.01, 704,000 GB at $0.006', () => {
      const usd = sqsEndpointHoursUsd(3, 1) + 1_024_000 * 0.01 + 704_000 * 0.006; // $21.90 + $10,240 + $4,224 = $14,485.90
      expect(line(examplePlan('07-event-pipeline'), 'vpc-endpoints')!.usd).toBeCloseTo(usd, 2);
      // The same messages through the NAT gateways ($0.045 per GB) would cost 1,728,000 × $0.045 = $77,760.
      expect(usd).toBeLessThan(1_728_000 * 0.045);
    });

    test('2 messages of 5 KB a request on 04-cached: 1.5 billion requests → 3 billion messages × 5 KB × 2 = 30,000 GB', () => {
      const plan = withWorkload('04-cached', (w) => ({ ...w, async: { messagesPerRequest: 2, messageBytes: 5000 } }));
      expect(line(plan, 'vpc-endpoints')!.usd).toBeCloseTo(sqsEndpointHoursUsd(3, 1) + 30_000 * 0.01, 2); // $321.90
    });

    test('07 active-active in two regions: an endpoint in each, each region\'s 864,000 GB inside its own first petabyte', () => {
      const plan = withWorkload('07-event-pipeline', (w) => ({ ...w, topology: { regions: ['us-east-1', 'us-west-2'], mode: 'active-active' } }));
      expect(line(plan, 'vpc-endpoints')!.usd).toBeCloseTo(sqsEndpointHoursUsd(3, 2) + 2 * 864_000 * 0.01, 2); // $17,323.80
    });

    test('07 active-passive in two regions: an endpoint in each, the primary takes every message', () => {
      const plan = withWorkload('07-event-pipeline', (w) => ({ ...w, topology: { regions: ['us-east-1', 'us-west-2'], mode: 'active-passive' } }));
      expect(line(plan, 'vpc-endpoints')!.usd).toBeCloseTo(sqsEndpointHoursUsd(3, 2) + 1_024_000 * 0.01 + 704_000 * 0.006, 2); // $14,507.80
    });

    test('without a queue no endpoint is priced, and the NAT gateways\' hours stay (3 zones × $0.045 × 730 h per region)', () => {
      const plan = examplePlan('04-cached');
      expect(line(plan, 'vpc-endpoints')).toBeUndefined();
      expect(line(plan, 'nat-gateway')!.usd).toBeCloseTo(3 * 0.045 * HOURS, 2);
      const noQueue = withWorkload('07-event-pipeline', (w) => ({ ...w, architecture: { queue: false } }));
      expect(line(noQueue, 'vpc-endpoints')).toBeUndefined();
    });
  });

  test('the JSON keeps every component name and adds the new ones; --explain shows each new line\'s formula and inputs', () => {
    const plan = examplePlan('08-billion-users');
    expect(plan.costBreakdown.map((c) => c.component)).toEqual([
      'compute', 'load-balancer', 'nat-gateway', 'database', 'database-storage', 'rds-proxy', 'cache', 'cdn', 'waf', 'dr-backup-copies',
    ]);
    expect(plan.monthlyCostUsd).toBeCloseTo(plan.costBreakdown.reduce((sum, c) => sum + c.usd, 0), 2);
    const text = explain(plan);
    for (const [component, input] of [['waf', 'monthlyRequests'], ['rds-proxy', 'billedVcpus'], ['dr-backup-copies', 'copiedGb']]) {
      const d = plan.derivations.find((x) => x.field === `costBreakdown.${component}`)!;
      expect(d.result).toBe(line(plan, component as CostLine['component'])!.usd);
      expect(Object.keys(d.inputs)).toContain(input);
      expect(text).toContain(`costBreakdown.${component}`);
      expect(text).toContain(d.formula);
    }
    const endpoints = examplePlan('07-event-pipeline').derivations.find((x) => x.field === 'costBreakdown.vpc-endpoints')!;
    expect(endpoints.inputs).toMatchObject({ endpoints: 1, services: 'sqs', zones: 3, regions: 1, messageBytes: 1000, crossings: 2, processedGb: 1_728_000 });
    expect(explain(examplePlan('07-event-pipeline'))).toContain(endpoints.formula);
  });
});
