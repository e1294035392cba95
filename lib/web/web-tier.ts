/**
 * WebTier: an internet-facing Application Load Balancer in front of an Auto Scaling group of
 * instances in the application subnets, sized from the capacity plan (or explicit props, which win).
 *
 * This file wires the parts together; each part is built in its own module: the sizes
 * (`private/sizing.ts`), the checks (`validate-web-tier.ts`), the instances (`../private/instance-launch.ts`), the
 * access logs (`private/access-logs.ts`), the listeners and their guard (`private/listeners.ts`,
 * `private/guardable-default-action.ts`) and who may reach them (`private/ingress.ts`).
 */
import { Annotations, CfnResource, Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import type { Network } from '../network/network';
import { acknowledgeCfnGuard } from '../private/acknowledgments';
import { SPOF_FLEET_METADATA_KEY } from '../resilience/spof-audit';
import { createLogBucket } from '../private/log-bucket';
import { cloudFrontOriginFacingPrefixListId } from './cloudfront-prefix-list';
import type { InstanceFleetProps } from './instance-fleet-props';
import { logAccessLogs } from './private/access-logs';
import { WEB_TIER_DEFAULTS } from './private/defaults';
import { GuardableDefaultAction } from './private/guardable-default-action';
import { allowCloudFrontOnly, allowInternet } from './private/ingress';
import { createInstanceFleet } from '../private/instance-launch';
import { addListeners } from './private/listeners';
import { resolveWebTierSizing } from './private/sizing';
import { validateOriginHeader, validateWebTierProps } from './validate-web-tier';

/** Warning IDs this construct emits (stable: safe to acknowledge). */
export const WEB_TIER_WARNINGS = {
  httpOnly: 'cdk-scale-patterns:web:httpOnlyListener',
  preWarmWithoutEnd: 'cdk-scale-patterns:web:preWarmWithoutEndSchedule',
} as const;

/** A scheduled raise of the group's minimum before a known peak. */
export interface WebTierPreWarm {
  /** When to raise the minimum (e.g. `autoscaling.Schedule.cron({ hour: '8', minute: '30' })`). */
  readonly schedule: autoscaling.Schedule;
  /** The minimum to hold from `schedule` on (≥ 1, ≤ the group's maximum). */
  readonly minCapacity: number;
  /**
   * When to restore the group's normal minimum. Without it the raised minimum stays until
   * another scheduled action (or a deployment) lowers it; a warning says so.
   * @default - the minimum is not restored
   */
  readonly endSchedule?: autoscaling.Schedule;
  /**
   * IANA time zone of both schedules.
   * @default UTC
   */
  readonly timeZone?: string;
}

/** Properties of a {@link WebTier}. */
export interface WebTierProps extends InstanceFleetProps {
  /** The network: the ALB goes in its public subnets, the instances in its application subnets. */
  readonly network: Network;

  /**
   * The capacity plan: instance type, group min/max, the request-count scaling target and the
   * LCU reservation come from it unless the explicit props below are given.
   * @default - no plan: `instanceType`, `minCapacity`, `maxCapacity` and
   * `targetRequestsPerInstancePerMinute` are required
   */
  readonly plan?: CapacityPlan;

  /** Instance type. @default - `plan.compute.instanceType` */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Further instance types of the same size and architecture the group may launch when `instanceType` has no capacity
   * in an AZ (a mixed instances policy, On-Demand, in this order of priority); `[]` for one type only.
   * @default - the catalog's alternate of `instanceType` (`alternateInstanceTypes`: m7g → m7gd, c7g → c7gd, m7i → m7a), if any
   */
  readonly alternateInstanceTypes?: ec2.InstanceType[];
  /** Auto Scaling group minimum. @default - `plan.compute.minInstances` */
  readonly minCapacity?: number;
  /** Auto Scaling group maximum. @default - `plan.compute.maxInstances` */
  readonly maxCapacity?: number;
  /**
   * Target of the ALBRequestCountPerTarget tracking policy (requests per instance per minute).
   * @default - `plan.compute.targetRequestsPerInstancePerMinute`
   */
  readonly targetRequestsPerInstancePerMinute?: number;
  /**
   * Target of the CPU tracking policy, percent in (0, 100].
   * @default - the plan's `compute.cpuTargetUtilizationPercent`, else `DEFAULT_CPU_TARGET_UTILIZATION_PERCENT` (70)
   */
  readonly cpuTargetUtilizationPercent?: number;
  /**
   * LCU reservation (`MinimumLoadBalancerCapacity.CapacityUnits`, 100–15,000), or 0 for none.
   * @default - `plan.loadBalancing.recommendedLcuReservation` (none when the plan says null)
   */
  readonly minimumCapacityUnits?: number;

  /** Port the application listens on. @default 8080 */
  readonly port?: number;

  /**
   * Certificate for the HTTPS listener (an ACM certificate works as is). With it: HTTPS on 443
   * and a permanent HTTP→HTTPS redirect on 80; without it: HTTP on 80 and a warning.
   * @default - HTTP only
   */
  readonly certificate?: elbv2.IListenerCertificate;
  /** TLS policy of the HTTPS listener. @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.3 and 1.2) */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Accept traffic only from CloudFront's origin-facing managed prefix list (see
   * `CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS`). Only the main listener's port is opened (a rule
   * referencing the list weighs ~55 of the 60 rules a security group holds), so there is no
   * HTTP→HTTPS redirect listener in this mode. Needs `certificate`: CloudFront reaches the origins
   * over HTTPS only (`Edge` origins use an HTTPS-only protocol policy), so an HTTP listener would
   * never be reached.
   * @default false: open to the internet (0.0.0.0/0)
   */
  readonly allowOnlyCloudFront?: boolean;
  /**
   * The CloudFront origin-facing prefix list, for a region missing from the built-in table.
   * @default - from the built-in table (a CloudFormation mapping for an environment-agnostic stack)
   */
  readonly cloudFrontPrefixList?: ec2.IPrefixList;

  /** Target-group health check path (the app's readiness endpoint). @default '/healthz/ready' */
  readonly healthCheckPath?: string;
  /** Health check interval, 5–300 s. @default Duration.seconds(10) */
  readonly healthCheckInterval?: Duration;
  /** Health check timeout, 2–120 s and shorter than the interval. @default Duration.seconds(5) */
  readonly healthCheckTimeout?: Duration;
  /** Consecutive successes before a target is healthy, 2–10. @default 2 */
  readonly healthyThresholdCount?: number;
  /** Consecutive failures before a target is unhealthy, 2–10. @default 2 */
  readonly unhealthyThresholdCount?: number;
  /** Time the ALB drains a deregistering target, 0–3,600 s. @default Duration.seconds(30) */
  readonly deregistrationDelay?: Duration;
  /** Time after launch before failed ELB health checks replace an instance. @default Duration.minutes(5) */
  readonly healthCheckGracePeriod?: Duration;

  /** Scheduled pre-warming before known peaks. @default - none */
  readonly preWarm?: WebTierPreWarm[];

  /**
   * Bucket for the ALB access logs; it must use SSE-S3 (the only encryption ALB log delivery supports).
   * @default - a new SSE-S3 encrypted bucket, TLS enforced, public access blocked, retained
   */
  readonly accessLogsBucket?: s3.IBucket;
  /** Key prefix of the access logs. @default - no prefix */
  readonly accessLogsPrefix?: string;
  /** How long a created access-log bucket keeps objects. @default Duration.days(90) */
  readonly accessLogsRetention?: Duration;
  /** ALB idle timeout. @default Duration.seconds(60) */
  readonly idleTimeout?: Duration;
  /**
   * ALB deletion protection (turn it off before deleting the stack).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * An internet-facing ALB and an Auto Scaling group spread across the network's AZs.
 */
