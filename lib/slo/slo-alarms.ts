/**
 * `SloAlarms`: multi-window, multi-burn-rate SLO alerting on CloudWatch (Google SRE Workbook, "Alerting on
 * SLOs"), rendered from the pure alarm definitions of `./definitions`.
 */
import { Annotations, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SloPlan } from '../capacity/plan-types';
import { notifyTopic } from '../private/alarm-actions';
import { createEncryptedTopic, createTopicKey } from '../private/topics';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import {
  BurnRateTier,
  BurnRateTierSpec,
  checkSlo,
  checkTiers,
  computeTiers,
  DEFAULT_BURN_RATE_TIERS,
  errorBudgetMinutes,
  errorBudgetRatio,
  Severity,
  SloProblem,
  tierWarnings,
} from './burn-rate';
import {
  AlarmRuleExpr,
  budgetGraphPeriodMinutes,
  buildAlarmDefinitions,
  checkAlarmPeriod,
  checkAlarmWindows,
  ComparisonOperatorName,
  DEFAULT_MINIMUM_REQUESTS_PER_MINUTE,
  formatAlarmRule,
  gatedRatioExpression,
  MAX_METRICS_PER_ALARM,
  NoTrafficOptions,
  SloAlarmDefinitions,
  TreatMissingDataMode,
  WindowAlarmDefinition,
} from './definitions';
import { formatPercent, formatWindow } from '../format';
import { Sli } from './sli';
import { SLO_ALARM_METADATA_KEY, SloAlarmMetadata } from './template-parser';

/** Construct metadata key under which each SLO is recorded in the cloud assembly (manifest.json). */
export const SLO_METADATA_KEY = 'cdk-scale:slo';

/** An SLO stated explicitly (instead of a capacity plan's `plan.slo`). */
export interface SloTarget {
  /** Availability target in (0.5, 1), e.g. 0.999. */
  readonly availability: number;
  /**
   * SLO period in whole days.
   * @default 30
   */
  readonly periodDays?: number;
  /**
   * Burn-rate tiers.
   * @default DEFAULT_BURN_RATE_TIERS (page 2 % in 1 h / 5 min, page 5 % in 6 h / 30 min, ticket 10 % in 3 d / 6 h)
   */
  readonly tiers?: readonly BurnRateTierSpec[];
}

/** Props of {@link SloAlarms}. */
export interface SloAlarmsProps {
  /** The SLO: a capacity plan's `plan.slo` (its tiers are used) or an explicit target. */
  readonly slo: SloPlan | SloTarget;
  /** What to measure: `Sli.albAvailability(alb)`, `Sli.albLatency(alb, 300)`, `Sli.custom({...})`, ... */
  readonly sli: Sli;
  /**
   * Topic for pages (on-call now).
   * @default - a topic encrypted with a customer-managed KMS key CloudWatch may use, SSL enforced
   */
  readonly pageTopic?: sns.ITopic;
  /**
   * Topic for tickets (working hours).
   * @default - a topic encrypted with a customer-managed KMS key CloudWatch may use, SSL enforced
   */
  readonly ticketTopic?: sns.ITopic;
  /**
   * Low-traffic gate, as a request RATE: a window of W minutes counts its error ratio only when it saw more
   * than `minimumRequests × W` requests (per-minute equivalent, scaled by the window), the alarm expression
   * being `IF(total > N, bad / total, 0)`. Protects a quiet service from paging on 1 failure in 3 requests.
   * @default 1 (N = 5 for 5 min, 60 for 1 h, 4,320 for 3 d)
   */
  readonly minimumRequests?: number;
  /**
   * The no-traffic alarm: fires when fewer than `minimumRequests` requests arrive over `windowMinutes`, or no
   * data at all (missing data is breaching), so silence never looks healthy.
   * @default { windowMinutes: 10, minimumRequests: 1, severity: 'ticket' }
   */
  readonly noTraffic?: NoTrafficOptions;
  /**
   * Create a CloudWatch dashboard: SLI over time, burn rate per window, error budget remaining.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Prefix of every alarm name (`<prefix>-page`, `<prefix>-burn-1h-x14.4`, ...).
   * @default - CloudFormation-generated names
   */
  readonly alarmNamePrefix?: string;
  /**
   * Also create the native Application Signals SLO (`AWS::ApplicationSignals::ServiceLevelObjective`) with one
   * burn-rate configuration per alarm window. Application Signals must be enabled in the account.
   * @default false
   */
  readonly applicationSignals?: boolean;
}

