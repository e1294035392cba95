export * from './client';
export * from './errors';
export * from './retention';
export * from './metric-data';
export * from './alarms';
export * from './discover';
export * from './budget-reader';
export * from './review-reader';
