/**
 * The canonical scenarios (docs/slo-alerting.md, "The simulator"), run through the simulator and printed as a table
 * or JSON (`cdk-scale simulate`, `npm run bench`). Pure: no aws-cdk-lib import.
 */
import { formatMinutes } from '../format/durations';
import { formatPercent, withoutFloatNoise } from '../format/numbers';
import { computeTiers, errorBudgetRatio, Severity } from './burn-rate';
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
  /** What the alarms must do. */
  readonly expectation: string;
  readonly series: readonly MinuteCounts[];
  readonly baseline: MinuteCounts;
  /** Error ratio of the incident at constant traffic, for the analytic time to detect (0: none). */
  readonly incidentErrorRatio: number;
  /** How long the errors last, minutes (the analytic figure is "never" past it). */
  readonly incidentMinutes: number;
  /** Minute at which traffic stops, when it does (analytic time for the no-traffic alarm). */
  readonly trafficStopsAtMinute?: number;
  /** Minute the errors stop, when the series does not return to the baseline right then. @default the simulator's */
  readonly incidentEndMinute?: number;
}

/** One row of the table: an alert in a scenario. */
export interface ScenarioRow {
  readonly alert: string;
  readonly kind: AlertOutcome['kind'];
  readonly severity: Severity;
  /** Analytic time to detect: no ingestion delay, evaluated every minute (tiers and no-traffic only). */
  readonly analyticMinutes: number | null;
  /** Simulated time to detect without ingestion delay; null when it never fired or was already firing. */
  readonly timeToDetectMinutes: number | null;
  /** Simulated time to detect with the report's ingestion delay. */
  readonly timeToDetectWithDelayMinutes: number | null;
  /** In ALARM in the minute before the incident: it did not detect anything. */
  readonly alreadyFiring: boolean;
  /** Budget consumed when it fired (with the delay). */
  readonly budgetConsumedAtFire: number | null;
  /** Minutes from the end of the incident until it is out of ALARM (with the delay). */
  readonly resetAfterMinutes: number | null;
  readonly stillFiringAtEnd: boolean;
  /** Minutes from the incident start until its actions ran (with the delay), for alerts with actions. */
  readonly notifiedAfterMinutes?: number | null;
  /** An ALARM episode was held back by the ActionsSuppressor (its actions ran later, or not at all). */
  readonly suppressed?: boolean;
}

/** A scenario's result. */
export interface ScenarioReport {
  readonly scenario: Scenario;
  /** The simulation with the report's ingestion delay. */
  readonly result: SimulationResult;
  readonly rows: readonly ScenarioRow[];
}

/** Options of the canonical report. */
export interface ScenarioOptions {
  /**
   * Ingestion delay of the "with delay" column, minutes, on top of the 60-second publishing interval. AWS publishes no
   * figure for it: this is an assumption, pass your own.
   * @default 2
   */
  readonly ingestionDelayMinutes?: number;
  /**
   * Requests per minute of the scenarios.
   * @default - 10,000, or the next power of ten that makes (1 − SLO) × requests a whole number
   */
  readonly requestsPerMinute?: number;
}

/** Default of {@link ScenarioOptions.ingestionDelayMinutes}. */
export const DEFAULT_REPORT_INGESTION_DELAY_MINUTES = 2;

/** The definitions the canonical table uses: 99.9 % over 30 days, the default tiers, gates and alarms. */
export function canonicalDefinitions(): SloAlarmDefinitions {
  return buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30) });
}

/**
 * Requests per minute for scenarios at an SLO: 10,000, or the next power of ten for which the steady 1.0× burn is a
 * whole number of failed requests per minute (bad ÷ total then equals 1 − SLO exactly, as the alarms compare it).
 */
export function canonicalRequestsPerMinute(availability: number): number {
  const budget = errorBudgetRatio(availability);
  let r = 10_000;
  while (r < 1e12 && !Number.isInteger(withoutFloatNoise(budget * r))) r *= 10;
  return r;
}

