export * from './burn-rate';
export * from './definitions';
export * from './simulator';
export * from './scenarios';
export * from './template-parser';
export * from './sli';
export * from './metric-data-queries';
export * from './slo-alarms';