const COMPARISON: Record<ComparisonOperatorName, cw.ComparisonOperator> = {
  GreaterThanThreshold: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
  GreaterThanOrEqualToThreshold: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  LessThanThreshold: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
  LessThanOrEqualToThreshold: cw.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
};
const MISSING: Record<TreatMissingDataMode, cw.TreatMissingData> = {
  breaching: cw.TreatMissingData.BREACHING,
  notBreaching: cw.TreatMissingData.NOT_BREACHING,
  ignore: cw.TreatMissingData.IGNORE,
  missing: cw.TreatMissingData.MISSING,
};
const STATE: Record<string, cw.AlarmState> = {
  ALARM: cw.AlarmState.ALARM,
  OK: cw.AlarmState.OK,
  INSUFFICIENT_DATA: cw.AlarmState.INSUFFICIENT_DATA,
};

/**
 * Multi-window, multi-burn-rate SLO alarms for one SLI: one metric-math alarm per (window, threshold), a
 * composite per tier (`ALARM(long) AND ALARM(short)`), the tiers of each severity ORed into a page and a
 * ticket composite routed to separate SNS topics (the ticket suppressed while the page fires), a low-traffic
 * gate, a no-traffic alarm, a dashboard and, optionally, the native Application Signals SLO.
 *
 * The alarms are rendered from {@link SloAlarms.definitions}, plain data that `alarmDefinitionsFromTemplate`
 * reads back out of the template and `simulateAlarms` replays traffic through.
 */
export class SloAlarms extends Construct {
  /** The SLI the alarms watch. */
  public readonly sli: Sli;
  /** The SLO target in (0.5, 1). */
  public readonly availability: number;
  /** The SLO period in days. */
  public readonly periodDays: number;
  /** Every tier with its burn rate and threshold (including tiers that cannot fire, which get no alarm). */
  public readonly tiers: readonly BurnRateTier[];
  /** The alarm definitions rendered: windows, thresholds, gates, composite wiring. */
  public readonly definitions: SloAlarmDefinitions;
  /** One metric-math alarm per (window, threshold), by definition id (e.g. `burn-1h-x14.4`). */
  public readonly windowAlarms: Readonly<Record<string, cw.Alarm>>;
  /** One composite per tier, by tier name (e.g. `page-1h`). */
  public readonly tierAlarms: Readonly<Record<string, cw.CompositeAlarm>>;
  /** OR of the page tiers; notifies `pageTopic`. Undefined when no tier pages. */
  public readonly pageAlarm?: cw.CompositeAlarm;
  /** OR of the ticket tiers; notifies `ticketTopic`, suppressed while the page is in ALARM. Undefined when no tier tickets. */
  public readonly ticketAlarm?: cw.CompositeAlarm;
  /** Fires when traffic stops (or its metrics go missing). */
  public readonly noTrafficAlarm: cw.Alarm;
  /** Where pages go. */
  public readonly pageTopic: sns.ITopic;
  /** Where tickets go. */
  public readonly ticketTopic: sns.ITopic;
  /** The key encrypting the topics this construct created. Undefined when both topics were given. */
  public readonly topicKey?: kms.Key;
  /** The dashboard. Undefined with `dashboard: false`. */
  public readonly dashboard?: cw.Dashboard;
  /** The native Application Signals SLO. Undefined unless `applicationSignals: true`. */
  public readonly serviceLevelObjective?: applicationsignals.CfnServiceLevelObjective;
  private readonly minimumRequestsPerMinute: number;

