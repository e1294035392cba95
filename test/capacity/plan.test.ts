import { GIB } from '../../lib/capacity/catalog';
import { surviveAzLossCount } from '../../lib/capacity/plan-compute';
import { planCapacity, findEc2InstanceType, maxConnections, RDS_INSTANCE_CLASSES, CACHE_NODE_TYPES, CLOUDFRONT_DATA_TRANSFER_TIERS, tieredPriceUsd, type CapacityPlan, type Workload } from '../../lib/capacity';

const codes = (p: CapacityPlan) => p.warnings.map((w) => w.code);

describe('load forms', () => {
  test('monthly volume: ÷ (30 × 86,400)', () => {
    const p = planCapacity({ traffic: { requestsPerMonth: 2_592_000_000 } });
    expect(p.traffic.averageQps).toBe(1000);
    expect(p.traffic.peakQps).toBe(3000);
  });

  test('concurrent users at peak are already a peak', () => {
    const p = planCapacity({ traffic: { peakConcurrentUsers: 60_000, requestsPerUserPerMinute: 6 } });
    expect(p.traffic.peakQps).toBe(6000);
    expect(p.traffic.averageQps).toBe(2000);
    expect(p.loadBalancing.peakConcurrentConnections).toBe(60_000);
  });

  test('writeFraction sets the read share', () => {
    const p = planCapacity({ traffic: { peakQps: 1000, writeFraction: 0.25 } });
    expect(p.traffic.peakReadQps).toBe(750);
    expect(p.traffic.peakWriteQps).toBe(250);
  });
});

describe('stage', () => {
  test.each([
    [1_000, 'single-server'],
    [10_000, 'separate-db'],
    [100_000, 'load-balanced'],
    [1_000_000, 'cached'],
    [10_000_000, 'sharded'],
    [150_000_000, 'multi-region'],
  ])('%i daily active users → %s', (dau, stage) => {
    expect(planCapacity({ traffic: { dailyActiveUsers: dau, requestsPerUserPerDay: 10 } }).stage).toBe(stage);
  });

  test('a load without users is placed by its equivalent (average QPS × 86,400 ÷ 10)', () => {
    const p = planCapacity({ traffic: { averageQps: 120 } });
    expect(p.traffic.dailyActiveUsers).toBe(1_036_800);
    expect(p.stage).toBe('cached');
  });

  test('the workload can override the stage', () => {
    const p = planCapacity({ traffic: { averageQps: 120 }, stage: 'load-balanced' });
    expect([p.stage, p.stageSource]).toEqual(['load-balanced', 'workload']);
    expect(p.cache.enabled).toBe(false);
  });
});

describe('compute', () => {
  test.each([
    [1, 3, 2],
    [2, 3, 3],
    [10, 3, 15],
    [290, 3, 435],
    [10, 2, 20],
    [9, 4, 12],
  ])('survive-az-loss: need %i in %i zones → %i', (need, zones, n) => {
    const count = surviveAzLossCount(need, zones);
    expect(count).toBe(n);
    expect(count - Math.ceil(count / zones)).toBeGreaterThanOrEqual(need);
    expect(count - 1 - Math.ceil((count - 1) / zones)).toBeLessThan(need);
  });

  test('scaling: min from the average (at least one per zone), max per region, target = capacity × 60 × utilization', () => {
    const p = planCapacity({ traffic: { averageQps: 10_000, peakFactor: 3 }, compute: { requestsPerInstancePerSecond: 1000, targetUtilization: 0.6 } });
    expect(p.compute.instancesForPeak).toBe(30);
    expect(p.compute.instancesPerRegion).toBe(45);
    expect(p.compute.minInstances).toBe(15);
    expect(p.compute.maxInstances).toBe(45);
    expect(p.compute.targetRequestsPerInstancePerMinute).toBe(36_000);
  });

  test('a tiny load still gets one instance per zone', () => {
    const p = planCapacity({ traffic: { averageQps: 1 } });
    expect([p.compute.minInstances, p.compute.maxInstances]).toEqual([3, 3]);
  });

  test('the default instance type is the cheapest with 2 vCPU and 8 GiB; arm64', () => {
    const p = planCapacity({ traffic: { averageQps: 1 } });
    expect([p.compute.instanceType, p.compute.architecture]).toEqual(['m7g.large', 'arm64']);
    expect(planCapacity({ traffic: { averageQps: 1 }, compute: { instanceType: 'm7i.xlarge' } }).compute.architecture).toBe('x86_64');
  });

  test('survive-region-loss sizes each region for peak ÷ (R − 1)', () => {
    const w: Workload = {
      traffic: { peakQps: 30_000 },
      compute: { headroom: { bufferFraction: 0 } },
      topology: { regions: ['us-east-1', 'us-west-2', 'eu-west-1'], mode: 'active-active', regionCapacity: 'survive-region-loss' },
    };
    const p = planCapacity(w);
    expect(p.compute.instancesForPeak).toBe(15);
    expect(p.compute.instancesTotal).toBe(45);
  });
});

