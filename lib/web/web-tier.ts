/**
 * WebTier: an internet-facing Application Load Balancer in front of an Auto Scaling group of
 * instances in the application subnets, sized from the capacity plan (or explicit props, which win).
 */
import { Annotations, CfnResource, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { createLogBucket } from '../private/log-bucket';
import { createEncryptedTopic, createTopicKey } from '../private/topics';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { Network } from '../network/network';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS, cloudFrontOriginFacingPrefixListId } from './cloudfront-prefix-list';

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
export interface WebTierProps {
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
  /** Auto Scaling group minimum. @default - `plan.compute.minInstances` */
  readonly minCapacity?: number;
  /** Auto Scaling group maximum. @default - `plan.compute.maxInstances` */
  readonly maxCapacity?: number;
  /**
   * Target of the ALBRequestCountPerTarget tracking policy (requests per instance per minute).
   * @default - `plan.compute.targetRequestsPerInstancePerMinute`
   */
  readonly targetRequestsPerInstancePerMinute?: number;
  /** Target of the CPU tracking policy, percent in (0, 100]. @default - the plan's `compute.cpuTargetUtilizationPercent`, else 70 */
  readonly cpuTargetUtilizationPercent?: number;
  /**
   * LCU reservation (`MinimumLoadBalancerCapacity.CapacityUnits`, 100–15,000), or 0 for none.
   * @default - `plan.loadBalancing.recommendedLcuReservation` (none when the plan says null)
   */
  readonly minimumCapacityUnits?: number;

  /**
   * The instances' AMI.
   * @default - the latest Amazon Linux 2023 for the instance type's architecture (an SSM public
   * parameter resolved at deploy time)
   */
  readonly machineImage?: ec2.IMachineImage;
  /** User data run at boot. @default - empty user data for the image's OS */
  readonly userData?: ec2.UserData;
  /** Root volume size in GiB (encrypted gp3). @default 20 */
  readonly rootVolumeSizeGiB?: number;
  /** Device name of the image's root volume. @default '/dev/xvda' (Amazon Linux) */
  readonly rootDeviceName?: string;
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
  /** Default instance warmup (before a new instance's metrics count). @default Duration.minutes(2) */
  readonly defaultInstanceWarmup?: Duration;

  /**
   * Topic for the group's scaling notifications.
   * @default - a new topic encrypted with a new KMS key, TLS enforced
   */
  readonly notificationsTopic?: sns.ITopic;
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
  /** ALB deletion protection. @default false */
  readonly deletionProtection?: boolean;
  /**
   * Let the instances open any outbound connection. Off, they reach HTTPS (443) anywhere and the
   * ports of the data tiers that admit them (least privilege).
   * @default false
   */
  readonly allowAllOutbound?: boolean;
}

/**
 * The listener's default action: forward to the targets, or, once an origin header is required,
 * a fixed 403. Rendered at synth so `requireOriginHeader` can switch it without replacing the
 * default action (which aws-cdk-lib warns about). Binding always registers the target group with
 * the listener, so security-group rules and the request-count scaling label stay in place.
 */
class GuardableDefaultAction extends elbv2.ListenerAction {
  public guarded = false;
  private readonly forwardAction: elbv2.ListenerAction;
  private readonly denyAction = elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' });

  constructor(targetGroup: elbv2.IApplicationTargetGroup) {
    super({ type: 'forward' });
    this.forwardAction = elbv2.ListenerAction.forward([targetGroup]);
  }

  public bind(scope: Construct, listener: elbv2.IApplicationListener, associatingConstruct?: IConstruct): void {
    this.forwardAction.bind(scope, listener, associatingConstruct);
  }

  public renderActions(): elbv2.CfnListener.ActionProperty[] {
    return (this.guarded ? this.denyAction : this.forwardAction).renderActions();
  }

  public renderRuleActions(): elbv2.CfnListenerRule.ActionProperty[] {
    return (this.guarded ? this.denyAction : this.forwardAction).renderRuleActions();
  }
}

/** Resolved sizing (plan or explicit props). */
interface Sizing {
  readonly instanceType?: ec2.InstanceType;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly targetRequestsPerInstancePerMinute?: number;
  readonly minimumCapacityUnits?: number;
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
  /** Instance type of the group. */
  public readonly instanceType: ec2.InstanceType;
  /** Port the instances listen on. */
  public readonly port: number;

