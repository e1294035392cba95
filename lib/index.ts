/** cdk-scale-patterns: the public API. */
export * from './capacity';
export { explain, renderPlan, planRows, PLAN_FORMATS, type PlanFormat } from './capacity/report';
export * from './slo/burn-rate';
