/**
 * The one builder of the library's EC2 fleets (the web tier's instances, the queue workers): a security group, an IAM
 * role for SSM Session Manager (no SSH), a launch template (IMDSv2 only, encrypted gp3 root volume), the scaling
 * notifications topic and the Auto Scaling group across the given subnets, with their acknowledgments.
 */
import { Token, Validations, type Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct, IConstruct } from 'constructs';
import { alternateInstanceTypes } from '../capacity/instance-alternates';
import { acknowledgeCfnGuard } from './acknowledgments';
import { createScalingNotificationsTopic } from './topics';

/** Options of {@link createInstanceLaunchTemplate}. */
export interface InstanceLaunchOptions {
  readonly vpc: ec2.IVpc;
  readonly instanceType: ec2.InstanceType;
  /** @default - the latest Amazon Linux 2023 for the instance type's architecture */
  readonly machineImage?: ec2.IMachineImage;
  /** @default - empty user data for the image's OS */
  readonly userData?: ec2.UserData;
  readonly rootVolumeSizeGiB: number;
  readonly rootDeviceName: string;
  /** Any outbound connection; otherwise HTTPS only (the data tiers add their own ports). */
  readonly allowAllOutbound: boolean;
  /** Description of the security group (who may reach the instances). */
  readonly securityGroupDescription: string;
  /** Description of the IAM role. */
  readonly roleDescription: string;
}

/** The instances' security group, role and launch template, created in `scope`. */
export interface InstanceLaunch {
  readonly securityGroup: ec2.SecurityGroup;
  readonly role: iam.Role;
  readonly launchTemplate: ec2.LaunchTemplate;
}

/**
 * Instances without ingress of their own (a load balancer's target group adds its rule when attached), reachable
 * through SSM Session Manager (no key pair, no SSH), IMDSv2 only, on an encrypted gp3 root volume.
 */
export function createInstanceLaunchTemplate(scope: Construct, options: InstanceLaunchOptions): InstanceLaunch {
  const securityGroup = new ec2.SecurityGroup(scope, 'InstanceSecurityGroup', {
    vpc: options.vpc,
    description: options.securityGroupDescription,
    allowAllOutbound: options.allowAllOutbound,
  });
  if (!options.allowAllOutbound) {
    // HTTPS out (through the NAT gateways): SSM, AWS APIs, package repositories. The data tiers add their own
    // ports when they allow these instances in (Database/Cache `clients`).
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs, SSM and package repositories');
  }

  const role = new iam.Role(scope, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: options.roleDescription,
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
    reason:
      'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for SSM Session Manager / Systems Manager ' +
      'agents; it replaces SSH (no key pair, no port 22) and AWS updates it as the agent evolves.',
  });

  const cpuType =
    options.instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64;
  const launchTemplate = new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    instanceType: options.instanceType,
    machineImage: options.machineImage ?? ec2.MachineImage.latestAmazonLinux2023({ cpuType }),
    userData: options.userData,
    role,
    securityGroup,
    requireImdsv2: true,
    httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
    detailedMonitoring: true,
    blockDevices: [
      {
        deviceName: options.rootDeviceName,
        volume: ec2.BlockDeviceVolume.ebs(options.rootVolumeSizeGiB, {
          encrypted: true,
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          deleteOnTermination: true,
        }),
      },
    ],
  });
  return { securityGroup, role, launchTemplate };
}

/** The catalog's alternates of `instanceType` (none for an unresolved or unknown type). */
export function defaultAlternates(instanceType: ec2.InstanceType): ec2.InstanceType[] {
  const name = instanceType.toString();
  return Token.isUnresolved(name) ? [] : alternateInstanceTypes(name).map((t) => new ec2.InstanceType(t));
}

/**
 * How the group launches: the launch template alone for one type; with several, a mixed instances policy over the
 * same launch template, On-Demand only, the types in priority order (the plan's type first).
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-mixed-instances-groups.html
 */
export function launchConfiguration(
  launchTemplate: ec2.LaunchTemplate, types: readonly ec2.InstanceType[],
): Pick<autoscaling.AutoScalingGroupProps, 'launchTemplate' | 'mixedInstancesPolicy'> {
  if (types.length === 1) return { launchTemplate };
  return {
    mixedInstancesPolicy: {
      launchTemplate,
      launchTemplateOverrides: types.map((instanceType) => ({ instanceType })),
      instancesDistribution: {
        onDemandPercentageAboveBaseCapacity: 100,
        onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
      },
    },
  };
}

