/**
 * QueueWorkers: an Auto Scaling group of workers that consume a {@link WorkQueue}, in the network's application
 * subnets across its AZs, scaling by target tracking on the backlog per instance: AWS's pattern for SQS
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html), as metric math over the queue's
 * `ApproximateNumberOfMessagesVisible` and the group's `GroupInServiceInstances`
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-target-tracking-metric-math.html).
 *
 * aws-cdk-lib's `scaleToTrackMetric` accepts direct metrics only (it throws on a math expression), so the policy is
 * the L1 `CfnScalingPolicy` with a `Metrics` array; `GroupInServiceInstances` exists only with group metrics
 * collection, which the group turns on.
 */
import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { queueWorkersSizing } from '../capacity/sizing';
import type { Network } from '../network/network';
import { createInstanceFleet } from '../private/instance-launch';
import type { InstanceFleetProps } from '../web/instance-fleet-props';
import { QUEUE_WORKERS_DEFAULTS } from './private/defaults';
import { validateQueueWorkersProps, type QueueWorkersSettings, type QueueWorkersSettingsInput } from './validate-queue-workers';
import type { WorkQueue } from './work-queue';

/** Properties of {@link QueueWorkers}. */
export interface QueueWorkersProps extends InstanceFleetProps {
  /** The network: the workers run in its application subnets (private, with egress), across its AZs. */
  readonly network: Network;
  /** The queue the workers consume (they may receive, delete and change visibility, nothing else). */
  readonly queue: WorkQueue;
  /**
   * The capacity plan: instance type, group min/max and the backlog target come from its `async` tier unless the
   * explicit props below are given.
   * @default - no plan: `instanceType`, `minCapacity`, `maxCapacity` and `backlogPerInstanceTarget` are required
   */
  readonly plan?: CapacityPlan;
  /** Instance type. @default - `plan.async.workerInstanceType` */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Auto Scaling group minimum, at least 1: the backlog per instance divides by the instances in service, so a group
   * at zero would never see its backlog.
   * @default - `plan.async.minWorkers`
   */
  readonly minCapacity?: number;
  /** Auto Scaling group maximum. @default - `plan.async.maxWorkers` */
  readonly maxCapacity?: number;
  /**
   * Target of the backlog-per-instance tracking policy: messages waiting per in-service worker (acceptable latency ÷
   * processing time per message).
   * @default - `plan.async.backlogPerWorkerTarget`
   */
  readonly backlogPerInstanceTarget?: number;
}

/** An Auto Scaling group of queue workers that scales on the backlog per instance. */
export class QueueWorkers extends Construct {
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template of the workers. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The workers' IAM role: SSM managed-instance access and consuming the queue. */
  public readonly instanceRole: iam.Role;
  /** The workers' security group (no ingress). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The topic receiving the group's scaling notifications. */
  public readonly notificationsTopic: sns.ITopic;
  /** The KMS key of a created notifications topic. */
  public readonly notificationsKey?: kms.Key;
  /** The backlog-per-instance target-tracking policy (L1: aws-cdk-lib's L2 takes no metric math). */
  public readonly backlogScaling: autoscaling.CfnScalingPolicy;
  /** The sizes the group was built with. */
  public readonly settings: QueueWorkersSettings;
  /** The queue consumed. */
  public readonly queue: WorkQueue;

  constructor(scope: Construct, id: string, props: QueueWorkersProps) {
    super(scope, id);
    const planned = props.plan ? queueWorkersSizing(props.plan) : undefined;
    const settings: QueueWorkersSettingsInput = {
      instanceType: props.instanceType ?? (planned ? new ec2.InstanceType(planned.instanceType) : undefined),
      minCapacity: props.minCapacity ?? planned?.minCapacity,
      maxCapacity: props.maxCapacity ?? planned?.maxCapacity,
      backlogPerInstanceTarget: props.backlogPerInstanceTarget ?? planned?.backlogPerInstanceTarget,
    };
    validateQueueWorkersProps(this, props, settings);
    this.settings = settings;
    this.queue = props.queue;
    const vpc = props.network.vpc;

    const fleet = createInstanceFleet(this, {
      vpc,
      instanceType: settings.instanceType,
      machineImage: props.machineImage,
      userData: props.userData,
      rootVolumeSizeGiB: props.rootVolumeSizeGiB ?? QUEUE_WORKERS_DEFAULTS.rootVolumeSizeGiB,
      rootDeviceName: props.rootDeviceName ?? QUEUE_WORKERS_DEFAULTS.rootDeviceName,
      allowAllOutbound: props.allowAllOutbound ?? false,
      securityGroupDescription: `Queue workers of ${this.node.path}: no ingress`,
      roleDescription: `Queue workers of ${this.node.path}: consume the work queue, SSM Session Manager access, no SSH`,
      vpcSubnets: props.network.applicationSubnets,
      minCapacity: settings.minCapacity,
      maxCapacity: settings.maxCapacity,
      // EC2 status checks: a worker serves no load balancer.
      healthChecks: autoscaling.HealthChecks.ec2(),
      defaultInstanceWarmup: props.defaultInstanceWarmup ?? QUEUE_WORKERS_DEFAULTS.defaultInstanceWarmup,
      notificationsTopic: props.notificationsTopic,
    });
    this.securityGroup = fleet.securityGroup;
    this.instanceRole = fleet.role;
    this.launchTemplate = fleet.launchTemplate;
    this.notificationsTopic = fleet.notificationsTopic;
    this.notificationsKey = fleet.notificationsKey;
    this.autoScalingGroup = fleet.autoScalingGroup;
    props.queue.grantConsumeMessages(this.instanceRole);

    const asgName = this.autoScalingGroup.autoScalingGroupName;
    this.backlogScaling = new autoscaling.CfnScalingPolicy(this, 'BacklogPerInstanceTracking', {
      autoScalingGroupName: asgName,
      policyType: 'TargetTrackingScaling',
      targetTrackingConfiguration: {
        // "the optimal average request or message count per instance during any one-minute interval"
        // (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_TargetTrackingConfiguration.html)
        targetValue: settings.backlogPerInstanceTarget,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'm1',
              label: 'Messages visible',
              returnData: false,
              metricStat: {
                stat: 'Sum',
                metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', value: props.queue.queue.queueName }] },
              },
            },
            {
              id: 'm2',
              label: 'In-service instances',
              returnData: false,
              metricStat: {
                stat: 'Average',
                metric: { namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances', dimensions: [{ name: 'AutoScalingGroupName', value: asgName }] },
              },
            },
            { id: 'e1', label: 'Backlog per instance', expression: 'm1 / m2', returnData: true },
          ],
        },
      },
    });
  }

  /** The workers' network peer: their security group (for the data tiers and the event log to admit them). */
  public get connections(): ec2.Connections {
    return this.autoScalingGroup.connections;
  }

  /** GroupInServiceInstances: workers in service (Average). */
  public metricGroupInServiceInstances(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/AutoScaling',
      metricName: 'GroupInServiceInstances',
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /** CPUUtilization: average CPU utilization of the workers (AWS/EC2, per Auto Scaling group). */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * The backlog per instance the policy tracks: messages visible ÷ workers in service. A math expression over two
   * CloudWatch metrics (for dashboards and alarms), not a metric of its own.
   */
  public metricBacklogPerInstance(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'm1 / m2',
      usingMetrics: {
        m1: this.queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.SUM }),
        m2: this.metricGroupInServiceInstances(),
      },
      label: 'Backlog per instance',
      period: Duration.minutes(1),
      ...props,
    });
  }
}