describe('database', () => {
  test('max_connections follows the engine formulas', () => {
    expect(maxConnections('postgres', 8)).toBe(Math.floor((8 * GIB) / 9531392));
    expect(maxConnections('postgres', 64)).toBe(5000);
    expect(maxConnections('mysql', 64)).toBe(Math.floor((64 * GIB) / 12582880));
  });

  test('shards from writes and storage; replicas from reads after cache (the guides\' figures on the class the workload names)', () => {
    const p = planCapacity({
      traffic: { peakQps: 50_000, readFraction: 0.9 },
      cache: { hitRate: 0.8 },
      data: { users: 1e6, bytesPerUser: 3e6 },
      database: { instanceClass: 'db.r7g.2xlarge', writeQpsPerInstance: 2000 },
    });
    expect(p.database.peakReadQpsAfterCache).toBeCloseTo(9000, 6);
    expect(p.database.shards).toBe(3); // max(⌈5,000 ÷ 2,000⌉ = 3, ⌈3 TB ÷ 1 TB⌉ = 3)
    expect(p.architecture.databaseShards).toBe(3);
    expect(p.database.readReplicasPerShard).toBe(1); // ⌈9,000 ÷ 3 ÷ 10,000⌉
    expect(p.database.readReplicas).toBe(3);
    expect(p.database.allocatedStorageGiB).toBe(Math.ceil(1e12 / GIB)); // each built database holds a third of 3 TB
    expect(codes(p)).toContain('CONSIDER_SHARDING');
  });

  test('without a cache tier the database takes every read (on the reference class: 45,000 ÷ 10,000 → 5 replicas)', () => {
    const p = planCapacity({ traffic: { peakQps: 50_000 }, stage: 'load-balanced', database: { instanceClass: 'db.r7g.2xlarge' } });
    expect(p.cache).toMatchObject({ enabled: false, nodeType: null, shards: 0 });
    expect(p.database.peakReadQpsAfterCache).toBe(45_000);
    expect(p.database.readReplicas).toBe(5);
  });

  test('the class is sized by CPU against the 64 GB reference server: replicas × reads per replica carry the reads', () => {
    const p = planCapacity({ traffic: { peakQps: 50_000 }, stage: 'load-balanced' });
    const c = RDS_INSTANCE_CLASSES.find((x) => x.name === p.database.instanceClass)!;
    const scale = Math.min(c.vcpu / 8, c.memoryGiB / 64);
    expect(p.database.readReplicasPerShard).toBe(Math.ceil(45_000 / (10_000 * scale) - 1e-9));
    expect(p.database.readReplicasPerShard * 10_000 * scale).toBeGreaterThanOrEqual(45_000);
    expect(p.database.readReplicasPerShard).toBeLessThanOrEqual(15);
  });

  test('reads scale the class up before they shard; beyond 15 replicas of the largest class they shard, and a stage that builds one shard is refused', () => {
    // 1.98 M reads after the cache: the largest class (db.r7g.16xlarge, 8 × the reference) carries 80,000 per replica,
    // so 15 replicas carry 1.2 M: two shards.
    const w = { traffic: { peakQps: 2_000_000, readFraction: 1 }, cache: { hitRate: 0.01, ttlSeconds: 1 } };
    const p = planCapacity({ ...w, stage: 'sharded' });
    expect(p.database.peakReadQpsAfterCache).toBeCloseTo(1_980_000, 3);
    expect(p.database.shards).toBe(2);
    expect(p.architecture.databaseShards).toBe(2);
    expect(p.database.readReplicasPerShard).toBeLessThanOrEqual(15);
    expect(() => planCapacity({ ...w, stage: 'cached' })).toThrow(
      /stage: "cached" — builds 1 database shard\(s\), each then needing \d+ read replicas even on db\.r7g\.16xlarge; RDS allows 15 per source/,
    );
  });

  test('below the load-balanced stage no replica is built: the writer\'s class carries the reads too', () => {
    const p = planCapacity({ traffic: { peakQps: 500 }, stage: 'separate-db' });
    expect(p.architecture.readReplicasPerShard).toBe(0);
    const c = RDS_INSTANCE_CLASSES.find((x) => x.name === p.database.instanceClass)!;
    const scale = Math.min(c.vcpu / 8, c.memoryGiB / 64);
    expect(p.database.peakWriteQps / (1000 * scale) + p.database.peakReadQpsAfterCache / (10_000 * scale)).toBeLessThanOrEqual(1);
  });

  test('connections beyond every class advise RDS Proxy', () => {
    const p = planCapacity({ traffic: { peakQps: 400_000 } });
    expect(p.database.connections).toBeGreaterThan(5000);
    expect(p.database.rdsProxyAdvised).toBe(true);
    expect(p.database.maxConnectionsPerInstance).toBe(5000);
    expect(codes(p)).toContain('RDS_PROXY_ADVISED');
  });

  test('the class is the cheapest whose max_connections fits; burstable only at small stages', () => {
    const small = planCapacity({ traffic: { dailyActiveUsers: 5000, requestsPerUserPerDay: 10 } });
    expect(small.database.instanceClass).toBe('db.t4g.micro');
    const p = planCapacity({ traffic: { dailyActiveUsers: 500_000, requestsPerUserPerDay: 10 } });
    expect(p.database.instanceClass).toBe('db.m7g.large');
    expect(p.database.maxConnectionsPerInstance).toBeGreaterThanOrEqual(p.database.connections);
  });
});