const minutes = (n: number, c: MinuteCounts): MinuteCounts[] => Array.from({ length: n }, () => c);

/**
 * The scenarios for the SLO of `definitions` at `requestsPerMinute` constant traffic (errors are sized from its
 * budget where a scenario says "1.0×" or "2×").
 */
export function canonicalScenarios(definitions: SloAlarmDefinitions = canonicalDefinitions(), requestsPerMinute?: number): Scenario[] {
  const r = requestsPerMinute ?? canonicalRequestsPerMinute(definitions.availability);
  const clean: MinuteCounts = { total: r, bad: 0 };
  const budget = errorBudgetRatio(definitions.availability);
  const at = (ratio: number): MinuteCounts => ({ total: r, bad: withoutFloatNoise(r * ratio) });
  const silent: MinuteCounts = { total: 0, bad: 0 };
  const periodMinutes = definitions.periodDays * 1440;
  // A 2× burn spends 15 % of the budget in 0.075 × the period: long enough for any ticket that meets the spec.
  const twoX = Math.ceil(0.075 * periodMinutes);
  return [
    {
      id: 'full-outage',
      title: '100 % errors for 30 min',
      expectation: 'a page within 5 minutes of the first bad minute (no ingestion delay)',
      baseline: clean,
      series: [...minutes(30, at(1)), ...minutes(7 * 60, clean)],
      incidentErrorRatio: 1,
      incidentMinutes: 30,
    },
    {
      id: 'steady-1x',
      title: 'steady 1.0× burn (the whole budget over the period)',
      expectation: 'no page, no ticket, no budget alarm',
      baseline: at(budget),
      series: minutes(3 * 1440, at(budget)),
      incidentErrorRatio: budget,
      incidentMinutes: 3 * 1440,
    },
    {
      id: 'partial-15pct',
      title: '15 % errors for 10 min',
      expectation: 'the page fires, and resets about one short window after errors stop',
      baseline: clean,
      series: [...minutes(10, at(0.15)), ...minutes(7 * 60, clean)],
      incidentErrorRatio: 0.15,
      incidentMinutes: 10,
    },
    {
      id: 'zero-traffic',
      title: 'traffic stops for 2 h',
      expectation: 'no false page; the no-traffic alarm fires once its evaluation range holds no datapoint',
      baseline: clean,
      series: [...minutes(120, silent), ...minutes(60, clean)],
      incidentErrorRatio: 0,
      incidentMinutes: 120,
      trafficStopsAtMinute: 0,
    },
    {
      id: 'outage-then-silence',
      title: '100 % errors for 10 min, then no traffic for 1 h',
      expectation: 'the page stays in ALARM while the evaluation range still holds the errors, then resets; no-traffic fires',
      baseline: clean,
      series: [...minutes(10, at(1)), ...minutes(60, silent), ...minutes(60, clean)],
      incidentErrorRatio: 1,
      incidentMinutes: 10,
      trafficStopsAtMinute: 10,
      incidentEndMinute: 10,
    },
    {
      id: 'ticket-held-by-page',
      title: '10 % errors for 4 h, then a 0.5× burn',
      expectation: 'the ticket is suppressed while the page is in ALARM and sent ExtensionPeriod after the page ends',
      baseline: clean,
      series: [...minutes(240, at(0.1)), ...minutes(2 * 1440, at(budget / 2))],
      incidentErrorRatio: 0.1,
      incidentMinutes: 240,
    },
    {
      id: 'slow-burn-2x',
      title: `2× burn for ${formatMinutes(twoX)} (15 % of the budget)`,
      expectation: 'no page; a ticket before 15 % of the budget is spent',
      baseline: clean,
      series: [...minutes(twoX, at(2 * budget)), ...minutes(60, clean)],
      incidentErrorRatio: 2 * budget,
      incidentMinutes: twoX,
    },
  ];
}

