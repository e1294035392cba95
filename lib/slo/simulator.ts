/**
 * The alarm simulator: replays a per-minute series of (total, bad) counts through the alarm DEFINITIONS
 * (`SloAlarmDefinitions`, the structure `SloAlarms` renders and `alarmDefinitionsFromTemplate` reads back)
 * the way CloudWatch evaluates them. Pure: no aws-cdk-lib import.
 *
 * Model (stated so the numbers can be checked by hand):
 * - Minute i's counts are the 1-minute datapoints covering [i, i + 1). A minute with `total` 0 publishes no
 *   datapoint (the ALB publishes nothing without requests).
 * - At the end of every minute m, each metric alarm evaluates ONE datapoint (EvaluationPeriods 1,
 *   DatapointsToAlarm 1) aggregated over the trailing period = its window: minutes m − W + 1 … m. Minutes
 *   before the series are filled with `baseline` when given, else have no data. Ingestion delay is ignored:
 *   the times are the floor CloudWatch can achieve.
 * - Window alarm value = `IF(total > N, bad / total, 0)` over the window; compared with its threshold by its
 *   comparison operator. A window without any datapoint applies `treatMissingData`.
 * - No-traffic alarm value = total over its window (missing → its `treatMissingData`, `breaching`).
 * - Composites are evaluated in the same minute from their children's states: ALARM when the rule holds.
 * - Actions run on transitions INTO ALARM. A composite with an ActionsSuppressor does not notify when the
 *   suppressor is in ALARM at the transition, went into ALARM within the wait period after it, or left
 *   ALARM within the extension period before it; otherwise it notifies after the wait period.
 *
 * Times reported:
 * - time to detect = (firing minute + 1) − incident start: whole minutes of incident data seen;
 * - time to reset = (first minute at or after the incident end in which the alert is not in ALARM, + 1)
 *   − incident end, where incident end is the first minute after which the series is back to baseline;
 * - budget consumed at firing = bad events over the trailing SLO period ending at the firing minute ÷ the
 *   period's error budget in events, (1 − SLO) × expected requests per minute × period minutes.
 */
import { MINUTES_PER_DAY } from '../format/durations';
import { withoutFloatNoise } from '../format/numbers';
import { errorBudgetRatio, Severity } from './burn-rate';
import {
  alarmsInRule,
  AlarmRuleExpr,
  AlarmStateName,
  ComparisonOperatorName,
  NoTrafficAlarmDefinition,
  SeverityAlarmDefinition,
  SloAlarmDefinitions,
  TierAlarmDefinition,
  TreatMissingDataMode,
} from './definitions';

/** Requests and failed requests in one minute. */
export interface MinuteCounts {
  readonly total: number;
  readonly bad: number;
}

/** Input of {@link simulateAlarms}. */
export interface SimulationInput {
  /** Per-minute counts, minute 0 first. */
  readonly series: readonly MinuteCounts[];
  /**
   * Traffic assumed before minute 0, repeated back forever, so every window starts full.
   * @default none: no datapoints before minute 0
   */
  readonly baseline?: MinuteCounts;
  /**
   * The minute the incident starts; times to detect count from it.
   * @default the first minute that differs from the baseline (any minute with bad > 0 without a baseline), else 0
   */
  readonly incidentStartMinute?: number;
  /**
   * The minute the series is back to normal (errors stopped); times to reset count from it.
   * @default one past the last minute that differs from the baseline (with bad > 0 without one); none when that is the last minute
   */
  readonly incidentEndMinute?: number | null;
  /**
   * Requests per minute the SLO period is expected to carry: the denominator of "budget consumed".
   * @default baseline.total, else the mean total per minute of the series
   */
  readonly expectedRequestsPerMinute?: number;
}

/** What happened to one alert. */
export interface AlertOutcome {
  /** Tier name, `page`, `ticket` or `no-traffic`. */
  readonly alert: string;
  /** The definition id. */
  readonly id: string;
  readonly kind: 'tier' | 'severity' | 'no-traffic';
  readonly severity: Severity;
  /** First minute at or after the incident start in which the alert is in ALARM. */
  readonly firedAtMinute: number | null;
  /** (firedAtMinute + 1) − incident start. */
  readonly timeToDetectMinutes: number | null;
  /** Share of the period's error budget consumed at the firing minute (see the module doc). */
  readonly budgetConsumedAtFire: number | null;
  /** Minutes from the incident end until the alert is out of ALARM; null if it did not fire, never reset, or the incident never ended. */
  readonly resetAfterMinutes: number | null;
  /** True when the alert is still in ALARM at the last minute. */
  readonly stillFiringAtEnd: boolean;
  /** True when the alert was already in ALARM in some minute before the incident start (a false alarm). */
  readonly alarmBeforeIncident: boolean;
  /** For alerts with actions (severity composites, no-traffic): the minute its notification goes out, null if none. */
  readonly notifiedAtMinute?: number | null;
  /** For alerts with actions: true when a transition into ALARM was silenced by the ActionsSuppressor. */
  readonly suppressed?: boolean;
}

