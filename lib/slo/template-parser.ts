/**
 * Reads SLO alarm definitions back out of a synthesized CloudFormation template (the JSON in cdk.out, or
 * `Template.toJSON()`), so the simulator can replay traffic through the alarms AS BUILT. Pure: works on the
 * JSON, no aws-cdk-lib import.
 *
 * What comes from where:
 * - From the alarms' properties (the behaviour): each window alarm's period (every MetricStat's Period),
 *   EvaluationPeriods, DatapointsToAlarm, Threshold, ComparisonOperator, TreatMissingData and the gate
 *   constant N parsed from its `IF(total > N, bad / total, 0)` expression; the no-traffic alarm's period,
 *   evaluation periods, threshold and missing-data mode; the budget alarms (a gated ratio over the period, or the
 *   published `ErrorBudgetRemaining`); every composite's AlarmRule (ANDs, ORs, NOTs, parsed from the Fn::Join CDK
 *   renders, `Fn::GetAtt [X, Arn]` resolved to X's definition) and its ActionsSuppressor.
 * - The SLI itself: the `bad` and `total` metric-math queries of a window alarm, over the raw metrics, so a
 *   scenario can be evaluated from the template (`evaluateMetricQueries`).
 * - From the `cdk-scale:slo-alarm` resource metadata `SloAlarms` writes (labels only): which SLO a resource
 *   belongs to, its role and definition id, the tier's name and severity, and the SLO target and period
 *   (needed to express bad events as budget).
 */
import { budgetFractionOfBurnRate, BurnRateTier, burnRateOfThreshold, Severity } from './burn-rate';
import type { MetricMathQuery } from './metric-math';
import { withoutFloatNoise } from '../format/numbers';
import { errorBudgetRatio } from './burn-rate';
import {
  ActionsSuppressorDefinition,
  BudgetAlarmDefinition,
  AlarmRuleExpr,
  alarmsInRule,
  ComparisonOperatorName,
  NoTrafficAlarmDefinition,
  parseAlarmRule,
  parseGatedRatioExpression,
  SeverityAlarmDefinition,
  SloAlarmDefinitions,
  sortTiers,
  TierAlarmDefinition,
  TreatMissingDataMode,
  WindowAlarmDefinition,
} from './definitions';

/** Resource metadata key `SloAlarms` writes on every alarm it creates. */
export const SLO_ALARM_METADATA_KEY = 'cdk-scale:slo-alarm';

/** The labels in {@link SLO_ALARM_METADATA_KEY}. */
export interface SloAlarmMetadata {
  /** Construct path of the `SloAlarms` that made the alarm. */
  readonly slo: string;
  readonly role: 'window' | 'tier' | 'severity' | 'no-traffic' | 'budget';
  /** Definition id, e.g. `burn-1h-x14.4`, `tier-page-1h`, `page`. */
  readonly id: string;
  /** Tier name (role `tier`). */
  readonly tier?: string;
  /** Severity (roles `tier`, `severity`, `no-traffic`, `budget`). */
  readonly severity?: Severity;
  readonly availability: number;
  readonly periodDays: number;
}

/** One SLO's alarms as read from a template. */
export interface ParsedSloAlarms {
  /** Construct path of the `SloAlarms`. */
  readonly constructPath: string;
  readonly definitions: SloAlarmDefinitions;
  /** Definition id → CloudFormation logical id. */
  readonly logicalIds: Readonly<Record<string, string>>;
  /** Metrics (MetricStat entries) per window alarm id: CloudWatch allows at most 10. */
  readonly metricCounts: Readonly<Record<string, number>>;
  /**
   * The SLI as written in the first window alarm: its metric-math queries (raw metrics and the `bad` and `total`
   * expressions over them; periods are that alarm's window). Evaluate with `evaluateMetricQueries(sli.queries, 'bad' | 'total', …)`.
   */
  readonly sli: { readonly queries: readonly MetricMathQuery[]; readonly badId: string; readonly totalId: string };
}

interface Resource {
  readonly Type?: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
}