  private readonly defaultAction: GuardableDefaultAction;
  private _originHeaderRule?: elbv2.ApplicationListenerRule;

  constructor(scope: Construct, id: string, props: WebTierProps) {
    super(scope, id);
    const sizing = resolveSizing(props);
    validateWebTierProps(this, props, sizing);

    const { network } = props;
    const vpc = network.vpc;
    this.port = props.port ?? 8080;
    this.instanceType = sizing.instanceType!;
    const minCapacity = sizing.minCapacity!;
    const maxCapacity = sizing.maxCapacity!;

    // ---- Load balancer ----------------------------------------------------------------------
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
      deletionProtection: props.deletionProtection ?? false,
      minimumCapacityUnit: sizing.minimumCapacityUnits || undefined,
    });

    this.accessLogsBucket = props.accessLogsBucket ?? createLogBucket(this, 'AccessLogsBucket', { writer: 'elb', retention: props.accessLogsRetention ?? Duration.days(90) });
    this.enableAccessLogs(this.accessLogsBucket, props.accessLogsPrefix);

    // ---- Instances ----------------------------------------------------------------------------
    this.instanceSecurityGroup = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', {
      vpc,
      description: `Instances of ${this.node.path}: ingress from the ALB only`,
      allowAllOutbound: props.allowAllOutbound ?? false,
    });
    if (!(props.allowAllOutbound ?? false)) {
      // HTTPS out (through the NAT gateways): SSM, AWS APIs, package repositories. The data tiers add
      // their own ports when they allow these instances in (Database/Cache `clients`).
      this.instanceSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs, SSM and package repositories');
    }
    this.instanceRole = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `Instances of ${this.node.path}: SSM Session Manager access, no SSH`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    Validations.of(this.instanceRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason:
        'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for SSM Session Manager / Systems Manager ' +
        'agents; it replaces SSH (no key pair, no port 22) and AWS updates it as the agent evolves.',
    });
    const cpuType =
      this.instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64;
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType: this.instanceType,
      machineImage: props.machineImage ?? ec2.MachineImage.latestAmazonLinux2023({ cpuType }),
      userData: props.userData,
      role: this.instanceRole,
      securityGroup: this.instanceSecurityGroup,
      requireImdsv2: true,
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: props.rootDeviceName ?? '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeSizeGiB ?? 20, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
    });

    if (props.notificationsTopic) {
      this.notificationsTopic = props.notificationsTopic;
    } else {
      this.notificationsKey = createTopicKey(this, 'NotificationsKey', {
        description: `Encrypts the scaling notifications of ${this.node.path}`,
        publishers: ['auto-scaling'],
        removalPolicy: RemovalPolicy.DESTROY,
      });
      this.notificationsTopic = createEncryptedTopic(this, 'NotificationsTopic', {
        key: this.notificationsKey,
        displayName: `Scaling events of ${this.node.path}`,
      });
    }

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'AutoScalingGroup', {
      vpc,
      vpcSubnets: network.applicationSubnets,
      launchTemplate: this.launchTemplate,
      minCapacity,
      maxCapacity,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: props.healthCheckGracePeriod ?? Duration.minutes(5),
      }),
      defaultInstanceWarmup: props.defaultInstanceWarmup ?? Duration.minutes(2),
      minHealthyPercentage: 90,
      maxHealthyPercentage: 110,
      updatePolicy: autoscaling.UpdatePolicy.instanceRefresh({
        strategy: autoscaling.InstanceRefreshStrategy.ROLLING,
        minHealthyPercentage: 90,
        maxHealthyPercentage: 110,
      }),
      notifications: [{ topic: this.notificationsTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
      groupMetrics: [autoscaling.GroupMetrics.all()],
    });

    // ---- Target group and listeners --------------------------------------------------------------
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc,
      port: this.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: [this.autoScalingGroup],
      deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath ?? '/healthz/ready',
        protocol: elbv2.Protocol.HTTP,
        port: 'traffic-port',
        interval: props.healthCheckInterval ?? Duration.seconds(10),
        timeout: props.healthCheckTimeout ?? Duration.seconds(5),
        healthyThresholdCount: props.healthyThresholdCount ?? 2,
        unhealthyThresholdCount: props.unhealthyThresholdCount ?? 2,
        healthyHttpCodes: '200',
      },
    });

    this.defaultAction = new GuardableDefaultAction(this.targetGroup);
    const listenerPort = props.certificate ? 443 : 80;
    if (props.certificate) {
      this.listener = this.loadBalancer.addListener('HttpsListener', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [props.certificate],
        sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
        open: false,
        defaultAction: this.defaultAction,
      });
      if (!props.allowOnlyCloudFront) {
        this.redirectListener = this.loadBalancer.addListener('HttpRedirectListener', {
          port: 80,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
        });
      }
    } else {
      this.listener = this.loadBalancer.addListener('HttpListener', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
        defaultAction: this.defaultAction,
      });
      Annotations.of(this).addWarningV2(
        WEB_TIER_WARNINGS.httpOnly,
        'No certificate: the load balancer serves plain HTTP on port 80. Pass `certificate` (an ACM certificate) ' +
          'for HTTPS with a modern TLS policy and an HTTP→HTTPS redirect.',
      );
    }

    // ---- Ingress ------------------------------------------------------------------------------
    if (props.allowOnlyCloudFront) {
      const prefixListId = props.cloudFrontPrefixList?.prefixListId ?? cloudFrontOriginFacingPrefixListId(this)!;
      this.loadBalancer.connections.allowFrom(
        ec2.Peer.prefixList(prefixListId),
        ec2.Port.tcp(listenerPort),
        'CloudFront origin-facing servers only',
      );
    } else {
      const ports = this.redirectListener ? [443, 80] : [listenerPort];
      for (const p of ports) {
        this.loadBalancer.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(p), `Internet clients on ${p}`);
      }
      Validations.of(this.loadBalancerSecurityGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'This is the public entry point of an internet-facing ALB, so it must accept its listener ports from any ' +
          'IPv4 address; instances stay in private subnets and accept traffic only from this security group. ' +
          'Set allowOnlyCloudFront to restrict it to CloudFront.',
      });
    }

    // ---- Scaling ------------------------------------------------------------------------------------
    this.requestCountScaling = this.autoScalingGroup.scaleOnRequestCount('RequestCountTracking', {
      targetRequestsPerMinute: sizing.targetRequestsPerInstancePerMinute!,
    });
    this.cpuScaling = this.autoScalingGroup.scaleOnCpuUtilization('CpuTracking', {
      targetUtilizationPercent: props.cpuTargetUtilizationPercent ?? props.plan?.compute.cpuTargetUtilizationPercent ?? 70,
    });
    (props.preWarm ?? []).forEach((warm, i) => {
      this.autoScalingGroup.scaleOnSchedule(`PreWarm${i}`, {
        schedule: warm.schedule,
        minCapacity: warm.minCapacity,
        timeZone: warm.timeZone,
      });
      if (warm.endSchedule) {
        this.autoScalingGroup.scaleOnSchedule(`PreWarm${i}End`, {
          schedule: warm.endSchedule,
          minCapacity,
          timeZone: warm.timeZone,
        });
      } else {
        Annotations.of(this).addWarningV2(
          WEB_TIER_WARNINGS.preWarmWithoutEnd,
          `preWarm[${i}] raises the minimum to ${warm.minCapacity} and nothing lowers it again: add an endSchedule.`,
        );
      }
    });
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
   */
  public requireOriginHeader(headerName: string, headerValue: string): elbv2.ApplicationListenerRule {
    const problems = new ProblemCollector();
    if (this._originHeaderRule) problems.add('requireOriginHeader', headerName, 'was already called: one origin header per WebTier');
    problems.check('headerName', headerName, /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(headerName),
      'must be an HTTP header name (token characters, at most 40)');
    problems.check('headerValue', headerValue, typeof headerValue === 'string' && headerValue.length > 0, 'must be a non-empty string');
    throwIfProblems(`${this.node.path}.requireOriginHeader`, problems);

    this.defaultAction.guarded = true;
    this._originHeaderRule = new elbv2.ApplicationListenerRule(this, 'OriginHeaderRule', {
      listener: this.listener,
      priority: 1,
      conditions: [elbv2.ListenerCondition.httpHeader(headerName, [headerValue])],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });
    return this._originHeaderRule;
  }

  /** Requests the ALB received (Sum). */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.requestCount(props);
  }

  /** Time from the ALB sending a request to the target's response headers (Average by default). */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.targetResponseTime(props);
  }

  /** 5xx responses generated by the ALB itself (502/503/504...), Sum. */
  public metricElb5xx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, props);
  }

  /** 5xx responses returned by the targets, Sum. */
  public metricTarget5xx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, props);
  }

  /** All 5xx responses clients saw: ALB-generated plus target-generated (each missing point as 0). */
  public metricHttp5xx(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'FILL(elb5xx, 0) + FILL(target5xx, 0)',
      usingMetrics: { elb5xx: this.metricElb5xx(), target5xx: this.metricTarget5xx() },
      label: 'HTTP 5xx (ALB + targets)',
      period: props?.period ?? Duration.minutes(1),
      ...props,
    });
  }

  /** Healthy targets in the target group (Average). */
  public metricHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.healthyHostCount(props);
  }

  /** Unhealthy targets in the target group (Average). */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.unhealthyHostCount(props);
  }

  /** Average CPU utilization of the group's instances. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
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
   * `loadBalancer.logAccessLogs` needs a concrete region (it picks the region's ELB account). For an
   * environment-agnostic stack the same three bucket-policy statements are written with the ELB
   * account taken from aws-cdk-lib's region table through `Fn::FindInMap` (regions opened since
   * August 2022 have no ELB account and are not in that table: deploy such stacks with a concrete region).
   */
  private enableAccessLogs(bucket: s3.IBucket, prefix = ''): void {
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region)) {
      this.loadBalancer.logAccessLogs(bucket, prefix);
      return;
    }
    this.loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    this.loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
    this.loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
    const objects = bucket.arnForObjects(`${prefix ? `${prefix}/` : ''}AWSLogs/${stack.account}/*`);
    const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      principals: [new iam.AccountPrincipal(stack.regionalFact(FactName.ELBV2_ACCOUNT))],
      resources: [objects],
    }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      principals: [delivery],
      resources: [objects],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], principals: [delivery], resources: [bucket.bucketArn] }));
    const policy = bucket.policy?.node.defaultChild;
    const lb = this.loadBalancer.node.defaultChild;
    if (CfnResource.isCfnResource(lb) && CfnResource.isCfnResource(policy)) lb.addResourceDependency(policy);
  }


}

