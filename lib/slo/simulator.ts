/**
 * The alarm simulator: replays a per-minute series of (total, bad) counts through the alarm DEFINITIONS
 * (`SloAlarmDefinitions`, the structure `SloAlarms` renders and `alarmDefinitionsFromTemplate` reads back)
 * the way CloudWatch evaluates them. Pure: no aws-cdk-lib import.
 *
 * Model (stated so the numbers can be checked by hand; the AWS pages it follows are cited in docs/slo-alerting.md):
 * - Data. Minute i's counts are the 1-minute datapoints covering [i, i + 1). ALB and CloudFront publish in
 *   60-second intervals and only while requests flow ("If there are no requests flowing through the load balancer
 *   or no data for a metric, the metric is not reported",
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html):
 *   a minute with `total` 0 has no datapoint. FILL(m, 0) makes a window's datapoint exist whenever any of its
 *   minutes has one; a window without any is missing (what FILL returns over an all-empty query is not documented).
 * - Visibility. Minute i becomes visible to alarms at the end of minute i + d, d = `ingestionDelayMinutes`
 *   (default 0: the analytic floor; AWS publishes no figure for the delay, pass your own).
 * - Evaluation. At the end of every minute m (the default SlidingWindow, evaluated every minute), a metric alarm
 *   with period p and EvaluationPeriods N retrieves R = N + `extraEvaluationRange` datapoints (the evaluation
 *   range, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html), datapoint k
 *   covering minutes m − d − (k + 1)p + 1 … m − d − kp. If at least N are real, the N most recent real ones
 *   decide and TreatMissingData is ignored; otherwise every real one plus N − real filled ones decide, filled
 *   as TreatMissingData says (`breaching`, `notBreaching`, `ignore`: keep the state, `missing`:
 *   INSUFFICIENT_DATA). ALARM when at least DatapointsToAlarm of them breach. This reproduces every cell of the
 *   two tables on that page.
 * - Window alarms: value `IF(total > N, bad / total, 0)` over the window. No-traffic alarm: the request count per
 *   minute. Budget alarms: `window` ones like window alarms over the period; `published` ones read the value the
 *   budget publisher puts at the end of every hour (1 − (bad ÷ total over the trailing period) ÷ (1 − SLO)).
 * - Composites are evaluated in the same minute from their children's states: ALARM when the rule holds.
 * - Actions (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_CompositeAlarm.html,
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm_Suppression.html): an
 *   alarm without a suppressor acts in the minute it enters ALARM. A composite with an ActionsSuppressor that
 *   enters ALARM while the suppressor is in ALARM is suppressed; otherwise it waits up to WaitPeriod for the
 *   suppressor to go into ALARM (then it is suppressed) and acts after it. Suppression lasts as long as the
 *   suppressor stays in ALARM; when the suppressor leaves ALARM the composite waits ExtensionPeriod (suppressed
 *   again if the suppressor returns) and then performs its actions if it is still in ALARM: a suppressed ticket
 *   is DELAYED, not dropped. An ALARM episode that ends while waiting or suppressed performs no ALARM action.
 * - Warm-up. With a `baseline`, every alarm is first evaluated at minute −1, over datapoints of the baseline only
 *   (it repeats back forever), so states before the incident are real: an alert already in ALARM when the incident
 *   starts is reported as already firing, not as detected.
 *
 * Times reported:
 * - time to detect = (first minute at or after the incident start in which the alert is in ALARM, + 1) − start:
 *   whole minutes of incident, including the ingestion delay;
 * - time to reset = (first minute at or after the incident end in which the alert is not in ALARM, + 1) − end;
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
  ASSUMED_EXTRA_EVALUATION_RANGE,
  BUDGET_PUBLISH_MINUTES,
  ComparisonOperatorName,
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
  /**
   * Minutes between the end of a datapoint's minute and the evaluation that first sees it (ingestion delay on top
   * of the 60-second publishing interval).
   * @default 0
   */
  readonly ingestionDelayMinutes?: number;
  /**
   * Datapoints of the evaluation range beyond EvaluationPeriods (not published by AWS beyond one example).
   * @default 2
   */
  readonly extraEvaluationRange?: number;
}

