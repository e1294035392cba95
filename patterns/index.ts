/** cdk-scale-patterns/patterns: ready stacks composed from the building blocks, sized from one plan. */
export * from './regional-service-stack';
export * from './global-edge-stack';
export * from './multi-region-app';
export * from './database-shard-group-stack';
