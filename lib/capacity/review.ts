/**
 * The capacity plan's assumptions against what production did (`cdk-scale review`): observed traffic (at the
 * ALB, and at the CloudFront edge with the CDN hit rate), instances, CPU, database connections and lag, cache
 * hit rate and memory, each compared with the plan with a
 * stated tolerance, and a workload rewritten with the observed values so the user re-plans from reality.
 * Pure: the observations are read by lib/cloudwatch (1-minute data over the last N days).
 */
import { withoutFloatNoise } from '../format/numbers';
import type { CapacityPlan } from './plan-types';
import { REPLICA_STALENESS_BUDGET_SECONDS } from './plan-database';
import { loadFormOf, parseWorkload } from './validate-workload';
import type { Workload } from './workload';

/** What the review found for one assumption. */
export type ReviewVerdict = 'ok' | 'under-provisioned' | 'over-provisioned' | 'no data';

/** One row of the review. */
export interface ReviewedAssumption {
  /** The plan field (or workload assumption) compared, e.g. `traffic.peakQps`. */
  readonly name: string;
  /** The plan's value; null when the plan has none (e.g. no cache tier). */
  readonly planned: number | null;
  /** What production did; null without data. */
  readonly observed: number | null;
  readonly unit: string;
  readonly verdict: ReviewVerdict;
  /** The tolerance the verdict used, in words (e.g. `under above +10 %, over below −50 %`). */
  readonly tolerance: string;
  /** How the observed value was measured, or why there is none. */
  readonly note: string;
}

/**
 * Tolerances of the verdicts. Above the plan by more than `under` (a fraction) is under-provisioned; below it
 * by more than `over` is over-provisioned; null never gives that verdict.
 */
export const REVIEW_TOLERANCES = {
  /** Load: observed peak, average, peak factor. */
  traffic: { under: 0.1, over: 0.5 },
  /** Capacity per instance: observed below the plan's by 10 % is under-provisioned, above by 100 % over. */
  requestsPerInstance: { under: 0.1, over: 1 },
  /** CPU at peak against the target utilization. */
  cpu: { under: 0.25, over: 0.7 },
  /** Database connections against the plan's pool (web instances × connections per instance). */
  connections: { under: 0.1, over: 0.75 },
  /** Cache hit rate, in absolute points: 5 points below the plan's is under-provisioned, 5 above over. */
  hitRatePoints: 0.05,
  /** Cache memory used against the plan's. */
  cacheMemory: { under: 0.1, over: 0.5 },
  /**
   * CloudFront's hit rate against the workload's `traffic.cdnHitRate`, in absolute points: 5 points below is
   * under-provisioned (more traffic reaches the origin than planned), 5 above over-provisioned.
   */
  cdnHitRatePoints: 0.05,
} as const;

/** Assumptions the plan makes without a field, which the review checks. */
export const REVIEW_ASSUMPTIONS = {
  /** The database CPU the plan's instance class is meant to run at, at peak (the web tier's default target). */
  databaseCpuTargetPercent: 70,
  /** Replica lag the plan accepts by sending reads to replicas (the saturation alarm's default budget too). */
  maxReplicaLagSeconds: REPLICA_STALENESS_BUDGET_SECONDS,
  /** Below this CPU at peak, the per-instance capacity is not extrapolated (too noisy). */
  minCpuToExtrapolatePercent: 5,
} as const;

/** A series of 1-minute values (undefined where CloudWatch had no data point). */
export type MinuteSeries = ReadonlyArray<number | undefined>;

/** What production did over the review range, minute by minute (all series on the same grid). */
export interface ReviewObservations {
  /** Days reviewed. */
  readonly days: number;
  /** Minutes in the grid (days × 1,440). */
  readonly minutes: number;
  /** ALB RequestCount per minute (Sum); undefined without --load-balancer. */
  readonly requests?: MinuteSeries;
  /** Auto Scaling group: instances in service (GroupInServiceInstances) and their CPU (AWS/EC2 CPUUtilization Average) per minute. */
  readonly instancesInService?: MinuteSeries;
  readonly instanceCpuPercent?: MinuteSeries;
  /** Database instances: connections summed over instances, highest CPU, highest ReplicaLag, per minute. */
  readonly databaseConnections?: MinuteSeries;
  readonly databaseCpuPercent?: MinuteSeries;
  readonly replicaLagSeconds?: MinuteSeries;
  /** Cache: hits and misses over the range; memory used (sum over shards of each shard's highest BytesUsedForCache). */
  readonly cacheHits?: number;
  readonly cacheMisses?: number;
  readonly cacheMemoryBytes?: number | null;
  /** Cache nodes found (0 when the replication group publishes no metrics). */
  readonly cacheNodes?: number;
  /**
   * The CloudFront distribution (--distribution; read in us-east-1, where CloudFront publishes its metrics):
   * viewer `Requests` per minute (Sum: every request users send reaches the edge), and `CacheHitRate` per
   * minute (Average, percent of the cacheable requests served from the edge caches; one of the distribution's
   * additional metrics). Undefined without --distribution.
   */
  readonly edgeRequests?: MinuteSeries;
  readonly edgeCacheHitRatePercent?: MinuteSeries;
}