/** What happened to one alert. */
export interface AlertOutcome {
  /** Tier name, `page`, `ticket`, `no-traffic` or a budget alarm id. */
  readonly alert: string;
  /** The definition id. */
  readonly id: string;
  readonly kind: 'tier' | 'severity' | 'no-traffic' | 'budget';
  readonly severity: Severity;
  /** First minute at or after the incident start in which the alert is in ALARM. */
  readonly firedAtMinute: number | null;
  /** (firedAtMinute + 1) − incident start; null when it never fired or was already firing. */
  readonly timeToDetectMinutes: number | null;
  /** Share of the period's error budget consumed at the firing minute (see the module doc). */
  readonly budgetConsumedAtFire: number | null;
  /** Minutes from the incident end until the alert is out of ALARM; null if it did not fire, never reset, or the incident never ended. */
  readonly resetAfterMinutes: number | null;
  /** True when the alert is still in ALARM at the last minute. */
  readonly stillFiringAtEnd: boolean;
  /** True when the alert was in ALARM in some minute before the incident start (the warm-up minute −1 included). */
  readonly alarmBeforeIncident: boolean;
  /** True when the alert was in ALARM in the minute before the incident started: it did not detect the incident. */
  readonly alreadyFiring: boolean;
  /** For alerts with actions (severity composites, no-traffic, budget): the first minute at or after the start its actions run, null if none. */
  readonly notifiedAtMinute?: number | null;
  /** For alerts with actions: true when an ALARM episode at or after the start was held back by the ActionsSuppressor. */
  readonly suppressed?: boolean;
}

/** Result of {@link simulateAlarms}. */
export interface SimulationResult {
  readonly incidentStartMinute: number;
  readonly incidentEndMinute: number | null;
  readonly expectedRequestsPerMinute: number;
  readonly ingestionDelayMinutes: number;
  readonly tiers: readonly AlertOutcome[];
  readonly page?: AlertOutcome;
  readonly ticket?: AlertOutcome;
  readonly noTraffic: AlertOutcome;
  readonly budget: readonly AlertOutcome[];
  /** State of every alarm (by definition id) at the end of every minute of the series. */
  readonly states: Readonly<Record<string, readonly AlarmStateName[]>>;
}

/** One metric alarm as the evaluator sees it. */
interface MetricAlarmModel {
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingDataMode;
  /** The datapoint covering minutes from … to (inclusive), undefined when missing. */
  readonly datapoint: (from: number, to: number) => number | undefined;
  readonly breaching: (value: number) => boolean;
}

