/**
 * The error budget of an SLO from its SLI's event counts: what `cdk-scale budget` prints. Pure: the reader
 * (lib/cloudwatch) fetches raw counts, this module sums them over the SLO period and the tiers' windows.
 *
 * How counts are aggregated (docs/budget-and-review.md):
 * - The SLI's `bad` and `total` expressions are evaluated per period (1 hour over the SLO period, 1 minute
 *   over the tiers' recent windows) on the raw metric statistics, then summed. Sums of counts are exact at
 *   any period.
 * - A latency SLI's bad events are `SampleCount × (100 − PR(:threshold)) ÷ 100` per period: the count of
 *   slow responses in that period. A percentile rank is not additive, a count is, so the per-period counts
 *   are summed (never the ranks averaged): the sum is the number of slow responses in the whole range, as
 *   exact as CloudWatch's PR statistic for each period.
 * - CloudFront availability multiplies each period's Requests by the AVERAGE of 5xxErrorRate in that period:
 *   exact when traffic is steady within the period (1 minute for the windows, 1 hour for the SLO period).
 * - The SLO period ends now (to the minute) and starts at the hour boundary `periodDays` before the current
 *   hour. A window of W minutes ends now: windows of at most a day are summed from 1-minute data; longer ones
 *   from the hourly sums, the hour at the start of the window pro-rated, plus the minutes of the current hour.
 */
import { MINUTES_PER_DAY } from '../format/durations';
import { withoutFloatNoise } from '../format/numbers';
import { burnRate, burnRateOfThreshold, DeployPolicy, deployPolicy, errorBudgetRatio, Severity } from './burn-rate';
import type { SloAlarmDefinitions } from './definitions';
import type { QueryTreeNode, Series } from './metric-math';

/** A tier as the budget evaluates it: the two windows its alarms watch and the threshold they share. */
export interface BudgetTier {
  readonly name: string;
  readonly severity: Severity;
  readonly longWindowMinutes: number;
  readonly shortWindowMinutes: number;
  /** The error ratio both windows must exceed. */
  readonly errorRatioThreshold: number;
  /** Burn rate the threshold stands for: threshold ÷ (1 − SLO). */
  readonly burnRateThreshold: number;
  /** Low-traffic gate of the long window's alarm: its ratio counts only above this many events (`IF(total > N, …)`). */
  readonly longWindowMinimumEvents: number;
  /** Low-traffic gate of the short window's alarm. */
  readonly shortWindowMinimumEvents: number;
}

/** An SLO to read: its target and the query tree of its SLI (a metric-math `bad` and `total` over metric statistics). */
export interface SloReadSpec {
  /** How reports name it: the `SloAlarms` construct path, or the SLI and resource given on the command line. */
  readonly name: string;
  /** `alb-availability`, `alb-latency`, `cloudfront-availability`, `cloudfront-latency` or `custom`. */
  readonly kind: string;
  readonly availability: number;
  readonly periodDays: number;
  /** Every query of the SLI by id: expressions and metric statistics. */
  readonly nodes: ReadonlyMap<string, QueryTreeNode>;
  /** Id of the bad-events query in `nodes`. */
  readonly badId: string;
  /** Id of the total-events query in `nodes`. */
  readonly totalId: string;
  readonly tiers: readonly BudgetTier[];
  /** Where it was found, for the report (e.g. the alarm names). */
  readonly source: string;
}

/** Events per period on a time grid: slot k covers [startMs + k × periodMs, startMs + (k + 1) × periodMs). */
export interface EventSeries {
  readonly startMs: number;
  readonly periodMs: number;
  readonly bad: Series;
  readonly total: Series;
  /**
   * Slots where any of the SLI's raw metrics had a data point (a FILLed total is defined everywhere).
   * @default the slots where `total` is defined
   */
  readonly present?: readonly boolean[];
}

/** A time range and the period to read it at. */
export interface ReadRange {
  readonly startMs: number;
  readonly endMs: number;
  readonly periodSeconds: number;
}