/** The review: rows, and the workload with the observed values. */
export interface PlanReview {
  readonly assumptions: readonly ReviewedAssumption[];
  /** The workload re-stated with what production did; passes `parseWorkload`. */
  readonly suggestedWorkload: Workload;
  /** What the suggested workload changed, one line each. */
  readonly changes: readonly string[];
}

const SECONDS_PER_DAY = 86_400;

function max(s: MinuteSeries | undefined): number | undefined {
  let m: number | undefined;
  for (const v of s ?? []) if (v !== undefined && (m === undefined || v > m)) m = v;
  return m;
}

/** The value at minute k, or the latest within 5 minutes before it (basic EC2 monitoring publishes every 5 minutes). */
function at(s: MinuteSeries | undefined, k: number): number | undefined {
  for (let j = k; s && j >= 0 && j > k - 5; j--) if (s[j] !== undefined) return s[j];
  return undefined;
}

function verdict(planned: number | null, observed: number | null, t: { under: number | null; over: number | null }, higherIsUnder = true): ReviewVerdict {
  if (planned === null || observed === null) return 'no data';
  // higherIsUnder: more than the plan means too little was provisioned (load); otherwise less does (capacity).
  const beyond = (fraction: number | null, above: boolean) =>
    fraction !== null && (above ? observed > planned * (1 + fraction) : observed < planned * (1 - fraction));
  if (beyond(t.under, higherIsUnder)) return 'under-provisioned';
  if (beyond(t.over, !higherIsUnder)) return 'over-provisioned';
  return 'ok';
}

function tolerance(t: { under: number | null; over: number | null }, higherIsUnder = true): string {
  const p = (x: number) => `${withoutFloatNoise(x * 100)} %`;
  const under = t.under === null ? null : `${higherIsUnder ? '+' : '−'}${p(t.under)}`;
  const over = t.over === null ? null : `${higherIsUnder ? '−' : '+'}${p(t.over)}`;
  return [under && `under-provisioned beyond ${under}`, over && `over-provisioned beyond ${over}`].filter(Boolean).join(', ');
}

/** The suffix of the rows measured at the CloudFront distribution (the ALB's rows have none). */
export const EDGE_SUFFIX = ' (edge)';

/** Peak, average and peak factor of a series of 1-minute request counts; undefined without a data point. */
interface ObservedTraffic {
  readonly peakMinute: number;
  readonly peakPerMinute: number;
  readonly peakQps: number;
  readonly averageQps: number;
  readonly factor: number | null;
}

function observedTraffic(s: MinuteSeries | undefined, days: number, scale: number): ObservedTraffic | undefined {
  const peak = max(s);
  if (s === undefined || peak === undefined) return undefined;
  const total = s.reduce<number>((n, v) => n + (v ?? 0), 0);
  const peakQps = withoutFloatNoise((peak / 60) * scale);
  const averageQps = withoutFloatNoise((total / (days * SECONDS_PER_DAY)) * scale);
  return { peakMinute: s.indexOf(peak), peakPerMinute: peak, peakQps, averageQps, factor: averageQps ? withoutFloatNoise(peakQps / averageQps) : null };
}

