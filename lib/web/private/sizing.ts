/** A WebTier's sizes: the explicit props, else the plan's (through the pure `webTierSizing`). */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DEFAULT_CPU_TARGET_UTILIZATION_PERCENT, webTierSizing } from '../../capacity/sizing';
import type { WebTierProps } from '../web-tier';

/** The sizes a WebTier builds with, once validated (every one known). */
export interface WebTierResolvedSizing {
  readonly instanceType: ec2.InstanceType;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly targetRequestsPerInstancePerMinute: number;
  readonly cpuTargetUtilizationPercent: number;
  /** LCU reservation; undefined or 0 for none. */
  readonly minimumCapacityUnits?: number;
}

/** The sizes before validation: without a plan, the explicit props may be missing. */
export type WebTierSizingInput = Partial<WebTierResolvedSizing> & Pick<WebTierResolvedSizing, 'cpuTargetUtilizationPercent'>;

/** Explicit props win; the plan fills the rest; the CPU target falls back to the workload default. */
export function resolveWebTierSizing(props: WebTierProps): WebTierSizingInput {
  const planned = props.plan ? webTierSizing(props.plan) : undefined;
  return {
    instanceType: props.instanceType ?? (planned ? new ec2.InstanceType(planned.instanceType) : undefined),
    minCapacity: props.minCapacity ?? planned?.minCapacity,
    maxCapacity: props.maxCapacity ?? planned?.maxCapacity,
    targetRequestsPerInstancePerMinute: props.targetRequestsPerInstancePerMinute ?? planned?.targetRequestsPerInstancePerMinute,
    cpuTargetUtilizationPercent:
      props.cpuTargetUtilizationPercent ?? planned?.cpuTargetUtilizationPercent ?? DEFAULT_CPU_TARGET_UTILIZATION_PERCENT,
    minimumCapacityUnits: props.minimumCapacityUnits ?? planned?.minimumCapacityUnits,
  };
}
