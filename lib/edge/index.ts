export * from './edge';
export * from './origin-verify-secret';
