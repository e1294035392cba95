/**
 * The one builder of the library's EC2 fleets' launch setup (the web tier's instances, the queue workers): a security
 * group, an IAM role for SSM Session Manager (no SSH) and a launch template (IMDSv2 only, encrypted gp3 root volume).
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

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