/** Reads every SLO's alarm definitions out of a template (one entry per `SloAlarms`). */
export function alarmDefinitionsFromTemplate(template: unknown): ParsedSloAlarms[] {
  const resources = ((template as { Resources?: Record<string, Resource> })?.Resources ?? {}) as Record<string, Resource>;
  const groups = new Map<string, Array<{ logicalId: string; resource: Resource; meta: SloAlarmMetadata }>>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const meta = resource.Metadata?.[SLO_ALARM_METADATA_KEY] as SloAlarmMetadata | undefined;
    if (!meta) continue;
    const list = groups.get(meta.slo) ?? [];
    list.push({ logicalId, resource, meta });
    groups.set(meta.slo, list);
  }
  return [...groups.entries()].map(([path, members]) => parseGroup(path, members, resources));
}

function parseGroup(
  path: string,
  members: Array<{ logicalId: string; resource: Resource; meta: SloAlarmMetadata }>,
  resources: Record<string, Resource>,
): ParsedSloAlarms {
  const fail = (msg: string): never => {
    throw new Error(`alarmDefinitionsFromTemplate(${path}): ${msg}`);
  };
  const idOfLogical = new Map(members.map((m) => [m.logicalId, m.meta.id]));
  const idOfName = new Map<string, string>();
  for (const m of members) {
    const name = m.resource.Properties?.AlarmName;
    if (typeof name === 'string') idOfName.set(name, m.meta.id);
  }
  const logicalIds: Record<string, string> = {};
  for (const m of members) logicalIds[m.meta.id] = m.logicalId;
  const first = members[0].meta;

  const metricCounts: Record<string, number> = {};
  const windows = new Map<string, WindowAlarmDefinition>();
  let noTraffic: NoTrafficAlarmDefinition | undefined;
  let sli: ParsedSloAlarms['sli'] | undefined;
  const budget: BudgetAlarmDefinition[] = [];
  const composites: Array<{ meta: SloAlarmMetadata; props: Record<string, any> }> = [];

  for (const { logicalId, resource, meta } of members) {
    const props = resource.Properties ?? {};
    if (meta.role === 'window' || meta.role === 'no-traffic' || meta.role === 'budget') {
      if (resource.Type !== 'AWS::CloudWatch::Alarm') fail(`${logicalId} (${meta.id}) is a ${resource.Type}, expected AWS::CloudWatch::Alarm`);
      const alarm = readMetricAlarm(logicalId, props, fail);
      metricCounts[meta.id] = alarm.metricCount;
      const gate = alarm.expression === undefined ? undefined : parseGatedRatioExpression(alarm.expression);
      if (meta.role === 'window') {
        if (!gate) fail(`${logicalId} (${meta.id}) does not watch a gated ratio IF(total > N, bad / total, 0): ${JSON.stringify(alarm.expression)}`);
        windows.set(meta.id, {
          id: meta.id,
          windowMinutes: alarm.periodSeconds / 60,
          evaluationPeriods: alarm.evaluationPeriods,
          datapointsToAlarm: alarm.datapointsToAlarm,
          errorRatioThreshold: alarm.threshold,
          comparisonOperator: alarm.comparisonOperator,
          minimumRequests: gate!.minimumRequests,
          treatMissingData: alarm.treatMissingData,
        });
        sli ??= { queries: props.Metrics as MetricMathQuery[], badId: gate!.badId, totalId: gate!.totalId };
      } else if (meta.role === 'budget') {
        const window = gate !== undefined;
        budget.push({
          id: meta.id,
          source: window ? 'window' : 'published',
          remainingBelow: window ? withoutFloatNoise(1 - alarm.threshold / errorBudgetRatio(first.availability)) : alarm.threshold,
          periodMinutes: alarm.periodSeconds / 60,
          evaluationPeriods: alarm.evaluationPeriods,
          datapointsToAlarm: alarm.datapointsToAlarm,
          threshold: alarm.threshold,
          comparisonOperator: alarm.comparisonOperator,
          ...(window ? { minimumRequests: gate!.minimumRequests } : {}),
          treatMissingData: alarm.treatMissingData,
          severity: meta.severity ?? fail(`${logicalId}: budget alarm metadata has no severity`),
        });
      } else {
        noTraffic = {
          id: meta.id,
          periodMinutes: alarm.periodSeconds / 60,
          evaluationPeriods: alarm.evaluationPeriods,
          datapointsToAlarm: alarm.datapointsToAlarm,
          comparisonOperator: alarm.comparisonOperator,
          minimumRequests: alarm.threshold,
          treatMissingData: alarm.treatMissingData,
          severity: meta.severity ?? fail(`${logicalId}: no-traffic alarm metadata has no severity`),
        };
      }
    } else {
      if (resource.Type !== 'AWS::CloudWatch::CompositeAlarm') fail(`${logicalId} (${meta.id}) is a ${resource.Type}, expected AWS::CloudWatch::CompositeAlarm`);
      composites.push({ meta, props });
    }
  }

  const resolveRef = (value: unknown, where: string): string => {
    const lid = getAttArn(value);
    if (lid !== undefined) return idOfLogical.get(lid) ?? fail(`${where} references ${lid}, which is not one of this SLO's alarms`);
    if (typeof value === 'string') {
      const name = value.startsWith('arn:') ? value.slice(value.indexOf(':alarm:') + 7) : value;
      return idOfName.get(name) ?? fail(`${where} references ${value}, which is not one of this SLO's alarms`);
    }
    return fail(`${where}: cannot resolve ${JSON.stringify(value)}`);
  };
  const readRule = (props: Record<string, any>, where: string): AlarmRuleExpr => {
    return parseAlarmRule(flattenJoin(props.AlarmRule, (v) => resolveRef(v, where), where, fail));
  };

  const tiers: TierAlarmDefinition[] = [];
  const severities: SeverityAlarmDefinition[] = [];
  for (const { meta, props } of composites) {
    const rule = readRule(props, meta.id);
    if (meta.role === 'tier') {
      const refs = alarmsInRule(rule).map((id) => windows.get(id) ?? fail(`tier ${meta.id} references ${id}, which is not a window alarm`));
      if (refs.length < 2) fail(`tier ${meta.id} must combine a long and a short window alarm; its rule names ${refs.length}`);
      const sorted = [...refs].sort((a, b) => b.windowMinutes - a.windowMinutes);
      tiers.push({
        id: meta.id,
        name: meta.tier ?? fail(`${meta.id}: tier metadata has no tier name`),
        severity: meta.severity ?? fail(`${meta.id}: tier metadata has no severity`),
        longWindowAlarm: sorted[0].id,
        shortWindowAlarm: sorted[sorted.length - 1].id,
        rule,
      });
    } else {
      const suppressor: ActionsSuppressorDefinition | undefined =
        props.ActionsSuppressor === undefined
          ? undefined
          : {
              alarm: resolveRef(props.ActionsSuppressor, `${meta.id}.ActionsSuppressor`),
              waitPeriodSeconds: numberProp(props.ActionsSuppressorWaitPeriod, `${meta.id}.ActionsSuppressorWaitPeriod`, fail),
              extensionPeriodSeconds: numberProp(props.ActionsSuppressorExtensionPeriod, `${meta.id}.ActionsSuppressorExtensionPeriod`, fail),
            };
      severities.push({
        id: meta.id,
        severity: meta.severity ?? fail(`${meta.id}: severity metadata missing`),
        rule,
        ...(suppressor ? { actionsSuppressor: suppressor } : {}),
      });
    }
  }

  // Canonical order, the same as buildAlarmDefinitions: tiers sorted; window alarms by first use.
  const windowOf = (id: string) => windows.get(id)!;
  const sortedTiers = sortTiers(tiers.map((t) => ({ ...t, longWindowMinutes: windowOf(t.longWindowAlarm).windowMinutes }))).map(
    ({ longWindowMinutes: _drop, ...t }) => t as TierAlarmDefinition,
  );
  const orderedWindows: WindowAlarmDefinition[] = [];
  const seen = new Set<string>();
  for (const t of sortedTiers) {
    for (const id of [t.longWindowAlarm, t.shortWindowAlarm]) {
      if (!seen.has(id)) {
        seen.add(id);
        orderedWindows.push(windowOf(id));
      }
    }
  }
  for (const w of windows.values()) if (!seen.has(w.id)) orderedWindows.push(w);

  const page = severities.find((s) => s.severity === 'page');
  const ticket = severities.find((s) => s.severity === 'ticket');
  return {
    constructPath: path,
    definitions: {
      availability: first.availability,
      periodDays: first.periodDays,
      windowAlarms: orderedWindows,
      tiers: sortedTiers,
      ...(page ? { page } : {}),
      ...(ticket ? { ticket } : {}),
      noTraffic: noTraffic ?? fail('no no-traffic alarm found'),
      budget: budget.sort((a, b) => a.remainingBelow - b.remainingBelow),
    },
    logicalIds,
    metricCounts,
    sli: sli ?? fail('no window alarm found'),
  };
}

