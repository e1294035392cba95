/** Every check of {@link QueueWorkers}' props, reported together in one PropsValidationError before anything is created. */
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { selectedAzs } from '../private/subnets';
import { isConcrete, ProblemCollector, sizedPropName, throwIfProblems } from '../private/validation';
import { checkInstanceFleetProps } from '../web/instance-fleet-props';
import type { QueueWorkersProps } from './queue-workers';

/** The sizes QueueWorkers build with, once validated (every one known). */
export interface QueueWorkersSettings {
  readonly instanceType: ec2.InstanceType;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly backlogPerInstanceTarget: number;
}

/** The sizes before validation: without a plan, the explicit props may be missing. */
export type QueueWorkersSettingsInput = Partial<QueueWorkersSettings>;


/**
 * Checks QueueWorkers' props and resolved sizes; afterwards every size is known.
 * @throws PropsValidationError listing every problem
 */
export function validateQueueWorkersProps(
  scope: Construct,
  props: QueueWorkersProps,
  s: QueueWorkersSettingsInput,
): asserts s is QueueWorkersSettings {
  const problems = new ProblemCollector();
  const noAsync = props.plan !== undefined && props.plan.async === null;
  const required: [keyof QueueWorkersSettings, string][] = [
    ['instanceType', 'async.workerInstanceType'],
    ['minCapacity', 'async.minWorkers'],
    ['maxCapacity', 'async.maxWorkers'],
    ['backlogPerInstanceTarget', 'async.backlogPerWorkerTarget'],
  ];
  for (const [prop, planField] of required) {
    if (s[prop] === undefined) {
      problems.add(prop, undefined, noAsync
        ? 'is required: the plan has no async tier (the workload gives no message rate)'
        : `is required without a plan (or give \`plan\`, whose ${planField} is used)`);
    }
  }
  const minName = sizedPropName(props.minCapacity, 'minCapacity', 'async.minWorkers');
  const maxName = sizedPropName(props.maxCapacity, 'maxCapacity', 'async.maxWorkers');
  if (isConcrete(s.minCapacity)) {
    problems.check(minName, s.minCapacity, Number.isInteger(s.minCapacity) && s.minCapacity >= 1,
      'must be a whole number ≥ 1: the backlog per instance divides by the instances in service, so a group at zero never sees its backlog');
  }
  problems.integer(maxName, s.maxCapacity, { min: 1 });
  if (isConcrete(s.minCapacity) && isConcrete(s.maxCapacity) && s.minCapacity > s.maxCapacity) {
    problems.add(`${minName}/${maxName}`, { min: s.minCapacity, max: s.maxCapacity }, 'the minimum must not exceed the maximum');
  }
  const target = s.backlogPerInstanceTarget;
  if (isConcrete(target)) {
    problems.check(sizedPropName(props.backlogPerInstanceTarget, 'backlogPerInstanceTarget', 'async.backlogPerWorkerTarget'), target,
      Number.isFinite(target) && target > 0, 'must be a finite number > 0 (messages per worker)');
  }
  checkInstanceFleetProps(problems, props);
  // Survive an AZ loss like the web tier: the group spans at least two AZs.
  const azs = selectedAzs(props.network.vpc, props.network.applicationSubnets);
  if (azs !== undefined) {
    problems.check('network.applicationSubnets', `${azs.length} AZ(s)`, azs.length >= 2, 'the workers need subnets in at least 2 Availability Zones to survive the loss of one');
  }
  throwIfProblems(scope, problems);
}
