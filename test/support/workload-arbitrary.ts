/**
 * Random workloads over the whole workload space (fast-check), for the sampled synth property test and
 * `npm run fuzz`: every load form with volumes spread log-uniformly up to the validator's bounds, the data,
 * database, cache, SLO and topology sections, and the `architecture` overrides (up to MAX_DATABASE_SHARDS shards
 * and 15 read replicas). Some samples are invalid or refused by the plan: callers keep the accepted ones.
 */
import * as fc from 'fast-check';
import { MAX_DATABASE_SHARDS, STAGES, type Workload } from '../../lib/capacity';

/** 10^x for x uniform in [lo, hi]: as many samples at 1e3 as at 1e9. */
const logUniform = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 10_000 }).map((k) => 10 ** (lo + ((hi - lo) * k) / 10_000));

/** At most `max`, log-uniform from 1, whole. */
const count = (max: number): fc.Arbitrary<number> => logUniform(0, Math.log10(max)).map((x) => Math.min(max, Math.max(1, Math.round(x))));

const trafficArb = fc.oneof(
  fc.record({ dailyActiveUsers: logUniform(0, 10), requestsPerUserPerDay: logUniform(-1, 3) }),
  fc.record({ users: logUniform(0, 10), dailyActiveFraction: fc.double({ min: 0.01, max: 1, noNaN: true }), requestsPerUserPerDay: logUniform(-1, 3) }),
  fc.record({ peakConcurrentUsers: logUniform(0, 8), requestsPerUserPerMinute: logUniform(-1, 2) }),
  fc.record({ requestsPerMonth: logUniform(0, 13) }),
  fc.record({ averageQps: logUniform(-2, 6) }),
  fc.record({ peakQps: logUniform(-2, 7) }),
);

const regionsArb = fc.constantFrom(['us-east-1'], ['eu-west-1'], ['us-east-1', 'us-west-2'], ['eu-west-1', 'eu-central-1', 'us-east-1']);

/** The large end of the space: from 100 M daily users (or the same load in another form) up to the bounds. */
const largeTrafficArb = fc.oneof(
  fc.record({ dailyActiveUsers: logUniform(8, 10), requestsPerUserPerDay: logUniform(0, 2) }),
  fc.record({ users: logUniform(8.5, 10), dailyActiveFraction: fc.double({ min: 0.2, max: 1, noNaN: true }), requestsPerUserPerDay: logUniform(0, 2) }),
  fc.record({ averageQps: logUniform(4, 6) }),
);

/**
 * A workload, valid most of the time (check it with `checkWorkload`); `large` draws only from the large end of
 * the traffic range.
 */
export function workloadArb(options: { large?: boolean } = {}): fc.Arbitrary<Workload> {
  return fc.record({
    traffic: options.large ? largeTrafficArb : trafficArb,
    peakFactor: fc.option(fc.double({ min: 1, max: 10, noNaN: true }), { nil: undefined }),
    writeFraction: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }),
    responseBytes: fc.option(logUniform(2, 7), { nil: undefined }),
    cdnHitRate: fc.option(fc.double({ min: 0, max: 0.99, noNaN: true }), { nil: undefined }),
    perInstance: fc.option(logUniform(1, 5), { nil: undefined }),
    data: fc.option(fc.oneof(
      fc.record({ bytesPerUser: logUniform(2, 9) }),
      fc.record({ bytesPerUserPerDay: logUniform(1, 6), retentionDays: count(3650) }),
    ), { nil: undefined }),
    database: fc.option(fc.record({
      engine: fc.constantFrom('postgres' as const, 'mysql' as const),
      maxBytesPerShard: logUniform(9, 13),
      writeQpsPerInstance: logUniform(2, 5),
      readQpsPerInstance: logUniform(3, 5),
      connectionsPerInstance: count(500),
    }), { nil: undefined }),
    cache: fc.option(fc.record({ hitRate: fc.double({ min: 0.1, max: 0.99, noNaN: true }), ttlSeconds: logUniform(1, 5) }), { nil: undefined }),
    latency: fc.option(fc.record({ thresholdMs: count(2000), percent: fc.constantFrom(90, 95, 99) }), { nil: undefined }),
    availability: fc.constantFrom(0.99, 0.995, 0.999, 0.9995, 0.9999),
    regions: regionsArb,
    zones: fc.integer({ min: 2, max: 6 }),
    activeActive: fc.boolean(),
    stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }),
    architecture: fc.option(fc.record({
      databaseShards: fc.option(count(MAX_DATABASE_SHARDS), { nil: undefined }),
      readReplicasPerShard: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
      cache: fc.option(fc.boolean(), { nil: undefined }),
      edge: fc.option(fc.boolean(), { nil: undefined }),
    }, { requiredKeys: [] }), { nil: undefined }),
  }).map((r) => {
    const peakForm = 'peakConcurrentUsers' in r.traffic || 'peakQps' in r.traffic;
    const usersForm = 'dailyActiveUsers' in r.traffic || 'users' in r.traffic;
    const architecture = r.architecture && Object.fromEntries(Object.entries(r.architecture).filter(([, v]) => v !== undefined));
    return {
      name: 'sampled workload',
      ...(r.stage ? { stage: r.stage } : {}),
      traffic: {
        ...r.traffic,
        ...(r.peakFactor !== undefined && !peakForm ? { peakFactor: r.peakFactor } : {}),
        ...(r.writeFraction !== undefined ? { writeFraction: r.writeFraction } : {}),
        ...(r.responseBytes !== undefined ? { averageResponseBytes: r.responseBytes } : {}),
        ...(r.cdnHitRate !== undefined ? { cdnHitRate: r.cdnHitRate } : {}),
      },
      ...(r.perInstance !== undefined ? { compute: { requestsPerInstancePerSecond: r.perInstance } } : {}),
      // Data per user needs users: the traffic's, or a million stated here.
      ...(r.data ? { data: usersForm ? r.data : { users: 1e6, ...r.data } } : {}),
      ...(r.database ? { database: r.database } : {}),
      ...(r.cache ? { cache: r.cache } : {}),
      slo: { availability: r.availability, ...(r.latency ? { latency: r.latency } : {}) },
      topology: {
        regions: r.regions,
        availabilityZones: r.zones,
        ...(r.regions.length > 1 && r.activeActive ? { mode: 'active-active' as const } : {}),
      },
      ...(architecture && Object.keys(architecture).length > 0 ? { architecture } : {}),
    } satisfies Workload;
  });
}
