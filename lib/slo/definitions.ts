/**
 * The alarm DEFINITIONS of a multi-window, multi-burn-rate SLO on CloudWatch, as plain data.
 *
 * One structure, three users: `SloAlarms` renders it into CloudFormation, `alarmDefinitionsFromTemplate`
 * reads it back out of a synthesized template, and the simulator replays traffic through it. Pure: no
 * aws-cdk-lib import.
 *
 * How the definitions map onto CloudWatch (see docs/slo-alerting.md):
 * - CloudWatch has no rolling sum inside an alarm, so each window is its own metric-math alarm whose
 *   metrics all use period = window, EvaluationPeriods 1, DatapointsToAlarm 1. "The length of the window is
 *   Period multiplied by Evaluation Periods" and the default SlidingWindow "advances each time the alarm is
 *   evaluated" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation-window.html).
 * - An alarm has ONE threshold, so the unit of sharing is the pair (window, threshold), not the window:
 *   two tiers share an alarm only when they use the same window with the same threshold. The Workbook's
 *   defaults need 6 alarms for 6 (window, threshold) pairs: the 6 h window appears twice, as the page-6h
 *   long window (error ratio > 0.006) and the ticket-3d short window (> 0.001).
 * - The ratio is gated for low traffic: `IF(total > N, bad / total, 0)` with N = ⌊1 ÷ threshold⌋: a window
 *   counts only when it saw more requests than it takes for ONE failed request to cross the threshold
 *   (raised, never lowered, by an optional floor of requests per minute × window).
 * - A composite per tier: `ALARM(long) AND ALARM(short)`; tiers of one severity are combined with OR into a
 *   page and a ticket composite; the ticket's ActionsSuppressor is the page: while the page is in ALARM the ticket's
 *   actions wait, and ExtensionPeriod after the page leaves ALARM they are performed if the ticket is still in ALARM
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_CompositeAlarm.html).
 * - A no-traffic alarm on the SLI's request count: period 1 min, W of W datapoints below the threshold,
 *   missing data breaching. CloudWatch fills missing datapoints only when the evaluation range holds fewer
 *   real ones than EvaluationPeriods
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html), so it fires
 *   about W + 2 minutes after the last request. W is sized from the objective: the minutes of a full outage
 *   that spend 1 % of the budget, less the 2 minutes of the evaluation range.
 * - Budget alarms (tickets): the error budget over the whole period is spent (or below a share). Where the period
 *   fits one alarm (7 days, CloudWatch's limit) a window alarm over the period; beyond it an alarm on the
 *   `ErrorBudgetRemaining` metric the budget publisher puts hourly.
 */
import { formatWindow, MINUTES_PER_DAY } from '../format/durations';
import { withoutFloatNoise } from '../format/numbers';
import type { Problem } from '../validation';
import { BurnRateTier, burnRateOfThreshold, errorBudgetRatio, Severity } from './burn-rate';
import { hiddenBudgetMinutes } from './tier-scaling';

/** An alarm state, as composite alarm rules name them. */
export type AlarmStateName = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';

/** How CloudWatch treats an evaluation with no datapoint. */
export type TreatMissingDataMode = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

/** The comparison operators the definitions use. */
export type ComparisonOperatorName =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** A composite alarm rule as a tree: what `AlarmRule` strings like `(ALARM("a") AND ALARM("b"))` mean. */
export type AlarmRuleExpr =
  | { readonly kind: 'state'; readonly state: AlarmStateName; readonly alarm: string }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly AlarmRuleExpr[] }
  | { readonly kind: 'not'; readonly operand: AlarmRuleExpr }
  | { readonly kind: 'const'; readonly value: boolean };