/** Replays `input.series` through the alarms of `definitions`. */
export function simulateAlarms(definitions: SloAlarmDefinitions, input: SimulationInput): SimulationResult {
  const { series, baseline } = input;
  checkInput(input);
  const n = series.length;
  const delay = input.ingestionDelayMinutes ?? 0;
  const extra = input.extraEvaluationRange ?? ASSUMED_EXTRA_EVALUATION_RANGE;
  const periodMinutes = definitions.periodDays * MINUTES_PER_DAY;
  const budgetRatio = errorBudgetRatio(definitions.availability);

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
  const expected = input.expectedRequestsPerMinute ?? baseline?.total ?? (n === 0 ? 0 : series.reduce((s, c) => s + c.total, 0) / n);

  const counts = new Counts(series, baseline);
  const hour = BUDGET_PUBLISH_MINUTES;
  // The budget publisher runs at the end of every hour (minutes h with h + 1 ≡ 0 mod 60) over the trailing period.
  const published = (h: number): number => {
    const w = counts.window(h, periodMinutes);
    return w.total > 0 ? publishedRemaining(w.bad, w.total, budgetRatio) : 1;
  };

  const models: Record<string, MetricAlarmModel> = {};
  for (const w of definitions.windowAlarms) {
    models[w.id] = {
      periodMinutes: w.windowMinutes,
      evaluationPeriods: w.evaluationPeriods,
      datapointsToAlarm: w.datapointsToAlarm,
      treatMissingData: w.treatMissingData,
      datapoint: (from, to) => gatedRatio(counts.range(from, to), w.minimumRequests),
      breaching: (v) => compare(w.comparisonOperator, v, w.errorRatioThreshold),
    };
  }
  const nt = definitions.noTraffic;
  models[nt.id] = {
    periodMinutes: nt.periodMinutes,
    evaluationPeriods: nt.evaluationPeriods,
    datapointsToAlarm: nt.datapointsToAlarm,
    treatMissingData: nt.treatMissingData,
    datapoint: (from, to) => {
      const c = counts.range(from, to);
      return c.hasData ? c.total : undefined;
    },
    breaching: (v) => compare(nt.comparisonOperator, v, nt.minimumRequests),
  };
  for (const b of definitions.budget) {
    models[b.id] = {
      periodMinutes: b.periodMinutes,
      evaluationPeriods: b.evaluationPeriods,
      datapointsToAlarm: b.datapointsToAlarm,
      treatMissingData: b.treatMissingData,
      datapoint:
        b.source === 'window'
          ? (from, to) => gatedRatio(counts.range(from, to), b.minimumRequests ?? 0)
          : (from, to) => {
              // Minimum over the period of the values published in it.
              let v: number | undefined;
              for (let h = from + ((((hour - 1 - from) % hour) + hour) % hour); h <= to; h += hour) {
                const x = published(h);
                v = v === undefined ? x : Math.min(v, x);
              }
              return v;
            },
      breaching: (v) => compare(b.comparisonOperator, v, b.threshold),
    };
  }

  // Warm-up over the baseline: minute −1, whose evaluation range holds only baseline datapoints (the baseline repeats
  // back forever), so every alarm starts the series in the state the baseline keeps it in.
  const warmup = baseline ? 1 : 0;
  const from = -warmup;
  const length = n + warmup;
  const full: Record<string, AlarmStateName[]> = {};
  for (const [id, a] of Object.entries(models)) full[id] = evaluateMetricAlarm(a, from, length, delay, extra);

  const composites: Array<TierAlarmDefinition | SeverityAlarmDefinition> = [...definitions.tiers];
  if (definitions.page) composites.push(definitions.page);
  if (definitions.ticket) composites.push(definitions.ticket);
  const stateAt = (id: string, j: number): AlarmStateName => {
    const s = full[id];
    if (!s) throw new Error(`simulator: a composite rule names unknown alarm ${JSON.stringify(id)}`);
    return s[j];
  };
  // Composites may reference composites: evaluate in dependency order.
  for (const c of orderComposites(composites)) {
    for (const id of alarmsInRule(c.rule)) stateAt(id, 0);
    const s: AlarmStateName[] = (full[c.id] = new Array(length));
    let j = 0;
    const stateOf = (id: string) => full[id][j];
    for (; j < length; j++) s[j] = evaluateRule(c.rule, stateOf) ? 'ALARM' : 'OK';
  }

  const budgetEvents = budgetRatio * expected * periodMinutes;
  const startIndex = Math.max(start, 0) + warmup;
  const outcome = (
    id: string,
    alert: string,
    kind: AlertOutcome['kind'],
    severity: Severity,
    actions: boolean,
    suppressor?: SeverityAlarmDefinition['actionsSuppressor'],
  ): AlertOutcome => {
    const s = full[id];
    let fired: number | null = null;
    for (let j = startIndex; j < length; j++) {
      if (s[j] === 'ALARM') {
        fired = j - warmup;
        break;
      }
    }
    let reset: number | null = null;
    if (fired !== null && end !== null) {
      for (let j = Math.max(end, fired) + warmup; j < length; j++) {
        if (s[j] !== 'ALARM') {
          reset = j - warmup + 1 - end;
          break;
        }
      }
    }
    const alreadyFiring = startIndex > 0 && s[startIndex - 1] === 'ALARM';
    const base: AlertOutcome = {
      alert,
      id,
      kind,
      severity,
      firedAtMinute: fired,
      timeToDetectMinutes: fired === null || alreadyFiring ? null : fired + 1 - start,
      budgetConsumedAtFire:
        fired === null || budgetEvents <= 0 ? null : withoutFloatNoise(counts.window(fired, periodMinutes).bad / budgetEvents),
      resetAfterMinutes: reset,
      stillFiringAtEnd: n > 0 && s[length - 1] === 'ALARM',
      alarmBeforeIncident: s.slice(0, startIndex).includes('ALARM'),
      alreadyFiring,
    };
    if (!actions) return base;
    const sup = suppressor ? full[suppressor.alarm] : undefined;
    const wait = suppressor ? Math.ceil(suppressor.waitPeriodSeconds / 60) : 0;
    const extension = suppressor ? Math.ceil(suppressor.extensionPeriodSeconds / 60) : 0;
    const acted = actionMinutes(s, sup, wait, extension);
    const first = acted.actions.find((j) => j >= startIndex);
    return {
      ...base,
      notifiedAtMinute: first === undefined ? null : first - warmup,
      suppressed: acted.suppressedEpisodes.some((j) => j >= startIndex),
    };
  };

  const states: Record<string, AlarmStateName[]> = {};
  for (const [id, s] of Object.entries(full)) states[id] = s.slice(warmup);

  return {
    incidentStartMinute: start,
    incidentEndMinute: end,
    expectedRequestsPerMinute: expected,
    ingestionDelayMinutes: delay,
    tiers: definitions.tiers.map((t) => outcome(t.id, t.name, 'tier', t.severity, false)),
    ...(definitions.page ? { page: outcome(definitions.page.id, 'page', 'severity', 'page', true, definitions.page.actionsSuppressor) } : {}),
    ...(definitions.ticket
      ? { ticket: outcome(definitions.ticket.id, 'ticket', 'severity', 'ticket', true, definitions.ticket.actionsSuppressor) }
      : {}),
    noTraffic: outcome(nt.id, 'no-traffic', 'no-traffic', nt.severity, true),
    budget: definitions.budget.map((b) => outcome(b.id, b.id, 'budget', b.severity, true)),
    states,
  };
}