/** cdk-nag EC26 on a group launching through a mixed instances policy. */
export function acknowledgeMixedInstancesRootVolume(group: IConstruct): void {
  Validations.of(group).acknowledge({
    id: 'AwsSolutions-EC26',
    reason:
      'The root volume is encrypted: the group launches from the launch template (encrypted gp3 root volume) through ' +
      'its mixed instances policy, which the rule does not follow.',
  });
}

/** Options of {@link createInstanceFleet}: the launch setup, and the group built from it. */
export interface InstanceFleetOptions extends InstanceLaunchOptions {
  /** The subnets of the group (one per AZ). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Same-size types to launch when `instanceType` has no capacity. @default - the catalog's alternates */
  readonly alternateInstanceTypes?: readonly ec2.InstanceType[];
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly healthChecks: autoscaling.HealthChecks;
  readonly defaultInstanceWarmup: Duration;
  /** @default - a new topic encrypted with a new KMS key */
  readonly notificationsTopic?: sns.ITopic;
  /** The group's instance maintenance policy (healthy share kept while instances are replaced). @default - none */
  readonly instanceMaintenance?: { readonly minHealthyPercentage: number; readonly maxHealthyPercentage: number };
}

/** What {@link createInstanceFleet} built. */
export interface InstanceFleet extends InstanceLaunch {
  /** The types the group launches, `instanceType` first. */
  readonly instanceTypes: readonly ec2.InstanceType[];
  readonly notificationsTopic: sns.ITopic;
  /** The key of a created notifications topic. */
  readonly notificationsKey?: kms.Key;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
}

/**
 * The launch setup ({@link createInstanceLaunchTemplate}) and an Auto Scaling group from it: on-demand, the plan's type
 * first then its alternates (CloudFormation Guard CT.AUTOSCALING.PR.6), rolling instance refresh keeping 90 % healthy,
 * every scaling event to the notifications topic, group metrics collected (GroupInServiceInstances feeds alarms and the
 * queue workers' backlog per instance).
 */
export function createInstanceFleet(scope: Construct, options: InstanceFleetOptions): InstanceFleet {
  const launch = createInstanceLaunchTemplate(scope, options);
  let notificationsTopic = options.notificationsTopic;
  let notificationsKey: kms.Key | undefined;
  if (!notificationsTopic) {
    const created = createScalingNotificationsTopic(scope);
    notificationsTopic = created.topic;
    notificationsKey = created.key;
  }
  const instanceTypes = [options.instanceType, ...(options.alternateInstanceTypes ?? defaultAlternates(options.instanceType))];
  const autoScalingGroup = new autoscaling.AutoScalingGroup(scope, 'AutoScalingGroup', {
    vpc: options.vpc,
    vpcSubnets: options.vpcSubnets,
    ...launchConfiguration(launch.launchTemplate, instanceTypes),
    minCapacity: options.minCapacity,
    maxCapacity: options.maxCapacity,
    healthChecks: options.healthChecks,
    defaultInstanceWarmup: options.defaultInstanceWarmup,
    ...options.instanceMaintenance,
    updatePolicy: autoscaling.UpdatePolicy.instanceRefresh({
      strategy: autoscaling.InstanceRefreshStrategy.ROLLING,
      minHealthyPercentage: 90,
      maxHealthyPercentage: 110,
    }),
    notifications: [{ topic: notificationsTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
    groupMetrics: [autoscaling.GroupMetrics.all()],
  });
  if (instanceTypes.length > 1) acknowledgeMixedInstancesRootVolume(autoScalingGroup);
  acknowledgeCfnGuard(autoScalingGroup, 'autoscaling_multiple_az_check',
    'The group spans every AZ of the network through VPCZoneIdentifier (one application subnet per AZ); the rule reads only the ' +
    'AvailabilityZones property, which a VPC group does not need.');
  return { ...launch, instanceTypes, notificationsTopic, notificationsKey, autoScalingGroup };
}
