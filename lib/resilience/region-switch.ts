/**
 * RegionSwitch: disaster recovery as code in the secondary region. An SSM Automation document (built by the pure
 * `regionSwitchDocument`) promotes every cross-region replica with automated backups and then publishes the switch
 * metric; an alarm on that metric is what Route 53's failover health checks watch (`DnsRouting.failover({ regionSwitch })`).
 * Route 53 reads a CloudWatch-metric health check's data itself, so the switch needs no call to Route 53's control
 * plane (in us-east-1), and with `InsufficientDataHealthStatus: LastKnownStatus` it stays switched after one
 * datapoint until a 0 is published: https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 * Runbook: docs/resilience.md#region-switch.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import type { CrossRegionReadReplica } from '../database/cross-region-read-replica';
import { acknowledgeWildcardResources } from '../private/acknowledgments';
import { notifyTopic } from '../private/alarm-actions';
import { regionSwitchDocument, type AutomationDocument, type RegionSwitchMetric } from './region-switch-document';
import { validateRegionSwitchProps } from './validate-region-switch';

/** Namespace and name of the switch metric (dimension `Switch` = the switch's name). */
export const REGION_SWITCH_METRIC = { namespace: 'CdkScalePatterns/RegionSwitch', metricName: 'SwitchedToThisRegion' } as const;

/** Where a Route 53 CLOUDWATCH_METRIC health check finds the switch alarm. */
export interface RegionSwitchAlarmIdentifier {
  /** The alarm's region (the secondary region). */
  readonly region: string;
  /** The alarm's name. */
  readonly name: string;
}

/** Properties of {@link RegionSwitch}. */
export interface RegionSwitchProps {
  /** The plan: how many days of automated backups a promoted replica keeps (`dr.promotedBackupRetentionDays`). */
  readonly plan: CapacityPlan;
  /** The cross-region replicas to promote, one per shard. */
  readonly replicas: readonly CrossRegionReadReplica[];
  /**
   * Name of the switch (the metric's dimension, the alarm's name prefix): unique per application and region.
   * Letters, digits, `-` and `_`, at most 200 characters.
   */
  readonly switchName: string;
  /** Told when the switch happens and when it is undone (e.g. the region's SLO page topic: on-call must know). */
  readonly notificationTopic: sns.ITopic;
  /**
   * How long the automation waits for each promotion.
   * @default Duration.hours(1)
   */
  readonly promotionTimeout?: Duration;
}

/** The region switch of a secondary region: the automation, its role, the switch metric and its alarm. */
export class RegionSwitch extends Construct {
  /** The SSM Automation document: run it to fail over (`aws ssm start-automation-execution --document-name <name>`). */
  public readonly document: ssm.CfnDocument;
  /** Its content (what the document runs). */
  public readonly content: AutomationDocument;
  /** The role the automation runs as. */
  public readonly automationRole: iam.Role;
  /** The switch metric: 1 once the automation switched to this region, 0 after a failback. */
  public readonly metric: cw.Metric;
  /** Alarm on the switch metric (ALARM = switched); Route 53's failover health checks watch its data. */
  public readonly alarm: cw.Alarm;
  /** The alarm's region and name, for `DnsRouting.failover({ regionSwitch })`. */
  public readonly alarmIdentifier: RegionSwitchAlarmIdentifier;

  constructor(scope: Construct, id: string, props: RegionSwitchProps) {
    super(scope, id);
    validateRegionSwitchProps(this, props);

    const stack = Stack.of(this);
    const metricSpec: RegionSwitchMetric = { ...REGION_SWITCH_METRIC, dimensions: { Switch: props.switchName } };
    this.metric = new cw.Metric({
      namespace: metricSpec.namespace, metricName: metricSpec.metricName, dimensionsMap: { ...metricSpec.dimensions },
      statistic: cw.Stats.MAXIMUM, period: Duration.minutes(1),
    });
    const alarmName = `${props.switchName}-region-switch`;
    this.alarm = new cw.Alarm(this, 'SwitchedAlarm', {
      alarmName,
      alarmDescription:
        `REGION SWITCH: traffic for the origin name goes to ${stack.region} once this alarm is in ALARM (the region-switch automation ` +
        'promoted the replicas and published 1). Route 53 health checks read this metric. Failback: docs/resilience.md#failback.',
      metric: this.metric,
      threshold: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // The switch is one datapoint: the alarm keeps its state while no new one arrives.
      treatMissingData: cw.TreatMissingData.IGNORE,
    });
    notifyTopic(this.alarm, props.notificationTopic);
    this.alarmIdentifier = { region: stack.region, name: alarmName };

    this.automationRole = new iam.Role(this, 'AutomationRole', {
      description: `${this.node.path}: the region-switch automation promotes the DR replicas and publishes the switch metric`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    this.automationRole.addToPolicy(new iam.PolicyStatement({
      sid: 'PromoteTheReplicas', actions: ['rds:PromoteReadReplica'], resources: props.replicas.map((r) => r.replica.instanceArn),
    }));
    const describe = ['*'];
    this.automationRole.addToPolicy(new iam.PolicyStatement({ sid: 'WatchThePromotions', actions: ['rds:DescribeDBInstances'], resources: describe }));
    this.automationRole.addToPolicy(new iam.PolicyStatement({
      sid: 'PublishTheSwitch', actions: ['cloudwatch:PutMetricData'], resources: describe,
      conditions: { StringEquals: { 'cloudwatch:namespace': REGION_SWITCH_METRIC.namespace } },
    }));
    acknowledgeWildcardResources(this.automationRole, describe,
      'rds:DescribeDBInstances and cloudwatch:PutMetricData have no resource-level permissions; PutMetricData is limited to the ' +
      'region-switch namespace (cloudwatch:namespace condition).');

    this.content = regionSwitchDocument({
      replicas: props.replicas.map((r, i) => ({ label: `Shard${i + 1}`, instanceIdentifier: r.replica.instanceIdentifier })),
      backupRetentionDays: props.plan.dr.promotedBackupRetentionDays,
      metric: metricSpec,
      assumeRoleArn: this.automationRole.roleArn,
      promotionTimeoutSeconds: (props.promotionTimeout ?? Duration.hours(1)).toSeconds(),
    });
    this.document = new ssm.CfnDocument(this, 'Automation', { documentType: 'Automation', content: this.content });
  }

  /** ARN of the automation document. */
  public get documentArn(): string {
    return Stack.of(this).formatArn({ service: 'ssm', resource: 'document', resourceName: this.document.ref, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }
}
