export * from './database';
export * from './cross-region-read-replica';
