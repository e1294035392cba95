/**
 * Default service quotas (raisable limits) the architecture can exceed, as dated data with sources, and the
 * pure check of a plan against them. A quota is not a refusal: the plan lists each one it exceeds, per region,
 * with the quota code to request in Service Quotas (warning `QUOTA_INCREASE_NEEDED`). Hard limits are
 * refused by the plan instead (see docs/capacity-model.md).
 */

/** When the quota table was last checked. */
export const QUOTAS_AS_OF = '2026-11-29';

/** One default quota. */
export interface ServiceQuota {
  /** Service Quotas code (`L-…`), or null where AWS takes increases through a support case. */
  readonly code: string | null;
  readonly service: string;
  readonly name: string;
  /** The default value. */
  readonly defaultValue: number;
  /** What the quota counts per: a region, the account (global), a load balancer, a replication group, a distribution. */
  readonly scope: 'region' | 'account' | 'load balancer' | 'replication group' | 'distribution' | 'cluster' | 'queue';
  /** Where the value comes from. */
  readonly source: string;
}

/** The quotas the plan checks, by key. */
export const SERVICE_QUOTAS = {
  rdsInstances: {
    code: 'L-7B6409FD', service: 'Amazon RDS', name: 'DB instances', defaultValue: 40, scope: 'region',
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html',
  },
  elastiCacheNodesPerRegion: {
    code: 'L-DFE45DF3', service: 'Amazon ElastiCache', name: 'Nodes per Region', defaultValue: 300, scope: 'region',
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/quota-limits.html',
  },
  elastiCacheNodesPerCluster: {
    code: 'L-AF354865', service: 'Amazon ElastiCache', name: 'Nodes per cluster (cluster mode enabled)', defaultValue: 90, scope: 'replication group',
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html ("up to 90 nodes per cluster … can be increased to a maximum of 500")',
  },
  elasticIps: {
    code: 'L-0263D0A3', service: 'Amazon EC2', name: 'EC2-VPC Elastic IPs (one per NAT gateway)', defaultValue: 5, scope: 'region',
    source: 'https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html',
  },
  albTargets: {
    code: 'L-7E6692B2', service: 'Elastic Load Balancing', name: 'Targets per Application Load Balancer', defaultValue: 1000, scope: 'load balancer',
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html',
  },
  onDemandStandardVcpus: {
    code: 'L-1216C47A', service: 'Amazon EC2', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances, vCPUs', defaultValue: 5, scope: 'region',
    source: 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html (5 vCPUs is the default of a new account; check the applied value)',
  },
  route53HealthChecks: {
    code: 'L-ACB674F3', service: 'Amazon Route 53', name: 'Health checks', defaultValue: 200, scope: 'account',
    source: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html',
  },
  cloudFrontRequestsPerSecond: {
    code: null, service: 'Amazon CloudFront', name: 'Requests per second per distribution', defaultValue: 250_000, scope: 'distribution',
    source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html (raised through a support case)',
  },
  // The async tier's event log (async.ts): https://docs.aws.amazon.com/msk/latest/developerguide/limits.html
  mskBrokersPerCluster: {
    code: 'L-03FD6822', service: 'Amazon MSK', name: 'Number of brokers per KRaft cluster', defaultValue: 60, scope: 'cluster',
    source: 'https://docs.aws.amazon.com/msk/latest/developerguide/limits.html ("30 for ZooKeeper-based clusters, 60 for KRaft-based clusters")',
  },
  mskBrokersPerAccount: {
    code: 'L-EDD31C36', service: 'Amazon MSK', name: 'Number of brokers per account', defaultValue: 90, scope: 'region',
    source: 'https://docs.aws.amazon.com/msk/latest/developerguide/limits.html (per account, in each Region)',
  },
  // The async tier's work queue (async.ts). "Approximately" 120,000: AWS says it depends on the queue's traffic and
  // backlog; beyond it ReceiveMessage returns OverLimit (short polling) or nothing (long polling). A quota, not a hard
  // limit: "To request a quota increase, submit a support request" (no Service Quotas code is published for it).
  sqsInFlightMessages: {
    code: null, service: 'Amazon SQS', name: 'Messages per standard queue (in flight)', defaultValue: 120_000, scope: 'queue',
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html ("approximately 120,000 in flight messages … To request a quota increase, submit a support request"; checked 2026-11-30)',
  },
} as const satisfies Record<string, ServiceQuota>;

export type ServiceQuotaKey = keyof typeof SERVICE_QUOTAS;

/** What the built architecture needs of one quota, in one place. */
export interface QuotaNeed {
  readonly quota: ServiceQuotaKey;
  /** The region, or `global` for account-wide and edge quotas. */
  readonly region: string;
  readonly needed: number;
}

/** A quota the plan exceeds: request an increase before deploying. */
export interface QuotaIncrease {
  readonly quota: ServiceQuotaKey;
  readonly code: string | null;
  readonly service: string;
  readonly name: string;
  readonly region: string;
  readonly defaultValue: number;
  readonly needed: number;
}

/**
 * The needs above their default quota. Needs of one quota in one place add up where the quota counts a region or the
 * account (web instances and workers share the vCPU quota); a per-resource quota (per cluster, per load balancer) is
 * checked need by need.
 */
export function quotaIncreasesNeeded(needs: readonly QuotaNeed[]): QuotaIncrease[] {
  return addUpRegionalNeeds(needs)
    .filter((n) => n.needed > SERVICE_QUOTAS[n.quota].defaultValue)
    .map((n) => {
      const q: ServiceQuota = SERVICE_QUOTAS[n.quota];
      return { quota: n.quota, code: q.code, service: q.service, name: q.name, region: n.region, defaultValue: q.defaultValue, needed: n.needed };
    });
}

function addUpRegionalNeeds(needs: readonly QuotaNeed[]): QuotaNeed[] {
  const merged: QuotaNeed[] = [];
  for (const n of needs) {
    const scope: ServiceQuota['scope'] = SERVICE_QUOTAS[n.quota].scope;
    const i = scope === 'region' || scope === 'account' ? merged.findIndex((m) => m.quota === n.quota && m.region === n.region) : -1;
    if (i < 0) merged.push(n);
    else merged[i] = { ...merged[i], needed: merged[i].needed + n.needed };
  }
  return merged;
}

/** The warning text of one increase. */
export function describeQuotaIncrease(q: QuotaIncrease): string {
  const where = q.region === 'global' ? 'account-wide' : `in ${q.region}`;
  const how = q.code ? `request quota ${q.code} in Service Quotas` : 'open a support case to raise it';
  return `${q.service} "${q.name}" ${where}: the plan needs ${q.needed.toLocaleString('en-US')}, the default quota is ${q.defaultValue.toLocaleString('en-US')}: ${how} before deploying.`;
}