/** Result of {@link simulateAlarms}. */
export interface SimulationResult {
  readonly incidentStartMinute: number;
  readonly incidentEndMinute: number | null;
  readonly expectedRequestsPerMinute: number;
  readonly tiers: readonly AlertOutcome[];
  readonly page?: AlertOutcome;
  readonly ticket?: AlertOutcome;
  readonly noTraffic: AlertOutcome;
  /** State of every alarm (by definition id) at the end of every minute. */
  readonly states: Readonly<Record<string, readonly AlarmStateName[]>>;
}

/** Replays `input.series` through the alarms of `definitions`. */
export function simulateAlarms(definitions: SloAlarmDefinitions, input: SimulationInput): SimulationResult {
  const { series, baseline } = input;
  checkInput(definitions, input);
  const n = series.length;
  const counts = new Counts(series, baseline);

  const differs = (c: MinuteCounts) => (baseline ? c.total !== baseline.total || c.bad !== baseline.bad : c.bad > 0);
  let firstDiff = -1;
  let lastDiff = -1;
  series.forEach((c, i) => {
    if (differs(c)) {
      if (firstDiff < 0) firstDiff = i;
      lastDiff = i;
    }
  });
  const start = input.incidentStartMinute ?? Math.max(firstDiff, 0);
  const end = input.incidentEndMinute !== undefined ? input.incidentEndMinute : lastDiff >= 0 && lastDiff < n - 1 ? lastDiff + 1 : null;
  const expected =
    input.expectedRequestsPerMinute ?? baseline?.total ?? (n === 0 ? 0 : series.reduce((s, c) => s + c.total, 0) / n);

  const states: Record<string, AlarmStateName[]> = {};
  const stateAt = (id: string, m: number): AlarmStateName => {
    const s = states[id];
    if (!s) throw new Error(`simulator: a composite rule names unknown alarm ${JSON.stringify(id)}`);
    return m < 0 ? 'INSUFFICIENT_DATA' : s[m];
  };

  for (const w of definitions.windowAlarms) {
    states[w.id] = evaluateMetricAlarm(n, w.treatMissingData, (m) => {
      const { total, bad, hasData } = counts.window(m, w.windowMinutes);
      if (!hasData) return undefined;
      const ratio = total > w.minimumRequests ? bad / total : 0;
      return compare(w.comparisonOperator, ratio, w.errorRatioThreshold);
    });
  }
  const nt = definitions.noTraffic;
  states[nt.id] = evaluateMetricAlarm(n, nt.treatMissingData, (m) => {
    const { total, hasData } = counts.window(m, nt.windowMinutes);
    return hasData ? compare(nt.comparisonOperator, total, nt.minimumRequests) : undefined;
  });
  const composites: Array<TierAlarmDefinition | SeverityAlarmDefinition> = [...definitions.tiers];
  if (definitions.page) composites.push(definitions.page);
  if (definitions.ticket) composites.push(definitions.ticket);
  // Composites may reference composites: evaluate in dependency order.
  for (const c of orderComposites(composites)) {
    const s: AlarmStateName[] = (states[c.id] = new Array(n));
    for (let m = 0; m < n; m++) s[m] = evaluateRule(c.rule, (id) => stateAt(id, m)) ? 'ALARM' : 'OK';
  }

  const periodMinutes = definitions.periodDays * MINUTES_PER_DAY;
  const budgetEvents = errorBudgetRatio(definitions.availability) * expected * periodMinutes;
  const outcome = (
    id: string,
    alert: string,
    kind: AlertOutcome['kind'],
    severity: Severity,
    suppressor?: SeverityAlarmDefinition['actionsSuppressor'],
  ): AlertOutcome => {
    const s = states[id];
    let fired: number | null = null;
    for (let m = Math.max(start, 0); m < n; m++) {
      if (s[m] === 'ALARM') {
        fired = m;
        break;
      }
    }
    let reset: number | null = null;
    if (fired !== null && end !== null) {
      for (let m = Math.max(end, fired); m < n; m++) {
        if (s[m] !== 'ALARM') {
          reset = m + 1 - end;
          break;
        }
      }
    }
    const base: AlertOutcome = {
      alert,
      id,
      kind,
      severity,
      firedAtMinute: fired,
      timeToDetectMinutes: fired === null ? null : fired + 1 - start,
      budgetConsumedAtFire:
        fired === null || budgetEvents <= 0 ? null : withoutFloatNoise(counts.window(fired, periodMinutes).bad / budgetEvents),
      resetAfterMinutes: reset,
      stillFiringAtEnd: n > 0 && s[n - 1] === 'ALARM',
      alarmBeforeIncident: s.slice(0, Math.max(start, 0)).includes('ALARM'),
    };
    if (kind === 'tier') return base;
    return { ...base, ...notifications(s, suppressor, suppressor ? (m) => stateAt(suppressor.alarm, m) : undefined) };
  };

  return {
    incidentStartMinute: start,
    incidentEndMinute: end,
    expectedRequestsPerMinute: expected,
    tiers: definitions.tiers.map((t) => outcome(t.id, t.name, 'tier', t.severity)),
    ...(definitions.page ? { page: outcome(definitions.page.id, 'page', 'severity', 'page', definitions.page.actionsSuppressor) } : {}),
    ...(definitions.ticket
      ? { ticket: outcome(definitions.ticket.id, 'ticket', 'severity', 'ticket', definitions.ticket.actionsSuppressor) }
      : {}),
    noTraffic: outcome(nt.id, 'no-traffic', 'no-traffic', nt.severity),
    states,
  };
}