/**
 * What the budget publisher puts: 1 − (bad ÷ total) ÷ (1 − SLO), rounded to 1e-9 so that a budget spent exactly
 * (a steady 1.0× burn) reads 0, not −2e-16, and does not fire the strict `< 0` alarm.
 */
export function publishedRemaining(bad: number, total: number, budgetRatio: number): number {
  if (!(total > 0)) return 1;
  return Math.round((1 - bad / total / budgetRatio) * 1e9) / 1e9 + 0;
}

/**
 * One evaluation of a metric alarm, as "Configuring how CloudWatch alarms treat missing data" documents it, from
 * the datapoints of its evaluation range, newest first (undefined = missing).
 */
export function evaluateDatapoints(
  alarm: { readonly evaluationPeriods: number; readonly datapointsToAlarm: number; readonly treatMissingData: TreatMissingDataMode },
  points: ReadonlyArray<boolean | undefined>,
  previous: AlarmStateName,
): AlarmStateName {
  const n = alarm.evaluationPeriods;
  const m = alarm.datapointsToAlarm;
  if (n === 1 && m === 1) {
    // The common case (every window alarm): the most recent real datapoint decides; none: TreatMissingData.
    for (const v of points) if (v !== undefined) return v ? 'ALARM' : 'OK';
    return alarm.treatMissingData === 'breaching' ? 'ALARM' : alarm.treatMissingData === 'notBreaching' ? 'OK' : alarm.treatMissingData === 'ignore' ? previous : 'INSUFFICIENT_DATA';
  }
  const real = points.filter((v): v is boolean => v !== undefined);
  if (real.length >= n) return real.slice(0, n).filter(Boolean).length >= m ? 'ALARM' : 'OK';
  // Fewer real datapoints than EvaluationPeriods: all real ones, plus as few filled ones as needed.
  const fill = n - real.length;
  const breaching = real.filter(Boolean).length;
  switch (alarm.treatMissingData) {
    case 'breaching':
      return breaching + fill >= m ? 'ALARM' : 'OK';
    case 'notBreaching':
      return breaching >= m ? 'ALARM' : 'OK';
    case 'ignore':
      return real.length === 0 ? previous : breaching >= m ? 'ALARM' : previous;
    case 'missing': {
      if (real.length === 0) return 'INSUFFICIENT_DATA';
      if (real.length >= m) return breaching >= m ? 'ALARM' : 'OK';
      // Fewer real points than DatapointsToAlarm: the documented rule against premature ALARM decides (the oldest
      // breaching point at least DatapointsToAlarm old, every newer one breaching or missing).
      const window = points.slice(0, n);
      let oldest = -1;
      for (let k = 0; k < window.length; k++) if (window[k] === true) oldest = k;
      if (oldest < 0 || oldest + 1 < m) return 'OK';
      return window.slice(0, oldest).every((v) => v !== false) ? 'ALARM' : 'OK';
    }
  }
}

