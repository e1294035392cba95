export * from './dns-failover';
