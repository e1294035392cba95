/** Every check of `SaturationAlarmsProps`, in one place, reported in one `PropsValidationError`. */
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { SaturationAlarmsProps } from './saturation-alarms';

export function validateSaturationAlarmsProps(scope: Construct, props: SaturationAlarmsProps): void {
  const problems = new ProblemCollector();
  problems.number('connectionShare', props.connectionShare, { min: 0.01, max: 1 });
  problems.number('databaseCpuPercent', props.databaseCpuPercent, { min: 1, max: 100 });
  problems.number('cacheMemoryPercent', props.cacheMemoryPercent, { min: 1, max: 100 });
  // ReplicaLag is reported in whole seconds; a day behind is no longer a read replica worth alarming on.
  problems.seconds('replicaStaleness', props.replicaStaleness, { min: 1, max: 86_400 });
  if (props.cache && !props.plan.architecture.cache) {
    problems.add('cache', props.cache.node.path, 'the plan builds no cache tier (plan.architecture.cache is false): its hit-rate threshold would be 0');
  }
  throwIfProblems(scope, problems);
}