export class WebTier extends Construct {
  /** The internet-facing Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The ALB's security group. */
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** The main listener (HTTPS with a certificate, HTTP otherwise). */
  public readonly listener: elbv2.ApplicationListener;
  /** The HTTP→HTTPS redirect listener (HTTPS without `allowOnlyCloudFront` only). */
  public readonly redirectListener?: elbv2.ApplicationListener;
  /** The instances' target group. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template of the instances. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The instances' IAM role (SSM managed-instance access). */
  public readonly instanceRole: iam.Role;
  /** The instances' security group. */
  public readonly instanceSecurityGroup: ec2.SecurityGroup;
  /** The bucket receiving the ALB access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The topic receiving the group's scaling notifications. */
  public readonly notificationsTopic: sns.ITopic;
  /** The KMS key of a created notifications topic. */
  public readonly notificationsKey?: kms.Key;
  /** The request-count target-tracking policy. */
  public readonly requestCountScaling: autoscaling.TargetTrackingScalingPolicy;
  /** The CPU target-tracking policy. */
  public readonly cpuScaling: autoscaling.TargetTrackingScalingPolicy;
  /** The listener rule added by {@link requireOriginHeader}, once it was called. */
  public get originHeaderRule(): elbv2.ApplicationListenerRule | undefined {
    return this._originHeaderRule;
  }
  /** Instance type of the group (the first of {@link instanceTypes}). */
  public readonly instanceType: ec2.InstanceType;
  /** Every instance type the group may launch, in priority order. */
  public readonly instanceTypes: readonly ec2.InstanceType[];
  /** Port the instances listen on. */
  public readonly port: number;