/**
 * The fewest whole minutes of 1-minute data after which a window's ratio exceeds `threshold`, when the error
 * ratio steps from 0 to `errorRatio` at constant traffic (above the gate): after k minutes the window holds
 * k errored minutes of W, ratio = errorRatio × k ÷ W, so k is the least integer > threshold × W ÷ errorRatio.
 * Null when errorRatio ≤ threshold (never). Computed from the definition, without simulating.
 */
export function minimumWindowDetectionMinutes(windowMinutes: number, threshold: number, errorRatio: number): number | null {
  if (!(errorRatio > threshold)) return null;
  return Math.floor(withoutFloatNoise((threshold * windowMinutes) / errorRatio)) + 1;
}

/**
 * The theoretical minimum time to detect for a tier: both of its windows must exceed the threshold. For an
 * incident lasting `durationMinutes`, both windows' ratios stop growing when it ends, so the tier fires
 * then or never.
 */
export function minimumTierDetectionMinutes(
  definitions: SloAlarmDefinitions,
  tierId: string,
  errorRatio: number,
  durationMinutes = Infinity,
): number | null {
  const tier = definitions.tiers.find((t) => t.id === tierId);
  if (!tier) throw new Error(`no tier ${tierId}`);
  const detect = (alarmId: string) => {
    const w = definitions.windowAlarms.find((a) => a.id === alarmId);
    if (!w) throw new Error(`no window alarm ${alarmId}`);
    return minimumWindowDetectionMinutes(w.windowMinutes, w.errorRatioThreshold, errorRatio);
  };
  const long = detect(tier.longWindowAlarm);
  const short = detect(tier.shortWindowAlarm);
  if (long === null || short === null) return null;
  const k = Math.max(long, short);
  return k <= durationMinutes ? k : null;
}

/**
 * The theoretical minimum time for the no-traffic alarm to fire after traffic drops from
 * `requestsPerMinuteBefore` to zero: after k minutes the window holds r × (W − k) requests, so k is the
 * least integer > W − N ÷ r (at least 1).
 */
export function minimumNoTrafficDetectionMinutes(noTraffic: NoTrafficAlarmDefinition, requestsPerMinuteBefore: number): number {
  if (requestsPerMinuteBefore <= 0) return 1;
  const k = Math.floor(withoutFloatNoise(noTraffic.windowMinutes - noTraffic.minimumRequests / requestsPerMinuteBefore)) + 1;
  return Math.min(Math.max(k, 1), noTraffic.windowMinutes);
}

function checkInput(definitions: SloAlarmDefinitions, input: SimulationInput): void {
  const bad = (c: MinuteCounts) =>
    !(Number.isFinite(c.total) && Number.isFinite(c.bad) && c.total >= 0 && c.bad >= 0 && c.bad <= c.total);
  const i = input.series.findIndex(bad);
  if (i >= 0) throw new Error(`simulator: series[${i}] = ${JSON.stringify(input.series[i])}: counts must be finite with 0 ≤ bad ≤ total`);
  if (input.baseline && bad(input.baseline)) throw new Error(`simulator: baseline ${JSON.stringify(input.baseline)}: counts must be finite with 0 ≤ bad ≤ total`);
  for (const a of [...definitions.windowAlarms, definitions.noTraffic]) {
    if (a.evaluationPeriods !== 1 || a.datapointsToAlarm !== 1) {
      throw new Error(`simulator: alarm ${a.id} uses ${a.datapointsToAlarm} of ${a.evaluationPeriods} datapoints; only 1 of 1 is modelled`);
    }
  }
}

