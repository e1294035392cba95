/** The eight worked examples of the system-design guides (docs/capacity-model.md), reproduced exactly. */
import { planCapacity, type Workload } from '../../lib/capacity';

const plan = (w: Workload) => planCapacity(w);

test('1. 1 B users, 50 % daily active, 10 requests/day, peak factor 5 → 57,870.37 average, 289,351.85 peak QPS', () => {
  const p = plan({ traffic: { users: 1e9, dailyActiveFraction: 0.5, requestsPerUserPerDay: 10, peakFactor: 5 } });
  expect(p.traffic.averageQps).toBeCloseTo(57_870.370_370, 5);
  expect(p.traffic.peakQps).toBeCloseTo(289_351.851_851, 5);
  expect(Math.round(p.traffic.peakQps / 10_000) * 10_000).toBe(290_000);
});

test('2. 300,000 peak QPS at 10,000 per server with a 30 % buffer → 30 servers for peak, 39 with the buffer', () => {
  const p = plan({ traffic: { peakQps: 300_000 }, compute: { requestsPerInstancePerSecond: 10_000, headroom: { bufferFraction: 0.3 } } });
  expect(p.compute.instancesForPeak).toBe(30);
  expect(p.compute.instancesPerRegion).toBe(39);
});

test('3. 1 B users × 1 KB/day × 30 days → 30 TB stored; 3 replicas + 2 backups → 150 TB', () => {
  const p = plan({
    traffic: { users: 1e9, dailyActiveFraction: 0.5, requestsPerUserPerDay: 10 },
    data: { bytesPerUserPerDay: 1000, retentionDays: 30, replicationFactor: 3, backupCopies: 2 },
  });
  expect(p.database.storageBytes).toBe(30e12);
  expect(p.database.storageBytesWithRedundancy).toBe(150e12);
});

test('4. 100,000 read QPS, 1 KB objects, 1 h TTL, 90 % hit rate → 400 GB of cache', () => {
  const p = plan({
    traffic: { peakQps: 100_000, readFraction: 1 },
    cache: { averageObjectBytes: 1000, ttlSeconds: 3600, hitRate: 0.9, sizing: 'ttl' },
  });
  expect(p.cache.memoryBytes).toBeCloseTo(4e11, 0);
});

test('5. 300,000 peak QPS × 10 KB responses → 3 GB/s egress; × 2 headroom → 6 GB/s (48 Gbps)', () => {
  const p = plan({ traffic: { peakQps: 300_000, averageResponseBytes: 10_000 } });
  expect(p.traffic.peakEgressBytesPerSecond).toBe(3e9);
  expect(p.traffic.provisionedEgressBytesPerSecond).toBe(6e9);
  expect((p.traffic.provisionedEgressBytesPerSecond * 8) / 1e9).toBe(48);
});

test('6. 10 M concurrent connections, 2 regions → 10 load balancers per region, 20 in all', () => {
  const p = plan({
    traffic: { peakQps: 300_000, peakConcurrentConnections: 10e6 },
    topology: { regions: ['us-east-1', 'us-west-2'] },
  });
  expect(p.loadBalancing.loadBalancersPerRegion).toBe(10);
  expect(p.loadBalancing.loadBalancersTotal).toBe(20);
  expect(p.warnings.map((w) => w.code)).toContain('LOAD_BALANCER_RULE');
});

test('7. 100,000 read QPS at 90 % hit rate → 10,000 QPS reach the database', () => {
  const w7: Workload = { traffic: { peakQps: 100_000, readFraction: 1 }, cache: { hitRate: 0.9 } };
  const p = plan(w7);
  expect(p.database.peakReadQpsAfterCache).toBeCloseTo(10_000, 6);
  // On the guides' reference server (10,000 cached reads per second) that is one read replica.
  expect(planCapacity({ ...w7, database: { instanceClass: 'db.r7g.2xlarge' } }).database.readReplicas).toBe(1);
});

test('8. SLO 99.9 % over 30 days → 43.2 minutes of error budget; 99.99 % → 4.32 minutes', () => {
  expect(plan({ traffic: { peakQps: 100 }, slo: { availability: 0.999 } }).slo.errorBudgetMinutes).toBe(43.2);
  const fourNines = plan({ traffic: { peakQps: 100 }, slo: { availability: 0.9999, periodDays: 30 } });
  expect(fourNines.slo.errorBudgetMinutes).toBe(4.32);
  expect(fourNines.warnings.map((w) => w.code)).toContain('SINGLE_REGION_FOUR_NINES');
});
