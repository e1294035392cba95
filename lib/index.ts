/**
 * cdk-scale-patterns: the building blocks and the pure capacity and SLO math. The ready-made stacks are a
 * separate entry point, `cdk-scale-patterns/patterns` (they depend on this one, never the reverse).
 */
export * from './capacity';
export * from './validation';
export * from './slo';
export * from './network';
export * from './web';
export * from './database';
export * from './cache';
export * from './edge';
export * from './dns';
export * from './async';
export * from './resilience';