  constructor(scope: Construct, id: string, props: SloAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const problems = new ProblemCollector();
    const slo = resolveSlo(props.slo, problems);
    this.sli = props.sli;
    this.availability = slo.availability;
    this.periodDays = slo.periodDays;
    this.tiers = slo.tiers;
    this.minimumRequestsPerMinute = props.minimumRequests ?? DEFAULT_MINIMUM_REQUESTS_PER_MINUTE;

    problems.number('minimumRequests', props.minimumRequests, { min: 0 });
    const nt = props.noTraffic ?? {};
    if (nt.windowMinutes !== undefined) addAll(problems, checkAlarmPeriod(nt.windowMinutes, 'noTraffic.windowMinutes'));
    if (nt.minimumRequests !== undefined && !(Number.isFinite(nt.minimumRequests) && nt.minimumRequests > 0)) {
      problems.add('noTraffic.minimumRequests', nt.minimumRequests, 'must be a request count > 0 (1 means "zero requests over the window")');
    }
    if (nt.severity !== undefined && nt.severity !== 'page' && nt.severity !== 'ticket') {
      problems.add('noTraffic.severity', nt.severity, "must be 'page' or 'ticket'");
    }
    for (const p of props.sli.problems) problems.add(p.path, p.value, p.message);
    checkSliLimits(stack, props.sli, problems);
    if (props.alarmNamePrefix !== undefined && !Token.isUnresolved(props.alarmNamePrefix) && !/^[\w.\-/: ]{1,200}$/.test(props.alarmNamePrefix)) {
      problems.add('alarmNamePrefix', props.alarmNamePrefix, 'must be 1–200 letters, digits, spaces or . - _ / :');
    }
    throwIfProblems(this.node.path, problems);

    for (const w of tierWarnings(slo.availability, slo.tiers)) {
      Annotations.of(this).addWarningV2('cdk-scale:sloTierCannotFire', `${w.message} No alarm is created for it.`);
    }
    if (props.sli.requiredRegion && Token.isUnresolved(stack.region)) {
      Annotations.of(this).addWarningV2(
        'cdk-scale:sloRegionUnknown',
        `${props.sli.kind} metrics exist only in ${props.sli.requiredRegion}; deploy this environment-agnostic stack there.`,
      );
    }

    const defs = buildAlarmDefinitions({
      availability: slo.availability,
      periodDays: slo.periodDays,
      tiers: slo.tiers,
      minimumRequestsPerMinute: props.minimumRequests ?? DEFAULT_MINIMUM_REQUESTS_PER_MINUTE,
      noTraffic: nt,
    });
    this.definitions = defs;

    const label = (metaId: string) => (props.alarmNamePrefix ? `${props.alarmNamePrefix}-${metaId}` : undefined);
    const meta = (role: SloAlarmMetadata['role'], defId: string, extra: Partial<SloAlarmMetadata> = {}): SloAlarmMetadata => ({
      slo: this.node.path,
      role,
      id: defId,
      ...extra,
      availability: slo.availability,
      periodDays: slo.periodDays,
    });
    const sloText = `SLO ${formatPercent(slo.availability)} over ${slo.periodDays} d (${props.sli.description})`;

    // Window alarms.
    const windowAlarms: Record<string, cw.Alarm> = {};
    const alarmsById: Record<string, cw.IAlarm> = {};
    for (const w of defs.windowAlarms) {
      const users = defs.tiers.filter((t) => t.longWindowAlarm === w.id || t.shortWindowAlarm === w.id).map((t) => t.name);
      const alarm = new cw.Alarm(this, w.id, {
        metric: this.gatedRatio(w),
        threshold: w.errorRatioThreshold,
        comparisonOperator: COMPARISON[w.comparisonOperator],
        evaluationPeriods: w.evaluationPeriods,
        datapointsToAlarm: w.datapointsToAlarm,
        treatMissingData: MISSING[w.treatMissingData],
        alarmName: label(w.id),
        alarmDescription:
          `${sloText}: error ratio over the last ${formatWindow(w.windowMinutes)} > ${w.errorRatioThreshold} ` +
          `(${burn(w.errorRatioThreshold, slo.availability)}× burn rate), counted only above ${w.minimumRequests} requests. ` +
          `Window alarm of tier(s) ${users.join(', ')}; it does not notify by itself.`,
      });
      (alarm.node.defaultChild as cw.CfnAlarm).addMetadata(SLO_ALARM_METADATA_KEY, meta('window', w.id));
      windowAlarms[w.id] = alarm;
      alarmsById[w.id] = alarm;
    }
    this.windowAlarms = windowAlarms;

    // One composite per tier.
    const tierAlarms: Record<string, cw.CompositeAlarm> = {};
    for (const t of defs.tiers) {
      const tier = slo.tiers.find((x) => x.name === t.name)!;
      const alarm = new cw.CompositeAlarm(this, t.id, {
        alarmRule: toCdkRule(t.rule, alarmsById),
        compositeAlarmName: label(t.id),
        alarmDescription:
          `${sloText}: tier ${t.name} (${t.severity}): ${formatPercent(tier.budgetFraction)} of the error budget spent within ` +
          `${formatWindow(tier.longWindowMinutes)} (burn rate ${tier.burnRate}×, error ratio > ${tier.errorRatioThreshold}) ` +
          `and still burning over the last ${formatWindow(tier.shortWindowMinutes)}.`,
      });
      (alarm.node.defaultChild as cw.CfnCompositeAlarm).addMetadata(SLO_ALARM_METADATA_KEY, meta('tier', t.id, { tier: t.name, severity: t.severity }));
      tierAlarms[t.name] = alarm;
      alarmsById[t.id] = alarm;
    }
    this.tierAlarms = tierAlarms;

    // Topics.
    const needKey = !props.pageTopic || !props.ticketTopic;
    if (needKey) {
      this.topicKey = createTopicKey(this, 'TopicKey', { description: `Encrypts the SLO alert topics of ${this.node.path}`, publishers: ['cloudwatch-alarms'] });
    }
    const topic = (given: sns.ITopic | undefined, topicId: string, what: string): sns.ITopic =>
      given ?? createEncryptedTopic(this, topicId, { key: this.topicKey!, displayName: `SLO ${what}: ${sloText}` });
    this.pageTopic = topic(props.pageTopic, 'PageTopic', 'pages');
    this.ticketTopic = topic(props.ticketTopic, 'TicketTopic', 'tickets');
    const topicFor = (s: Severity) => (s === 'page' ? this.pageTopic : this.ticketTopic);

    // Severity composites.
    const severityAlarm = (s: Severity): cw.CompositeAlarm | undefined => {
      const d = s === 'page' ? defs.page : defs.ticket;
      if (!d) return undefined;
      const names = defs.tiers.filter((t) => t.severity === s).map((t) => t.name);
      const suppressor = d.actionsSuppressor;
      const alarm = new cw.CompositeAlarm(this, d.id, {
        alarmRule: toCdkRule(d.rule, alarmsById),
        compositeAlarmName: label(d.id),
        alarmDescription:
          `${sloText}: ${s === 'page' ? 'PAGE — the error budget is burning fast' : 'TICKET — the error budget is burning slowly'}. ` +
          `Tiers: ${names.join(' OR ')}.` +
          (suppressor ? ' Suppressed while the page is in ALARM.' : '') +
          ' See the SLO dashboard for the burn rate per window.',
        ...(suppressor
          ? {
              actionsSuppressor: alarmsById[suppressor.alarm],
              actionsSuppressorWaitPeriod: Duration.seconds(suppressor.waitPeriodSeconds),
              actionsSuppressorExtensionPeriod: Duration.seconds(suppressor.extensionPeriodSeconds),
            }
          : {}),
      });
      (alarm.node.defaultChild as cw.CfnCompositeAlarm).addMetadata(SLO_ALARM_METADATA_KEY, meta('severity', d.id, { severity: s }));
      notifyTopic(alarm, topicFor(s));
      alarmsById[d.id] = alarm;
      return alarm;
    };
    this.pageAlarm = severityAlarm('page');
    this.ticketAlarm = severityAlarm('ticket');

    // No-traffic alarm.
    const n = defs.noTraffic;
    this.noTrafficAlarm = new cw.Alarm(this, n.id, {
      metric: props.sli.metricTotalEvents(Duration.minutes(n.windowMinutes)).with({ label: 'Requests' }),
      threshold: n.minimumRequests,
      comparisonOperator: COMPARISON[n.comparisonOperator],
      evaluationPeriods: n.evaluationPeriods,
      datapointsToAlarm: n.datapointsToAlarm,
      treatMissingData: MISSING[n.treatMissingData],
      alarmName: label(n.id),
      alarmDescription:
        `${sloText}: fewer than ${n.minimumRequests} request(s) in the last ${formatWindow(n.windowMinutes)}, or no data. ` +
        'The burn-rate alarms read silence as healthy; this one does not.',
    });
    (this.noTrafficAlarm.node.defaultChild as cw.CfnAlarm).addMetadata(SLO_ALARM_METADATA_KEY, meta('no-traffic', n.id, { severity: n.severity }));
    notifyTopic(this.noTrafficAlarm, topicFor(n.severity));

    if (props.dashboard ?? true) this.dashboard = this.buildDashboard(sloText);
    if (props.applicationSignals) this.serviceLevelObjective = this.buildApplicationSignalsSlo(sloText);

    this.node.addMetadata(SLO_METADATA_KEY, {
      availability: slo.availability,
      periodDays: slo.periodDays,
      errorBudgetMinutes: errorBudgetMinutes(slo.availability, slo.periodDays),
      tiers: slo.tiers,
      minimumRequestsPerMinute: props.minimumRequests ?? DEFAULT_MINIMUM_REQUESTS_PER_MINUTE,
      sli: {
        kind: props.sli.kind,
        description: props.sli.description,
        badEvents: metricDataQueries(stack, props.sli.badEvents, 60, 'bad'),
        totalEvents: metricDataQueries(stack, props.sli.totalEvents, 60, 'total'),
      },
      definitions: defs,
    });
  }

