export * from './dns-failover';
export * from './dns-routing';