/** Runs one scenario (at d = 0 and at the report's delay) and derives its table rows. */
export function runScenario(definitions: SloAlarmDefinitions, scenario: Scenario, options: ScenarioOptions = {}): ScenarioReport {
  const delay = options.ingestionDelayMinutes ?? DEFAULT_REPORT_INGESTION_DELAY_MINUTES;
  const input = {
    series: scenario.series,
    baseline: scenario.baseline,
    incidentStartMinute: 0,
    ...(scenario.incidentEndMinute !== undefined ? { incidentEndMinute: scenario.incidentEndMinute } : {}),
  };
  const floor = simulateAlarms(definitions, input);
  const result = delay === 0 ? floor : simulateAlarms(definitions, { ...input, ingestionDelayMinutes: delay });
  const all = (r: SimulationResult): AlertOutcome[] => [
    ...r.tiers,
    ...(r.page ? [r.page] : []),
    ...(r.ticket ? [r.ticket] : []),
    r.noTraffic,
    ...r.budget,
  ];
  const floorById = new Map(all(floor).map((o) => [o.id, o]));
  const tierMin = (id: string) =>
    scenario.incidentErrorRatio > 0 ? minimumTierDetectionMinutes(definitions, id, scenario.incidentErrorRatio, scenario.incidentMinutes) : null;
  const severityMin = (s: Severity) => {
    const mins = definitions.tiers.filter((t) => t.severity === s).map((t) => tierMin(t.id)).filter((m): m is number => m !== null);
    return mins.length ? Math.min(...mins) : null;
  };
  const analytic = (o: AlertOutcome): number | null => {
    switch (o.kind) {
      case 'tier':
        return tierMin(o.id);
      case 'severity':
        return severityMin(o.severity);
      case 'no-traffic':
        return scenario.trafficStopsAtMinute === undefined ? null : scenario.trafficStopsAtMinute + minimumNoTrafficDetectionMinutes(definitions.noTraffic);
      default:
        return null;
    }
  };
  const rows = all(result).map((o): ScenarioRow => {
    const f = floorById.get(o.id)!;
    return {
      alert: o.alert,
      kind: o.kind,
      severity: o.severity,
      analyticMinutes: analytic(o),
      timeToDetectMinutes: f.timeToDetectMinutes,
      timeToDetectWithDelayMinutes: o.timeToDetectMinutes,
      alreadyFiring: o.alreadyFiring,
      budgetConsumedAtFire: o.budgetConsumedAtFire,
      resetAfterMinutes: o.resetAfterMinutes,
      stillFiringAtEnd: o.stillFiringAtEnd,
      ...(o.kind === 'tier'
        ? {}
        : {
            notifiedAfterMinutes: o.notifiedAtMinute === null || o.notifiedAtMinute === undefined ? null : o.notifiedAtMinute + 1 - result.incidentStartMinute,
            suppressed: o.suppressed ?? false,
          }),
    };
  });
  return { scenario, result, rows };
}

/** Runs every canonical scenario against `definitions` (default: 99.9 % over 30 days). */
export function runCanonicalScenarios(definitions: SloAlarmDefinitions = canonicalDefinitions(), options: ScenarioOptions = {}): ScenarioReport[] {
  return canonicalScenarios(definitions, options.requestsPerMinute).map((s) => runScenario(definitions, s, options));
}

/** The canonical report as JSON-ready data (`cdk-scale simulate --format json`). */
export function canonicalScenariosJson(definitions: SloAlarmDefinitions = canonicalDefinitions(), options: ScenarioOptions = {}, label?: string) {
  const reports = runCanonicalScenarios(definitions, options);
  return {
    ...(label ? { slo: label } : {}),
    availability: definitions.availability,
    periodDays: definitions.periodDays,
    requestsPerMinute: reports[0]?.scenario.baseline.total ?? null,
    ingestionDelayMinutes: options.ingestionDelayMinutes ?? DEFAULT_REPORT_INGESTION_DELAY_MINUTES,
    windowAlarms: definitions.windowAlarms.length,
    scenarios: reports.map((r) => ({ id: r.scenario.id, title: r.scenario.title, expectation: r.scenario.expectation, alerts: r.rows })),
  };
}