/** Recomputes, from read-back definitions, the burn-rate tiers they implement (for reports). */
export function tiersFromDefinitions(d: SloAlarmDefinitions): BurnRateTier[] {
  return d.tiers.map((t) => {
    const long = d.windowAlarms.find((w) => w.id === t.longWindowAlarm)!;
    const short = d.windowAlarms.find((w) => w.id === t.shortWindowAlarm)!;
    const burnRate = burnRateOfThreshold(long.errorRatioThreshold, d.availability);
    return {
      name: t.name,
      severity: t.severity,
      budgetFraction: budgetFractionOfBurnRate(burnRate, long.windowMinutes, d.periodDays),
      longWindowMinutes: long.windowMinutes,
      shortWindowMinutes: short.windowMinutes,
      burnRate,
      errorRatioThreshold: long.errorRatioThreshold,
      canFire: long.errorRatioThreshold < 1,
    };
  });
}

interface MetricAlarmReading {
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperatorName;
  readonly treatMissingData: TreatMissingDataMode;
  /** The expression of the query with ReturnData, when the alarm uses metric math. */
  readonly expression?: string;
  readonly metricCount: number;
}

function readMetricAlarm(logicalId: string, props: Record<string, any>, fail: (m: string) => never): MetricAlarmReading {
  let periods: number[];
  let expression: string | undefined;
  let metricCount: number;
  if (Array.isArray(props.Metrics)) {
    const queries = props.Metrics as Array<Record<string, any>>;
    const returned = queries.filter((q) => q.ReturnData !== false);
    if (returned.length !== 1) fail(`${logicalId}: expected exactly one metric query with ReturnData, found ${returned.length}`);
    expression = returned[0].Expression;
    periods = queries.flatMap((q) => [q.MetricStat?.Period, q.Period]).filter((p) => p !== undefined);
    metricCount = queries.filter((q) => q.MetricStat !== undefined).length;
  } else {
    periods = [props.Period];
    metricCount = 1;
  }
  const distinct = [...new Set(periods)];
  if (distinct.length !== 1 || typeof distinct[0] !== 'number') fail(`${logicalId}: metrics must share one period; found ${JSON.stringify(distinct)}`);
  const periodSeconds = distinct[0] as number;
  if (periodSeconds % 60 !== 0) fail(`${logicalId}: period ${periodSeconds} s is not a whole number of minutes`);
  const evaluationPeriods = numberProp(props.EvaluationPeriods, `${logicalId}.EvaluationPeriods`, fail);
  return {
    periodSeconds,
    evaluationPeriods,
    datapointsToAlarm: props.DatapointsToAlarm === undefined ? evaluationPeriods : numberProp(props.DatapointsToAlarm, `${logicalId}.DatapointsToAlarm`, fail),
    threshold: numberProp(props.Threshold, `${logicalId}.Threshold`, fail),
    comparisonOperator: props.ComparisonOperator,
    treatMissingData: props.TreatMissingData ?? 'missing',
    ...(expression !== undefined ? { expression } : {}),
    metricCount,
  };
}

