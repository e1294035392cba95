/** The shard layout (which stack of its region holds each shard) and the plan's shard ceiling. Pure: no synth. */
import * as fc from 'fast-check';
import { MAX_DATABASE_SHARDS, planCapacity } from '../../lib/capacity';
import {
  SHARD_RESOURCE_BUDGET,
  SHARDS_IN_REGIONAL_STACK,
  SHARDS_PER_GROUP_STACK,
  shardGroupOf,
  shardGroupStacks,
  shardLayout,
  shardRangeOf,
} from '../../lib/capacity/shard-layout';

describe('shard layout', () => {
  test('the documented constants: 4 shards in the regional stack, then groups of 10 (50 resources per shard)', () => {
    expect([SHARDS_IN_REGIONAL_STACK, SHARDS_PER_GROUP_STACK, SHARD_RESOURCE_BUDGET]).toEqual([4, 10, 50]);
  });

  test.each([
    [1, 0], [4, 0], [5, 1], [14, 1], [15, 2], [24, 2], [25, 3], [28, 3], [40, 4], [1000, 100],
  ])('shard %i is built in group %i', (shard, group) => {
    expect(shardGroupOf(shard)).toBe(group);
  });

  test.each([
    [0, 1, 4], [1, 5, 14], [2, 15, 24], [100, 995, 1004],
  ])('group %i holds shards %i to %i', (group, first, last) => {
    expect(shardRangeOf(group)).toEqual({ first, last });
  });

  test.each([[1, 0], [4, 0], [5, 1], [14, 1], [15, 2], [30, 3], [MAX_DATABASE_SHARDS, 100]])(
    '%i shards take %i shard-group stacks per region', (shards, stacks) => {
      expect(shardGroupStacks(shards)).toBe(stacks);
    });

  test('growing the shard count never moves a shard (28 → 40, and any n → m)', () => {
    expect(shardLayout(40).slice(0, 28)).toEqual(shardLayout(28));
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_DATABASE_SHARDS }), fc.integer({ min: 1, max: MAX_DATABASE_SHARDS }), (a, b) => {
      const [n, m] = a <= b ? [a, b] : [b, a];
      expect(shardLayout(m).slice(0, n)).toEqual(shardLayout(n));
    }), { numRuns: 30 });
  });

  test('every group holds its range and no more; the group stacks are exactly those holding a shard', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_DATABASE_SHARDS }), (shards) => {
      const layout = shardLayout(shards);
      for (const p of layout) {
        const { first, last } = shardRangeOf(p.group);
        expect(p.shard).toBeGreaterThanOrEqual(first);
        expect(p.shard).toBeLessThanOrEqual(last);
      }
      expect(new Set(layout.filter((p) => p.group > 0).map((p) => p.group)).size).toBe(shardGroupStacks(shards));
    }), { numRuns: 30 });
  });
});

describe('the plan builds at most MAX_DATABASE_SHARDS shards', () => {
  // 1.5 TB of data in shards of at most 1 GB: 1,500 shards.
  const heavy = { traffic: { dailyActiveUsers: 1e6, requestsPerUserPerDay: 10 }, data: { bytesPerUser: 1.5e6 }, database: { maxBytesPerShard: 1e9 } };

  test('a stage that builds more is refused, naming the stage and the inputs that set the shard count', () => {
    expect(planCapacity({ ...heavy, stage: 'cached' }).architecture.databaseShards).toBe(1);
    expect(() => planCapacity({ ...heavy, stage: 'sharded' })).toThrow(
      /stage: "sharded" — builds 1,500 database shards; the patterns build at most 1,000 per region .*Raise database\.maxBytesPerShard or database\.writeQpsPerInstance/,
    );
  });

  test('architecture.databaseShards is bounded by the same ceiling; building fewer than the plan needs is a warning', () => {
    expect(() => planCapacity({ ...heavy, architecture: { databaseShards: MAX_DATABASE_SHARDS + 1 } })).toThrow(
      /architecture\.databaseShards: 1001 — must be a whole number in \[1, 1,000\]/,
    );
    const p = planCapacity({ ...heavy, stage: 'sharded', architecture: { databaseShards: MAX_DATABASE_SHARDS } });
    expect(p.architecture.databaseShards).toBe(MAX_DATABASE_SHARDS);
    expect(p.warnings.map((w) => w.code)).toContain('STAGE_BUILDS_FEWER_SHARDS');
  });
});
