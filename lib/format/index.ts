/** Formatting numbers, units and durations for people (pure: no aws-cdk-lib). */
export * from './numbers';
export * from './durations';
