/** cdk-scale-patterns: the public API. */
export * from './capacity';
export { explain, renderPlan, planRows, PLAN_FORMATS, type PlanFormat } from './capacity/report';
export { renderReview, type ReviewReport } from './capacity/review-report';
export * from './validation';
export * from './slo';
export * from './network';
export * from './web';
export * from './database';
export * from './cache';
export * from './edge';
export * from './dns';
export * from '../patterns';