/** The peak, average and peak-factor rows of one view of the traffic (`suffix` names the view). */
function trafficRows(
  add: (row: ReviewedAssumption) => void,
  plan: CapacityPlan,
  o: ObservedTraffic | undefined,
  suffix: string,
  notes: { peak: string; average: string; factor: string; missing: string },
): void {
  const t = REVIEW_TOLERANCES.traffic;
  const plannedFactor = withoutFloatNoise(plan.traffic.peakQps / plan.traffic.averageQps);
  const rows: Array<[string, number, number | null, string, string]> = [
    ['traffic.peakQps', plan.traffic.peakQps, o?.peakQps ?? null, 'QPS', notes.peak],
    ['traffic.averageQps', plan.traffic.averageQps, o?.averageQps ?? null, 'QPS', notes.average],
    ['traffic.peakFactor', plannedFactor, o?.factor ?? null, '×', notes.factor],
  ];
  for (const [name, planned, observed, unit, note] of rows) {
    add({ name: `${name}${suffix}`, planned, observed, unit, verdict: verdict(planned, observed, t), tolerance: tolerance(t), note: o ? note : notes.missing });
  }
}

/**
 * The mean of a rate series over the range, each minute weighted by its request count (a minute without
 * requests weighs nothing); the plain mean of the minutes when no minute has a count. CloudFront publishes
 * no count of cacheable requests: weighting by all requests assumes their cacheable share is steady.
 */
export function requestWeightedMean(rates: MinuteSeries | undefined, requests: MinuteSeries | undefined): number | undefined {
  let weighted = 0;
  let weight = 0;
  let plain = 0;
  let n = 0;
  (rates ?? []).forEach((r, k) => {
    if (r === undefined) return;
    plain += r;
    n += 1;
    const w = requests?.[k];
    if (w !== undefined && w > 0) {
      weighted += r * w;
      weight += w;
    }
  });
  if (n === 0) return undefined;
  return weight > 0 ? weighted / weight : plain / n;
}

