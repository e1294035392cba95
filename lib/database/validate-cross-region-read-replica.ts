/** Every check of a CrossRegionReadReplica's props, in one place: one PropsValidationError lists all problems. */
import type { IConstruct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { CrossRegionReadReplicaProps } from './cross-region-read-replica';
import { checkEngineSettings, checkStorageCeiling, checkSubnetAzs, type EngineSettings } from './private/engine';

/** A CrossRegionReadReplica's settings once props, the plan and the defaults are combined. */
export interface CrossRegionReadReplicaSettings extends EngineSettings {
  readonly multiAz: boolean;
  readonly maxAllocatedStorageGiB: number;
  /** AZs of the selected subnets (undefined when not known at synth time). */
  readonly azs: readonly string[] | undefined;
}

export function validateCrossRegionReadReplicaProps(
  scope: IConstruct,
  props: CrossRegionReadReplicaProps,
  settings: CrossRegionReadReplicaSettings,
): void {
  const problems = new ProblemCollector();
  checkEngineSettings(problems, settings, props);
  checkStorageCeiling(problems, settings.maxAllocatedStorageGiB);
  if (settings.multiAz) {
    checkSubnetAzs(problems, settings.azs, 2, 'Multi-AZ needs subnets in at least 2 AZs (or set multiAz: false)');
  }
  throwIfProblems(scope, problems);
}
