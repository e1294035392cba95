/**
 * RegionSwitch: disaster recovery as code in the secondary region. An SSM Automation document (built by the pure
 * `regionSwitchDocument`) promotes every cross-region replica with automated backups and then publishes the switch
 * metric; an alarm on that metric is what Route 53's failover health checks watch (`DnsRouting.failover({ regionSwitch })`).
 * Route 53 reads a CloudWatch-metric health check's data itself, so the switch needs no call to Route 53's control
 * plane (in us-east-1), and with `InsufficientDataHealthStatus: LastKnownStatus` it stays switched after one
 * datapoint until a 0 is published: https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 * Runbook: docs/resilience.md#region-switch.
 */
import { ArnFormat, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import type { CrossRegionReadReplica } from '../database/cross-region-read-replica';
import { acknowledgeWildcardResources } from '../private/acknowledgments';
import { notifyTopic } from '../private/alarm-actions';
import { regionSwitchDocument, replicaPromotionDocuments, type AutomationDocument, type RegionSwitchMetric } from './region-switch-document';
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

/** Tag put on every DR replica a region switch promotes; its role may promote only replicas carrying it. */
export const REGION_SWITCH_TAG = 'cdk-scale:region-switch';

/** Properties of {@link RegionSwitch}. */
export interface RegionSwitchProps {
  /** The plan: how many days of automated backups a promoted replica keeps (`dr.promotedBackupRetentionDays`). */
  readonly plan: CapacityPlan;
  /** The cross-region replicas of this stack to promote, one per shard (a shard-group stack's: {@link ReplicaPromotion}). */
  readonly replicas: readonly CrossRegionReadReplica[];
  /**
   * Name of the switch (the metric's dimension, the alarm's name prefix): unique per application and region.
   * Letters, digits, `-` and `_`, at most 200 characters.
   */
  readonly switchName: string;
  /** Told when the switch happens and when it is undone (e.g. the region's SLO page topic: on-call must know). */
  readonly notificationTopic: sns.ITopic;
  /**
   * The names of the shard-group stacks whose {@link ReplicaPromotion} documents the switch runs (`groupDocumentNames`).
   * @default - none: this stack holds every replica
   */
  readonly groupStackNames?: readonly string[];
  /**
   * How long the automation waits for each promotion.
   * @default Duration.hours(1)
   */
  readonly promotionTimeout?: Duration;
}

/** The region switch of a secondary region: the automation, its role, the switch metric and its alarm. */
export class RegionSwitch extends Construct {
  /** The names of a shard-group stack's promote and wait documents (deterministic, so no reference crosses stacks). */
  public static groupDocumentNames(groupStackName: string): { readonly promoteDocumentName: string; readonly waitDocumentName: string } {
    return { promoteDocumentName: `${groupStackName}-PromoteReplicas`, waitDocumentName: `${groupStackName}-WaitForReplicas` };
  }

  /** The SSM Automation document: run it to fail over (`aws ssm start-automation-execution --document-name <name>`). */
  public readonly document: ssm.CfnDocument;
  /** Its content (what the document runs). */
  public readonly content: AutomationDocument;
  /** The role the automation (and the shard-group documents it runs) runs as. */
  public readonly automationRole: iam.Role;
  /** The switch metric: 1 once the automation switched to this region, 0 after a failback. */
  public readonly metric: cw.Metric;
  /** Alarm on the switch metric (ALARM = switched); Route 53's failover health checks watch its data. */
  public readonly alarm: cw.Alarm;
  /** The alarm's region and name, for `DnsRouting.failover({ regionSwitch })`. */
  public readonly alarmIdentifier: RegionSwitchAlarmIdentifier;
  /** The name of the switch (the value of {@link REGION_SWITCH_TAG} on the replicas). */
  public readonly switchName: string;
  /** How long the automation waits for each promotion, seconds. */
  public readonly promotionTimeoutSeconds: number;

  constructor(scope: Construct, id: string, props: RegionSwitchProps) {
    super(scope, id);
    validateRegionSwitchProps(this, props);
    const stack = Stack.of(this);
    this.switchName = props.switchName;
    this.promotionTimeoutSeconds = (props.promotionTimeout ?? Duration.hours(1)).toSeconds();
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
    this.grantPromotion(props.replicas);
    const arn = (service: string, resource: string, resourceName: string) => stack.formatArn({ service, resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const promote = [arn('rds', 'db', '*')];
    this.automationRole.addToPolicy(new iam.PolicyStatement({
      sid: 'PromoteTheTaggedReplicas', actions: ['rds:PromoteReadReplica'], resources: promote,
      conditions: { StringEquals: { [`aws:ResourceTag/${REGION_SWITCH_TAG}`]: props.switchName } },
    }));
    acknowledgeWildcardResources(this.automationRole, promote,
      'The replicas of the shard-group stacks are not referenced from this stack (no reference crosses into them): the statement is ' +
      `limited to DB instances tagged ${REGION_SWITCH_TAG}=${props.switchName}, which only this region's DR replicas carry.`);
    const any = ['*'];
    this.automationRole.addToPolicy(new iam.PolicyStatement({ sid: 'WatchThePromotions', actions: ['rds:DescribeDBInstances'], resources: any }));
    this.automationRole.addToPolicy(new iam.PolicyStatement({
      sid: 'PublishTheSwitch', actions: ['cloudwatch:PutMetricData'], resources: any,
      conditions: { StringEquals: { 'cloudwatch:namespace': REGION_SWITCH_METRIC.namespace } },
    }));
    acknowledgeWildcardResources(this.automationRole, any,
      'rds:DescribeDBInstances and cloudwatch:PutMetricData have no resource-level permissions; PutMetricData is limited to the ' +
      'region-switch namespace (cloudwatch:namespace condition).');

    const groups = (props.groupStackNames ?? []).map((name, i) => ({ label: `Group${i + 1}`, ...RegionSwitch.groupDocumentNames(name) }));
    if (groups.length > 0) {
      const documents = groups.flatMap((g) => [g.promoteDocumentName, g.waitDocumentName]);
      const resources = documents.flatMap((d) => [stack.formatArn({ service: 'ssm', resource: 'document', resourceName: d, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
        stack.formatArn({ service: 'ssm', resource: 'automation-definition', resourceName: `${d}:*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })]);
      this.automationRole.addToPolicy(new iam.PolicyStatement({ sid: 'RunTheShardGroupDocuments', actions: ['ssm:StartAutomationExecution'], resources }));
      const executions = [stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })];
      this.automationRole.addToPolicy(new iam.PolicyStatement({ sid: 'FollowTheShardGroupDocuments', actions: ['ssm:GetAutomationExecution'], resources: executions }));
      // The shard-group documents run as this role too: starting them passes it.
      this.automationRole.addToPolicy(new iam.PolicyStatement({
        sid: 'RunTheShardGroupDocumentsAsThisRole', actions: ['iam:PassRole'], resources: [this.automationRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
      }));
      acknowledgeWildcardResources(this.automationRole, [...resources, ...executions],
        'Any version of the shard-group stacks\' own promote and wait documents (named after their stacks), and the executions they start.');
    }

    this.content = regionSwitchDocument({
      replicas: props.replicas.map((r, i) => ({ label: `Shard${i + 1}`, instanceIdentifier: r.replica.instanceIdentifier })),
      groups,
      backupRetentionDays: props.plan.dr.promotedBackupRetentionDays,
      metric: metricSpec,
      assumeRoleArn: this.automationRole.roleArn,
      promotionTimeoutSeconds: this.promotionTimeoutSeconds,
    });
    this.document = new ssm.CfnDocument(this, 'Automation', { documentType: 'Automation', content: this.content });
  }

  /** ARN of the automation document. */
  public get documentArn(): string {
    return Stack.of(this).formatArn({ service: 'ssm', resource: 'document', resourceName: this.document.ref, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }

  /** Tags `replicas` so that this switch's role may promote them. */
  public grantPromotion(replicas: readonly CrossRegionReadReplica[]): void {
    for (const r of replicas) Tags.of(r.replica.node.defaultChild!).add(REGION_SWITCH_TAG, this.switchName);
  }
}

/** Properties of {@link ReplicaPromotion}. */
export interface ReplicaPromotionProps {
  /** The regional stack's switch, which runs this stack's documents as its role. */
  readonly regionSwitch: RegionSwitch;
  /** The plan: the backup retention of the promoted replicas. */
  readonly plan: CapacityPlan;
  /** This shard-group stack's cross-region replicas. */
  readonly replicas: readonly CrossRegionReadReplica[];
}

/**
 * A shard-group stack's part of the region switch: a document promoting its replicas and one waiting for them, named
 * after the stack (`RegionSwitch.groupDocumentNames`) so the regional switch document runs them by name.
 */
export class ReplicaPromotion extends Construct {
  /** The promote document. */
  public readonly promoteDocument: ssm.CfnDocument;
  /** The wait document. */
  public readonly waitDocument: ssm.CfnDocument;

  constructor(scope: Construct, id: string, props: ReplicaPromotionProps) {
    super(scope, id);
    const names = RegionSwitch.groupDocumentNames(Stack.of(this).stackName);
    props.regionSwitch.grantPromotion(props.replicas);
    const first = firstShardNumber(props.replicas);
    const docs = replicaPromotionDocuments(
      props.replicas.map((r, i) => ({ label: `Shard${first + i}`, instanceIdentifier: r.replica.instanceIdentifier })),
      { backupRetentionDays: props.plan.dr.promotedBackupRetentionDays, promotionTimeoutSeconds: props.regionSwitch.promotionTimeoutSeconds, assumeRoleArn: props.regionSwitch.automationRole.roleArn },
    );
    this.promoteDocument = new ssm.CfnDocument(this, 'Promote', { documentType: 'Automation', name: names.promoteDocumentName, content: docs.promote });
    this.waitDocument = new ssm.CfnDocument(this, 'Wait', { documentType: 'Automation', name: names.waitDocumentName, content: docs.wait });
  }
}

/** Step labels number the shards as the layout does (`DatabaseReplicaShard7` → Shard7); 1 when the ids say nothing. */
function firstShardNumber(replicas: readonly CrossRegionReadReplica[]): number {
  const m = /Shard(\d+)$/.exec(replicas[0]?.node.id ?? '');
  return m ? Number(m[1]) : 1;
}
