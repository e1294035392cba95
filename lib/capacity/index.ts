/** The capacity calculator's public API (pure: no aws-cdk-lib). */
export * from './workload';
export * from './plan-types';
export {
  PRICES_AS_OF,
  CATALOG_SOURCES,
  EC2_INSTANCE_TYPES,
  RDS_INSTANCE_CLASSES,
  CACHE_NODE_TYPES,
  VALKEY_PRICE_FACTOR,
  CACHE_RESERVED_MEMORY_FRACTION,
  UNIT_PRICES,
  CLOUDFRONT_DATA_TRANSFER_TIERS,
  INTERNET_DATA_TRANSFER_TIERS,
  ALB_LCU,
  RDS_LIMITS,
  CACHE_LIMITS,
  tieredPriceUsd,
  gp3BaselineIops,
  findEc2InstanceType,
  maxConnections,
  type Ec2InstanceType,
  type RdsInstanceClass,
  type CacheNodeType,
  type PriceTier,
} from './catalog';
export { planCapacity } from './plan-capacity';
export {
  DEFAULT_CPU_TARGET_UTILIZATION_PERCENT,
  webTierSizing,
  databaseSizing,
  cacheSizing,
  networkSizing,
  type WebTierSizing,
  type DatabaseSizing,
  type CacheSizing,
  type NetworkSizing,
} from './sizing';
export {
  checkWorkload,
  parseWorkload,
  WorkloadValidationError,
  MAX_PEAK_QPS,
  MAX_DATABASE_SHARDS,
  type WorkloadProblem,
} from './validate-workload';
export { QUOTAS_AS_OF, SERVICE_QUOTAS, type ServiceQuota, type ServiceQuotaKey, type QuotaIncrease } from './quotas';
export { explain, renderPlan, planRows, PLAN_FORMATS, type PlanFormat } from './report';
export {
  reviewPlan,
  reviewExitCode,
  REVIEW_TOLERANCES,
  REVIEW_ASSUMPTIONS,
  type ReviewVerdict,
  type ReviewedAssumption,
  type ReviewObservations,
  type PlanReview,
} from './review';
export { renderReview, type ReviewReport } from './review-report';
