export * from './workload';
export * from './plan-types';
export * from './catalog';
export { planCapacity, stageAtLeast, surviveAzLossCount } from './plan-capacity';
export * from './sizing';
export { checkWorkload, parseWorkload, WorkloadValidationError, type WorkloadProblem } from './validate-workload';
export * from './quotas';
export * from './review';