describe('database memory: the class holds each built database\'s working set (reads the reference figures count as cached)', () => {
  // 50 QPS: any class carries it by CPU and connections; only the data decides the memory.
  const withData = (gigabytes: number, database: Record<string, unknown> = {}) =>
    planCapacity({ traffic: { peakQps: 50 }, stage: 'load-balanced', data: { users: 1e6, bytesPerUser: gigabytes * 1000 }, database } as never);

  test('working set = data per built database × 20 % (the guides\' 80/20); the cheapest class whose memory × 0.75 holds it', () => {
    // 200 GB: 40 GB working set ÷ 0.75 = 49.7 GiB: db.r7g.2xlarge (64 GiB, $0.92/h) beats db.m7g.4xlarge (64 GiB, $1.344/h).
    const p = withData(200);
    expect(p.database.workingSetBytesPerDatabase).toBeCloseTo(40e9, 0);
    expect(p.database.instanceClass).toBe('db.r7g.2xlarge');
    expect(p.database.workingSetFitsMemory).toBe(true);
    // Little data: the CPU's cheapest class (no memory pressure).
    expect(withData(1).database.instanceClass).toBe('db.m7g.large');
  });

  test('every class holds at least 75 % of its memory in cache; the fraction is an input', () => {
    for (const gigabytes of [1, 10, 50, 100, 300, 600]) {
      const p = withData(gigabytes);
      const c = RDS_INSTANCE_CLASSES.find((x) => x.name === p.database.instanceClass)!;
      expect(c.memoryGiB * 2 ** 30 * 0.75).toBeGreaterThanOrEqual(p.database.workingSetBytesPerDatabase);
    }
    expect(withData(200, { workingSetFraction: 0.05 }).database.instanceClass).toBe('db.r7g.large'); // 10 GB in 16 GiB × 0.75
  });

  test('a working set no class holds: the most memory (db.r7g.16xlarge, 512 GiB) and a warning naming the fields to change', () => {
    const p = withData(5000); // 1 TB working set
    expect(p.database.instanceClass).toBe('db.r7g.16xlarge');
    expect(p.database.workingSetFitsMemory).toBe(false);
    const warning = p.warnings.find((w) => w.code === 'WORKING_SET_EXCEEDS_MEMORY')!;
    expect(warning.message).toMatch(/database\.maxBytesPerShard/);
    expect(warning.message).toMatch(/database\.workingSetFraction/);
    // More shards split the data: built, each holds its working set again.
    const sharded = planCapacity({
      traffic: { peakQps: 50 }, stage: 'sharded', data: { users: 1e6, bytesPerUser: 5e6 }, database: { maxBytesPerShard: 1e12 },
    });
    expect(sharded.architecture.databaseShards).toBe(5);
    expect(sharded.database.workingSetFitsMemory).toBe(true);
  });

  test('workingSetFraction is a fraction in (0, 1]', () => {
    expect(() => withData(10, { workingSetFraction: 0 })).toThrow(/database\.workingSetFraction: 0 — must be a fraction in \(0, 1\]/);
  });
});