/** One metric-math alarm on the gated error ratio over one window. */
export interface WindowAlarmDefinition {
  /** Stable id, e.g. `burn-1h-x14.4` (window and burn-rate threshold). */
  readonly id: string;
  /** The window: every metric's period, in minutes. */
  readonly windowMinutes: number;
  /** Always 1: one datapoint covering the whole window. */
  readonly evaluationPeriods: number;
  /** Always 1. */
  readonly datapointsToAlarm: number;
  /** The alarm fires when the gated error ratio is above this. */
  readonly errorRatioThreshold: number;
  /** `GreaterThanThreshold`. */
  readonly comparisonOperator: ComparisonOperatorName;
  /** The low-traffic gate N of `IF(total > N, bad / total, 0)`: ⌊1 ÷ threshold⌋, or the request floor when higher. */
  readonly minimumRequests: number;
  /** `notBreaching`: no requests at all is no error (the no-traffic alarm covers it). */
  readonly treatMissingData: TreatMissingDataMode;
}

/** One tier's composite: its long and short window alarms ANDed. */
export interface TierAlarmDefinition {
  /** Stable id, `tier-<name>`. */
  readonly id: string;
  /** The tier's name, e.g. `page-1h`. */
  readonly name: string;
  readonly severity: Severity;
  /** Id of the long window alarm. */
  readonly longWindowAlarm: string;
  /** Id of the short window alarm. */
  readonly shortWindowAlarm: string;
  /** `ALARM(long) AND ALARM(short)`. */
  readonly rule: AlarmRuleExpr;
}

/** ActionsSuppressor settings of a composite alarm. */
export interface ActionsSuppressorDefinition {
  /** Id of the suppressing alarm. */
  readonly alarm: string;
  /** How long the composite waits for the suppressor to go into ALARM before acting, seconds. */
  readonly waitPeriodSeconds: number;
  /** How long suppression lasts after the suppressor leaves ALARM, seconds. */
  readonly extensionPeriodSeconds: number;
}

/** The composite that notifies one severity: its tiers ORed. */
export interface SeverityAlarmDefinition {
  /** `page` or `ticket`. */
  readonly id: string;
  readonly severity: Severity;
  /** `ALARM(tier-a) OR ALARM(tier-b) ...`. */
  readonly rule: AlarmRuleExpr;
  /** The ticket's suppressor is the page. @default none */
  readonly actionsSuppressor?: ActionsSuppressorDefinition;
}

/**
 * Fires when the SLI's request count is below `minimumRequests` in each of the last `evaluationPeriods` 1-minute
 * datapoints, missing data breaching: silence must not look healthy forever.
 */
export interface NoTrafficAlarmDefinition {
  /** `no-traffic`. */
  readonly id: string;
  /** The period of each datapoint: 1 minute. */
  readonly periodMinutes: number;
  /** W: minutes of datapoints, each below the threshold (or missing), that fire the alarm. */
  readonly evaluationPeriods: number;
  /** W, as EvaluationPeriods. */
  readonly datapointsToAlarm: number;
  /** `LessThanThreshold`. */
  readonly comparisonOperator: ComparisonOperatorName;
  /** The threshold: fewer requests than this in a minute is "no traffic" in that minute. */
  readonly minimumRequests: number;
  /** `breaching`: missing data must not look healthy forever. */
  readonly treatMissingData: TreatMissingDataMode;
  /** Which topic hears about it. */
  readonly severity: Severity;
}

/**
 * A budget alarm (a ticket): the error budget of the whole period is spent, or below `remainingBelow`.
 * - `window` (periods up to 7 days): a metric-math alarm over the period, `IF(total > 0, bad / total, 0)` >
 *   (1 − SLO) × (1 − remainingBelow), period = the SLO period.
 * - `published` (longer periods): an alarm on the `ErrorBudgetRemaining` metric the budget publisher puts every
 *   hour, Minimum over 1 h < remainingBelow; missing data is INSUFFICIENT_DATA, notified, so a dead publisher is seen.
 */
export interface BudgetAlarmDefinition {
  /** `budget-exhausted` (remainingBelow 0) or `budget-below-<n>pct`. */
  readonly id: string;
  readonly source: 'window' | 'published';
  /** The alarm fires when the share of the budget left is below this (0: overspent). */
  readonly remainingBelow: number;
  /** window: the SLO period; published: 60. */
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** window: the error ratio (1 − SLO) × (1 − remainingBelow); published: remainingBelow. */
  readonly threshold: number;
  /** window: `GreaterThanThreshold`; published: `LessThanThreshold`. */
  readonly comparisonOperator: ComparisonOperatorName;
  /** window: the gate N of `IF(total > N, bad / total, 0)`, 0. */
  readonly minimumRequests?: number;
  /** window: `notBreaching`; published: `missing`. */
  readonly treatMissingData: TreatMissingDataMode;
  readonly severity: Severity;
}