  /**
   * The gated error ratio one window alarm watches: `IF(total > N, bad / total, 0)` over `window`.
   * @param window a window alarm definition (see `definitions.windowAlarms`) or `{ windowMinutes, minimumRequests }`
   */
  public gatedRatio(window: Pick<WindowAlarmDefinition, 'windowMinutes' | 'minimumRequests'>): cw.MathExpression {
    const period = Duration.minutes(window.windowMinutes);
    return new cw.MathExpression({
      expression: gatedRatioExpression(window.minimumRequests),
      usingMetrics: this.sliOver(period),
      period,
      label: `Error ratio (${formatWindow(window.windowMinutes)})`,
    });
  }

  /**
   * Error ratio (bad ÷ total) over `window`, gated like the alarms (0 below `minimumRequests` per minute).
   * @param window the aggregation window, a whole number of minutes
   */
  public metricErrorRatio(window: Duration): cw.MathExpression {
    const windowMinutes = window.toMinutes();
    return this.gatedRatio({ windowMinutes, minimumRequests: Number((this.minimumRequestsPerMinute * windowMinutes).toPrecision(12)) });
  }

  /**
   * Burn rate over `window`: error ratio ÷ (1 − SLO). 1 spends exactly the budget over the period.
   * @param window the aggregation window, a whole number of minutes
   */
  public metricBurnRate(window: Duration): cw.MathExpression {
    const id = `ratio${window.toMinutes()}m`;
    return new cw.MathExpression({
      expression: `${id} / ${errorBudgetRatio(this.availability)}`,
      usingMetrics: { [id]: this.metricErrorRatio(window) },
      period: window,
      label: `Burn rate (${formatWindow(window.toMinutes())})`,
    });
  }

