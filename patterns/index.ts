export * from './regional-service-stack';
export * from './global-edge-stack';
export * from './multi-region-app';