describe('cache', () => {
  test('the node type with the lowest monthly cost for memory and operations', () => {
    const p = planCapacity({ traffic: { peakQps: 100_000, readFraction: 1 }, cache: {} });
    const usable = (name: string) => CACHE_NODE_TYPES.find((n) => n.name === name)!.memoryGiB * GIB * 0.75;
    // 400 GB: 19 × cache.r7g.xlarge ($8.32/h) beats 2 × cache.r7g.12xlarge ($10.51/h).
    expect([p.cache.nodeType, p.cache.shards]).toEqual(['cache.r7g.xlarge', 19]);
    expect(usable(p.cache.nodeType!) * p.cache.shards).toBeGreaterThanOrEqual(p.cache.memoryBytes);
    const cost = (n: (typeof CACHE_NODE_TYPES)[number]) => Math.max(Math.ceil(p.cache.memoryBytes / usable(n.name)), 1) * n.usdPerHour;
    const chosen = CACHE_NODE_TYPES.find((n) => n.name === p.cache.nodeType)!;
    for (const n of CACHE_NODE_TYPES.filter((x) => !x.burstable)) expect(cost(chosen)).toBeLessThanOrEqual(cost(n));
    expect(p.cache.replicasPerShard).toBe(1);
  });

  test('operations can drive the shard count', () => {
    const p = planCapacity({ traffic: { peakQps: 450_000 }, cache: { ttlSeconds: 1 }, assumptions: { cacheOpsPerShard: 100_000 } });
    expect(p.cache.shards).toBe(5);
    expect(p.cache.nodeType).toBe('cache.m7g.large');
  });

  test('hot-set sizing = objects × bytes × hot fraction', () => {
    const p = planCapacity({ traffic: { averageQps: 10 }, cache: { sizing: 'hot-set', objects: 1e6, averageObjectBytes: 2000 } });
    expect(p.cache.memoryBytes).toBe(4e8);
    expect(p.cache.nodeType).toBe('cache.t4g.micro'); // a cache asked for below the cached stage may be burstable
  });
});

describe('load balancing and LCU', () => {
  test('a large estimate advises an LCU reservation', () => {
    const p = planCapacity({ traffic: { peakQps: 100_000, averageResponseBytes: 10_000 } });
    // processed bytes dominate: 1e9 B/s × 3,600 s ÷ 1e9 = 3,600 GB/h → 3,600 LCU
    expect(p.loadBalancing.estimatedLcu).toBeCloseTo(3600, 6);
    expect(p.loadBalancing.recommendedLcuReservation).toBe(3600);
    expect(codes(p)).toContain('LCU_RESERVATION_ADVISED');
  });

  test('a CDN hit rate shrinks origin egress', () => {
    const p = planCapacity({ traffic: { peakQps: 1000, cdnHitRate: 0.75 } });
    expect(p.traffic.originEgressBytesPerSecond).toBe(2.5e6);
    expect(p.loadBalancing.lcuReservationAdvised).toBe(false);
    expect(p.loadBalancing.recommendedLcuReservation).toBeNull();
  });
});

