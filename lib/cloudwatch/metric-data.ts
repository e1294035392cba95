/**
 * Reads metric statistics with GetMetricData onto a time grid: batched (≤ 500 queries and ≤ 100,800 data
 * points per call), paginated (NextToken), with the period checked against CloudWatch's retention rules, and
 * counting calls and data points so reports can say what a read cost and how complete it was.
 */
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { metricStatKey, type MetricStatKey, type Series } from '../slo/metric-math';
import { GET_METRIC_DATA_LIMITS, periodProblem } from './retention';

/** A range read at one period: [startMs, endMs), both multiples of the period. */
export interface GridRange {
  readonly startMs: number;
  readonly endMs: number;
  readonly periodSeconds: number;
}

/** What reading cost, accumulated over calls. */
export interface ReadStats {
  /** GetMetricData calls made (pages included). */
  getMetricDataCalls: number;
  /** Data points CloudWatch returned. */
  datapoints: number;
  /** Other CloudWatch calls (DescribeAlarms, ListMetrics). */
  otherCalls: number;
}

/** A fresh {@link ReadStats}. */
export function newReadStats(): ReadStats {
  return { getMetricDataCalls: 0, datapoints: 0, otherCalls: 0 };
}

/** The series of each metric statistic on the grid of a range, and how complete the answer was. */
export interface GridData {
  readonly range: GridRange;
  /** Slots of the grid. */
  readonly length: number;
  /** Series by {@link metricStatKey}. */
  readonly series: ReadonlyMap<string, Series>;
  /** Data points returned per metric statistic. */
  readonly returned: ReadonlyMap<string, number>;
  /** Slots × metric statistics: the most data points the range can hold. */
  readonly expectedDatapoints: number;
  /** Data points returned in all. */
  readonly returnedDatapoints: number;
  /** False when CloudWatch reported a result as PartialData, Forbidden or InternalError. */
  readonly complete: boolean;
  /** What CloudWatch said about incomplete results, one line each. */
  readonly messages: readonly string[];
}

/** Options of {@link readGrid}. */
export interface ReadGridOptions {
  /** The time the read is for (to check the retention rules). */
  readonly nowMs: number;
  /** Accumulates calls and data points. */
  readonly stats: ReadStats;
  /** @default 500 (CloudWatch's limit) */
  readonly maxQueriesPerCall?: number;
  /** @default 100,800 (CloudWatch's limit) */
  readonly maxDatapointsPerCall?: number;
}

/** Upper bound on pages for one batch: a server that never stops paginating is an error, not a hang. */
const MAX_PAGES = 10_000;

/** Reads `metrics` over `range` (see the module comment). */
export async function readGrid(client: CloudWatchClient, metrics: readonly MetricStatKey[], range: GridRange, options: ReadGridOptions): Promise<GridData> {
  const periodMs = range.periodSeconds * 1000;
  if (range.startMs % periodMs !== 0 || range.endMs % periodMs !== 0 || range.endMs <= range.startMs) {
    throw new Error(`readGrid: range [${range.startMs}, ${range.endMs}) is not aligned to its period of ${range.periodSeconds} s`);
  }
  const problem = periodProblem(range.startMs, options.nowMs, range.periodSeconds);
  if (problem) throw new Error(`readGrid: ${problem}`);
  const length = (range.endMs - range.startMs) / periodMs;
  const unique = [...new Map(metrics.map((m) => [metricStatKey(m), m])).values()];
  const maxQueries = Math.min(options.maxQueriesPerCall ?? GET_METRIC_DATA_LIMITS.maxQueriesPerCall, GET_METRIC_DATA_LIMITS.maxQueriesPerCall);
  const maxDatapoints = Math.min(options.maxDatapointsPerCall ?? GET_METRIC_DATA_LIMITS.maxDatapointsPerCall, GET_METRIC_DATA_LIMITS.maxDatapointsPerCall);
  // As many queries per call as fit the data point limit, so a read normally needs no second page.
  const perCall = Math.max(1, Math.min(maxQueries, Math.floor(maxDatapoints / length)));

  const slots = new Map<string, Array<number | undefined>>();
  const returned = new Map<string, number>();
  const messages: string[] = [];
  let complete = true;
  for (let b = 0; b < unique.length; b += perCall) {
    const batch = unique.slice(b, b + perCall);
    const keyOfId = new Map(batch.map((m, i) => [`m${i}`, metricStatKey(m)]));
    const queries: MetricDataQuery[] = batch.map((m, i) => ({
      Id: `m${i}`,
      MetricStat: {
        Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions.map((d) => ({ Name: d.name, Value: d.value })) },
        Period: range.periodSeconds,
        Stat: m.stat,
      },
      ReturnData: true,
    }));
    const status = new Map<string, string>();
    let nextToken: string | undefined;
    let pages = 0;
    do {
      if (++pages > MAX_PAGES) throw new Error(`GetMetricData returned more than ${MAX_PAGES} pages for one batch`);
      const out = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(range.startMs),
          EndTime: new Date(range.endMs),
          ScanBy: 'TimestampAscending',
          MaxDatapoints: maxDatapoints,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      options.stats.getMetricDataCalls++;
      for (const r of out.MetricDataResults ?? []) {
        const key = r.Id === undefined ? undefined : keyOfId.get(r.Id);
        if (!key) continue;
        const series = slots.get(key) ?? Array.from({ length }, () => undefined);
        slots.set(key, series);
        const timestamps = r.Timestamps ?? [];
        const values = r.Values ?? [];
        timestamps.forEach((t, k) => {
          const slot = Math.floor((t.getTime() - range.startMs) / periodMs);
          if (slot >= 0 && slot < length && Number.isFinite(values[k])) {
            if (series[slot] === undefined) returned.set(key, (returned.get(key) ?? 0) + 1);
            series[slot] = values[k];
          }
        });
        options.stats.datapoints += Math.min(timestamps.length, values.length);
        if (r.StatusCode) status.set(key, r.StatusCode);
        for (const m of r.Messages ?? []) messages.push(`${describe(batch[Number(r.Id!.slice(1))])}: ${m.Code ?? ''} ${m.Value ?? ''}`.trim());
      }
      for (const m of out.Messages ?? []) messages.push(`${m.Code ?? ''} ${m.Value ?? ''}`.trim());
      nextToken = out.NextToken || undefined;
    } while (nextToken);
    for (const [key, s] of status) {
      if (s !== 'Complete') {
        complete = false;
        const m = unique.find((x) => metricStatKey(x) === key)!;
        messages.push(`${describe(m)}: CloudWatch reported ${s}`);
      }
    }
  }
  const returnedDatapoints = [...returned.values()].reduce((a, b) => a + b, 0);
  return {
    range,
    length,
    series: slots,
    returned,
    expectedDatapoints: length * unique.length,
    returnedDatapoints,
    complete,
    messages,
  };
}

function describe(m: MetricStatKey): string {
  return `${m.namespace} ${m.metricName} ${m.stat} (${m.dimensions.map((d) => `${d.name}=${d.value}`).join(', ')})`;
}