/**
 * The simulator's table for the canonical scenarios: per scenario and alert, the analytic time to detect, the
 * simulated one without and with ingestion delay, budget consumed at firing, time to reset after the incident ends,
 * and the notification.
 */
export function renderCanonicalScenarios(definitions: SloAlarmDefinitions = canonicalDefinitions(), options: ScenarioOptions = {}, label?: string): string {
  const delay = options.ingestionDelayMinutes ?? DEFAULT_REPORT_INGESTION_DELAY_MINUTES;
  const reports = runCanonicalScenarios(definitions, options);
  const withDelay = `Fires, +${delay} min delay`;
  const header = ['Scenario', 'Alert', 'Analytic (d=0)', 'Fires after (d=0)', ...(delay > 0 ? [withDelay] : []), 'Budget used', 'Resets after', 'Notification'];
  const lines: string[][] = [];
  const detect = (r: ScenarioRow, m: number | null) => (r.alreadyFiring ? 'already firing' : m !== null ? formatMinutes(m) : 'never');
  for (const rep of reports) {
    rep.rows.forEach((r, i) => {
      const fired = r.timeToDetectWithDelayMinutes !== null || r.alreadyFiring;
      lines.push([
        i === 0 ? rep.scenario.title : '',
        r.alert,
        r.analyticMinutes !== null ? formatMinutes(r.analyticMinutes) : r.kind === 'tier' || r.kind === 'severity' ? 'never' : '',
        detect(r, r.timeToDetectMinutes),
        ...(delay > 0 ? [detect(r, r.timeToDetectWithDelayMinutes)] : []),
        fired && r.budgetConsumedAtFire !== null && r.kind !== 'no-traffic' ? `${(r.budgetConsumedAtFire * 100).toFixed(2)} %` : '',
        !fired ? '' : r.resetAfterMinutes !== null ? formatMinutes(r.resetAfterMinutes) : r.stillFiringAtEnd ? 'still firing' : '',
        r.kind === 'tier' ? '' : notification(r),
      ]);
    });
  }
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const fmt = (cells: string[]) => cells.map((x, c) => x.padEnd(widths[c])).join('  ').trimEnd();
  const d = definitions;
  const rate = reports[0]?.scenario.baseline.total ?? 0;
  const title =
    `Alarm simulator: ${label ? `${label}, ` : ''}SLO ${formatPercent(d.availability)} over ${d.periodDays} d, ` +
    `${rate.toLocaleString('en-US')} requests/min, 1-minute datapoints published every 60 s, ${d.windowAlarms.length} window alarms`;
  const notes = [
    'Analytic (d=0): closed form for constant traffic, no ingestion delay, every alarm evaluated every minute: least k with error ratio × k ÷ W > threshold',
    '  in both windows of the tier (never if k > the incident\'s length); no-traffic: the evaluation range (EvaluationPeriods + 2 datapoints) must be empty.',
    `Fires after: simulated whole minutes of incident until the alert is in ALARM, with d = 0${delay > 0 ? ` and with an assumed ingestion delay of ${delay} min (AWS publishes no figure; --ingestion-delay)` : ''}.`,
    '  "already firing": in ALARM before the incident started (it detected nothing).',
    'Budget used: bad events in the trailing SLO period at firing ÷ ((1 − SLO) × requests/min × period minutes). Resets after: minutes after the incident ends.',
    'Notification: when the alert\'s actions run; a ticket held by the page (ActionsSuppressor) is sent ExtensionPeriod after the page leaves ALARM.',
  ];
  return [title, '', fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt), '', ...notes].join('\n');
}

function notification(r: ScenarioRow): string {
  if (r.notifiedAfterMinutes === null || r.notifiedAfterMinutes === undefined) {
    if (r.alreadyFiring) return 'none (already firing)';
    return r.suppressed ? 'suppressed by page' : 'none';
  }
  return `sent after ${formatMinutes(r.notifiedAfterMinutes)}${r.suppressed ? ' (held by page)' : ''}`;
}