/** What to fetch for one SLO period and set of tiers: hourly over the period, 1-minute over the short windows. */
export interface BudgetReadPlan {
  readonly nowMs: number;
  /** [start of the hour `periodDays` before the current hour, start of the current hour), 1 hour. */
  readonly hourly: ReadRange;
  /** [now − the longest window of at most a day (at least 1 hour), now), 1 minute. */
  readonly minute: ReadRange;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Windows up to this long are summed from 1-minute data; longer ones from hourly data. */
export const MAX_MINUTE_RESOLUTION_WINDOW_MINUTES = MINUTES_PER_DAY;

/** The ranges and periods to read for an SLO period and tiers, ending at `nowMs` (floored to the minute). */
export function budgetReadPlan(periodDays: number, tiers: readonly BudgetTier[], nowMs: number): BudgetReadPlan {
  const now = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const hourEnd = Math.floor(now / HOUR_MS) * HOUR_MS;
  const windows = tiers.flatMap((t) => [t.longWindowMinutes, t.shortWindowMinutes]).filter((w) => w <= MAX_MINUTE_RESOLUTION_WINDOW_MINUTES);
  const minuteSpan = Math.max(60, ...windows);
  return {
    nowMs: now,
    hourly: { startMs: hourEnd - periodDays * MINUTES_PER_DAY * MINUTE_MS, endMs: hourEnd, periodSeconds: 3600 },
    minute: { startMs: now - minuteSpan * MINUTE_MS, endMs: now, periodSeconds: 60 },
  };
}

/** Bad and total events in [fromMs, toMs); a slot partly inside counts pro rata. */
export function sumEvents(series: EventSeries, fromMs: number, toMs: number): { bad: number; total: number } {
  let bad = 0;
  let total = 0;
  series.total.forEach((t, k) => {
    const start = series.startMs + k * series.periodMs;
    const overlap = Math.min(toMs, start + series.periodMs) - Math.max(fromMs, start);
    if (overlap <= 0) return;
    const share = overlap / series.periodMs;
    total += (t ?? 0) * share;
    bad += (series.bad[k] ?? 0) * share;
  });
  return { bad, total };
}

/** The series to compute a budget from, as fetched for a {@link BudgetReadPlan}. */
export interface BudgetSeries {
  readonly plan: BudgetReadPlan;
  readonly hourly: EventSeries;
  readonly minute: EventSeries;
}

/** Events over the last `windowMinutes` before `plan.nowMs` (see the module comment for the resolution). */
export function windowEvents(s: BudgetSeries, windowMinutes: number): { bad: number; total: number } {
  const now = s.plan.nowMs;
  const from = now - windowMinutes * MINUTE_MS;
  if (from >= s.minute.startMs) return sumEvents(s.minute, from, now);
  const hourEnd = s.plan.hourly.endMs;
  const head = sumEvents(s.hourly, from, hourEnd);
  const tail = sumEvents(s.minute, hourEnd, now);
  return { bad: head.bad + tail.bad, total: head.total + tail.total };
}

/** One tier's burn rates now and whether its alarms would fire. */
export interface TierBudget {
  readonly name: string;
  readonly severity: Severity;
  readonly burnRateThreshold: number;
  readonly errorRatioThreshold: number;
  readonly longWindowMinutes: number;
  readonly shortWindowMinutes: number;
  /** Error ratio over the long window ÷ (1 − SLO); null when the window saw no events. */
  readonly longWindowBurnRate: number | null;
  /** Error ratio over the short window ÷ (1 − SLO); null when the window saw no events. */
  readonly shortWindowBurnRate: number | null;
  readonly longWindowEvents: number;
  readonly shortWindowEvents: number;
  /**
   * Both windows' gated ratios (`IF(total > N, bad / total, 0)`, as the alarms compute them) are above the
   * threshold: the tier's composite alarm would be in ALARM.
   */
  readonly firing: boolean;
}

/** The deploy policy, or `no-data` when the SLI saw no events in the whole period (a new service is not healthy). */
export type BudgetPolicy = DeployPolicy | 'no-data';

/** How much of the period the data covers. */
export interface BudgetCoverage {
  /** Hours in the SLO period (the hourly grid). */
  readonly hoursInPeriod: number;
  /** Hours in which any of the SLI's metrics had a data point. */
  readonly hoursWithData: number;
  /** Start of the first hour with data (ISO 8601), or null. */
  readonly firstDataAt: string | null;
}

/** The budget of one SLO. */
export interface SloBudget {
  readonly name: string;
  readonly kind: string;
  readonly availability: number;
  readonly periodDays: number;
  readonly totalEvents: number;
  readonly badEvents: number;
  /** 1 − bad ÷ total; null without events. */
  readonly sli: number | null;
  /** 1 − (bad ÷ total) ÷ (1 − SLO): below 0 when the budget is overspent; null without events. */
  readonly errorBudgetRemaining: number | null;
  readonly policy: BudgetPolicy;
  readonly tiers: readonly TierBudget[];
  readonly coverage: BudgetCoverage;
  /** Start and end of the SLO period read (ISO 8601). */
  readonly from: string;
  readonly to: string;
}

/** Computes the budget of `spec` from its evaluated `bad`/`total` series. */
export function computeSloBudget(spec: Pick<SloReadSpec, 'name' | 'kind' | 'availability' | 'periodDays' | 'tiers'>, s: BudgetSeries): SloBudget {
  const head = sumEvents(s.hourly, s.plan.hourly.startMs, s.plan.hourly.endMs);
  const tail = sumEvents(s.minute, s.plan.hourly.endMs, s.plan.nowMs);
  const totalEvents = clean(head.total + tail.total);
  const badEvents = clean(head.bad + tail.bad);
  const hasData = totalEvents > 0;
  const ratio = hasData ? badEvents / totalEvents : null;
  const remaining = ratio === null ? null : clean(1 - ratio / errorBudgetRatio(spec.availability));
  const burn = (w: { bad: number; total: number }) => (w.total > 0 ? clean(burnRate(w.bad / w.total, spec.availability)) : null);
  const gated = (w: { bad: number; total: number }, minimum: number) => (w.total > minimum ? w.bad / w.total : 0);
  const tiers = spec.tiers.map((t): TierBudget => {
    const long = windowEvents(s, t.longWindowMinutes);
    const short = windowEvents(s, t.shortWindowMinutes);
    return {
      name: t.name,
      severity: t.severity,
      burnRateThreshold: t.burnRateThreshold,
      errorRatioThreshold: t.errorRatioThreshold,
      longWindowMinutes: t.longWindowMinutes,
      shortWindowMinutes: t.shortWindowMinutes,
      longWindowBurnRate: burn(long),
      shortWindowBurnRate: burn(short),
      longWindowEvents: clean(long.total),
      shortWindowEvents: clean(short.total),
      firing: gated(long, t.longWindowMinimumEvents) > t.errorRatioThreshold && gated(short, t.shortWindowMinimumEvents) > t.errorRatioThreshold,
    };
  });
  const present = (e: EventSeries) => e.present ?? e.total.map((v) => v !== undefined);
  const firstHour = present(s.hourly).indexOf(true);
  const firstMinute = present(s.minute).indexOf(true);
  const firstDataMs = firstHour >= 0 ? s.hourly.startMs + firstHour * s.hourly.periodMs : firstMinute >= 0 ? s.minute.startMs + firstMinute * s.minute.periodMs : undefined;
  return {
    name: spec.name,
    kind: spec.kind,
    availability: spec.availability,
    periodDays: spec.periodDays,
    totalEvents,
    badEvents,
    sli: ratio === null ? null : clean(1 - ratio),
    errorBudgetRemaining: remaining,
    policy: remaining === null ? 'no-data' : deployPolicy(remaining),
    tiers,
    coverage: {
      hoursInPeriod: s.hourly.total.length,
      hoursWithData: present(s.hourly).filter((p) => p).length,
      firstDataAt: firstDataMs === undefined ? null : new Date(firstDataMs).toISOString(),
    },
    from: new Date(s.plan.hourly.startMs).toISOString(),
    to: new Date(s.plan.nowMs).toISOString(),
  };
}

/** How complete the data behind one SLO's budget was. */
export interface BudgetCompleteness extends BudgetCoverage {
  /** Every result CloudWatch returned was Complete (no PartialData, Forbidden or InternalError). */
  readonly complete: boolean;
  /** Data points the SLI's metric statistics could hold over both ranges (slots × statistics). */
  readonly datapointsExpected: number;
  /**
   * Data points CloudWatch returned for them. AWS publishes no data point for a minute without errors, so
   * a low number is normal for error counts: `hoursWithData` is the coverage to look at.
   */
  readonly datapointsReturned: number;
  /** What CloudWatch said about incomplete results, one line each. */
  readonly messages: readonly string[];
}

/** One SLO's budget as read from CloudWatch: the JSON of `cdk-scale budget` has one per SLO. */
export type SloBudgetReport = Omit<SloBudget, 'coverage'> & {
  readonly completeness: BudgetCompleteness;
  /** Where the SLO was found. */
  readonly source: string;
};

const POLICY_ORDER: readonly BudgetPolicy[] = ['normal', 'conservative', 'freeze'];

/** The strictest policy among the SLOs that have data; `no-data` when none has. */
export function overallPolicy(budgets: readonly Pick<SloBudget, 'policy'>[]): BudgetPolicy {
  const withData = budgets.map((b) => b.policy).filter((p) => p !== 'no-data');
  if (withData.length === 0) return 'no-data';
  return withData.reduce((worst, p) => (POLICY_ORDER.indexOf(p) > POLICY_ORDER.indexOf(worst) ? p : worst), 'normal');
}

/**
 * The tiers of alarm definitions (`buildAlarmDefinitions`, as `SloAlarms` builds them): each tier's long and
 * short window alarms with their threshold and low-traffic gate.
 */
export function budgetTiersFromDefinitions(defs: Pick<SloAlarmDefinitions, 'availability' | 'tiers' | 'windowAlarms'>): BudgetTier[] {
  return defs.tiers.map((t) => {
    const long = defs.windowAlarms.find((w) => w.id === t.longWindowAlarm)!;
    const short = defs.windowAlarms.find((w) => w.id === t.shortWindowAlarm)!;
    return {
      name: t.name,
      severity: t.severity,
      longWindowMinutes: long.windowMinutes,
      shortWindowMinutes: short.windowMinutes,
      errorRatioThreshold: long.errorRatioThreshold,
      burnRateThreshold: burnRateOfThreshold(long.errorRatioThreshold, defs.availability),
      longWindowMinimumEvents: long.minimumRequests,
      shortWindowMinimumEvents: short.minimumRequests,
    };
  });
}

/** Rounds away float noise, so 0.1 + 0.2 events print as 0.3. */
function clean(x: number): number {
  return withoutFloatNoise(x);
}