  /**
   * The SLI as a good-event percentage, 100 × (1 − bad ÷ total).
   * @param period aggregation period @default 5 minutes
   */
  public metricSli(period: Duration = Duration.minutes(5)): cw.MathExpression {
    return new cw.MathExpression({
      expression: '100 * (1 - bad / total)',
      usingMetrics: this.sliOver(period),
      period,
      label: 'SLI (% good)',
    });
  }

  /**
   * Error budget remaining, %: 100 × (1 − (bad ÷ total) ÷ (1 − SLO)) over each `period`. Use it with
   * `setPeriodToTimeRange` over the SLO period for "remaining over the period".
   * @param period aggregation period @default the SLO period
   */
  public metricErrorBudgetRemaining(period: Duration = Duration.days(this.periodDays)): cw.MathExpression {
    return new cw.MathExpression({
      expression: `100 * (1 - (bad / total) / ${errorBudgetRatio(this.availability)})`,
      usingMetrics: this.sliOver(period),
      period,
      label: 'Error budget remaining (%)',
    });
  }

  /** `{ bad, total }` of the SLI with every metric built with `period`, for an expression of that period. */
  private sliOver(period: Duration): { bad: cw.IMetric; total: cw.IMetric } {
    return { bad: this.sli.metricBadEvents(period), total: this.sli.metricTotalEvents(period) };
  }

