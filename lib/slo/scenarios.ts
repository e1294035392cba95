/**
 * The canonical scenarios (docs/slo-alerting.md, "The simulator"), run through the simulator and printed as a table
 * (`cdk-scale simulate`). Pure: no aws-cdk-lib import.
 */
import { formatMinutes } from '../format/durations';
import { formatPercent } from '../format/numbers';
import { computeTiers, Severity } from './burn-rate';
import { buildAlarmDefinitions, SloAlarmDefinitions } from './definitions';
import {
  AlertOutcome,
  MinuteCounts,
  minimumNoTrafficDetectionMinutes,
  minimumTierDetectionMinutes,
  simulateAlarms,
  SimulationResult,
} from './simulator';

/** One canonical scenario: a traffic series and what it should prove. */
export interface Scenario {
  /** Stable id, e.g. `full-outage`. */
  readonly id: string;
  /** One-line title for the table. */
  readonly title: string;
  /** What the alarms must do (the spec's claim). */
  readonly expectation: string;
  readonly series: readonly MinuteCounts[];
  readonly baseline: MinuteCounts;
  /** Error ratio of the incident at constant traffic, for the theoretical minimum time to detect. */
  readonly incidentErrorRatio: number;
  /** How long the incident lasts, minutes (the theoretical minimum is "never" past it). */
  readonly incidentMinutes: number;
  /** True when the incident is traffic dropping to zero (theoretical minimum for the no-traffic alarm). */
  readonly trafficStops: boolean;
}

/** One row of the table: an alert in a scenario. */
export interface ScenarioRow {
  readonly alert: string;
  readonly kind: AlertOutcome['kind'];
  readonly severity: Severity;
  readonly timeToDetectMinutes: number | null;
  /** Analytic floor for the windows and 1-minute metrics (tiers and no-traffic only). */
  readonly theoreticalMinimumMinutes: number | null;
  readonly budgetConsumedAtFire: number | null;
  readonly resetAfterMinutes: number | null;
  readonly stillFiringAtEnd: boolean;
  readonly notifiedAtMinute?: number | null;
  readonly suppressed?: boolean;
}

/** A scenario's result. */
export interface ScenarioReport {
  readonly scenario: Scenario;
  readonly result: SimulationResult;
  readonly rows: readonly ScenarioRow[];
}

/** Requests per minute in the canonical scenarios. */
export const CANONICAL_REQUESTS_PER_MINUTE = 1000;

/** The definitions the canonical table uses: 99.9 % over 30 days, the Workbook's tiers, default gates. */
export function canonicalDefinitions(): SloAlarmDefinitions {
  return buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30) });
}

const minutes = (n: number, c: MinuteCounts): MinuteCounts[] => Array.from({ length: n }, () => c);

/**
 * The spec's four scenarios plus a slow burn that exercises the ticket, at `requestsPerMinute` constant
 * traffic, for the SLO of `definitions` (errors are sized from its budget where the spec says "1.0×").
 */
export function canonicalScenarios(
  definitions: SloAlarmDefinitions = canonicalDefinitions(),
  requestsPerMinute = CANONICAL_REQUESTS_PER_MINUTE,
): Scenario[] {
  const r = requestsPerMinute;
  const clean: MinuteCounts = { total: r, bad: 0 };
  const budget = 1 - definitions.availability;
  const at = (ratio: number): MinuteCounts => ({ total: r, bad: Math.round(r * ratio) });
  const steady = at(budget);
  return [
    {
      id: 'full-outage',
      title: '100 % errors for 30 min',
      expectation: 'the 1 h / 5 min page fires within 1–2 minutes',
      baseline: clean,
      series: [...minutes(30, at(1)), ...minutes(7 * 60, clean)],
      incidentErrorRatio: 1,
      incidentMinutes: 30,
      trafficStops: false,
    },
    {
      id: 'steady-1x',
      title: 'steady 1.0× burn for 3 d',
      expectation: 'no page ever; the ticket may fire',
      baseline: steady,
      series: minutes(3 * 1440, steady),
      incidentErrorRatio: steady.bad / steady.total,
      incidentMinutes: 3 * 1440,
      trafficStops: false,
    },
    {
      id: 'partial-15pct',
      title: '15 % errors for 10 min',
      expectation: 'the page fires, and resets about one short window after errors stop',
      baseline: clean,
      series: [...minutes(10, at(0.15)), ...minutes(7 * 60, clean)],
      incidentErrorRatio: 0.15,
      incidentMinutes: 10,
      trafficStops: false,
    },
    {
      id: 'zero-traffic',
      title: 'traffic stops for 2 h',
      expectation: 'no false page; the no-traffic alarm fires',
      baseline: clean,
      series: [...minutes(120, { total: 0, bad: 0 }), ...minutes(60, clean)],
      incidentErrorRatio: 0,
      incidentMinutes: 120,
      trafficStops: true,
    },
    {
      id: 'slow-burn-2x',
      title: '2× burn for 3 d (extra)',
      expectation: 'no page; the ticket fires after about 10 % of the budget',
      baseline: clean,
      series: [...minutes(3 * 1440, at(2 * budget)), ...minutes(8 * 60, clean)],
      incidentErrorRatio: 2 * budget,
      incidentMinutes: 3 * 1440,
      trafficStops: false,
    },
  ];
}