/** Compares the plan of `workload` with the observations (see the module comment). */
export function reviewPlan(workload: Workload, plan: CapacityPlan, obs: ReviewObservations): PlanReview {
  const rows: ReviewedAssumption[] = [];
  const regions = plan.topology.regions.length;
  // One ALB sees one region: in active-active each carries an even share of the global traffic.
  const scale = plan.topology.mode === 'active-active' ? regions : 1;
  const scaleNote = scale > 1 ? ` × ${regions} regions (active-active: an even split assumed)` : '';
  const add = (row: ReviewedAssumption) => rows.push(row);

  // Traffic: the ALB's (the origin's view, one region's share) and, with --distribution, the edge's (all of it).
  const origin = observedTraffic(obs.requests, obs.days, scale);
  const requestsMax = origin?.peakPerMinute;
  const hasRequests = origin !== undefined;
  const peakMinute = origin?.peakMinute ?? -1;
  const noAlb = obs.requests === undefined ? 'give --load-balancer' : 'the ALB published no RequestCount in the range';
  trafficRows(add, plan, origin, '', {
    peak: `busiest minute's RequestCount ÷ 60${scaleNote}`,
    average: `RequestCount over ${obs.days} d ÷ its seconds${scaleNote}`,
    factor: 'observed peak ÷ observed average',
    missing: noAlb,
  });
  const edgeGiven = obs.edgeRequests !== undefined || obs.edgeCacheHitRatePercent !== undefined;
  const plannedCdnHitRate = workload.traffic.cdnHitRate ?? 0;
  const edge = observedTraffic(obs.edgeRequests, obs.days, 1);
  const edgeHitRatePercent = requestWeightedMean(obs.edgeCacheHitRatePercent, obs.edgeRequests);
  const observedCdnHitRate = edgeHitRatePercent === undefined ? null : withoutFloatNoise(edgeHitRatePercent / 100);
  // The edge rows appear when the distribution is read, or when the plan counts on a CDN (they then say what to give).
  if (edgeGiven || plannedCdnHitRate > 0) {
    const noEdge = !edgeGiven ? 'give --distribution' : 'the distribution published no Requests in the range (read in us-east-1; check its id)';
    trafficRows(add, plan, edge, EDGE_SUFFIX, {
      peak: 'busiest minute\'s CloudFront Requests ÷ 60 (every viewer request, at the edge)',
      average: `CloudFront Requests over ${obs.days} d ÷ its seconds`,
      factor: 'observed peak ÷ observed average, at the edge',
      missing: noEdge,
    });
    const hp = REVIEW_TOLERANCES.cdnHitRatePoints;
    add({
      name: 'traffic.cdnHitRate', planned: plannedCdnHitRate, observed: observedCdnHitRate, unit: 'ratio',
      verdict: observedCdnHitRate === null ? 'no data'
        : observedCdnHitRate < withoutFloatNoise(plannedCdnHitRate - hp) ? 'under-provisioned'
          : observedCdnHitRate > withoutFloatNoise(plannedCdnHitRate + hp) ? 'over-provisioned' : 'ok',
      tolerance: `under-provisioned more than ${hp * 100} points below, over-provisioned more than ${hp * 100} points above`,
      note: !edgeGiven ? 'give --distribution'
        : observedCdnHitRate !== null
          ? 'CloudFront CacheHitRate (share of cacheable requests served from the edge caches), each minute weighted by its Requests; a lower rate sends more traffic to the origin'
          : edge === undefined ? noEdge
            : 'no CacheHitRate: turn on the distribution\'s additional metrics (Edge does unless additionalMetrics is false)',
    });
  }

  // Compute.
  const c = plan.compute;
  const inServiceAtPeak = peakMinute >= 0 ? at(obs.instancesInService, peakMinute) : undefined;
  const cpuAtPeak = peakMinute >= 0 ? at(obs.instanceCpuPercent, peakMinute) : undefined;
  let capacity: number | null = null;
  let capacityNote: string;
  if (!hasRequests) capacityNote = noAlb;
  else if (obs.instancesInService === undefined) capacityNote = 'give --auto-scaling-group';
  else if (!inServiceAtPeak) capacityNote = 'no GroupInServiceInstances at the busiest minute (enable the group\'s metrics collection)';
  else if (cpuAtPeak === undefined) capacityNote = 'no CPUUtilization at the busiest minute';
  else if (cpuAtPeak < REVIEW_ASSUMPTIONS.minCpuToExtrapolatePercent) capacityNote = `CPU at the busiest minute (${round3(cpuAtPeak)} %) is too low to extrapolate from`;
  else {
    capacity = withoutFloatNoise(requestsMax! / 60 / inServiceAtPeak / (cpuAtPeak / 100));
    capacityNote = `busiest minute: ${round3(requestsMax! / 60 / inServiceAtPeak)} QPS per instance at ${round3(cpuAtPeak)} % CPU, extrapolated to 100 % CPU (linear)`;
  }
  const rpi = REVIEW_TOLERANCES.requestsPerInstance;
  add({
    name: 'compute.requestsPerInstancePerSecond', planned: c.requestsPerInstancePerSecond, observed: capacity, unit: 'QPS',
    verdict: verdict(c.requestsPerInstancePerSecond, capacity, rpi, false), tolerance: tolerance(rpi, false), note: capacityNote,
  });
  const maxInService = max(obs.instancesInService);
  add({
    name: 'compute.maxInstances', planned: c.maxInstances, observed: maxInService ?? null, unit: 'instances',
    verdict: maxInService === undefined ? 'no data' : maxInService >= c.maxInstances ? 'under-provisioned' : 'ok',
    tolerance: 'under-provisioned when the group reached its maximum',
    note: obs.instancesInService === undefined ? 'give --auto-scaling-group' : maxInService === undefined ? 'no GroupInServiceInstances (enable the group\'s metrics collection)' : `most instances in service${inServiceAtPeak ? `; ${inServiceAtPeak} at the busiest minute` : ''}`,
  });
  const cpuMax = max(obs.instanceCpuPercent);
  const cpuT = REVIEW_TOLERANCES.cpu;
  add({
    name: 'compute.cpuTargetUtilizationPercent', planned: c.cpuTargetUtilizationPercent, observed: cpuMax ?? null, unit: '%',
    verdict: verdict(c.cpuTargetUtilizationPercent, cpuMax ?? null, cpuT), tolerance: tolerance(cpuT),
    note: obs.instanceCpuPercent === undefined ? 'give --auto-scaling-group' : cpuMax === undefined ? 'no CPUUtilization for the group' : 'highest 1-minute average CPU of the group',
  });

  // Database.
  const connMax = max(obs.databaseConnections);
  const connT = REVIEW_TOLERANCES.connections;
  const noDb = 'give --db-instance';
  add({
    name: 'database.connections', planned: plan.database.connections, observed: connMax ?? null, unit: 'connections',
    verdict: verdict(plan.database.connections, connMax ?? null, connT), tolerance: tolerance(connT),
    note: obs.databaseConnections === undefined ? noDb : connMax === undefined ? 'no DatabaseConnections' : 'highest DatabaseConnections, summed over the instances given',
  });
  const dbCpu = max(obs.databaseCpuPercent);
  add({
    name: 'database.cpuAtPeakPercent', planned: REVIEW_ASSUMPTIONS.databaseCpuTargetPercent, observed: dbCpu ?? null, unit: '%',
    verdict: verdict(REVIEW_ASSUMPTIONS.databaseCpuTargetPercent, dbCpu ?? null, cpuT), tolerance: tolerance(cpuT),
    note: obs.databaseCpuPercent === undefined ? noDb : dbCpu === undefined ? 'no CPUUtilization' : `highest 1-minute CPU of the instances given, against a ${REVIEW_ASSUMPTIONS.databaseCpuTargetPercent} % target (the review's assumption)`,
  });
  const lag = max(obs.replicaLagSeconds);
  add({
    name: 'database.replicaLagSeconds', planned: REVIEW_ASSUMPTIONS.maxReplicaLagSeconds, observed: lag ?? null, unit: 's',
    verdict: lag === undefined ? 'no data' : lag > REVIEW_ASSUMPTIONS.maxReplicaLagSeconds ? 'under-provisioned' : 'ok',
    tolerance: `under-provisioned above ${REVIEW_ASSUMPTIONS.maxReplicaLagSeconds} s`,
    note: obs.replicaLagSeconds === undefined ? noDb : lag === undefined ? 'no ReplicaLag (give the read replicas\' ids too)' : `highest ReplicaLag of the instances given, against the staleness budget reads on replicas accept (${REPLICA_STALENESS_BUDGET_SECONDS} s, as the saturation alarm)`,
  });

  // Cache.
  const k = plan.cache;
  const lookups = (obs.cacheHits ?? 0) + (obs.cacheMisses ?? 0);
  const hitRate = obs.cacheHits !== undefined && lookups > 0 ? withoutFloatNoise(obs.cacheHits / lookups) : null;
  const noCache = obs.cacheNodes === undefined ? 'give --cache-replication-group' : obs.cacheNodes === 0 ? 'the replication group published no metrics (check its id and --region)' : 'no lookups in the range';
  const hp = REVIEW_TOLERANCES.hitRatePoints;
  add({
    name: 'cache.hitRate', planned: k.enabled ? k.hitRate : null, observed: hitRate, unit: 'ratio',
    verdict: !k.enabled || hitRate === null ? 'no data' : hitRate < k.hitRate - hp ? 'under-provisioned' : hitRate > k.hitRate + hp ? 'over-provisioned' : 'ok',
    tolerance: `under-provisioned more than ${hp * 100} points below, over-provisioned more than ${hp * 100} points above`,
    note: !k.enabled ? 'the plan has no cache tier' : hitRate === null ? noCache : `CacheHits ÷ (CacheHits + CacheMisses) over ${obs.cacheNodes} node(s); fewer hits send more reads to the database`,
  });
  const mem = obs.cacheMemoryBytes ?? null;
  const memT = REVIEW_TOLERANCES.cacheMemory;
  add({
    name: 'cache.memoryBytes', planned: k.enabled ? k.memoryBytes : null, observed: mem, unit: 'bytes',
    verdict: k.enabled ? verdict(k.memoryBytes, mem, memT) : 'no data', tolerance: tolerance(memT),
    note: !k.enabled ? 'the plan has no cache tier' : mem === null ? noCache : 'sum over shards of the highest BytesUsedForCache of a node of the shard',
  });

  // The edge sees every request users send: its traffic re-states the workload when it was read.
  const load = edge ?? origin;
  const { workload: suggestedWorkload, changes } = suggestWorkload(workload, plan, {
    averageQps: load?.averageQps ?? null,
    peakFactor: load?.factor ?? null,
    trafficSource: edge ? 'at the edge' : null,
    cdnHitRate: observedCdnHitRate,
    requestsPerInstance: capacity,
    hitRate: k.enabled ? hitRate : null,
    connectionsPerInstance: connMax !== undefined && maxInService ? Math.ceil(connMax / maxInService) : null,
  });
  return { assumptions: rows, suggestedWorkload, changes };
}