describe('SLO and cost', () => {
  test('a 90 % SLO gets tiers that all fire: page thresholds capped at 0.5, the fast page shortened (the Workbook\'s 14.4× could not)', () => {
    const p = planCapacity({ traffic: { averageQps: 10 }, slo: { availability: 0.9 } });
    expect(p.slo.burnRateTiers.map((t) => [t.name, t.burnRate, t.errorRatioThreshold, t.canFire])).toEqual([
      ['page-9m', 5, 0.5, true],
      ['page-6h', 5, 0.5, true],
      ['ticket-3d', 1, 0.1, true],
    ]);
    expect(codes(p)).not.toContain('SLO_TIER_CANNOT_FIRE');
    expect(p.derivations.find((d) => d.field === 'slo.noTrafficMinutes')!.result).toBe(41);
  });

  test('the SLO period and tier preset: 7 to 365 days, four-tier adds the burn-3 ticket', () => {
    const p = planCapacity({ traffic: { averageQps: 10 }, slo: { availability: 0.999, periodDays: 90, tierPreset: 'four-tier' } });
    expect(p.slo.tierPreset).toBe('four-tier');
    expect(p.slo.burnRateTiers.map((t) => t.name)).toEqual(['page-1h', 'page-6h', 'ticket-7d', 'ticket-3d']);
    expect(() => planCapacity({ traffic: { averageQps: 10 }, slo: { periodDays: 3 } })).toThrow(/slo\.periodDays: 3 — must be a whole number of days from 7 to 365/);
    expect(() => planCapacity({ traffic: { averageQps: 10 }, slo: { tierPreset: 'all' as never } })).toThrow(/slo\.tierPreset: "all" — must be one of "three-tier", "four-tier"/);
  });

  test('the monthly cost is the sum of its components, each with a formula', () => {
    const p = planCapacity({ traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 } });
    const sum = p.costBreakdown.reduce((s, c) => s + c.usd, 0);
    expect(p.monthlyCostUsd).toBeCloseTo(sum, 2);
    expect(p.costBreakdown.map((c) => c.component)).toEqual(['compute', 'load-balancer', 'nat-gateway', 'database', 'database-storage', 'cache', 'cdn', 'waf']);
    expect(p.costBreakdown.every((c) => c.usd > 0 && c.formula.length > 10)).toBe(true);
    expect(p.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('every contract field has a derivation', () => {
    const p = planCapacity({ traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 }, data: { bytesPerUser: 1e5 } });
    const fields = new Set(p.derivations.map((d) => d.field));
    for (const f of [
      'traffic.averageQps', 'traffic.peakQps', 'traffic.peakReadQps', 'traffic.peakWriteQps', 'traffic.peakEgressBytesPerSecond',
      'compute.instancesForPeak', 'compute.instancesPerRegion', 'compute.instancesTotal', 'compute.minInstances', 'compute.maxInstances',
      'compute.instanceType', 'compute.targetRequestsPerInstancePerMinute', 'database.peakReadQpsAfterCache', 'database.readReplicas',
      'database.shards', 'database.storageBytes', 'database.storageBytesWithRedundancy', 'database.instanceClass', 'cache.memoryBytes',
      'cache.nodeType', 'cache.shards', 'cache.replicasPerShard', 'loadBalancing.loadBalancersPerRegion', 'loadBalancing.loadBalancersTotal',
      'loadBalancing.estimatedLcu', 'slo.errorBudgetMinutes', 'stage', 'monthlyCostUsd',
    ]) {
      expect(fields).toContain(f);
    }
  });
});

test('surviveAzLossCount is the closed form of its definition: the smallest N with N − ⌈N ÷ A⌉ ≥ need', () => {
  for (let zones = 2; zones <= 6; zones++) {
    let n = 0;
    for (let need = 0; need <= 3000; need++) {
      while (n - Math.ceil(n / zones) < need) n++; // the definition, walked up from the previous answer
      expect(surviveAzLossCount(need, zones)).toBe(n);
    }
  }
  // Large counts in constant time, still exact integers.
  expect(surviveAzLossCount(1e9, 3)).toBe(1.5e9);
  expect(Number.isSafeInteger(surviveAzLossCount(1e12, 6))).toBe(true);
});

describe('service quotas: exceeded defaults are listed per region with the code to request, not refused', () => {
  const plan = planCapacity({
    traffic: { peakQps: 2_000_000 },
    compute: { requestsPerInstancePerSecond: 1000 },
    cache: {},
    stage: 'sharded',
    topology: { regions: ['us-east-1', 'eu-west-1'], availabilityZones: 6 },
  });
  const byQuota = (key: string) => plan.quotas.filter((q) => q.quota === key);

  test('six NAT gateways need six Elastic IPs (default 5, L-0263D0A3) in every region', () => {
    expect(byQuota('elasticIps').map((q) => [q.region, q.needed, q.defaultValue, q.code])).toEqual([
      ['us-east-1', 6, 5, 'L-0263D0A3'],
      ['eu-west-1', 6, 5, 'L-0263D0A3'],
    ]);
  });

  test('the Auto Scaling maximum above 1,000 targets per ALB (L-7E6692B2), and its vCPUs (L-1216C47A)', () => {
    const [targets] = byQuota('albTargets');
    expect(targets).toMatchObject({ region: 'us-east-1', needed: plan.compute.maxInstances, defaultValue: 1000, code: 'L-7E6692B2' });
    const [vcpus] = byQuota('onDemandStandardVcpus');
    expect(vcpus.needed).toBe(plan.compute.maxInstances * findEc2InstanceType(plan.compute.instanceType)!.vcpu);
  });

  test('RDS DB instances (default 40, L-7B6409FD): every built writer and replica in the primary, one DR replica per shard elsewhere', () => {
    const { databaseShards, readReplicasPerShard } = plan.architecture;
    const needed: Array<[string, number]> = [['us-east-1', databaseShards * (1 + readReplicasPerShard)], ['eu-west-1', databaseShards]];
    expect(needed[0][1]).toBeGreaterThan(40);
    expect(byQuota('rdsInstances').map((q) => [q.region, q.needed])).toEqual(needed.filter(([, n]) => n > 40));
  });

  test('CloudFront requests per second above 250,000 per distribution (a support case, no quota code)', () => {
    expect(byQuota('cloudFrontRequestsPerSecond')).toEqual([expect.objectContaining({ region: 'global', needed: 2_000_000, code: null })]);
  });

  test('each becomes a QUOTA_INCREASE_NEEDED warning naming the quota, the region and the numbers', () => {
    const messages = plan.warnings.filter((w) => w.code === 'QUOTA_INCREASE_NEEDED').map((w) => w.message);
    expect(messages).toHaveLength(plan.quotas.length);
    expect(messages).toContainEqual(expect.stringMatching(/Elastic IPs.*in eu-west-1: the plan needs 6, the default quota is 5: request quota L-0263D0A3/));
    expect(messages).toContainEqual(expect.stringMatching(/Requests per second per distribution" account-wide: the plan needs 2,000,000.*support case/));
  });

  test('a small workload within the defaults needs no increase but the vCPUs of a new account', () => {
    const small = planCapacity({ traffic: { dailyActiveUsers: 1000, requestsPerUserPerDay: 10 } });
    expect(small.quotas.map((q) => q.quota)).toEqual(['onDemandStandardVcpus']);
  });
});

describe('data transfer is priced on AWS\'s tiered price, and only what is built', () => {
  test('CloudFront: each band at its own price (1 PB a month: $39,050, not the first band\'s $85,000)', () => {
    // By hand from the CloudFront pricing page: 10 TB × 0.085 + 40 TB × 0.080 + 100 TB × 0.060 + 350 TB × 0.040 + 500 TB × 0.030.
    expect(tieredPriceUsd(1_000_000, CLOUDFRONT_DATA_TRANSFER_TIERS)).toBeCloseTo(850 + 3_200 + 6_000 + 14_000 + 15_000, 6);
    expect(tieredPriceUsd(5_000, CLOUDFRONT_DATA_TRANSFER_TIERS)).toBeCloseTo(425, 6);
    expect(tieredPriceUsd(0, CLOUDFRONT_DATA_TRANSFER_TIERS)).toBe(0);
    expect(tieredPriceUsd(10_000_000, CLOUDFRONT_DATA_TRANSFER_TIERS)).toBeCloseTo(
      850 + 3_200 + 6_000 + 14_000 + 524_000 * 0.03 + 4_096_000 * 0.025 + 4_880_000 * 0.02, 4);
  });

  test('with the edge built the plan prices CloudFront, without it internet transfer from the ALBs', () => {
    const edge = planCapacity({ traffic: { averageQps: 1000 }, stage: 'cached' });
    expect(edge.architecture.edge).toBe(true);
    expect(edge.costBreakdown.map((c) => c.component)).toContain('cdn');
    expect(edge.costBreakdown.map((c) => c.component)).not.toContain('data-transfer');
    const noEdge = planCapacity({ traffic: { averageQps: 1000 }, stage: 'load-balanced' });
    expect(noEdge.costBreakdown.map((c) => c.component)).toContain('data-transfer');
    expect(noEdge.costBreakdown.map((c) => c.component)).not.toContain('cdn');
    // 1,000 QPS × 10 KB × 30 days = 25,920 GB: 10,000 at $0.09 and 15,920 at $0.085.
    expect(noEdge.costBreakdown.find((c) => c.component === 'data-transfer')!.usd).toBeCloseTo(900 + 15_920 * 0.085, 2);
  });
});