/** Everything the alarms of one SLO do, as data. */
export interface SloAlarmDefinitions {
  readonly availability: number;
  readonly periodDays: number;
  readonly windowAlarms: readonly WindowAlarmDefinition[];
  readonly tiers: readonly TierAlarmDefinition[];
  /** Absent when no tier pages. */
  readonly page?: SeverityAlarmDefinition;
  /** Absent when no tier tickets. */
  readonly ticket?: SeverityAlarmDefinition;
  readonly noTraffic: NoTrafficAlarmDefinition;
  /** Budget alarms, tickets; empty when turned off. */
  readonly budget: readonly BudgetAlarmDefinition[];
}

/** Options of the no-traffic alarm. */
export interface NoTrafficOptions {
  /**
   * W: consecutive minutes below `minimumRequests` (or without data) that fire the alarm; CloudWatch's evaluation
   * range adds about 2 minutes (1 to 1,440).
   * @default - sized from the objective: ⌊minutes of a full outage that spend `hiddenBudgetShare` of the budget⌋ − 2, at least 1
   */
  readonly windowMinutes?: number;
  /**
   * Share of the period's error budget a silent outage may hide before the alarm fires, when `windowMinutes` is not given.
   * @default 0.01
   */
  readonly hiddenBudgetShare?: number;
  /** @default 1 (a minute without any request) */
  readonly minimumRequests?: number;
  /** @default 'ticket' */
  readonly severity?: Severity;
}

/** Options of the budget alarms. */
export interface BudgetAlarmOptions {
  /**
   * One ticket per value: the share of the period's error budget left falls below it (0: the budget is overspent;
   * 0.1: the guides' freeze policy). Each in [0, 1).
   * @default [0]
   */
  readonly remainingBelow?: readonly number[];
}

/** Input of {@link buildAlarmDefinitions}. */
export interface AlarmDefinitionsInput {
  readonly availability: number;
  readonly periodDays: number;
  /** Computed tiers (`computeTiers`); tiers that can never fire are left out. */
  readonly tiers: readonly BurnRateTier[];
  /**
   * Floor of the low-traffic gate as a request RATE: a window of W minutes counts its error ratio only when it saw
   * more than max(⌊1 ÷ threshold⌋, `minimumRequestsPerMinute × W`) requests.
   * @default 0 (the gate is ⌊1 ÷ threshold⌋: 69 requests for 99.9 %'s 14.4× page, 1,000 for its 1× ticket)
   */
  readonly minimumRequestsPerMinute?: number;
  /** @default see {@link NoTrafficOptions} */
  readonly noTraffic?: NoTrafficOptions;
  /**
   * Budget alarms; `false` for none.
   * @default { remainingBelow: [0] }: a ticket when the period's budget is overspent
   */
  readonly budget?: BudgetAlarmOptions | false;
  /** @default 60 */
  readonly suppressorWaitPeriodSeconds?: number;
  /** @default 60 */
  readonly suppressorExtensionPeriodSeconds?: number;
}

/** CloudWatch: Period × EvaluationPeriods ≤ 7 days (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html). */
export const MAX_ALARM_EVALUATION_MINUTES = 7 * MINUTES_PER_DAY;
/** CloudWatch: ≤ 1 day when the period is under 1 hour. */
export const MAX_SUB_HOUR_ALARM_EVALUATION_MINUTES = MINUTES_PER_DAY;
/** CloudWatch: a metric-math alarm references at most 10 metrics, a hard limit (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html). */
export const MAX_METRICS_PER_ALARM = 10;
/** Default floor of the low-traffic gate, requests per minute of window: none, the gate is ⌊1 ÷ threshold⌋. */
export const DEFAULT_MINIMUM_REQUESTS_PER_MINUTE = 0;
/** Default share of the budget a silent outage may hide before the no-traffic alarm fires. */
export const DEFAULT_HIDDEN_BUDGET_SHARE = 0.01;
/**
 * Datapoints CloudWatch's evaluation range holds beyond EvaluationPeriods. AWS documents one case ("Datapoints to
 * Alarm and Evaluation Periods are both 3. CloudWatch retrieves the 5 most recent data points"); the simulator and
 * the no-traffic sizing assume the same 2 for every alarm.
 */
