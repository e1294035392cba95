export * from './workload';
export * from './plan-types';
export * from './catalog';
export { planCapacity, readReplicasPerBuiltShard, stageAtLeast, surviveAzLossCount } from './plan-capacity';
export { checkWorkload, parseWorkload, WorkloadValidationError, type WorkloadProblem } from './validate-workload';