/** Prefix sums over the series, with the baseline before minute 0. */
class Counts {
  private readonly total: number[];
  private readonly bad: number[];
  private readonly withData: number[];
  constructor(series: readonly MinuteCounts[], private readonly baseline?: MinuteCounts) {
    this.total = [0];
    this.bad = [0];
    this.withData = [0];
    series.forEach((c, i) => {
      this.total.push(this.total[i] + c.total);
      this.bad.push(this.bad[i] + c.bad);
      this.withData.push(this.withData[i] + (c.total > 0 ? 1 : 0));
    });
  }
  /** Sums over minutes m − w + 1 … m. */
  window(m: number, w: number): { total: number; bad: number; hasData: boolean } {
    const from = m - w + 1;
    const lo = Math.max(from, 0);
    const before = lo - from;
    const b = this.baseline;
    const total = this.total[m + 1] - this.total[lo] + (b ? b.total * before : 0);
    const bad = this.bad[m + 1] - this.bad[lo] + (b ? b.bad * before : 0);
    const hasData = this.withData[m + 1] - this.withData[lo] > 0 || (before > 0 && !!b && b.total > 0);
    return { total, bad, hasData };
  }
}

function compare(op: ComparisonOperatorName, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

function evaluateMetricAlarm(n: number, missing: TreatMissingDataMode, breaching: (m: number) => boolean | undefined): AlarmStateName[] {
  const s: AlarmStateName[] = new Array(n);
  let previous: AlarmStateName = 'INSUFFICIENT_DATA';
  for (let m = 0; m < n; m++) {
    const b = breaching(m);
    let state: AlarmStateName;
    if (b !== undefined) state = b ? 'ALARM' : 'OK';
    else if (missing === 'breaching') state = 'ALARM';
    else if (missing === 'notBreaching') state = 'OK';
    else if (missing === 'ignore') state = previous;
    else state = 'INSUFFICIENT_DATA';
    s[m] = previous = state;
  }
  return s;
}

/** Evaluates a composite alarm rule against the children's states. */
export function evaluateRule(rule: AlarmRuleExpr, stateOf: (alarm: string) => AlarmStateName): boolean {
  switch (rule.kind) {
    case 'state':
      return stateOf(rule.alarm) === rule.state;
    case 'const':
      return rule.value;
    case 'not':
      return !evaluateRule(rule.operand, stateOf);
    case 'and':
      return rule.operands.every((o) => evaluateRule(o, stateOf));
    case 'or':
      return rule.operands.some((o) => evaluateRule(o, stateOf));
  }
}

function orderComposites<T extends { id: string; rule: AlarmRuleExpr }>(composites: readonly T[]): T[] {
  const byId = new Map(composites.map((c) => [c.id, c]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (c: T) => {
    if (done.has(c.id)) return;
    if (visiting.has(c.id)) throw new Error(`simulator: composite alarm ${c.id} depends on itself`);
    visiting.add(c.id);
    for (const child of alarmsInRule(c.rule)) {
      const dep = byId.get(child);
      if (dep) visit(dep);
    }
    visiting.delete(c.id);
    done.add(c.id);
    out.push(c);
  };
  composites.forEach(visit);
  return out;
}


function notifications(
  s: readonly AlarmStateName[],
  suppressor: SeverityAlarmDefinition['actionsSuppressor'],
  suppressorState: ((m: number) => AlarmStateName) | undefined,
): { notifiedAtMinute: number | null; suppressed: boolean } {
  let notifiedAtMinute: number | null = null;
  let suppressed = false;
  const wait = suppressor ? Math.ceil(suppressor.waitPeriodSeconds / 60) : 0;
  const extension = suppressor ? Math.ceil(suppressor.extensionPeriodSeconds / 60) : 0;
  for (let m = 0; m < s.length; m++) {
    const entered = s[m] === 'ALARM' && (m === 0 || s[m - 1] !== 'ALARM');
    if (!entered) continue;
    let silenced = false;
    if (suppressorState) {
      for (let k = m - extension; k <= Math.min(m + wait, s.length - 1) && !silenced; k++) silenced = suppressorState(k) === 'ALARM';
    }
    if (silenced) suppressed = true;
    else if (notifiedAtMinute === null) notifiedAtMinute = m + wait;
  }
  return { notifiedAtMinute, suppressed };
}