  private buildDashboard(sloText: string): cw.Dashboard {
    const d = this.definitions;
    const budget = errorBudgetRatio(this.availability);
    const windows = [...new Set(d.windowAlarms.map((w) => w.windowMinutes))].sort((a, b) => a - b);
    const shortest = windows[0] ?? 5;
    const graphPeriod = budgetGraphPeriodMinutes(this.periodDays);
    const tierRows = this.tiers
      .map((t) => `| ${t.name} | ${t.severity} | ${formatPercent(t.budgetFraction)} | ${formatWindow(t.longWindowMinutes)} / ${formatWindow(t.shortWindowMinutes)} | ${t.burnRate}× | ${t.errorRatioThreshold} | ${t.canFire ? 'yes' : 'never fires'} |`)
      .join('\n');
    const running = new cw.MathExpression({
      expression: `100 * (1 - (RUNNING_SUM(bad) / RUNNING_SUM(total)) / ${budget})`,
      usingMetrics: this.sliOver(Duration.minutes(graphPeriod)),
      period: Duration.minutes(graphPeriod),
      label: 'Error budget remaining since the start of the range (%)',
    });
    const alarms: cw.IAlarmRef[] = [
      ...(this.pageAlarm ? [this.pageAlarm] : []),
      ...(this.ticketAlarm ? [this.ticketAlarm] : []),
      ...Object.values(this.tierAlarms),
      this.noTrafficAlarm,
    ];
    return new cw.Dashboard(this, 'Dashboard', {
      periodOverride: cw.PeriodOverride.INHERIT,
      defaultInterval: Duration.days(Math.min(this.periodDays, 7)),
      widgets: [
        [
          new cw.TextWidget({
            markdown:
              `# ${sloText}\nError budget: ${errorBudgetMinutes(this.availability, this.periodDays)} min per ${this.periodDays} d. ` +
              `Deploy policy: > 50 % remaining normal, > 10 % conservative, otherwise freeze.\n\n` +
              `| Tier | Severity | Budget | Windows | Burn rate | Error ratio > | Fires |\n|---|---|---|---|---|---|---|\n${tierRows}`,
            width: 18,
            height: 6,
          }),
          new cw.AlarmStatusWidget({ title: 'Alerts', alarms, width: 6, height: 6 }),
        ],
        [
          new cw.GraphWidget({
            title: `SLI: good events (%), ${formatWindow(shortest)}`,
            left: [this.metricSli(Duration.minutes(shortest))],
            leftAnnotations: [{ value: this.availability * 100, label: `SLO ${formatPercent(this.availability)}` }],
            width: 24,
          }),
        ],
        // One graph per window: metrics of different periods cannot share ids in one graph.
        windows.map(
          (w) =>
            new cw.GraphWidget({
              title: `Burn rate over ${formatWindow(w)}`,
              left: [this.metricBurnRate(Duration.minutes(w))],
              leftAnnotations: d.windowAlarms
                .filter((a) => a.windowMinutes === w)
                .map((a) => ({ value: burn(a.errorRatioThreshold, this.availability), label: `${a.id} threshold` })),
              width: Math.max(4, Math.floor(24 / windows.length)),
            }),
        ),
        [
          new cw.SingleValueWidget({
            title: `Error budget remaining, last ${this.periodDays} d (%)`,
            metrics: [this.metricErrorBudgetRemaining()],
            setPeriodToTimeRange: true,
            start: `-P${this.periodDays}D`,
            width: 6,
          }),
          new cw.GraphWidget({
            title: `Error budget remaining over the last ${this.periodDays} d (%)`,
            left: [running],
            start: `-P${this.periodDays}D`,
            leftAnnotations: [
              { value: 50, label: 'normal releases above' },
              { value: 10, label: 'freeze below' },
            ],
            width: 18,
          }),
        ],
      ],
    });
  }