function evaluateMetricAlarm(a: MetricAlarmModel, from: number, length: number, delay: number, extra: number): AlarmStateName[] {
  const range = a.evaluationPeriods + extra;
  const p = a.periodMinutes;
  const out: AlarmStateName[] = new Array(length);
  let previous: AlarmStateName = 'INSUFFICIENT_DATA';
  const points: Array<boolean | undefined> = new Array(range);
  // A datapoint is identified by the last minute it covers; each is evaluated once (0 = not yet, 1 = missing,
  // 2 = not breaching, 3 = breaching).
  const base = from - delay - range * p;
  const cache = new Int8Array(length + range * p + 1);
  const point = (to: number): boolean | undefined => {
    const i = to - base;
    if (cache[i] === 0) {
      const v = a.datapoint(to - p + 1, to);
      cache[i] = v === undefined ? 1 : a.breaching(v) ? 3 : 2;
    }
    return cache[i] === 1 ? undefined : cache[i] === 3;
  };
  const single = a.evaluationPeriods === 1 && a.datapointsToAlarm === 1;
  const missingState: AlarmStateName | undefined =
    a.treatMissingData === 'breaching' ? 'ALARM' : a.treatMissingData === 'notBreaching' ? 'OK' : a.treatMissingData === 'missing' ? 'INSUFFICIENT_DATA' : undefined;
  for (let j = 0; j < length; j++) {
    const m = from + j - delay;
    if (single) {
      // 1 of 1 (every window alarm): the most recent real datapoint decides; none in the range: TreatMissingData.
      let state: AlarmStateName | undefined;
      for (let k = 0; k < range && state === undefined; k++) {
        const v = point(m - k * p);
        if (v !== undefined) state = v ? 'ALARM' : 'OK';
      }
      out[j] = previous = state ?? missingState ?? previous;
      continue;
    }
    for (let k = 0; k < range; k++) points[k] = point(m - k * p);
    out[j] = previous = evaluateDatapoints(a, points, previous);
  }
  return out;
}

/**
 * The minutes (indexes into `state`) at which an alarm performs its ALARM actions, and those at which an ALARM
 * episode began that the suppressor held back (see the module doc for the documented semantics).
 */
export function actionMinutes(
  state: readonly AlarmStateName[],
  suppressor: readonly AlarmStateName[] | undefined,
  waitMinutes = 1,
  extensionMinutes = 1,
): { actions: number[]; suppressedEpisodes: number[] } {
  const actions: number[] = [];
  const suppressedEpisodes: number[] = [];
  type Phase = 'idle' | 'waiting' | 'suppressed' | 'extension' | 'acted';
  let phase: Phase = 'idle';
  let until = -1;
  let episode = -1;
  for (let m = 0; m < state.length; m++) {
    if (state[m] !== 'ALARM') {
      phase = 'idle';
      continue;
    }
    if (!suppressor) {
      if (phase === 'idle') {
        actions.push(m);
        phase = 'acted';
      }
      continue;
    }
    const sup = suppressor[m] === 'ALARM';
    if (phase === 'idle') {
      episode = m;
      if (sup) {
        phase = 'suppressed';
        suppressedEpisodes.push(episode);
      } else {
        phase = 'waiting';
        until = m + waitMinutes;
      }
    }
    if (phase === 'waiting') {
      if (sup) {
        phase = 'suppressed';
        suppressedEpisodes.push(episode);
      } else if (m >= until) {
        actions.push(m);
        phase = 'acted';
      }
    }
    if (phase === 'suppressed' && !sup) {
      phase = 'extension';
      until = m + extensionMinutes;
    }
    if (phase === 'extension') {
      if (sup) phase = 'suppressed';
      else if (m >= until) {
        actions.push(m);
        phase = 'acted';
      }
    }
  }
  return { actions, suppressedEpisodes };
}

