/**
 * `SloAlarms`: multi-window, multi-burn-rate SLO alerting on CloudWatch (Google SRE Workbook, "Alerting on
 * SLOs"), rendered from the pure alarm definitions of `./definitions`.
 */
import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { formatPercent, formatWindow } from '../format';
import { acknowledgeCompositeComponent } from '../private/acknowledgments';
import { notifyTopic } from '../private/alarm-actions';
import { createEncryptedTopic, createTopicKey } from '../private/topics';
import { BurnRateTier, burnRateOfThreshold, errorBudgetMinutes, errorBudgetRatio, Severity, SloSpec, tierWarnings } from './burn-rate';
import {
  AlarmRuleExpr,
  buildAlarmDefinitions,
  ComparisonOperatorName,
  DEFAULT_MINIMUM_REQUESTS_PER_MINUTE,
  formatAlarmRule,
  gatedRatioExpression,
  minimumRequestsOverWindow,
  NoTrafficOptions,
  SloAlarmDefinitions,
  TreatMissingDataMode,
  WindowAlarmDefinition,
} from './definitions';
import { metricDataQueries } from './metric-data-queries';
import { createApplicationSignalsSlo } from './private/application-signals';
import { createSloDashboard } from './private/dashboard';
import { sliEventsOver } from './private/sli-events';
import { Sli } from './sli';
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
          `(${burnRateOfThreshold(w.errorRatioThreshold, slo.availability)}× burn rate), counted only above ${w.minimumRequests} requests. ` +
          `Window alarm of tier(s) ${users.join(', ')}; it does not notify by itself.`,
      });
      (alarm.node.defaultChild as cw.CfnAlarm).addMetadata(SLO_ALARM_METADATA_KEY, meta('window', w.id));
      acknowledgeCompositeComponent(alarm);
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

    if (props.dashboard ?? true) this.dashboard = createSloDashboard(this, sloText);
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
      usingMetrics: sliEventsOver(this.sli, period),
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