/** The exit code of a review: 10 when any assumption is under-provisioned, 4 when nothing had data, else 0. */
export function reviewExitCode(assumptions: readonly ReviewedAssumption[]): number {
  if (assumptions.some((a) => a.verdict === 'under-provisioned')) return 10;
  if (assumptions.every((a) => a.observed === null)) return 4;
  return 0;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** 3 significant digits: observed values are estimates, not exact plan inputs. */
function round3(x: number): number {
  return Number(x.toPrecision(3));
}

/**
 * The workload re-stated with observed values, keeping its load form where it can express them: the
 * per-user (or per-month) rate is scaled so the average is the observed one, and `peakFactor` is the observed
 * one. The peak forms (concurrent users, peak QPS) cannot carry a peak factor: they become the average form,
 * with the stage pinned so the plan keeps its architecture.
 */
function suggestWorkload(
  workload: Workload,
  plan: CapacityPlan,
  o: {
    averageQps: number | null;
    peakFactor: number | null;
    /** Where the traffic was observed, for the change lines (null: the ALB). */
    trafficSource: string | null;
    cdnHitRate: number | null;
    requestsPerInstance: number | null;
    hitRate: number | null;
    connectionsPerInstance: number | null;
  },
): { workload: Workload; changes: string[] } {
  const changes: string[] = [];
  const w: any = JSON.parse(JSON.stringify(workload));
  if (o.averageQps !== null && o.averageQps > 0 && o.peakFactor !== null) {
    const avg = round3(o.averageQps);
    const factor = round3(clamp(o.peakFactor, 1, 100));
    const where = o.trafficSource ? ` ${o.trafficSource}` : '';
    const t = w.traffic;
    const form = loadFormOf(t);
    switch (form) {
      case 'dailyActiveUsers':
        t.requestsPerUserPerDay = round3((avg * SECONDS_PER_DAY) / t.dailyActiveUsers);
        changes.push(`traffic.requestsPerUserPerDay → ${t.requestsPerUserPerDay} (observed average ${avg} QPS${where})`);
        break;
      case 'users':
        t.requestsPerUserPerDay = round3((avg * SECONDS_PER_DAY) / (t.users * t.dailyActiveFraction));
        changes.push(`traffic.requestsPerUserPerDay → ${t.requestsPerUserPerDay} (observed average ${avg} QPS${where})`);
        break;
      case 'requestsPerMonth':
        t.requestsPerMonth = round3(avg * 30 * SECONDS_PER_DAY);
        changes.push(`traffic.requestsPerMonth → ${t.requestsPerMonth} (observed average ${avg} QPS${where})`);
        break;
      case 'averageQps':
        t.averageQps = avg;
        changes.push(`traffic.averageQps → ${avg}${where ? ` (observed${where})` : ''}`);
        break;
      default: {
        // A peak form cannot state a peak factor: re-state as the average form, keeping what the form implied.
        if (form === 'peakConcurrentUsers' && t.peakConcurrentConnections === undefined) t.peakConcurrentConnections = t.peakConcurrentUsers;
        for (const key of ['peakConcurrentUsers', 'requestsPerUserPerMinute', 'peakQps']) delete t[key];
        t.averageQps = avg;
        w.stage ??= plan.stage;
        changes.push(`traffic: the "${form}" form becomes averageQps ${avg} with peakFactor (a peak form cannot state one); stage pinned to ${w.stage}`);
      }
    }
    t.peakFactor = factor;
    changes.push(`traffic.peakFactor → ${factor}${where ? ` (observed${where})` : ''}`);
  }
  if (o.cdnHitRate !== null) {
    // The workload's field is a fraction in [0, 1).
    w.traffic.cdnHitRate = Number(clamp(o.cdnHitRate, 0, 0.99).toFixed(4));
    changes.push(`traffic.cdnHitRate → ${w.traffic.cdnHitRate} (CloudFront's observed hit rate)`);
  }
  if (o.requestsPerInstance !== null) {
    w.compute ??= {};
    w.compute.requestsPerInstancePerSecond = round3(clamp(o.requestsPerInstance, 1, 1e6));
    changes.push(`compute.requestsPerInstancePerSecond → ${w.compute.requestsPerInstancePerSecond}`);
  }
  if (o.hitRate !== null) {
    w.cache ??= {};
    w.cache.hitRate = Number(clamp(o.hitRate, 0.01, 0.99).toFixed(4));
    changes.push(`cache.hitRate → ${w.cache.hitRate}`);
  }
  if (o.connectionsPerInstance !== null && o.connectionsPerInstance >= 1) {
    w.database ??= {};
    w.database.connectionsPerInstance = clamp(o.connectionsPerInstance, 1, 10_000);
    changes.push(`database.connectionsPerInstance → ${w.database.connectionsPerInstance} (highest connections ÷ most instances in service)`);
  }
  return { workload: parseWorkload(w), changes };
}
