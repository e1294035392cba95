/**
 * Reads the SLOs a deployed stack's `SloAlarms` created back out of CloudWatch `DescribeAlarms` answers, for
 * `cdk-scale budget --stack`. Pure: it takes the alarms as plain data (the SDK's shapes, only the fields used).
 *
 * - Which alarms belong to which SLO, and their role: the label at the end of each AlarmDescription
 *   (`parseSloAlarmLabel`: SLO construct path, role, definition id, target and period).
 * - The SLI: a window alarm's `Metrics`, whose returned query is `IF(total > N, bad / total, 0)` over the
 *   sub-queries `bad` and `total` and their metric statistics, dimensions resolved by CloudFormation.
 * - The tiers: each tier composite's AlarmRule (`ALARM(long) AND ALARM(short)`, alarms named by ARN) names
 *   its two window alarms; their periods are the windows, their threshold and gate N are the tier's. When no
 *   tier composite is found (e.g. not described), the default tiers of the label's target and period are
 *   matched to the window alarms by definition id.
 */
import { burnRateOfThreshold, computeTiers, Severity } from './burn-rate';
import { parseSloAlarmLabel } from './alarm-label';
import { BudgetTier, budgetTiersFromDefinitions, SloReadSpec } from './budget';
import { alarmsInRule, buildAlarmDefinitions, parseAlarmRule, parseGatedRatioExpression } from './definitions';
import { MetricMathError, QueryTreeNode, queryTreeLeaves } from './metric-math';
import type { SloAlarmMetadata } from './template-parser';

/** The fields of a DescribeAlarms MetricAlarm this module reads. */
export interface DescribedMetricAlarm {
  readonly AlarmName?: string;
  readonly AlarmArn?: string;
  readonly AlarmDescription?: string;
  readonly Threshold?: number;
  readonly Metrics?: ReadonlyArray<{
    readonly Id?: string;
    readonly Expression?: string;
    readonly ReturnData?: boolean;
    readonly Period?: number;
    readonly MetricStat?: {
      readonly Metric?: {
        readonly Namespace?: string;
        readonly MetricName?: string;
        readonly Dimensions?: ReadonlyArray<{ readonly Name?: string; readonly Value?: string }>;
      };
      readonly Period?: number;
      readonly Stat?: string;
    };
  }>;
}

/** The fields of a DescribeAlarms CompositeAlarm this module reads. */
export interface DescribedCompositeAlarm {
  readonly AlarmName?: string;
  readonly AlarmArn?: string;
  readonly AlarmDescription?: string;
  readonly AlarmRule?: string;
}

/** What was found: one spec per SLO, and what could not be read (one line each). */
export interface DeployedSlos {
  readonly slos: SloReadSpec[];
  readonly problems: string[];
}

interface WindowAlarm {
  readonly name: string;
  readonly arn?: string;
  readonly label: SloAlarmMetadata;
  readonly windowMinutes: number;
  readonly threshold: number;
  readonly minimumEvents: number;
  readonly badId: string;
  readonly totalId: string;
  readonly nodes: Map<string, QueryTreeNode>;
}

/** True when the alarm carries an SLO label (it was made by `SloAlarms`). */
export function isSloAlarm(alarm: { AlarmDescription?: string }): boolean {
  return parseSloAlarmLabel(alarm.AlarmDescription) !== undefined;
}