  private readonly defaultAction: GuardableDefaultAction;
  private _originHeaderRule?: elbv2.ApplicationListenerRule;

  constructor(scope: Construct, id: string, props: WebTierProps) {
    super(scope, id);
    const sizing = resolveWebTierSizing(props);
    validateWebTierProps(this, props, sizing);

    const { network } = props;
    const vpc = network.vpc;
    this.port = props.port ?? WEB_TIER_DEFAULTS.port;
    this.instanceType = sizing.instanceType;

    // ---- Load balancer and its access logs ------------------------------------------------------
    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: `ALB of ${this.node.path}`,
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: network.publicSubnets,
      securityGroup: this.loadBalancerSecurityGroup,
      dropInvalidHeaderFields: true,
      idleTimeout: props.idleTimeout,
      deletionProtection: props.deletionProtection ?? true,
      minimumCapacityUnit: sizing.minimumCapacityUnits || undefined,
    });
    this.accessLogsBucket = props.accessLogsBucket ?? createLogBucket(this, 'AccessLogsBucket', {
      writer: 'elb',
      retention: props.accessLogsRetention ?? WEB_TIER_DEFAULTS.accessLogsRetention,
      // Versioned (CT.S3.PR.11): a log object overwritten or deleted by mistake is kept 30 days.
      versioned: true,
    });
    logAccessLogs(this.loadBalancer, this.accessLogsBucket, props.accessLogsPrefix);

    // ---- Instances and the group ----------------------------------------------------------------
    const fleet = createInstanceFleet(this, {
      vpc,
      instanceType: this.instanceType,
      alternateInstanceTypes: props.alternateInstanceTypes,
      machineImage: props.machineImage,
      userData: props.userData,
      rootVolumeSizeGiB: props.rootVolumeSizeGiB ?? WEB_TIER_DEFAULTS.rootVolumeSizeGiB,
      rootDeviceName: props.rootDeviceName ?? WEB_TIER_DEFAULTS.rootDeviceName,
      allowAllOutbound: props.allowAllOutbound ?? false,
      securityGroupDescription: `Instances of ${this.node.path}: ingress from the ALB only`,
      roleDescription: `Instances of ${this.node.path}: SSM Session Manager access, no SSH`,
      vpcSubnets: network.applicationSubnets,
      minCapacity: sizing.minCapacity,
      maxCapacity: sizing.maxCapacity,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: props.healthCheckGracePeriod ?? WEB_TIER_DEFAULTS.healthCheckGracePeriod,
      }),
      defaultInstanceWarmup: props.defaultInstanceWarmup ?? WEB_TIER_DEFAULTS.defaultInstanceWarmup,
      notificationsTopic: props.notificationsTopic,
      instanceMaintenance: { minHealthyPercentage: 90, maxHealthyPercentage: 110 },
    });
    this.instanceSecurityGroup = fleet.securityGroup;
    this.instanceRole = fleet.role;
    this.launchTemplate = fleet.launchTemplate;
    this.notificationsTopic = fleet.notificationsTopic;
    this.notificationsKey = fleet.notificationsKey;
    this.instanceTypes = fleet.instanceTypes;
    this.autoScalingGroup = fleet.autoScalingGroup;
    // The SPOF audit checks this group against the plan's peak after losing a zone (lib/resilience/spof-audit.ts).
    (this.autoScalingGroup.node.defaultChild as CfnResource).addMetadata(SPOF_FLEET_METADATA_KEY, 'web');

    // ---- Target group, listeners and who may reach them -----------------------------------------
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc,
      port: this.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: [this.autoScalingGroup],
      deregistrationDelay: props.deregistrationDelay ?? WEB_TIER_DEFAULTS.deregistrationDelay,
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath ?? WEB_TIER_DEFAULTS.healthCheckPath,
        protocol: elbv2.Protocol.HTTP,
        port: 'traffic-port',
        interval: props.healthCheckInterval ?? WEB_TIER_DEFAULTS.healthCheckInterval,
        timeout: props.healthCheckTimeout ?? WEB_TIER_DEFAULTS.healthCheckTimeout,
        healthyThresholdCount: props.healthyThresholdCount ?? WEB_TIER_DEFAULTS.healthyThresholdCount,
        unhealthyThresholdCount: props.unhealthyThresholdCount ?? WEB_TIER_DEFAULTS.unhealthyThresholdCount,
        healthyHttpCodes: '200',
      },
    });

    this.defaultAction = new GuardableDefaultAction(this.targetGroup);
    // Behind CloudFront only the main listener is opened (a prefix-list rule weighs ~55 of a security
    // group's 60 rules), so there is no HTTP→HTTPS redirect listener in that mode.
    const listeners = addListeners(this.loadBalancer, {
      defaultAction: this.defaultAction,
      certificate: props.certificate,
      sslPolicy: props.sslPolicy,
      redirectHttp: !props.allowOnlyCloudFront,
    });
    this.listener = listeners.listener;
    this.redirectListener = listeners.redirectListener;
    if (!props.certificate) {
      acknowledgeCfnGuard(this.listener, 'alb_http_to_https_redirection_check',
        'No certificate was given, so the only listener serves plain HTTP (there is nothing to redirect to), and the ' +
        `construct warns about it (${WEB_TIER_WARNINGS.httpOnly}); give \`certificate\` for HTTPS with the redirect.`);
      Annotations.of(this).addWarningV2(
        WEB_TIER_WARNINGS.httpOnly,
        'No certificate: the load balancer serves plain HTTP on port 80. Pass `certificate` (an ACM certificate) ' +
          'for HTTPS with a modern TLS policy and an HTTP→HTTPS redirect.',
      );
    }
    if (props.allowOnlyCloudFront) {
      // Validation made sure the list is known (the built-in table, a mapping, or the prop).
      const prefixListId = props.cloudFrontPrefixList?.prefixListId ?? cloudFrontOriginFacingPrefixListId(this)!;
      allowCloudFrontOnly(this.loadBalancer, prefixListId, listeners.ports);
    } else {
      allowInternet(this.loadBalancer, this.loadBalancerSecurityGroup, listeners.ports);
    }

    // ---- Scaling --------------------------------------------------------------------------------
    this.requestCountScaling = this.autoScalingGroup.scaleOnRequestCount('RequestCountTracking', {
      targetRequestsPerMinute: sizing.targetRequestsPerInstancePerMinute,
    });
    this.cpuScaling = this.autoScalingGroup.scaleOnCpuUtilization('CpuTracking', {
      targetUtilizationPercent: sizing.cpuTargetUtilizationPercent,
    });
    (props.preWarm ?? []).forEach((warm, i) => this.schedulePreWarm(`PreWarm${i}`, warm, sizing.minCapacity, `preWarm[${i}]`));
  }

  /** The instances' network peer: their security group. */
  public get connections(): ec2.Connections {
    return this.autoScalingGroup.connections;
  }

  /**
   * Forwards to the targets only requests that carry `headerName: headerValue` (a listener rule at
   * priority 1); every other request gets a fixed 403 from the default action. Use it with a CDN
   * that adds a secret origin header. The value may be a CloudFormation dynamic reference
   * (`{{resolve:secretsmanager:...}}`). Callable once.
   * @param headerName an HTTP header name of at most 40 characters (what an ALB listener rule matches)
   */
  public requireOriginHeader(headerName: string, headerValue: string): elbv2.ApplicationListenerRule {
    validateOriginHeader(`${this.node.path}.requireOriginHeader`, this._originHeaderRule !== undefined, headerName, headerValue);
    this.defaultAction.guarded = true;
    this._originHeaderRule = new elbv2.ApplicationListenerRule(this, 'OriginHeaderRule', {
      listener: this.listener,
      priority: 1,
      conditions: [elbv2.ListenerCondition.httpHeader(headerName, [headerValue])],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });
    return this._originHeaderRule;
  }

  // Metric helpers: named as aws-cdk-lib names them on ApplicationLoadBalancer and ApplicationTargetGroup
  // (metricRequestCount, metricHttpCodeElb(code), ...), and after the CloudWatch metric otherwise.

  /** RequestCount: requests the ALB received (Sum). */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.requestCount(props);
  }

  /** TargetResponseTime: from the ALB sending a request to the target's response headers (Average by default). */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.targetResponseTime(props);
  }

  /** HTTPCode_ELB_<code>_Count: responses generated by the ALB itself, e.g. `HttpCodeElb.ELB_5XX_COUNT` (Sum). */
  public metricHttpCodeElb(code: elbv2.HttpCodeElb, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(code, props);
  }

  /** HTTPCode_Target_<code>_Count: responses returned by the targets, e.g. `HttpCodeTarget.TARGET_5XX_COUNT` (Sum). */
  public metricHttpCodeTarget(code: elbv2.HttpCodeTarget, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeTarget(code, props);
  }

  /**
   * All 5xx responses clients saw: ALB-generated plus target-generated (each missing point as 0). A math
   * expression over two CloudWatch metrics, not a metric of its own.
   */
  public metricHttp5xx(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'FILL(elb5xx, 0) + FILL(target5xx, 0)',
      usingMetrics: {
        elb5xx: this.metricHttpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT),
        target5xx: this.metricHttpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT),
      },
      label: 'HTTP 5xx (ALB + targets)',
      period: props?.period ?? Duration.minutes(1),
      ...props,
    });
  }

  /** HealthyHostCount: healthy targets in the target group (Average). */
  public metricHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.healthyHostCount(props);
  }

  /** UnHealthyHostCount: unhealthy targets in the target group (Average). */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.unhealthyHostCount(props);
  }

  /** CPUUtilization: average CPU utilization of the group's instances (AWS/EC2, per Auto Scaling group). */
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

  /** Raises the group's minimum on `warm.schedule` and, with an end schedule, restores `normalMin`. */
  private schedulePreWarm(id: string, warm: WebTierPreWarm, normalMin: number, path: string): void {
    this.autoScalingGroup.scaleOnSchedule(id, { schedule: warm.schedule, minCapacity: warm.minCapacity, timeZone: warm.timeZone });
    if (warm.endSchedule) {
      this.autoScalingGroup.scaleOnSchedule(`${id}End`, { schedule: warm.endSchedule, minCapacity: normalMin, timeZone: warm.timeZone });
    } else {
      Annotations.of(this).addWarningV2(
        WEB_TIER_WARNINGS.preWarmWithoutEnd,
        `${path} raises the minimum to ${warm.minCapacity} and nothing lowers it again: add an endSchedule.`,
      );
    }
  }
}
