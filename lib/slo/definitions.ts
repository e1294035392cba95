/**
 * The alarm DEFINITIONS of a multi-window, multi-burn-rate SLO on CloudWatch, as plain data.
 *
 * One structure, three users: `SloAlarms` renders it into CloudFormation, `alarmDefinitionsFromTemplate`
 * reads it back out of a synthesized template, and the simulator replays traffic through it. Pure: no
 * aws-cdk-lib import.
 *
 * How the definitions map onto CloudWatch (see docs/slo-alerting.md):
 * - CloudWatch has no rolling sum inside an alarm, so each window is its own metric-math alarm whose
 *   metrics all use period = window, EvaluationPeriods 1, DatapointsToAlarm 1. CloudWatch evaluates it
 *   every minute over the trailing period.
 * - An alarm has ONE threshold, so the unit of sharing is the pair (window, threshold), not the window:
 *   two tiers share an alarm only when they use the same window with the same threshold. The Workbook's
 *   defaults need 6 alarms for 6 (window, threshold) pairs: the 6 h window appears twice, as the page-6h
 *   long window (error ratio > 0.006) and the ticket-3d short window (> 0.001). Fewer is impossible: a
 *   6 h ratio between 0.001 and 0.006 must make one alarm fire and the other not.
 * - The ratio is gated for low traffic: `IF(total > N, bad / total, 0)`, N = minimum requests per minute
 *   × window minutes, so a window that saw too few requests to mean anything reads 0.
 * - A composite per tier: `ALARM(long) AND ALARM(short)`; tiers of one severity are combined with OR into a
 *   page and a ticket composite; the ticket's ActionsSuppressor is the page.
 * - A no-traffic alarm: total < N over its window, missing data breaching.
 */
import { formatWindow, MINUTES_PER_DAY } from '../format/durations';
import { withoutFloatNoise } from '../format/numbers';
import type { Problem } from '../validation';
import { BurnRateTier, burnRateOfThreshold, Severity } from './burn-rate';

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
  /** The low-traffic gate N of `IF(total > N, bad / total, 0)`. */
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

/** Fires when the SLI's total count is below `minimumRequests` over the window, or missing. */
export interface NoTrafficAlarmDefinition {
  /** `no-traffic`. */
  readonly id: string;
  readonly windowMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** `LessThanThreshold`. */
  readonly comparisonOperator: ComparisonOperatorName;
  /** The threshold: fewer requests than this over the window is "no traffic". */
  readonly minimumRequests: number;
  /** `breaching`: missing data must not look healthy forever. */
  readonly treatMissingData: TreatMissingDataMode;
  /** Which topic hears about it. */
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
}

/** Options of the no-traffic alarm. */
export interface NoTrafficOptions {
  /** @default 10 */
  readonly windowMinutes?: number;
  /** @default 1 (zero requests over the window) */
  readonly minimumRequests?: number;
  /** @default 'ticket' */
  readonly severity?: Severity;
}

/** Input of {@link buildAlarmDefinitions}. */
export interface AlarmDefinitionsInput {
  readonly availability: number;
  readonly periodDays: number;
  /** Computed tiers (`computeTiers`); tiers that can never fire are left out. */
  readonly tiers: readonly BurnRateTier[];
  /**
   * Low-traffic gate as a request RATE: a window of W minutes counts its error ratio only when it saw more
   * than `minimumRequestsPerMinute × W` requests.
   * @default 1 (more than 5 requests in 5 min, 60 in 1 h, 4,320 in 3 d)
   */
  readonly minimumRequestsPerMinute?: number;
  /** @default see {@link NoTrafficOptions} */
  readonly noTraffic?: NoTrafficOptions;
  /** @default 60 */
  readonly suppressorWaitPeriodSeconds?: number;
  /** @default 60 */
  readonly suppressorExtensionPeriodSeconds?: number;
}

/** CloudWatch: Period × EvaluationPeriods ≤ 7 days. */
export const MAX_ALARM_EVALUATION_MINUTES = 7 * MINUTES_PER_DAY;
/** CloudWatch: ≤ 1 day when the period is under 1 hour. */
export const MAX_SUB_HOUR_ALARM_EVALUATION_MINUTES = MINUTES_PER_DAY;
/** CloudWatch: a metric-math alarm references at most 10 metrics (hard limit). */
export const MAX_METRICS_PER_ALARM = 10;
/** Default low-traffic gate, requests per minute of window. */
export const DEFAULT_MINIMUM_REQUESTS_PER_MINUTE = 1;
/** Default no-traffic window. */
export const DEFAULT_NO_TRAFFIC_WINDOW_MINUTES = 10;

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
 * The low-traffic gate N of a window: a window of W minutes counts its error ratio only when it saw more than
 * `minimumRequestsPerMinute × W` requests (without float noise: 0.1 × 30 is 3, not 3.0000000000000004).
 */
export function minimumRequestsOverWindow(minimumRequestsPerMinute: number, windowMinutes: number): number {
  return withoutFloatNoise(minimumRequestsPerMinute * windowMinutes);
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
        minimumRequests: minimumRequestsOverWindow(perMinute, windowMinutes),
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
  return {
    availability: input.availability,
    periodDays: input.periodDays,
    windowAlarms: [...windows.values()],
    tiers,
    ...(page ? { page } : {}),
    ...(ticket ? { ticket } : {}),
    noTraffic: {
      id: 'no-traffic',
      windowMinutes: nt.windowMinutes ?? DEFAULT_NO_TRAFFIC_WINDOW_MINUTES,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: 'LessThanThreshold',
      minimumRequests: nt.minimumRequests ?? 1,
      treatMissingData: 'breaching',
      severity: nt.severity ?? 'ticket',
    },
  };
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