export const ASSUMED_EXTRA_EVALUATION_RANGE = 2;
/** CloudWatch: for periods under an hour, Period × EvaluationPeriods ≤ 1 day: at most 1,440 one-minute datapoints. */
export const MAX_NO_TRAFFIC_MINUTES = 1440;
/** Namespace of the metrics the budget publisher puts. */
export const BUDGET_METRIC_NAMESPACE = 'CdkScalePatterns/SLO';
/** Name of the published budget metric: 1 − (bad ÷ total over the period) ÷ (1 − SLO). */
export const BUDGET_REMAINING_METRIC = 'ErrorBudgetRemaining';
/** Period of the published budget metric and of its alarms, minutes. */
export const BUDGET_PUBLISH_MINUTES = 60;

const SEVERITY_ORDER: Record<Severity, number> = { page: 0, ticket: 1 };

/** Tiers in the canonical order of the definitions: pages first, then by long window, then by name. */
export function sortTiers<T extends { severity: Severity; longWindowMinutes: number; name: string }>(tiers: readonly T[]): T[] {
  return [...tiers].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.longWindowMinutes - b.longWindowMinutes || a.name.localeCompare(b.name),
  );
}

/** `burn-1h-x14.4`: the id of the alarm for a window and burn-rate threshold. */
export function windowAlarmId(windowMinutes: number, errorRatioThreshold: number, availability: number): string {
  return `burn-${formatWindow(windowMinutes)}-x${burnRateOfThreshold(errorRatioThreshold, availability)}`;
}

/**
 * The request floor of a window: `minimumRequestsPerMinute × W` (without float noise: 0.1 × 30 is 3, not
 * 3.0000000000000004).
 */
export function minimumRequestsOverWindow(minimumRequestsPerMinute: number, windowMinutes: number): number {
  return withoutFloatNoise(minimumRequestsPerMinute * windowMinutes);
}

/**
 * The low-traffic gate N of a window alarm, `IF(total > N, bad / total, 0)`: ⌊1 ÷ threshold⌋, the most requests
 * for which ONE failed request already crosses the threshold (99.9 %: 69 for the 14.4× page, 1,000 for the 1×
 * ticket), or the floor `minimumRequestsPerMinute × W` when higher.
 */
export function windowGate(errorRatioThreshold: number, windowMinutes: number, minimumRequestsPerMinute = 0): number {
  return Math.max(Math.floor(withoutFloatNoise(1 / errorRatioThreshold)), minimumRequestsOverWindow(minimumRequestsPerMinute, windowMinutes));
}

/**
 * The lowest steady request rate, per minute, at which a tier can fire at all: both of its windows must hold more
 * than the gate, and the short one is the binding one: gate ÷ short window.
 */
export function tierBlindBelowRequestsPerMinute(gate: number, shortWindowMinutes: number): number {
  return withoutFloatNoise(gate / shortWindowMinutes);
}

/**
 * W of the no-traffic alarm sized from the objective: ⌊share × (1 − SLO) × period minutes⌋ − 2 (the evaluation
 * range), clamped to [1, 1,440]. 30 d at 99.9 %: 1 (a silent outage then hides (1 + 2) ÷ 43.2 = 6.9 % of the budget:
 * only a synthetic canary protects such a budget); 365 d at 99.9 %: 3; 30 d at 90 %: 41.
 */
export function noTrafficMinutes(availability: number, periodDays: number, share = DEFAULT_HIDDEN_BUDGET_SHARE): number {
  const t = Math.floor(hiddenBudgetMinutes(availability, periodDays, share)) - ASSUMED_EXTRA_EVALUATION_RANGE;
  return Math.min(MAX_NO_TRAFFIC_MINUTES, Math.max(1, t));
}