  private buildApplicationSignalsSlo(sloText: string): applicationsignals.CfnServiceLevelObjective {
    const stack = Stack.of(this);
    const windows = [...new Set(this.tiers.filter((t) => t.canFire).flatMap((t) => [t.longWindowMinutes, t.shortWindowMinutes]))].sort((a, b) => a - b);
    const camel = (q: MetricDataQueryJson): applicationsignals.CfnServiceLevelObjective.MetricDataQueryProperty => ({
      id: q.Id,
      returnData: q.ReturnData,
      ...(q.Expression !== undefined ? { expression: q.Expression } : {}),
      ...(q.MetricStat
        ? {
            metricStat: {
              metric: {
                namespace: q.MetricStat.Metric.Namespace,
                metricName: q.MetricStat.Metric.MetricName,
                dimensions: q.MetricStat.Metric.Dimensions.map((x) => ({ name: x.Name, value: x.Value })),
              },
              period: q.MetricStat.Period,
              stat: q.MetricStat.Stat,
            },
          }
        : {}),
      ...(q.AccountId ? { accountId: q.AccountId } : {}),
    });
    return new applicationsignals.CfnServiceLevelObjective(this, 'ServiceLevelObjective', {
      name: Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }).replace(/^[^0-9A-Za-z]+|[^0-9A-Za-z]+$/g, ''),
      description: sloText.slice(0, 1024),
      requestBasedSli: {
        requestBasedSliMetric: {
          monitoredRequestCountMetric: { badCountMetric: metricDataQueries(stack, this.sli.badEvents, 60, 'bad').map(camel) },
          totalRequestCountMetric: metricDataQueries(stack, this.sli.totalEvents, 60, 'total').map(camel),
        },
      },
      goal: {
        attainmentGoal: Number((this.availability * 100).toPrecision(12)),
        interval: { rollingInterval: { duration: this.periodDays, durationUnit: 'DAY' } },
      },
      burnRateConfigurations: windows.map((w) => ({ lookBackWindowMinutes: w })),
    });
  }
}

/** A CloudWatch GetMetricData query (the SDK's shape), as recorded in the assembly metadata. */
export interface MetricDataQueryJson {
  readonly Id: string;
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: Array<{ Name: string; Value: string }> };
    readonly Period: number;
    readonly Stat: string;
  };
  readonly AccountId?: string;
  readonly ReturnData: boolean;
}

/**
 * Renders a metric (or metric-math tree) as GetMetricData queries with every period set to `periodSeconds`;
 * the top query gets `topId` and ReturnData true. Tokens are resolved against `stack`.
 */
export function metricDataQueries(stack: Stack, metric: cw.IMetric, periodSeconds: number, topId: string): MetricDataQueryJson[] {
  const out: MetricDataQueryJson[] = [];
  const seen = new Set<string>();
  const visit = (m: cw.IMetric, id: string, top: boolean) => {
    if (seen.has(id)) return;
    seen.add(id);
    const c = m.toMetricConfig();
    if (c.mathExpression) {
      out.push({ Id: id, Expression: c.mathExpression.expression, ReturnData: top });
      for (const [childId, child] of Object.entries(c.mathExpression.usingMetrics)) visit(child, childId, false);
    } else if (c.metricStat) {
      const s = c.metricStat;
      out.push({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: s.namespace,
            MetricName: s.metricName,
            Dimensions: (s.dimensions ?? []).map((d) => ({ Name: d.name, Value: stack.resolve(d.value) })),
          },
          Period: periodSeconds,
          Stat: s.statistic,
        },
        ...(s.account && !Token.isUnresolved(s.account) && s.account !== stack.account ? { AccountId: s.account } : {}),
        ReturnData: top,
      });
    }
  };
  visit(metric, topId, true);
  return out;
}

function resolveSlo(input: SloPlan | SloTarget, problems: ProblemCollector): { availability: number; periodDays: number; tiers: BurnRateTier[] } {
  const fromPlan = (input as SloPlan).burnRateTiers !== undefined;
  const availability = input?.availability;
  const periodDays = fromPlan ? (input as SloPlan).periodDays : ((input as SloTarget)?.periodDays ?? 30);
  const specs: readonly BurnRateTierSpec[] = fromPlan
    ? (input as SloPlan).burnRateTiers.map((t) => ({
        severity: t.severity,
        budgetFraction: t.budgetFraction,
        longWindowMinutes: t.longWindowMinutes,
        shortWindowMinutes: t.shortWindowMinutes,
        name: t.name,
      }))
    : ((input as SloTarget)?.tiers ?? DEFAULT_BURN_RATE_TIERS);
  const sloProblems = checkSlo(availability, periodDays);
  addAll(problems, sloProblems);
  if (sloProblems.some((p) => p.path === 'slo.periodDays')) return { availability, periodDays, tiers: [] };
  const tierProblems = checkTiers(specs, periodDays, fromPlan ? 'slo.burnRateTiers' : 'slo.tiers');
  addAll(problems, tierProblems);
  if (sloProblems.length || tierProblems.length) return { availability, periodDays, tiers: [] };
  const tiers = computeTiers(availability, periodDays, specs);
  addAll(problems, checkAlarmWindows(tiers, fromPlan ? 'slo.burnRateTiers' : 'slo.tiers'));
  if (tiers.every((t) => !t.canFire)) {
    problems.add('slo.tiers', tiers.map((t) => t.name), 'no tier can fire at this SLO (every threshold error ratio is ≥ 1): lower the burn rates or raise the SLO');
  }
  return { availability, periodDays, tiers };
}

