/**
 * The defaults of `WebTierProps`, in one place: the construct builds with them and the validator compares
 * against them (e.g. a custom health-check timeout against the default interval).
 */
import { Duration } from 'aws-cdk-lib';

export const WEB_TIER_DEFAULTS = {
  port: 8080,
  rootVolumeSizeGiB: 20,
  /** Amazon Linux's root device. */
  rootDeviceName: '/dev/xvda',
  healthCheckPath: '/healthz/ready',
  healthCheckInterval: Duration.seconds(10),
  healthCheckTimeout: Duration.seconds(5),
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 2,
  deregistrationDelay: Duration.seconds(30),
  healthCheckGracePeriod: Duration.minutes(5),
  defaultInstanceWarmup: Duration.minutes(2),
  accessLogsRetention: Duration.days(90),
} as const;