function resolveSizing(props: WebTierProps): Sizing {
  const plan = props.plan;
  const planType = plan?.compute.instanceType;
  return {
    instanceType: props.instanceType ?? (planType !== undefined ? new ec2.InstanceType(planType) : undefined),
    minCapacity: props.minCapacity ?? plan?.compute.minInstances,
    maxCapacity: props.maxCapacity ?? plan?.compute.maxInstances,
    targetRequestsPerInstancePerMinute:
      props.targetRequestsPerInstancePerMinute ?? plan?.compute.targetRequestsPerInstancePerMinute,
    minimumCapacityUnits: props.minimumCapacityUnits ?? plan?.loadBalancing.recommendedLcuReservation ?? undefined,
  };
}

/** Names a sized value by the prop it came from (explicit prop, else the plan field). */
function source(explicit: unknown, prop: string, planField: string): string {
  return explicit !== undefined ? prop : `plan.${planField}`;
}

function validateWebTierProps(scope: Construct, props: WebTierProps, sizing: Sizing): void {
  const problems = new ProblemCollector();
  const required: [keyof Sizing, string][] = [
    ['instanceType', 'compute.instanceType'],
    ['minCapacity', 'compute.minInstances'],
    ['maxCapacity', 'compute.maxInstances'],
    ['targetRequestsPerInstancePerMinute', 'compute.targetRequestsPerInstancePerMinute'],
  ];
  for (const [prop, planField] of required) {
    if (sizing[prop] === undefined) problems.add(prop, undefined, `is required without a plan (or give \`plan\`, whose ${planField} is used)`);
  }
  const minName = source(props.minCapacity, 'minCapacity', 'compute.minInstances');
  const maxName = source(props.maxCapacity, 'maxCapacity', 'compute.maxInstances');
  problems.integer(minName, sizing.minCapacity, { min: 1 });
  problems.integer(maxName, sizing.maxCapacity, { min: 1 });
  const { minCapacity: min, maxCapacity: max } = sizing;
  if (isConcrete(min) && isConcrete(max) && min > max) {
    problems.add(`${minName}/${maxName}`, { min, max }, 'the minimum must not exceed the maximum');
  }
  const target = sizing.targetRequestsPerInstancePerMinute;
  if (target !== undefined && isConcrete(target)) {
    problems.check(
      source(props.targetRequestsPerInstancePerMinute, 'targetRequestsPerInstancePerMinute', 'compute.targetRequestsPerInstancePerMinute'),
      target, Number.isFinite(target) && target > 0, 'must be a finite number > 0',
    );
  }
  const cpu = props.cpuTargetUtilizationPercent;
  if (cpu !== undefined) problems.check('cpuTargetUtilizationPercent', cpu, Number.isFinite(cpu) && cpu > 0 && cpu <= 100, 'must be in (0, 100]');
  const lcu = sizing.minimumCapacityUnits;
  if (lcu !== undefined && lcu !== 0) {
    problems.integer(source(props.minimumCapacityUnits, 'minimumCapacityUnits', 'loadBalancing.recommendedLcuReservation'), lcu, { min: 100, max: 15000 });
  }
  problems.integer('port', props.port, { min: 1, max: 65535 });
  problems.integer('rootVolumeSizeGiB', props.rootVolumeSizeGiB, { min: 8, max: 16384 });
  const path = props.healthCheckPath;
  if (path !== undefined && !Token.isUnresolved(path)) {
    problems.check('healthCheckPath', path, path.startsWith('/') && path.length <= 1024, 'must start with "/" (at most 1,024 characters)');
  }
  problems.seconds('healthCheckInterval', props.healthCheckInterval, { min: 5, max: 300 });
  problems.seconds('healthCheckTimeout', props.healthCheckTimeout, { min: 2, max: 120 });
  const interval = (props.healthCheckInterval ?? Duration.seconds(10)).toSeconds();
  const timeout = (props.healthCheckTimeout ?? Duration.seconds(5)).toSeconds();
  if (isConcrete(interval) && isConcrete(timeout) && timeout >= interval) {
    problems.add('healthCheckTimeout', `${timeout} s`, `must be shorter than the health check interval (${interval} s)`);
  }
  problems.integer('healthyThresholdCount', props.healthyThresholdCount, { min: 2, max: 10 });
  problems.integer('unhealthyThresholdCount', props.unhealthyThresholdCount, { min: 2, max: 10 });
  problems.seconds('deregistrationDelay', props.deregistrationDelay, { min: 0, max: 3600 });
  problems.seconds('healthCheckGracePeriod', props.healthCheckGracePeriod, { min: 0, max: 7200 });
  problems.seconds('defaultInstanceWarmup', props.defaultInstanceWarmup, { min: 0, max: 3600 });
  (props.preWarm ?? []).forEach((warm, i) => {
    problems.integer(`preWarm[${i}].minCapacity`, warm.minCapacity, { min: 1, max: isConcrete(max) ? max : undefined });
  });
  if (props.allowOnlyCloudFront) {
    problems.check('certificate', undefined, props.certificate !== undefined,
      'allowOnlyCloudFront needs `certificate`: CloudFront reaches origins over HTTPS only');
  }
  if (props.allowOnlyCloudFront && !props.cloudFrontPrefixList) {
    const region = Stack.of(scope).region;
    if (!Token.isUnresolved(region) && !CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region]) {
      problems.add('cloudFrontPrefixList', undefined,
        `is required with allowOnlyCloudFront in ${region}, which the built-in table of CloudFront origin-facing prefix lists lacks`);
    }
  }
  if (!props.allowOnlyCloudFront && props.cloudFrontPrefixList) {
    problems.add('cloudFrontPrefixList', props.cloudFrontPrefixList.prefixListId, 'applies only with allowOnlyCloudFront: true');
  }
  const subnets = props.network.vpc.selectSubnets(props.network.publicSubnets);
  problems.check('network.publicSubnets', `${subnets.subnets.length} subnet(s)`, subnets.subnets.length >= 2,
    'an internet-facing ALB needs public subnets in at least 2 Availability Zones');
  throwIfProblems(scope.node.path, problems);
}


function isConcrete(n: number | undefined): n is number {
  return n !== undefined && !Token.isUnresolved(n);
}