function addAll(problems: ProblemCollector, list: readonly SloProblem[]): void {
  for (const p of list) problems.add(p.path, p.value, p.message);
}

/** Region, SEARCH / Metrics Insights and 10-metric limits for the SLI's alarms. */
function checkSliLimits(stack: Stack, sli: Sli, problems: ProblemCollector): void {
  const region = stack.region;
  if (sli.requiredRegion && !Token.isUnresolved(region) && region !== sli.requiredRegion) {
    problems.add(
      'sli',
      sli.kind,
      `${sli.kind} metrics exist only in ${sli.requiredRegion} (dimension Region=Global) and alarms cannot watch another region; ` +
        `this stack is in ${region}. Put the SloAlarms in a ${sli.requiredRegion} stack`,
    );
  }
  const leaves = new Map<string, cw.MetricStatConfig>();
  const expressionIds = new Set<string>(['(gated ratio)']);
  const visit = (m: cw.IMetric, id: string, path: string) => {
    const c = m.toMetricConfig();
    if (c.mathExpression) {
      expressionIds.add(id);
      const e = c.mathExpression.expression;
      if (/\bSEARCH\s*\(/i.test(e) || /^\s*SELECT\b/i.test(e)) {
        problems.add(path, e, 'alarms cannot use SEARCH expressions or Metrics Insights queries in metric math; reference each metric explicitly');
      }
      if (c.mathExpression.searchRegion || c.mathExpression.searchAccount) {
        problems.add(path, e, 'alarms cannot use cross-account or cross-region search expressions');
      }
      for (const [childId, child] of Object.entries(c.mathExpression.usingMetrics)) visit(child, childId, `${path}.${childId}`);
    } else if (c.metricStat) {
      leaves.set(id, c.metricStat);
      const r = c.metricStat.region;
      if (r && !Token.isUnresolved(r) && !Token.isUnresolved(region) && r !== region) {
        problems.add(path, r, `alarms cannot watch metrics in another region (this stack is in ${region})`);
      }
    }
  };
  visit(sli.badEvents, 'bad', 'sli.badEvents');
  visit(sli.totalEvents, 'total', 'sli.totalEvents');
  if (leaves.size > MAX_METRICS_PER_ALARM) {
    problems.add('sli', [...leaves.keys()], `a metric-math alarm can reference at most ${MAX_METRICS_PER_ALARM} metrics (hard limit); this SLI needs ${leaves.size}`);
  }
  if (expressionIds.size > MAX_METRICS_PER_ALARM) {
    problems.add('sli', expressionIds.size, `a metric-math alarm can hold at most ${MAX_METRICS_PER_ALARM} expressions; this SLI needs ${expressionIds.size} with the gate`);
  }
}

function toCdkRule(rule: AlarmRuleExpr, alarms: Record<string, cw.IAlarm>): cw.IAlarmRule {
  switch (rule.kind) {
    case 'state': {
      const a = alarms[rule.alarm];
      if (!a) throw new Error(`SloAlarms: rule ${formatAlarmRule(rule)} names an alarm not built yet`);
      return cw.AlarmRule.fromAlarm(a, STATE[rule.state]);
    }
    case 'const':
      return cw.AlarmRule.fromBoolean(rule.value);
    case 'not':
      return cw.AlarmRule.not(toCdkRule(rule.operand, alarms));
    case 'and':
      return cw.AlarmRule.allOf(...rule.operands.map((o) => toCdkRule(o, alarms)));
    case 'or':
      return cw.AlarmRule.anyOf(...rule.operands.map((o) => toCdkRule(o, alarms)));
  }
}

function burn(threshold: number, availability: number): number {
  return Number((threshold / errorBudgetRatio(availability)).toPrecision(12));
}