/** Share of the period's budget a silent outage spends before a no-traffic alarm of W minutes fires: (W + 2) ÷ ((1 − SLO) × P). */
export function noTrafficHiddenShare(availability: number, periodDays: number, windowMinutes: number): number {
  return withoutFloatNoise((windowMinutes + ASSUMED_EXTRA_EVALUATION_RANGE) / (errorBudgetRatio(availability) * periodDays * MINUTES_PER_DAY));
}

/** `budget-exhausted` for 0, `budget-below-10pct` for 0.1. */
export function budgetAlarmId(remainingBelow: number): string {
  return remainingBelow === 0 ? 'budget-exhausted' : `budget-below-${withoutFloatNoise(remainingBelow * 100)}pct`;
}

/** True when one alarm can see the whole SLO period (≤ 7 days): the budget alarms are window alarms, no publisher. */
export function budgetFitsOneAlarm(periodDays: number): boolean {
  return periodDays * MINUTES_PER_DAY <= MAX_ALARM_EVALUATION_MINUTES;
}

/** The distinct windows of the window alarms, shortest first, in minutes. */
export function alarmWindowsMinutes(definitions: Pick<SloAlarmDefinitions, 'windowAlarms'>): number[] {
  return [...new Set(definitions.windowAlarms.map((w) => w.windowMinutes))].sort((a, b) => a - b);
}

/** The gated error-ratio expression a window alarm watches. */
export function gatedRatioExpression(minimumRequests: number, badId = 'bad', totalId = 'total'): string {
  return `IF(${totalId} > ${minimumRequests}, ${badId} / ${totalId}, 0)`;
}

/** Reads the gate back out of an expression rendered by {@link gatedRatioExpression}; undefined when it is not one. */
export function parseGatedRatioExpression(expression: string): { minimumRequests: number; badId: string; totalId: string } | undefined {
  const m = /^\s*IF\(\s*(\w+)\s*>\s*([0-9.eE+-]+)\s*,\s*(\w+)\s*\/\s*(\w+)\s*,\s*0\s*\)\s*$/.exec(expression);
  if (!m || m[1] !== m[4]) return undefined;
  const minimumRequests = Number(m[2]);
  if (!Number.isFinite(minimumRequests)) return undefined;
  return { minimumRequests, badId: m[3], totalId: m[1] };
}

/** `ALARM(a)`. */
export function alarmIn(alarm: string, state: AlarmStateName = 'ALARM'): AlarmRuleExpr {
  return { kind: 'state', state, alarm };
}

/** Every operand true (a single operand stands alone, as CloudWatch reads `(ALARM("x"))`). */
export function allOf(...operands: AlarmRuleExpr[]): AlarmRuleExpr {
  return operands.length === 1 ? operands[0] : { kind: 'and', operands };
}

/** Any operand true (a single operand stands alone). */
export function anyOf(...operands: AlarmRuleExpr[]): AlarmRuleExpr {
  return operands.length === 1 ? operands[0] : { kind: 'or', operands };
}

