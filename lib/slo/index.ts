export * from './burn-rate';
export * from './definitions';
export * from './simulator';
export * from './scenarios';
export * from './template-parser';
export * from './sli';
export * from './slo-alarms';