/** Runs one scenario and derives its table rows. */
export function runScenario(definitions: SloAlarmDefinitions, scenario: Scenario): ScenarioReport {
  const result = simulateAlarms(definitions, { series: scenario.series, baseline: scenario.baseline });
  const row = (o: AlertOutcome, theoretical: number | null): ScenarioRow => ({
    alert: o.alert,
    kind: o.kind,
    severity: o.severity,
    timeToDetectMinutes: o.timeToDetectMinutes,
    theoreticalMinimumMinutes: theoretical,
    budgetConsumedAtFire: o.budgetConsumedAtFire,
    resetAfterMinutes: o.resetAfterMinutes,
    stillFiringAtEnd: o.stillFiringAtEnd,
    ...(o.kind === 'tier' ? {} : { notifiedAtMinute: o.notifiedAtMinute, suppressed: o.suppressed }),
  });
  const tierMin = (id: string) =>
    scenario.trafficStops ? null : minimumTierDetectionMinutes(definitions, id, scenario.incidentErrorRatio, scenario.incidentMinutes);
  const severityMin = (s: Severity) => {
    const mins = definitions.tiers.filter((t) => t.severity === s).map((t) => tierMin(t.id)).filter((m): m is number => m !== null);
    return mins.length ? Math.min(...mins) : null;
  };
  const rows: ScenarioRow[] = [
    ...result.tiers.map((o) => row(o, tierMin(o.id))),
    ...(result.page ? [row(result.page, severityMin('page'))] : []),
    ...(result.ticket ? [row(result.ticket, severityMin('ticket'))] : []),
    row(
      result.noTraffic,
      scenario.trafficStops ? minimumNoTrafficDetectionMinutes(definitions.noTraffic, scenario.baseline.total) : null,
    ),
  ];
  return { scenario, result, rows };
}

/** Runs every canonical scenario against `definitions` (default: 99.9 % over 30 days). */
export function runCanonicalScenarios(definitions: SloAlarmDefinitions = canonicalDefinitions()): ScenarioReport[] {
  return canonicalScenarios(definitions).map((s) => runScenario(definitions, s));
}

/** Renders minutes as `1 min`, `2 h 5 min`, `1 d 12 h`. */
/**
 * The simulator's table for the canonical scenarios: per scenario and alert, time to detect against the
 * theoretical minimum for the windows and 1-minute metrics, budget consumed at firing, time to reset after the
 * incident ends, and whether a notification went out.
 */
export function renderCanonicalScenarios(definitions: SloAlarmDefinitions = canonicalDefinitions()): string {
  const reports = runCanonicalScenarios(definitions);
  const header = ['Scenario', 'Alert', 'Fires after', 'Theoretical min', 'Budget used', 'Resets after', 'Notification'];
  const lines: string[][] = [];
  for (const rep of reports) {
    rep.rows.forEach((r, i) => {
      const fired = r.timeToDetectMinutes !== null;
      lines.push([
        i === 0 ? rep.scenario.title : '',
        r.alert,
        fired ? formatMinutes(r.timeToDetectMinutes!) : 'never',
        r.theoreticalMinimumMinutes !== null
          ? formatMinutes(r.theoreticalMinimumMinutes)
          : r.kind === 'no-traffic' && !rep.scenario.trafficStops
            ? ''
            : 'never',
        fired && r.budgetConsumedAtFire !== null && r.kind !== 'no-traffic' ? `${(r.budgetConsumedAtFire * 100).toFixed(2)} %` : '',
        !fired ? '' : r.resetAfterMinutes !== null ? formatMinutes(r.resetAfterMinutes) : r.stillFiringAtEnd ? 'still firing' : '',
        r.kind === 'tier' ? '' : notification(r, rep.result.incidentStartMinute),
      ]);
    });
  }
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const fmt = (cells: string[]) => cells.map((x, c) => x.padEnd(widths[c])).join('  ').trimEnd();
  const d = definitions;
  const title =
    `Alarm simulator: SLO ${formatPercent(d.availability)} over ${d.periodDays} d, ` +
    `${CANONICAL_REQUESTS_PER_MINUTE.toLocaleString('en-US')} requests/min, 1-minute metrics, ${d.windowAlarms.length} window alarms`;
  const notes = [
    'Fires after: whole minutes of incident data until the alert is in ALARM (CloudWatch evaluates every minute over each window; ingestion delay not counted).',
    'Theoretical min: least k with error ratio × k ÷ W > threshold in both windows of the tier, never if k > the incident\'s length (analytic, not simulated);',
    '  no-traffic: least k with requests/min × (W − k) < N. Severity rows: the earliest of their tiers.',
    'Budget used: bad events in the trailing SLO period at firing ÷ ((1 − SLO) × requests/min × period minutes). Resets after: minutes after the incident ends.',
  ];
  return [title, '', fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt), '', ...notes].join('\n');
}

function notification(r: ScenarioRow, start: number): string {
  if (r.notifiedAtMinute === null || r.notifiedAtMinute === undefined) return r.suppressed ? 'suppressed by page' : 'none';
  const after = r.notifiedAtMinute + 1 - start;
  return `sent after ${formatMinutes(after)}${r.suppressed ? ' (another suppressed)' : ''}`;
}
