/** Every check of DatabaseShardGroupStack's props, in one place. */
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../lib/private/validation';
import type { DatabaseShardGroupStackProps } from './database-shard-group-stack';

export function validateDatabaseShardGroupStackProps(scope: Construct, props: DatabaseShardGroupStackProps): void {
  const problems = new ProblemCollector();
  problems.integer('group', props.group, { min: 1 });
  problems.oneOf('role', props.role, ['primary', 'secondary']);
  throwIfProblems(scope, problems);
}
