/**
 * Reads the error budget of SLOs from CloudWatch: the raw metric statistics of each SLI at 1 hour over the
 * SLO period and at 1 minute over the tiers' recent windows, every SLO's metrics batched into the same
 * calls; the SLI's expressions evaluated client-side (lib/slo/metric-math), the budget computed by
 * lib/slo/budget.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { BudgetReadPlan, budgetReadPlan, BudgetSeries, computeSloBudget, EventSeries, SloBudgetReport, SloReadSpec } from '../slo/budget';
import { evaluateQueryTree, metricStatKey, queryTreeLeaves, type MetricStatKey } from '../slo/metric-math';
import { GridData, GridRange, readGrid, ReadStats } from './metric-data';

/** Options of {@link readBudgets}. */
export interface ReadBudgetsOptions {
  readonly nowMs: number;
  readonly stats: ReadStats;
  /** Test hooks: smaller limits force batching and pagination. */
  readonly maxQueriesPerCall?: number;
  readonly maxDatapointsPerCall?: number;
}

/** Reads the budget of every SLO (see the module comment). */
export async function readBudgets(client: CloudWatchClient, specs: readonly SloReadSpec[], options: ReadBudgetsOptions): Promise<SloBudgetReport[]> {
  const plans = specs.map((s) => budgetReadPlan(s.periodDays, s.tiers, options.nowMs));
  const leaves = specs.map((s) => uniqueLeaves([...queryTreeLeaves(s.badId, s.nodes), ...queryTreeLeaves(s.totalId, s.nodes)]));
  // One minute-resolution range for all SLOs (the longest), one hourly range per distinct SLO period.
  const minuteRange: GridRange = {
    startMs: Math.min(...plans.map((p) => p.minute.startMs)),
    endMs: plans[0].minute.endMs,
    periodSeconds: 60,
  };
  const limits = { nowMs: options.nowMs, stats: options.stats, maxQueriesPerCall: options.maxQueriesPerCall, maxDatapointsPerCall: options.maxDatapointsPerCall };
  const minute = await readGrid(client, uniqueLeaves(leaves.flat()), minuteRange, limits);
  const hourlyByStart = new Map<number, GridData>();
  for (const start of [...new Set(plans.map((p) => p.hourly.startMs))]) {
    const needed = uniqueLeaves(leaves.filter((_, i) => plans[i].hourly.startMs === start).flat());
    hourlyByStart.set(start, await readGrid(client, needed, plans.find((p) => p.hourly.startMs === start)!.hourly, limits));
  }

  return specs.map((spec, i) => {
    const own = plans[i];
    const hourly = hourlyByStart.get(own.hourly.startMs)!;
    const plan: BudgetReadPlan = { ...own, minute: minuteRange };
    const series: BudgetSeries = { plan, hourly: eventSeries(spec, hourly, leaves[i]), minute: eventSeries(spec, minute, leaves[i]) };
    const { coverage, ...budget } = computeSloBudget(spec, series);
    const keys = leaves[i].map(metricStatKey);
    const count = (g: GridData) => keys.reduce((n, k) => n + (g.returned.get(k) ?? 0), 0);
    const mine = (g: GridData) => g.messages.filter((m) => leaves[i].some((l) => m.startsWith(`${l.namespace} ${l.metricName} ${l.stat} `)));
    return {
      ...budget,
      source: spec.source,
      completeness: {
        complete: hourly.complete && minute.complete,
        ...coverage,
        datapointsExpected: keys.length * (hourly.length + minute.length),
        datapointsReturned: count(hourly) + count(minute),
        messages: [...mine(hourly), ...mine(minute)],
      },
    };
  });
}

function eventSeries(spec: SloReadSpec, grid: GridData, leaves: readonly MetricStatKey[]): EventSeries {
  const lookup = (key: string) => grid.series.get(key);
  const raw = leaves.map((l) => grid.series.get(metricStatKey(l))).filter((x) => x !== undefined);
  return {
    present: Array.from({ length: grid.length }, (_, k) => raw.some((r) => r![k] !== undefined)),
    startMs: grid.range.startMs,
    periodMs: grid.range.periodSeconds * 1000,
    bad: evaluateQueryTree(spec.badId, spec.nodes, lookup, grid.length),
    total: evaluateQueryTree(spec.totalId, spec.nodes, lookup, grid.length),
  };
}

function uniqueLeaves(leaves: readonly MetricStatKey[]): MetricStatKey[] {
  return [...new Map(leaves.map((m) => [metricStatKey(m), m])).values()];
}
