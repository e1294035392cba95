/**
 * `SloAlarms`: multi-window, multi-burn-rate SLO alerting on CloudWatch (Google SRE Workbook, "Alerting on
 * SLOs"), rendered from the pure alarm definitions of `./definitions`.
 */
import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { formatMinutes, formatPercent, formatWindow } from '../format';
import { acknowledgeCompositeComponent } from '../private/acknowledgments';
import { notifyTopic } from '../private/alarm-actions';
import { createEncryptedTopic, createTopicKey } from '../private/topics';
import { BurnRateTier, burnRateOfThreshold, errorBudgetMinutes, errorBudgetRatio, Severity, SloSpec, tierWarnings } from './burn-rate';
import { withSloAlarmLabel } from './alarm-label';
import {
  AlarmRuleExpr,
  BUDGET_METRIC_NAMESPACE,
  BUDGET_PUBLISH_MINUTES,
  BUDGET_REMAINING_METRIC,
  BudgetAlarmDefinition,
  BudgetAlarmOptions,
  buildAlarmDefinitions,
  ComparisonOperatorName,
  DEFAULT_MINIMUM_REQUESTS_PER_MINUTE,
  formatAlarmRule,
  gatedRatioExpression,
  minimumRequestsOverWindow,
  noTrafficHiddenShare,
  NoTrafficOptions,
  SloAlarmDefinitions,
  TreatMissingDataMode,
  WindowAlarmDefinition,
} from './definitions';
import { MetricDataQueryJson, metricDataQueries } from './metric-data-queries';
import { createApplicationSignalsSlo } from './private/application-signals';
import { BudgetPublisher } from './private/budget-publisher';
import { addSloWidgets, createSloDashboard } from './private/dashboard';
import { sliEventsOver } from './private/sli-events';
import { Sli, withPeriodThroughout } from './sli';
import { SLO_ALARM_METADATA_KEY, SloAlarmMetadata } from './template-parser';
import { validateSloAlarmsProps } from './validate-slo-alarms';

/** Construct metadata key under which each SLO is recorded in the cloud assembly (manifest.json). */
export const SLO_METADATA_KEY = 'cdk-scale:slo';

/** IDs of the synth warnings of {@link SloAlarms} (acknowledge them with `Annotations.acknowledgeWarning`). */
export const SLO_WARNINGS = {
  /** A tier's threshold error ratio is ≥ 1 at this SLO: it can never fire and gets no alarm. */
  tierCannotFire: 'cdk-scale-patterns:slo:tierCannotFire',
  /** The SLI's metrics exist in one region only and the stack is environment-agnostic. */
  regionUnknown: 'cdk-scale-patterns:slo:regionUnknown',
} as const;

