export * from './relational-database';
export * from './database';
export * from './multi-az-database-cluster';
export * from './cross-region-read-replica';