function numberProp(v: unknown, where: string, fail: (m: string) => never): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${where}: expected a number, found ${JSON.stringify(v)}`);
  return n as number;
}

function getAttArn(v: unknown): string | undefined {
  const ga = (v as { 'Fn::GetAtt'?: unknown })?.['Fn::GetAtt'];
  if (Array.isArray(ga) && ga.length === 2 && ga[1] === 'Arn' && typeof ga[0] === 'string') return ga[0];
  if (typeof ga === 'string' && ga.endsWith('.Arn')) return ga.slice(0, -4);
  return undefined;
}

/** Turns an `Fn::Join` (or a plain string with alarm ARNs) into rule text, alarms named by `ref` (their definition ids). */
function flattenJoin(v: unknown, ref: (part: unknown) => string, where: string, fail: (m: string) => never): string {
  if (typeof v === 'string') return v.replace(/"(arn:[^"]*:alarm:[^"]*)"/g, (_m, arn: string) => `"${ref(arn)}"`);
  const join = (v as { 'Fn::Join'?: unknown })?.['Fn::Join'];
  if (Array.isArray(join) && join.length === 2 && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((p: unknown) => (typeof p === 'string' ? p : ref(p))).join(join[0]);
  }
  return fail(`${where}: AlarmRule ${JSON.stringify(v)} is neither a string nor an Fn::Join`);
}