/**
 * The fewest whole minutes of 1-minute data after which a window's ratio exceeds `threshold`, when the error
 * ratio steps from 0 to `errorRatio` at constant traffic (above the gate): after k minutes the window holds
 * k errored minutes of W, ratio = errorRatio × k ÷ W, so k is the least integer > threshold × W ÷ errorRatio.
 * Null when errorRatio ≤ threshold (never). Analytic: no ingestion delay, evaluated every minute.
 */
export function minimumWindowDetectionMinutes(windowMinutes: number, threshold: number, errorRatio: number): number | null {
  if (!(errorRatio > threshold)) return null;
  return Math.floor(withoutFloatNoise((threshold * windowMinutes) / errorRatio)) + 1;
}

/**
 * The analytic time to detect for a tier (no ingestion delay, evaluated every minute): both of its windows must
 * exceed the threshold. For an incident lasting `durationMinutes`, both windows' ratios stop growing when it
 * ends, so the tier fires then or never.
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
 * The analytic time for the no-traffic alarm to fire after traffic (above its threshold) stops: the evaluation range
 * (EvaluationPeriods + 2 one-minute datapoints, assumed) must hold no real datapoint, because with fewer real
 * datapoints than EvaluationPeriods CloudWatch uses all of them and fills the rest.
 */
export function minimumNoTrafficDetectionMinutes(noTraffic: SloAlarmDefinitions['noTraffic'], extraEvaluationRange = ASSUMED_EXTRA_EVALUATION_RANGE): number {
  return (noTraffic.evaluationPeriods + extraEvaluationRange) * noTraffic.periodMinutes;
}

function checkInput(input: SimulationInput): void {
  const bad = (c: MinuteCounts) =>
    !(Number.isFinite(c.total) && Number.isFinite(c.bad) && c.total >= 0 && c.bad >= 0 && c.bad <= c.total);
  const i = input.series.findIndex(bad);
  if (i >= 0) throw new Error(`simulator: series[${i}] = ${JSON.stringify(input.series[i])}: counts must be finite with 0 ≤ bad ≤ total`);
  if (input.baseline && bad(input.baseline)) throw new Error(`simulator: baseline ${JSON.stringify(input.baseline)}: counts must be finite with 0 ≤ bad ≤ total`);
  for (const [name, v] of [
    ['ingestionDelayMinutes', input.ingestionDelayMinutes],
    ['extraEvaluationRange', input.extraEvaluationRange],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new Error(`simulator: ${name} ${v}: must be a whole number of minutes ≥ 0`);
  }
}

function gatedRatio(c: { total: number; bad: number; hasData: boolean }, gate: number): number | undefined {
  if (!c.hasData) return undefined;
  return c.total > gate ? c.bad / c.total : 0;
}

/** Prefix sums over the series, with the baseline before minute 0. */
class Counts {
  private readonly total: number[];
  private readonly bad: number[];
  private readonly withData: number[];
  constructor(
    private readonly series: readonly MinuteCounts[],
    private readonly baseline?: MinuteCounts,
  ) {
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
    return this.range(m - w + 1, m);
  }
  /** Sums over minutes from … to (inclusive); minutes past the series have no data. */
  range(from: number, to: number): { total: number; bad: number; hasData: boolean } {
    const n = this.series.length;
    const hi = Math.min(to, n - 1);
    const lo = Math.max(from, 0);
    const inSeries = hi >= lo;
    const before = Math.max(0, Math.min(to, -1) - from + 1);
    const b = this.baseline;
    const total = (inSeries ? this.total[hi + 1] - this.total[lo] : 0) + (b ? b.total * before : 0);
    const bad = (inSeries ? this.bad[hi + 1] - this.bad[lo] : 0) + (b ? b.bad * before : 0);
    const hasData = (inSeries && this.withData[hi + 1] - this.withData[lo] > 0) || (before > 0 && !!b && b.total > 0);
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