/** Props of {@link SloAlarms}. */
export interface SloAlarmsProps {
  /** The SLO: a plan's `plan.slo` (its tiers are used) or an explicit target. */
  readonly slo: SloSpec;
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
   * Floor of the low-traffic gate, as a request RATE. Each window alarm watches `IF(total > N, bad / total, 0)` with
   * N = ⌊1 ÷ its threshold⌋ (a window counts only when ONE failed request cannot cross the threshold by itself: 69
   * requests for 99.9 %'s 14.4× page); a floor of r requests per minute raises N to r × window when that is higher.
   * @default 0 (no floor)
   */
  readonly minimumRequests?: number;
  /**
   * The no-traffic alarm: fires when each of the last W one-minute datapoints of the request count is below
   * `minimumRequests` or missing (missing data is breaching), so silence never looks healthy.
   * @default - W sized from the objective (the minutes of full outage that spend 1 % of the budget, less 2, at least 1), 1 request, ticket
   */
  readonly noTraffic?: NoTrafficOptions;
  /**
   * Budget alarms (tickets) when the error budget of the whole period is spent, or below given shares. Periods up to
   * 7 days use one alarm over the period; longer ones an hourly budget publisher (a Lambda function per stack) and an
   * alarm on the `ErrorBudgetRemaining` metric it puts. `false`: none.
   * @default { remainingBelow: [0] }
   */
  readonly budgetAlarms?: BudgetAlarmOptions | false;
  /**
   * A CloudWatch dashboard: SLI over time, burn rate per window, error budget remaining. `true` creates one; a
   * dashboard adds this SLO's widgets to it (several SLOs of one service on one dashboard).
   * @default true
   */
  readonly dashboard?: boolean | cw.Dashboard;
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
  /** Budget alarms by definition id (`budget-exhausted`, `budget-below-10pct`, ...). */
  public readonly budgetAlarms: Readonly<Record<string, cw.Alarm>>;
  /** The hourly rule that runs the budget publisher for this SLO (periods over 7 days with budget alarms). */
  public readonly budgetRule?: events.Rule;
  /** Where pages go. */
  public readonly pageTopic: sns.ITopic;
  /** Where tickets go. */
  public readonly ticketTopic: sns.ITopic;
  /** The key encrypting the topics this construct created. Undefined when both topics were given. */
  public readonly topicKey?: kms.Key;
  /** The dashboard holding this SLO's widgets (created, or the one given). Undefined with `dashboard: false`. */
  public readonly dashboard?: cw.Dashboard;
  /** The native Application Signals SLO. Undefined unless `applicationSignals: true`. */
  public readonly serviceLevelObjective?: applicationsignals.CfnServiceLevelObjective;
  private readonly minimumRequestsPerMinute: number;

  constructor(scope: Construct, id: string, props: SloAlarmsProps) {
    super(scope, id);
    const slo = validateSloAlarmsProps(this, props);
    const stack = Stack.of(this);
    this.sli = props.sli;
    this.availability = slo.availability;
    this.periodDays = slo.periodDays;
    this.tiers = slo.tiers;
    this.minimumRequestsPerMinute = props.minimumRequests ?? DEFAULT_MINIMUM_REQUESTS_PER_MINUTE;

    for (const w of tierWarnings(slo.availability, slo.tiers)) {
      Annotations.of(this).addWarningV2(SLO_WARNINGS.tierCannotFire, `${w.message} No alarm is created for it.`);
    }
    if (props.sli.requiredRegion && Token.isUnresolved(stack.region)) {
      Annotations.of(this).addWarningV2(
        SLO_WARNINGS.regionUnknown,
        `${props.sli.kind} metrics exist only in ${props.sli.requiredRegion}; deploy this environment-agnostic stack there.`,
      );
    }

    const defs = buildAlarmDefinitions({
      availability: slo.availability,
      periodDays: slo.periodDays,
      tiers: slo.tiers,
      minimumRequestsPerMinute: this.minimumRequestsPerMinute,
      noTraffic: props.noTraffic ?? {},
      budget: props.budgetAlarms ?? {},
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
    // The same labels as resource metadata (for `alarmDefinitionsFromTemplate`) and at the end of the description
    // (for tools that only see deployed alarms, through DescribeAlarms).
    const labelled = <T extends cw.Alarm | cw.CompositeAlarm>(alarm: T, m: SloAlarmMetadata): T => {
      (alarm.node.defaultChild as cw.CfnAlarm | cw.CfnCompositeAlarm).addMetadata(SLO_ALARM_METADATA_KEY, m);
      return alarm;
    };
    const sloText = `SLO ${formatPercent(slo.availability)} over ${slo.periodDays} d (${props.sli.description})`;

    // Window alarms.
    const windowAlarms: Record<string, cw.Alarm> = {};
    const alarmsById: Record<string, cw.IAlarm> = {};
    for (const w of defs.windowAlarms) {
      const users = defs.tiers.filter((t) => t.longWindowAlarm === w.id || t.shortWindowAlarm === w.id).map((t) => t.name);
      const m = meta('window', w.id);
      const alarm = labelled(
        new cw.Alarm(this, w.id, {
          metric: this.gatedRatio(w),
          threshold: w.errorRatioThreshold,
          comparisonOperator: COMPARISON[w.comparisonOperator],
          evaluationPeriods: w.evaluationPeriods,
          datapointsToAlarm: w.datapointsToAlarm,
          treatMissingData: MISSING[w.treatMissingData],
          alarmName: label(w.id),
          alarmDescription: withSloAlarmLabel(
            `${sloText}: error ratio over the last ${formatWindow(w.windowMinutes)} > ${w.errorRatioThreshold} ` +
              `(${burnRateOfThreshold(w.errorRatioThreshold, slo.availability)}× burn rate), counted only above ${w.minimumRequests} requests. ` +
              `Window alarm of tier(s) ${users.join(', ')}; it does not notify by itself.`,
            m,
          ),
        }),
        m,
      );
      acknowledgeCompositeComponent(alarm);
      windowAlarms[w.id] = alarm;
      alarmsById[w.id] = alarm;
    }
    this.windowAlarms = windowAlarms;

    // One composite per tier.
    const tierAlarms: Record<string, cw.CompositeAlarm> = {};
    for (const t of defs.tiers) {
      const tier = slo.tiers.find((x) => x.name === t.name)!;
      const m = meta('tier', t.id, { tier: t.name, severity: t.severity });
      const alarm = labelled(
        new cw.CompositeAlarm(this, t.id, {
          alarmRule: toCdkRule(t.rule, alarmsById),
          compositeAlarmName: label(t.id),
          alarmDescription: withSloAlarmLabel(
            `${sloText}: tier ${t.name} (${t.severity}): ${formatPercent(tier.budgetFraction)} of the error budget spent within ` +
              `${formatWindow(tier.longWindowMinutes)} (burn rate ${tier.burnRate}×, error ratio > ${tier.errorRatioThreshold}) ` +
              `and still burning over the last ${formatWindow(tier.shortWindowMinutes)}.`,
            m,
          ),
        }),
        m,
      );
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
      const m = meta('severity', d.id, { severity: s });
      const alarm = labelled(
        new cw.CompositeAlarm(this, d.id, {
          alarmRule: toCdkRule(d.rule, alarmsById),
          compositeAlarmName: label(d.id),
          alarmDescription: withSloAlarmLabel(
            `${sloText}: ${s === 'page' ? 'PAGE — the error budget is burning fast' : 'TICKET — the error budget is burning slowly'}. ` +
              `Tiers: ${names.join(' OR ')}.` +
              (suppressor ? ' Held while the page is in ALARM; sent after the page ends if still in ALARM.' : '') +
              ' See the SLO dashboard for the burn rate per window.',
            m,
          ),
          ...(suppressor
            ? {
                actionsSuppressor: alarmsById[suppressor.alarm],
                actionsSuppressorWaitPeriod: Duration.seconds(suppressor.waitPeriodSeconds),
                actionsSuppressorExtensionPeriod: Duration.seconds(suppressor.extensionPeriodSeconds),
              }
            : {}),
        }),
        m,
      );
      notifyTopic(alarm, topicFor(s));
      alarmsById[d.id] = alarm;
      return alarm;
    };
    this.pageAlarm = severityAlarm('page');
    this.ticketAlarm = severityAlarm('ticket');

    // No-traffic alarm: the request count per minute, a plain metric where the SLI has one.
    const n = defs.noTraffic;
    const nm = meta('no-traffic', n.id, { severity: n.severity });
    this.noTrafficAlarm = labelled(
      new cw.Alarm(this, n.id, {
        metric: withPeriodThroughout(props.sli.trafficMetric, Duration.minutes(n.periodMinutes)).with({ label: 'Requests per minute' }),
        threshold: n.minimumRequests,
        comparisonOperator: COMPARISON[n.comparisonOperator],
        evaluationPeriods: n.evaluationPeriods,
        datapointsToAlarm: n.datapointsToAlarm,
        treatMissingData: MISSING[n.treatMissingData],
        alarmName: label(n.id),
        alarmDescription: withSloAlarmLabel(
          `${sloText}: fewer than ${n.minimumRequests} request(s) per minute, or no data, for ${formatMinutes(n.evaluationPeriods)} ` +
            `(fires about ${formatMinutes(n.evaluationPeriods + 2)} after the last request; a silent outage that long spends ` +
            `${Number((noTrafficHiddenShare(slo.availability, slo.periodDays, n.evaluationPeriods) * 100).toPrecision(2))} % of the budget). ` +
            'The burn-rate alarms read silence as healthy; this one does not.',
          nm,
        ),
      }),
      nm,
    );
    notifyTopic(this.noTrafficAlarm, topicFor(n.severity));

    // Budget alarms.
    const budgetAlarms: Record<string, cw.Alarm> = {};
    const published = defs.budget.some((b) => b.source === 'published');
    if (published) {
      this.budgetRule = BudgetPublisher.of(this).schedule(this, 'BudgetSchedule', {
        slo: this.budgetMetricSlo(),
        periodDays: slo.periodDays,
        budget: errorBudgetRatio(slo.availability),
        namespace: BUDGET_METRIC_NAMESPACE,
        metricName: BUDGET_REMAINING_METRIC,
        queries: this.budgetQueries(),
      });
    }
    for (const b of defs.budget) {
      const bm = meta('budget', b.id, { severity: b.severity });
      const alarm = labelled(
        new cw.Alarm(this, b.id, {
          metric:
            b.source === 'window'
              ? this.gatedRatio({ windowMinutes: b.periodMinutes, minimumRequests: b.minimumRequests ?? 0 })
              : this.budgetRemainingMetric(),
          threshold: b.threshold,
          comparisonOperator: COMPARISON[b.comparisonOperator],
          evaluationPeriods: b.evaluationPeriods,
          datapointsToAlarm: b.datapointsToAlarm,
          treatMissingData: MISSING[b.treatMissingData],
          alarmName: label(b.id),
          alarmDescription: withSloAlarmLabel(budgetDescription(sloText, b, slo.periodDays), bm),
        }),
        bm,
      );
      notifyTopic(alarm, topicFor(b.severity));
      // A publisher that stops leaves the alarm without data: INSUFFICIENT_DATA is notified too.
      if (b.source === 'published') alarm.addInsufficientDataAction(new cwActions.SnsAction(topicFor(b.severity)));
      budgetAlarms[b.id] = alarm;
    }
    this.budgetAlarms = budgetAlarms;

    const dashboard = props.dashboard ?? true;
    if (dashboard instanceof cw.Dashboard) {
      addSloWidgets(dashboard, this, sloText);
      this.dashboard = dashboard;
    } else if (dashboard) {
      this.dashboard = createSloDashboard(this, sloText);
    }
    if (props.applicationSignals) this.serviceLevelObjective = createApplicationSignalsSlo(this, sloText);

    this.node.addMetadata(SLO_METADATA_KEY, {
      availability: slo.availability,
      periodDays: slo.periodDays,
      errorBudgetMinutes: errorBudgetMinutes(slo.availability, slo.periodDays),
      tiers: slo.tiers,
      minimumRequestsPerMinute: this.minimumRequestsPerMinute,
      sli: {
        kind: props.sli.kind,
        description: props.sli.description,
        badEvents: metricDataQueries(stack, props.sli.badEvents, 60, 'bad'),
        totalEvents: metricDataQueries(stack, props.sli.totalEvents, 60, 'total'),
      },
      ...(published ? { budgetMetric: { namespace: BUDGET_METRIC_NAMESPACE, metricName: BUDGET_REMAINING_METRIC, dimensions: { Slo: this.budgetMetricSlo() } } } : {}),
      definitions: defs,
    });
  }

  /**
   * The error budget remaining the budget publisher puts every hour (periods over 7 days): 1 − (bad ÷ total over the
   * SLO period) ÷ (1 − SLO), Minimum per hour. 0: spent exactly; below 0: overspent.
   */
  public metricBudgetRemaining(): cw.Metric {
    return this.budgetRemainingMetric(`Error budget remaining over ${this.periodDays} d (published hourly)`);
  }

  /** The published budget metric; without a label for the alarms, so they render as plain metric alarms. */
  private budgetRemainingMetric(label?: string): cw.Metric {
    return new cw.Metric({
      namespace: BUDGET_METRIC_NAMESPACE,
      metricName: BUDGET_REMAINING_METRIC,
      dimensionsMap: { Slo: this.budgetMetricSlo() },
      statistic: cw.Stats.MINIMUM,
      period: Duration.minutes(BUDGET_PUBLISH_MINUTES),
      ...(label ? { label } : {}),
    });
  }

  /** The `Slo` dimension of the published budget metric: the stack name and this construct's path in it. */
  private budgetMetricSlo(): string {
    const stack = Stack.of(this);
    const inStack = this.node.scopes.slice(this.node.scopes.indexOf(stack) + 1).map((c) => c.node.id).join('/');
    return `${stack.stackName}/${inStack}`;
  }

  /** The SLI's bad and total counts per hour as GetMetricData queries (shared metrics once). */
  private budgetQueries(): MetricDataQueryJson[] {
    const stack = Stack.of(this);
    const out: MetricDataQueryJson[] = [];
    const ids = new Set<string>();
    for (const q of [
      ...metricDataQueries(stack, this.sli.badEvents, 3600, 'bad'),
      ...metricDataQueries(stack, this.sli.totalEvents, 3600, 'total'),
    ]) {
      if (ids.has(q.Id)) continue;
      ids.add(q.Id);
      out.push(q);
    }
    return out;
  }

  /**
   * The gated error ratio one window alarm watches: `IF(total > N, bad / total, 0)` over `window`.
   * @param window a window alarm definition (see `definitions.windowAlarms`) or `{ windowMinutes, minimumRequests }`
   */
  public gatedRatio(window: Pick<WindowAlarmDefinition, 'windowMinutes' | 'minimumRequests'>): cw.MathExpression {
    const period = Duration.minutes(window.windowMinutes);
    return new cw.MathExpression({
      expression: gatedRatioExpression(window.minimumRequests),
      usingMetrics: sliEventsOver(this.sli, period),
      period,
      label: `Error ratio (${formatWindow(window.windowMinutes)})`,
    });
  }

  /**
   * Error ratio (bad ÷ total) over `window`, gated by the request floor only (0 at or below `minimumRequests` × window;
   * the alarms' own gates, ⌊1 ÷ threshold⌋, depend on their thresholds: see `gatedRatio`).
   * @param window the aggregation window, a whole number of minutes
   */
  public metricErrorRatio(window: Duration): cw.MathExpression {
    const windowMinutes = window.toMinutes();
    return this.gatedRatio({ windowMinutes, minimumRequests: minimumRequestsOverWindow(this.minimumRequestsPerMinute, windowMinutes) });
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
      usingMetrics: sliEventsOver(this.sli, period),
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
      usingMetrics: sliEventsOver(this.sli, period),
      period,
      label: 'Error budget remaining (%)',
    });
  }
}

function budgetDescription(sloText: string, b: BudgetAlarmDefinition, periodDays: number): string {
  const what = b.remainingBelow === 0 ? 'the error budget is overspent' : `less than ${formatPercent(b.remainingBelow)} of the error budget is left`;
  const how =
    b.source === 'window'
      ? `error ratio over the whole period > ${b.threshold}`
      : `ErrorBudgetRemaining, put hourly by the budget publisher, < ${b.remainingBelow}; no data for 3 hours (the publisher stopped) is notified as INSUFFICIENT_DATA`;
  return `${sloText}: TICKET — over the last ${periodDays} d ${what} (${how}).`;
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
