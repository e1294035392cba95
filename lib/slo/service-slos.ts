/**
 * `ServiceSlos`: several SLOs of one service (availability and latency, or one per target group) sharing one page
 * route, one ticket route and one dashboard. Each SLO is a `SloAlarms` child with its own tiers, gates, no-traffic
 * and budget alarms; the budget publisher, where needed, is shared by the whole stack.
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { createEncryptedTopic, createTopicKey } from '../private/topics';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import { SloAlarms, type SloAlarmsProps } from './slo-alarms';

/** One SLO of a {@link ServiceSlos}: `SloAlarmsProps` without the routes and dashboard the service shares. */
export type ServiceSloProps = Omit<SloAlarmsProps, 'pageTopic' | 'ticketTopic' | 'dashboard' | 'alarmNamePrefix'>;

/** Props of {@link ServiceSlos}. */
export interface ServiceSlosProps {
  /**
   * Topic for the pages of every SLO.
   * @default - a topic encrypted with a customer-managed KMS key CloudWatch may use, SSL enforced
   */
  readonly pageTopic?: sns.ITopic;
  /**
   * Topic for the tickets of every SLO.
   * @default - a topic encrypted with a customer-managed KMS key CloudWatch may use, SSL enforced
   */
  readonly ticketTopic?: sns.ITopic;
  /**
   * One dashboard with every SLO's widgets.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Prefix of every alarm name: `<prefix>-<slo id>-page`, ...
   * @default - CloudFormation-generated names
   */
  readonly alarmNamePrefix?: string;
  /**
   * The SLOs, by construct id (more can be added with `addSlo`).
   * @default - none
   */
  readonly slos?: Readonly<Record<string, ServiceSloProps>>;
}

/** Several SLOs of one service with one page route, one ticket route and one dashboard. */
export class ServiceSlos extends Construct {
  /** Where every SLO's pages go. */
  public readonly pageTopic: sns.ITopic;
  /** Where every SLO's tickets go. */
  public readonly ticketTopic: sns.ITopic;
  /** The key encrypting the topics this construct created. Undefined when both topics were given. */
  public readonly topicKey?: kms.Key;
  /** The shared dashboard. Undefined with `dashboard: false`. */
  public readonly dashboard?: cw.Dashboard;
  private readonly slosById: Record<string, SloAlarms> = {};
  private readonly alarmNamePrefix?: string;

  constructor(scope: Construct, id: string, props: ServiceSlosProps = {}) {
    super(scope, id);
    const problems = new ProblemCollector();
    if (props.alarmNamePrefix !== undefined && !/^[\w.\-/: ]{1,150}$/.test(props.alarmNamePrefix)) {
      problems.add('alarmNamePrefix', props.alarmNamePrefix, 'must be 1–150 letters, digits, spaces or . - _ / :');
    }
    throwIfProblems(this, problems);
    this.alarmNamePrefix = props.alarmNamePrefix;
    if (!props.pageTopic || !props.ticketTopic) {
      this.topicKey = createTopicKey(this, 'TopicKey', { description: `Encrypts the SLO alert topics of ${this.node.path}`, publishers: ['cloudwatch-alarms'] });
    }
    this.pageTopic = props.pageTopic ?? createEncryptedTopic(this, 'PageTopic', { key: this.topicKey!, displayName: `SLO pages: ${this.node.path}` });
    this.ticketTopic = props.ticketTopic ?? createEncryptedTopic(this, 'TicketTopic', { key: this.topicKey!, displayName: `SLO tickets: ${this.node.path}` });
    if (props.dashboard ?? true) {
      this.dashboard = new cw.Dashboard(this, 'Dashboard', { periodOverride: cw.PeriodOverride.INHERIT, defaultInterval: Duration.days(7) });
    }
    for (const [sloId, slo] of Object.entries(props.slos ?? {})) this.addSlo(sloId, slo);
  }

  /** Every SLO, by id. */
  public get slos(): Readonly<Record<string, SloAlarms>> {
    return { ...this.slosById };
  }

  /**
   * Adds an SLO: a `SloAlarms` with the shared topics and dashboard.
   * @param id construct id of its `SloAlarms` (also in its alarm names with `alarmNamePrefix`)
   * @param props the SLO, its SLI and its options
   */
  public addSlo(id: string, props: ServiceSloProps): SloAlarms {
    const slo = new SloAlarms(this, id, {
      ...props,
      pageTopic: this.pageTopic,
      ticketTopic: this.ticketTopic,
      dashboard: this.dashboard ?? false,
      ...(this.alarmNamePrefix ? { alarmNamePrefix: `${this.alarmNamePrefix}-${id}` } : {}),
    });
    this.slosById[id] = slo;
    return slo;
  }
}