/** Groups labelled alarms by SLO and reads each SLO's SLI and tiers (see the module comment). */
export function slosFromAlarms(metricAlarms: readonly DescribedMetricAlarm[], compositeAlarms: readonly DescribedCompositeAlarm[]): DeployedSlos {
  const problems: string[] = [];
  const windowsBySlo = new Map<string, WindowAlarm[]>();
  const tiersBySlo = new Map<string, Array<{ alarm: DescribedCompositeAlarm; label: SloAlarmMetadata }>>();
  const labelBySlo = new Map<string, SloAlarmMetadata>();

  for (const alarm of metricAlarms) {
    const label = parseSloAlarmLabel(alarm.AlarmDescription);
    if (!label) continue;
    labelBySlo.set(label.slo, labelBySlo.get(label.slo) ?? label);
    if (label.role !== 'window') continue;
    try {
      const w = readWindowAlarm(alarm, label);
      windowsBySlo.set(label.slo, [...(windowsBySlo.get(label.slo) ?? []), w]);
    } catch (e) {
      problems.push(`alarm ${alarm.AlarmName}: ${(e as Error).message}`);
    }
  }
  for (const alarm of compositeAlarms) {
    const label = parseSloAlarmLabel(alarm.AlarmDescription);
    if (!label) continue;
    labelBySlo.set(label.slo, labelBySlo.get(label.slo) ?? label);
    if (label.role === 'tier') tiersBySlo.set(label.slo, [...(tiersBySlo.get(label.slo) ?? []), { alarm, label }]);
  }

  const slos: SloReadSpec[] = [];
  for (const [slo, label] of [...labelBySlo.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const windows = windowsBySlo.get(slo) ?? [];
    if (windows.length === 0) {
      problems.push(`SLO ${slo}: none of its burn-rate window alarms could be read`);
      continue;
    }
    const first = windows[0];
    const tiers = tiersFromComposites(tiersBySlo.get(slo) ?? [], windows, label, problems) ?? tiersFromDefaults(windows, label);
    if (tiers.length === 0) {
      problems.push(`SLO ${slo}: no tier's window alarms were found`);
      continue;
    }
    slos.push({
      name: slo,
      kind: sliKind(first.nodes),
      availability: label.availability,
      periodDays: label.periodDays,
      nodes: first.nodes,
      badId: first.badId,
      totalId: first.totalId,
      tiers,
      source: `${windows.length} window alarm(s), e.g. ${first.name}`,
    });
  }
  return { slos, problems };
}

function readWindowAlarm(alarm: DescribedMetricAlarm, label: SloAlarmMetadata): WindowAlarm {
  const metrics = alarm.Metrics ?? [];
  const top = metrics.find((m) => m.ReturnData !== false && m.Expression !== undefined) ?? metrics.find((m) => m.Expression !== undefined);
  const gate = top?.Expression === undefined ? undefined : parseGatedRatioExpression(top.Expression);
  if (!gate) throw new Error(`expected a returned query IF(total > N, bad / total, 0), found ${JSON.stringify(top?.Expression ?? null)}`);
  const nodes = new Map<string, QueryTreeNode>();
  let period: number | undefined;
  for (const m of metrics) {
    if (!m.Id || m === top) continue;
    if (m.Expression !== undefined) nodes.set(m.Id, { id: m.Id, expression: m.Expression });
    else if (m.MetricStat) {
      const metric = m.MetricStat.Metric ?? {};
      if (!metric.Namespace || !metric.MetricName || !m.MetricStat.Stat) throw new Error(`query ${m.Id} has an incomplete MetricStat`);
      nodes.set(m.Id, {
        id: m.Id,
        metricStat: {
          namespace: metric.Namespace,
          metricName: metric.MetricName,
          dimensions: (metric.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
          stat: m.MetricStat.Stat,
        },
      });
      period ??= m.MetricStat.Period ?? m.Period;
    }
  }
  if (period === undefined || period % 60 !== 0) throw new Error(`its metrics have no period of whole minutes (${period})`);
  try {
    queryTreeLeaves(gate.badId, nodes);
    queryTreeLeaves(gate.totalId, nodes);
  } catch (e) {
    if (e instanceof MetricMathError) throw new Error(e.message);
    throw e;
  }
  if (typeof alarm.Threshold !== 'number') throw new Error('it has no threshold');
  return {
    name: alarm.AlarmName ?? '(unnamed)',
    arn: alarm.AlarmArn,
    label,
    windowMinutes: period / 60,
    threshold: alarm.Threshold,
    minimumEvents: gate.minimumRequests,
    badId: gate.badId,
    totalId: gate.totalId,
    nodes,
  };
}

/** `arn:aws:cloudwatch:us-east-1:123456789012:alarm:Name` → `Name`; a plain name stays as it is. */
function alarmNameOf(ref: string): string {
  const at = ref.indexOf(':alarm:');
  return ref.startsWith('arn:') && at >= 0 ? ref.slice(at + ':alarm:'.length) : ref;
}

function tiersFromComposites(
  composites: ReadonlyArray<{ alarm: DescribedCompositeAlarm; label: SloAlarmMetadata }>,
  windows: readonly WindowAlarm[],
  label: SloAlarmMetadata,
  problems: string[],
): BudgetTier[] | undefined {
  if (composites.length === 0) return undefined;
  const tiers: BudgetTier[] = [];
  for (const { alarm, label: tierLabel } of composites) {
    let refs: string[];
    try {
      refs = alarmsInRule(parseAlarmRule(alarm.AlarmRule ?? ''));
    } catch (e) {
      problems.push(`tier alarm ${alarm.AlarmName}: cannot read its rule (${(e as Error).message})`);
      continue;
    }
    const members = refs.map((r) => windows.find((w) => w.arn === r || w.name === alarmNameOf(r)));
    if (members.length !== 2 || members.some((m) => m === undefined)) {
      problems.push(`tier alarm ${alarm.AlarmName}: its rule ${JSON.stringify(alarm.AlarmRule)} does not name two of the SLO's window alarms`);
      continue;
    }
    const [a, b] = members as WindowAlarm[];
    const [long, short] = a.windowMinutes >= b.windowMinutes ? [a, b] : [b, a];
    tiers.push({
      name: tierLabel.tier ?? tierLabel.id.replace(/^tier-/, ''),
      severity: (tierLabel.severity ?? 'ticket') as Severity,
      longWindowMinutes: long.windowMinutes,
      shortWindowMinutes: short.windowMinutes,
      errorRatioThreshold: long.threshold,
      burnRateThreshold: burnRateOfThreshold(long.threshold, label.availability),
      longWindowMinimumEvents: long.minimumEvents,
      shortWindowMinimumEvents: short.minimumEvents,
    });
  }
  const order = { page: 0, ticket: 1 };
  return tiers.sort((x, y) => order[x.severity] - order[y.severity] || x.longWindowMinutes - y.longWindowMinutes || x.name.localeCompare(y.name));
}

function tiersFromDefaults(windows: readonly WindowAlarm[], label: SloAlarmMetadata): BudgetTier[] {
  const defs = buildAlarmDefinitions({ availability: label.availability, periodDays: label.periodDays, tiers: computeTiers(label.availability, label.periodDays) });
  const byId = new Map(windows.map((w) => [w.label.id, w]));
  const present = defs.tiers.filter((t) => byId.has(t.longWindowAlarm) && byId.has(t.shortWindowAlarm));
  // Thresholds and gates as deployed, windows as deployed.
  const windowAlarms = defs.windowAlarms
    .filter((w) => byId.has(w.id))
    .map((w) => {
      const deployed = byId.get(w.id)!;
      return { ...w, windowMinutes: deployed.windowMinutes, errorRatioThreshold: deployed.threshold, minimumRequests: deployed.minimumEvents };
    });
  return budgetTiersFromDefinitions({ availability: label.availability, tiers: present, windowAlarms });
}

/** The kind of SLI a query tree reads, from its metrics. */
export function sliKind(nodes: ReadonlyMap<string, QueryTreeNode>): string {
  const metrics = [...nodes.values()].flatMap((n) => (n.metricStat ? [`${n.metricStat.namespace}:${n.metricStat.metricName}`] : []));
  if (metrics.includes('AWS/ApplicationELB:TargetResponseTime')) return 'alb-latency';
  if (metrics.includes('AWS/ApplicationELB:RequestCount')) {
    const perGroup = [...nodes.values()].some((n) => n.metricStat?.dimensions.some((d) => d.name === 'TargetGroup'));
    return perGroup ? 'alb-target-group-availability' : 'alb-availability';
  }
  if (metrics.includes('AWS/CloudFront:OriginLatency')) return 'cloudfront-latency';
  if (metrics.includes('AWS/CloudFront:Requests')) return 'cloudfront-availability';
  return 'custom';
}