/** Renders a rule the way CloudWatch writes it, naming each alarm with `name` (e.g. its ARN). */
export function formatAlarmRule(rule: AlarmRuleExpr, name: (alarm: string) => string = (a) => a): string {
  switch (rule.kind) {
    case 'state':
      return `${rule.state}("${name(rule.alarm)}")`;
    case 'const':
      return rule.value ? 'TRUE' : 'FALSE';
    case 'not':
      return `(NOT ${formatAlarmRule(rule.operand, name)})`;
    default:
      return `(${rule.operands.map((o) => formatAlarmRule(o, name)).join(rule.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
}

/**
 * Parses a composite alarm rule (`ALARM("x") AND (OK("y") OR NOT INSUFFICIENT_DATA("z"))`, TRUE, FALSE).
 * Alarm names inside the quotes are returned as written. Throws on anything else.
 */
export function parseAlarmRule(text: string): AlarmRuleExpr {
  const tokens = tokenizeRule(text);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new Error(`alarm rule: expected ${t} at token ${i} in ${JSON.stringify(text)}`);
    i++;
  };
  const parseOr = (): AlarmRuleExpr => {
    const ops = [parseAnd()];
    while (peek() === 'OR') {
      i++;
      ops.push(parseAnd());
    }
    return ops.length === 1 ? ops[0] : { kind: 'or', operands: ops };
  };
  const parseAnd = (): AlarmRuleExpr => {
    const ops = [parseUnary()];
    while (peek() === 'AND') {
      i++;
      ops.push(parseUnary());
    }
    return ops.length === 1 ? ops[0] : { kind: 'and', operands: ops };
  };
  const parseUnary = (): AlarmRuleExpr => {
    const t = tokens[i++];
    if (t === 'NOT') return { kind: 'not', operand: parseUnary() };
    if (t === '(') {
      const inner = parseOr();
      expect(')');
      return inner;
    }
    if (t === 'TRUE' || t === 'FALSE') return { kind: 'const', value: t === 'TRUE' };
    if (t === 'ALARM' || t === 'OK' || t === 'INSUFFICIENT_DATA') {
      expect('(');
      const q = tokens[i++];
      if (q === undefined || !q.startsWith('"')) throw new Error(`alarm rule: expected a quoted alarm name after ${t}( in ${JSON.stringify(text)}`);
      expect(')');
      return { kind: 'state', state: t, alarm: q.slice(1, -1) };
    }
    throw new Error(`alarm rule: unexpected ${t === undefined ? 'end' : JSON.stringify(t)} in ${JSON.stringify(text)}`);
  };
  const rule = parseOr();
  if (i !== tokens.length) throw new Error(`alarm rule: trailing ${JSON.stringify(tokens[i])} in ${JSON.stringify(text)}`);
  return rule;
}

function tokenizeRule(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|([()])|([A-Z_]+))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`alarm rule: cannot read ${JSON.stringify(text.slice(pos, pos + 20))} in ${JSON.stringify(text)}`);
    tokens.push(m[1] ?? m[2] ?? m[3]);
    pos = re.lastIndex;
  }
  return tokens;
}

/** Every alarm a rule names. */
export function alarmsInRule(rule: AlarmRuleExpr): string[] {
  switch (rule.kind) {
    case 'state':
      return [rule.alarm];
    case 'const':
      return [];
    case 'not':
      return alarmsInRule(rule.operand);
    default:
      return rule.operands.flatMap(alarmsInRule);
  }
}

/** Lists the CloudWatch limits the tiers' windows break (empty when none). */
export function checkAlarmWindows(tiers: readonly BurnRateTier[], path = 'slo.tiers'): Problem[] {
  const problems: Problem[] = [];
  tiers.forEach((t, i) => {
    for (const [field, minutes] of [
      ['longWindowMinutes', t.longWindowMinutes],
      ['shortWindowMinutes', t.shortWindowMinutes],
    ] as const) {
      problems.push(...checkAlarmPeriod(minutes, `${path}[${i}].${field}`));
    }
  });
  return problems;
}

/** Checks one alarm period (EvaluationPeriods 1) against CloudWatch's evaluation-range limits. */
export function checkAlarmPeriod(minutes: number, path: string): Problem[] {
  if (!Number.isInteger(minutes) || minutes < 1) {
    return [{ path, value: minutes, message: 'must be a whole number of minutes (CloudWatch periods are multiples of 60 s)' }];
  }
  if (minutes > MAX_ALARM_EVALUATION_MINUTES) {
    return [
      {
        path,
        value: minutes,
        message: `CloudWatch limits Period × EvaluationPeriods to 7 days (604,800 s); this window is ${minutes * 60} s. Use a window of at most ${MAX_ALARM_EVALUATION_MINUTES} minutes`,
      },
    ];
  }
  return [];
}

/**
 * Builds the alarm definitions for computed tiers. Tiers that cannot fire (threshold ≥ 1) are left out;
 * callers report them with `tierWarnings`.
 */
export function buildAlarmDefinitions(input: AlarmDefinitionsInput): SloAlarmDefinitions {
  const perMinute = input.minimumRequestsPerMinute ?? DEFAULT_MINIMUM_REQUESTS_PER_MINUTE;
  const windows = new Map<string, WindowAlarmDefinition>();
  const windowAlarm = (windowMinutes: number, threshold: number): string => {
    const id = windowAlarmId(windowMinutes, threshold, input.availability);
    if (!windows.has(id)) {
      windows.set(id, {
        id,
        windowMinutes,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        errorRatioThreshold: threshold,
        comparisonOperator: 'GreaterThanThreshold',
        minimumRequests: windowGate(threshold, windowMinutes, perMinute),
        treatMissingData: 'notBreaching',
      });
    }
    return id;
  };
  const tiers: TierAlarmDefinition[] = sortTiers(input.tiers.filter((t) => t.canFire)).map((t) => {
    const longWindowAlarm = windowAlarm(t.longWindowMinutes, t.errorRatioThreshold);
    const shortWindowAlarm = windowAlarm(t.shortWindowMinutes, t.errorRatioThreshold);
    return {
      id: `tier-${t.name}`,
      name: t.name,
      severity: t.severity,
      longWindowAlarm,
      shortWindowAlarm,
      rule: allOf(alarmIn(longWindowAlarm), alarmIn(shortWindowAlarm)),
    };
  });
  const severity = (s: Severity): SeverityAlarmDefinition | undefined => {
    const members = tiers.filter((t) => t.severity === s);
    if (members.length === 0) return undefined;
    return { id: s, severity: s, rule: anyOf(...members.map((t) => alarmIn(t.id))) };
  };
  const page = severity('page');
  const ticketBase = severity('ticket');
  const ticket =
    ticketBase && page
      ? {
          ...ticketBase,
          actionsSuppressor: {
            alarm: page.id,
            waitPeriodSeconds: input.suppressorWaitPeriodSeconds ?? 60,
            extensionPeriodSeconds: input.suppressorExtensionPeriodSeconds ?? 60,
          },
        }
      : ticketBase;
  const nt = input.noTraffic ?? {};
  const w = nt.windowMinutes ?? noTrafficMinutes(input.availability, input.periodDays, nt.hiddenBudgetShare);
  return {
    availability: input.availability,
    periodDays: input.periodDays,
    windowAlarms: [...windows.values()],
    tiers,
    ...(page ? { page } : {}),
    ...(ticket ? { ticket } : {}),
    noTraffic: {
      id: 'no-traffic',
      periodMinutes: 1,
      evaluationPeriods: w,
      datapointsToAlarm: w,
      comparisonOperator: 'LessThanThreshold',
      minimumRequests: nt.minimumRequests ?? 1,
      treatMissingData: 'breaching',
      severity: nt.severity ?? 'ticket',
    },
    budget: input.budget === false ? [] : budgetAlarms(input.availability, input.periodDays, input.budget?.remainingBelow ?? [0]),
  };
}

/** The budget alarm definitions of an SLO, one per share in `remainingBelow` (sorted, duplicates dropped). */
export function budgetAlarms(availability: number, periodDays: number, remainingBelow: readonly number[]): BudgetAlarmDefinition[] {
  const window = budgetFitsOneAlarm(periodDays);
  return [...new Set(remainingBelow)]
    .sort((a, b) => a - b)
    .map((r) => ({
      id: budgetAlarmId(r),
      source: window ? ('window' as const) : ('published' as const),
      remainingBelow: r,
      periodMinutes: window ? periodDays * MINUTES_PER_DAY : BUDGET_PUBLISH_MINUTES,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: window ? withoutFloatNoise(errorBudgetRatio(availability) * (1 - r)) : r,
      comparisonOperator: window ? ('GreaterThanThreshold' as const) : ('LessThanThreshold' as const),
      ...(window ? { minimumRequests: 0 } : {}),
      treatMissingData: window ? ('notBreaching' as const) : ('missing' as const),
      severity: 'ticket' as const,
    }));
}

/**
 * Period of the dashboard's "error budget remaining" graph over the whole SLO period: at least 1 hour
 * (1-hour datapoints are kept 455 days, 1-minute ones only 15), and coarse enough to keep at most 1,440
 * points per line (GetMetricStatistics' ceiling; a readable graph).
 */
export function budgetGraphPeriodMinutes(periodDays: number): number {
  const periodMinutes = periodDays * MINUTES_PER_DAY;
  return Math.max(60, Math.ceil(periodMinutes / 1440 / 60) * 60);
}
