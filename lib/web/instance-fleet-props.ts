/**
 * The props every EC2 fleet of the library shares (the web tier's instances, the queue workers), with their one check:
 * both build through the same fleet builder (lib/private/instance-launch.ts).
 */
import type { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { ProblemCollector } from '../private/validation';

/** Properties shared by the library's EC2 fleets ({@link WebTier}, {@link QueueWorkers}). */
export interface InstanceFleetProps {
  /**
   * The instances' AMI.
   * @default - the latest Amazon Linux 2023 for the instance type's architecture (an SSM public
   * parameter resolved at deploy time)
   */
  readonly machineImage?: ec2.IMachineImage;
  /** User data run at boot. @default - empty user data for the image's OS */
  readonly userData?: ec2.UserData;
  /** Root volume size in GiB (encrypted gp3), 8–16,384. @default 20 */
  readonly rootVolumeSizeGiB?: number;
  /** Device name of the image's root volume. @default '/dev/xvda' (Amazon Linux) */
  readonly rootDeviceName?: string;
  /** Time before a new instance's metrics count, 0–3,600 s. @default Duration.minutes(2) */
  readonly defaultInstanceWarmup?: Duration;
  /**
   * Topic for the group's scaling notifications.
   * @default - a new topic encrypted with a new KMS key, TLS enforced
   */
  readonly notificationsTopic?: sns.ITopic;
  /**
   * Let the instances open any outbound connection. Off, they reach HTTPS (443) anywhere (AWS APIs, SSM, package
   * repositories) and the ports of the data tiers that admit them (least privilege).
   * @default false
   */
  readonly allowAllOutbound?: boolean;
}

/** The checks of {@link InstanceFleetProps}, added to a construct's collector. */
export function checkInstanceFleetProps(problems: ProblemCollector, props: InstanceFleetProps): void {
  problems.integer('rootVolumeSizeGiB', props.rootVolumeSizeGiB, { min: 8, max: 16384 });
  problems.seconds('defaultInstanceWarmup', props.defaultInstanceWarmup, { min: 0, max: 3600 });
}
