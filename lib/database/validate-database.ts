/** Every check of a Database's props, in one place: one PropsValidationError lists all problems. */
import { Duration } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { RDS_LIMITS } from '../capacity/catalog';
import { ProblemCollector, secondsOf, throwIfProblems } from '../private/validation';
import type { DatabaseProps } from './database';
import { checkRelationalSettings, checkStorageCeiling, checkSubnetAzs, type RelationalSettings } from './private/engine';

/** A Database's settings once props, the plan and the defaults are combined. */
export interface DatabaseSettings extends RelationalSettings {
  readonly multiAz: boolean;
  readonly readReplicas: number;
  readonly maxAllocatedStorageGiB: number;
}

/**
 * Secrets Manager rotates as often as every 4 hours, and at most every 1,000 days, on whole hours.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html
 */
const ROTATION_SECONDS = {
  min: Duration.hours(4).toSeconds(),
  max: Duration.days(1000).toSeconds(),
  step: Duration.hours(1).toSeconds(),
};

export function validateDatabaseProps(scope: IConstruct, props: DatabaseProps, settings: DatabaseSettings): void {
  const problems = new ProblemCollector();
  checkRelationalSettings(problems, settings, props);
  problems.integer('readReplicas', settings.readReplicas, { min: 0 });
  if (Number.isInteger(settings.readReplicas) && settings.readReplicas > RDS_LIMITS.maxReadReplicasPerSource) {
    problems.add('readReplicas', settings.readReplicas,
      `RDS allows at most ${RDS_LIMITS.maxReadReplicasPerSource} read replicas per source: shard, or add a cache`);
  }
  checkStorageCeiling(problems, settings.maxAllocatedStorageGiB, settings.allocatedStorageGiB);
  const rotation = secondsOf(props.rotationInterval);
  if (rotation !== undefined) {
    problems.check('rotationInterval', `${rotation} s`,
      rotation % ROTATION_SECONDS.step === 0 && rotation >= ROTATION_SECONDS.min && rotation <= ROTATION_SECONDS.max,
      'must be a whole number of hours between 4 hours and 1000 days (Secrets Manager rotation schedules)');
  }
  if (settings.multiAz) {
    checkSubnetAzs(problems, settings.azs, 2, 'Multi-AZ needs subnets in at least 2 AZs');
  }
  throwIfProblems(scope, problems);
}
