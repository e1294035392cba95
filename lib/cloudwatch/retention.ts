/**
 * CloudWatch's retention rules for GetMetricData periods (API reference, GetMetricData `Period` and
 * `StartTime`): data points of 1 minute are kept 15 days, of 5 minutes 63 days, of 1 hour 455 days. A query
 * whose StartTime is more than 15 days ago must use a period that is a multiple of 300 s, more than 63 days
 * ago a multiple of 3,600 s, or CloudWatch returns no data points for it (not an error). Pure.
 */

const DAY_MS = 86_400_000;

/** Limits of one GetMetricData call (API reference). */
export const GET_METRIC_DATA_LIMITS = {
  /** "A single GetMetricData call can include as many as 500 MetricDataQuery structures." */
  maxQueriesPerCall: 500,
  /** MaxDatapoints default and maximum per call (a larger answer is paginated with NextToken). */
  maxDatapointsPerCall: 100_800,
} as const;

/** The smallest period (seconds, as a multiple of it) CloudWatch serves for a query starting at `startMs`. */
export function minimumPeriodMultiple(startMs: number, nowMs: number): number {
  const age = nowMs - startMs;
  if (age > 63 * DAY_MS) return 3600;
  if (age > 15 * DAY_MS) return 300;
  return 60;
}

/** Why `periodSeconds` returns nothing for a query starting at `startMs`, or undefined when it is allowed. */
export function periodProblem(startMs: number, nowMs: number, periodSeconds: number): string | undefined {
  const multiple = minimumPeriodMultiple(startMs, nowMs);
  if (periodSeconds % multiple === 0 && periodSeconds >= 60) return undefined;
  const days = Math.floor((nowMs - startMs) / DAY_MS);
  return `a period of ${periodSeconds} s from ${days} days ago returns no data: CloudWatch keeps ${multiple === 3600 ? '1-hour' : multiple === 300 ? '5-minute' : '1-minute'} data points that far back, use a multiple of ${multiple} s`;
}
