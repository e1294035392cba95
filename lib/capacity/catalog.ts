/**
 * The AWS catalog the plan chooses from, as data. Prices are approximate us-east-1 on-demand
 * (Linux, no reservations) and exist to compare options and give an order of magnitude:
 * check the AWS pricing pages before relying on them.
 */

/** The oldest date at which the price tables below were checked: each table's own date and source are in CATALOG_SOURCES. */
export const PRICES_AS_OF = '2026-11-01';

/** Each table of the catalog: when it was checked and where its numbers come from. */
export const CATALOG_SOURCES = {
  ec2: { asOf: '2026-11-01', source: 'AWS EC2 on-demand pricing, us-east-1, Linux; vCPU/memory from the EC2 instance-type pages' },
  rds: { asOf: '2026-11-01', source: 'AWS RDS for PostgreSQL on-demand pricing, us-east-1, single-AZ; vCPU/memory from the RDS DB instance class pages' },
  elasticache: { asOf: '2026-11-01', source: 'AWS ElastiCache on-demand pricing (Redis OSS; Valkey ≈ 0.8×), us-east-1; memory from the supported node types page' },
  unitPrices: { asOf: '2026-11-01', source: 'AWS pricing pages of ELB, NAT gateway, RDS storage, data transfer and CloudFront, us-east-1' },
  // The tables below were read on 2026-11-30 from stored copies of public pages: the AWS pricing pages themselves did not
  // show their price tables there, so each figure was matched in sources quoting them (named in each table). Review
  // them against the AWS page before relying on them.
  waf: {
    asOf: '2026-11-30',
    source: 'https://aws.amazon.com/waf/pricing/ (per web ACL, per rule or rule group, per million requests; figures as quoted ' +
      'by https://aws.github.io/aws-security-services-best-practices/guides/waf/waf-cost/docs/ and others)',
  },
  rdsProxy: {
    asOf: '2026-11-30',
    source: 'https://aws.amazon.com/rds/proxy/pricing/ ("priced per vCPU per hour" of the provisioned instances behind the ' +
      'proxy, minimum charge 2 vCPUs; $0.015 from the AWS price list, SKU AHVT2C6WP2BB5BXQ USE1-RDS:ProxyUsage, as quoted by secondary sources)',
  },
  backup: {
    asOf: '2026-11-30',
    source: 'https://aws.amazon.com/backup/pricing/ (RDS snapshot warm storage per GB-month, cross-Region data transfer per GB ' +
      'out of us-east-1; figures as quoted by secondary sources of 2026)',
  },
  privateLink: {
    asOf: '2026-11-30',
    source: 'https://aws.amazon.com/privatelink/pricing/ (interface endpoints: per endpoint per Availability Zone per hour, and ' +
      'per GB processed, tiered on the data all interface endpoints of a region process in the month; the page states the ' +
      'billing rules, its price table as quoted by stored copies of the page of 2026)',
  },
} as const;

/** Hours in the month the estimate uses (AWS's own convention). */
export const HOURS_PER_MONTH = 730;

export const GIB = 2 ** 30;

export interface Ec2InstanceType {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly usdPerHour: number;
}

/**
 * EC2 m7g / c7g (Graviton3, arm64) and m7i (Intel, x86_64).
 * Source: AWS EC2 on-demand pricing page, us-east-1, Linux; within a family the price doubles per size.
 */
export const EC2_INSTANCE_TYPES: readonly Ec2InstanceType[] = [
  ...family('m7g', 'arm64', 0.0816, 4),
  ...family('c7g', 'arm64', 0.0725, 2),
  ...family('m7i', 'x86_64', 0.1008, 4),
];

function family(name: string, architecture: 'arm64' | 'x86_64', largeUsdPerHour: number, memoryGiBPerVcpu: number): Ec2InstanceType[] {
  return sizesOf(name, largeUsdPerHour, memoryGiBPerVcpu).map((size) => ({ ...size, architecture }));
}

/** Sizes large to 16xlarge of a family whose price and memory scale with vCPUs (AWS's pricing within a family). */
function sizesOf(name: string, largeUsdPerHour: number, memoryGiBPerVcpu: number) {
  const sizes: ReadonlyArray<[string, number]> = [
    ['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32], ['12xlarge', 48], ['16xlarge', 64],
  ];
  return sizes.map(([size, vcpu]) => ({
    name: `${name}.${size}`,
    vcpu,
    memoryGiB: vcpu * memoryGiBPerVcpu,
    usdPerHour: round4((largeUsdPerHour * vcpu) / 2),
  }));
}

export interface RdsInstanceClass {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Burstable (CPU credits): fine for small stages, not for sustained load. */
  readonly burstable: boolean;
  /** Single-AZ price; Multi-AZ (one standby) is about twice this. */
  readonly usdPerHour: number;
}

/**
 * RDS for PostgreSQL single-AZ on-demand, us-east-1 (MySQL is within about 5 %).
 * Source: AWS RDS for PostgreSQL pricing page.
 */
export const RDS_INSTANCE_CLASSES: readonly RdsInstanceClass[] = [
  { name: 'db.t4g.micro', vcpu: 2, memoryGiB: 1, burstable: true, usdPerHour: 0.016 },
  { name: 'db.t4g.small', vcpu: 2, memoryGiB: 2, burstable: true, usdPerHour: 0.032 },
  { name: 'db.t4g.medium', vcpu: 2, memoryGiB: 4, burstable: true, usdPerHour: 0.065 },
  { name: 'db.t4g.large', vcpu: 2, memoryGiB: 8, burstable: true, usdPerHour: 0.129 },
  { name: 'db.t4g.xlarge', vcpu: 4, memoryGiB: 16, burstable: true, usdPerHour: 0.258 },
  { name: 'db.t4g.2xlarge', vcpu: 8, memoryGiB: 32, burstable: true, usdPerHour: 0.517 },
  ...rdsFamily('db.m7g', 4, 0.168),
  ...rdsFamily('db.r7g', 8, 0.23),
];

function rdsFamily(name: string, memoryGiBPerVcpu: number, largeUsdPerHour: number): RdsInstanceClass[] {
  return sizesOf(name, largeUsdPerHour, memoryGiBPerVcpu).map((size) => ({ ...size, burstable: false }));
}

export interface CacheNodeType {
  readonly name: string;
  readonly vcpu: number;
  /** Node memory as AWS lists it, GiB. */
  readonly memoryGiB: number;
  readonly burstable: boolean;
  /** Redis OSS on-demand price; Valkey is about 20 % cheaper (see VALKEY_PRICE_FACTOR). */
  readonly usdPerHour: number;
}

/**
 * ElastiCache node types, us-east-1 on-demand (Redis OSS prices). Memory: the ElastiCache
 * supported-node-types page. Source: AWS ElastiCache pricing page.
 */
export const CACHE_NODE_TYPES: readonly CacheNodeType[] = [
  { name: 'cache.t4g.micro', vcpu: 2, memoryGiB: 0.5, burstable: true, usdPerHour: 0.016 },
  { name: 'cache.t4g.small', vcpu: 2, memoryGiB: 1.37, burstable: true, usdPerHour: 0.032 },
  { name: 'cache.t4g.medium', vcpu: 2, memoryGiB: 3.09, burstable: true, usdPerHour: 0.065 },
  { name: 'cache.m7g.large', vcpu: 2, memoryGiB: 6.38, burstable: false, usdPerHour: 0.158 },
  { name: 'cache.m7g.xlarge', vcpu: 4, memoryGiB: 12.93, burstable: false, usdPerHour: 0.316 },
  { name: 'cache.m7g.2xlarge', vcpu: 8, memoryGiB: 26.04, burstable: false, usdPerHour: 0.632 },
  { name: 'cache.m7g.4xlarge', vcpu: 16, memoryGiB: 52.26, burstable: false, usdPerHour: 1.264 },
  { name: 'cache.m7g.12xlarge', vcpu: 48, memoryGiB: 157.25, burstable: false, usdPerHour: 3.792 },
  { name: 'cache.r7g.large', vcpu: 2, memoryGiB: 13.07, burstable: false, usdPerHour: 0.219 },
  { name: 'cache.r7g.xlarge', vcpu: 4, memoryGiB: 26.32, burstable: false, usdPerHour: 0.438 },
  { name: 'cache.r7g.2xlarge', vcpu: 8, memoryGiB: 52.82, burstable: false, usdPerHour: 0.876 },
  { name: 'cache.r7g.4xlarge', vcpu: 16, memoryGiB: 105.81, burstable: false, usdPerHour: 1.752 },
  { name: 'cache.r7g.12xlarge', vcpu: 48, memoryGiB: 317.77, burstable: false, usdPerHour: 5.256 },
];

/** Valkey node-hours cost about 80 % of Redis OSS (ElastiCache pricing page). */
export const VALKEY_PRICE_FACTOR = 0.8;

/** ElastiCache reserves 25 % of node memory by default (reserved-memory-percent). */
export const CACHE_RESERVED_MEMORY_FRACTION = 0.25;

/** Other us-east-1 prices the estimate uses. Source: the AWS pricing pages of each service. */
export const UNIT_PRICES = {
  /** ALB per hour. */
  albUsdPerHour: 0.0225,
  /** ALB per LCU-hour. */
  albUsdPerLcuHour: 0.008,
  /** NAT gateway per hour (data processing not included). */
  natGatewayUsdPerHour: 0.045,
  /** RDS gp3 storage per GB-month (Multi-AZ stores it twice). */
  rdsGp3UsdPerGbMonth: 0.115,
  /** CloudFront HTTPS requests, per 10,000 (United States; verify on the CloudFront pricing page). */
  cloudFrontUsdPer10kRequests: 0.01,
} as const;

/**
 * AWS WAF (CATALOG_SOURCES.waf): the same price in every region. A managed rule group is billed as one rule; the AWS
 * managed groups the Edge uses (Core rule set, Known bad inputs) carry no subscription fee. The base price includes
 * 1,500 web ACL capacity units (WCUs): the Edge's WebACL uses about 902 (Core rule set 700, Known bad inputs 200, the
 * rate-based rule 2; https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html).
 */
export const WAF_PRICES = {
  usdPerWebAclMonth: 5,
  usdPerRuleMonth: 1,
  usdPerMillionRequests: 0.6,
} as const;

/**
 * What the Edge's WebACL holds with its defaults (lib/edge: `createEdgeWebAcl`, `EdgeProps.managedRuleGroups`): one
 * rate-based rule and two AWS managed rule groups. test/patterns checks the synthesized WebACL against it.
 */
export const EDGE_WEB_ACL_RULES = { rateBased: 1, managedRuleGroups: 2 } as const;

/** RDS Proxy for provisioned RDS instances (CATALOG_SOURCES.rdsProxy): per vCPU-hour of each instance behind it. */
export const RDS_PROXY_PRICES = {
  usdPerVcpuHour: 0.015,
  /** The smallest vCPU count billed per instance. */
  minVcpus: 2,
} as const;

/** AWS Backup of RDS snapshots and their cross-region copies (CATALOG_SOURCES.backup). */
export const BACKUP_PRICES = {
  /** Warm storage of an RDS snapshot, per GB-month (the copy region's price taken equal to us-east-1's). */
  rdsSnapshotUsdPerGbMonth: 0.095,
  /** Data transfer out of us-east-1 to another AWS region, per GB. */
  crossRegionUsdPerGb: 0.02,
} as const;

/**
 * AWS PrivateLink interface endpoints, us-east-1 (CATALOG_SOURCES.privateLink): each endpoint is billed per hour in each
 * Availability Zone it has a network interface in, and per GB it processes, whatever the direction. The data tiers apply
 * to the total of all interface endpoints of a region in the month: first 1 PB $0.01, next 4 PB $0.006, over 5 PB $0.004
 * (1 PB = 1,024 TB of 1,000 GB here, as CLOUDFRONT_DATA_TRANSFER_TIERS reads AWS's bands).
 */
export const PRIVATELINK_PRICES = {
  usdPerEndpointAzHour: 0.01,
  dataProcessingTiers: [
    { upToGb: 1_024_000, usdPerGb: 0.01 },
    { upToGb: 5_120_000, usdPerGb: 0.006 },
    { upToGb: Infinity, usdPerGb: 0.004 },
  ] as readonly PriceTier[],
} as const;

/** One band of a tiered price: the first `upToGb` GB of the month (cumulative) cost `usdPerGb` each. */
export interface PriceTier {
  readonly upToGb: number;
  readonly usdPerGb: number;
}

/**
 * CloudFront data transfer out to the internet, United States/Mexico/Canada and Europe, per GB per month:
 * first 10 TB $0.085, next 40 TB $0.080, next 100 TB $0.060, next 350 TB $0.040, next 524 TB $0.030, next 4 PB
 * $0.025, over 5 PB $0.020 (https://aws.amazon.com/cloudfront/pricing/; 1 TB = 1,000 GB here, like the plan's
 * other units: AWS's band widths add up to 1,024 TB per "PB", so the estimate may differ by about 2 % per band).
 */
export const CLOUDFRONT_DATA_TRANSFER_TIERS: readonly PriceTier[] = [
  { upToGb: 10_000, usdPerGb: 0.085 },
  { upToGb: 50_000, usdPerGb: 0.08 },
  { upToGb: 150_000, usdPerGb: 0.06 },
  { upToGb: 500_000, usdPerGb: 0.04 },
  { upToGb: 1_024_000, usdPerGb: 0.03 },
  { upToGb: 5_120_000, usdPerGb: 0.025 },
  { upToGb: Infinity, usdPerGb: 0.02 },
];

/**
 * EC2 (and ALB) data transfer out to the internet, us-east-1, per GB per month: first 10 TB $0.09, next 40 TB
 * $0.085, next 100 TB $0.07, over 150 TB $0.05 (https://aws.amazon.com/ec2/pricing/on-demand/, "Data Transfer").
 */
export const INTERNET_DATA_TRANSFER_TIERS: readonly PriceTier[] = [
  { upToGb: 10_000, usdPerGb: 0.09 },
  { upToGb: 50_000, usdPerGb: 0.085 },
  { upToGb: 150_000, usdPerGb: 0.07 },
  { upToGb: Infinity, usdPerGb: 0.05 },
];

/** The monthly price of `gb` GB on a tiered price: each band's GB at its own price. */
export function tieredPriceUsd(gb: number, tiers: readonly PriceTier[]): number {
  let usd = 0;
  let floor = 0;
  for (const t of tiers) {
    if (gb <= floor) break;
    usd += (Math.min(gb, t.upToGb) - floor) * t.usdPerGb;
    floor = t.upToGb;
  }
  return usd;
}

/** ALB capacity units: what one LCU covers, per dimension (Elastic Load Balancing pricing page). */
export const ALB_LCU = {
  newConnectionsPerSecond: 25,
  activeConnectionsPerMinute: 3000,
  processedGbPerHour: 1,
  ruleEvaluationsPerSecond: 1000,
  /** Rule evaluations free per request (the first 10 rules). */
  freeRulesPerRequest: 10,
  /** Smallest and largest LCU reservation AWS accepts. */
  minReservation: 100,
  maxReservation: 15000,
} as const;

/** RDS limits used by the plan. */
export const RDS_LIMITS = {
  maxReadReplicasPerSource: 15,
  minAllocatedStorageGiB: 20,
  maxAllocatedStorageGiB: 65536,
  /** PostgreSQL: max_connections = LEAST(DBInstanceClassMemory / 9531392, 5000). */
  postgresBytesPerConnection: 9531392,
  postgresMaxConnectionsCap: 5000,
  /** MySQL: max_connections = DBInstanceClassMemory / 12582880. */
  mysqlBytesPerConnection: 12582880,
} as const;

/** ElastiCache limits for a cluster-mode replication group (Valkey 7.2+, Redis OSS 7+). */
export const CACHE_LIMITS = {
  /** Shards (node groups) per replication group. */
  maxShards: 500,
  /** Nodes (primaries plus replicas) per replication group. */
  maxNodes: 500,
  /** Replicas per shard. */
  maxReplicasPerShard: 5,
  /** Days of automatic snapshots kept. */
  maxSnapshotRetentionDays: 35,
} as const;

/**
 * gp3 baseline IOPS of an RDS volume: 3,000 below 400 GiB, 12,000 from 400 GiB (RDS storage documentation,
 * "General Purpose SSD storage").
 */
export function gp3BaselineIops(allocatedStorageGiB: number): number {
  return allocatedStorageGiB < 400 ? 3000 : 12000;
}

/** An RDS class name without its `db.` prefix (`db.r7g.large` → `r7g.large`), as `ec2.InstanceType` takes it. */
export function rdsInstanceTypeName(instanceClass: string): string {
  return instanceClass.replace(/^db\./, '');
}

export function findEc2InstanceType(name: string): Ec2InstanceType | undefined {
  return EC2_INSTANCE_TYPES.find((t) => t.name === name);
}

/** max_connections the engine's default parameter group gives an instance class. */
export function maxConnections(engine: 'postgres' | 'mysql', memoryGiB: number): number {
  const bytes = memoryGiB * GIB;
  if (engine === 'postgres') {
    return Math.min(Math.floor(bytes / RDS_LIMITS.postgresBytesPerConnection), RDS_LIMITS.postgresMaxConnectionsCap);
  }
  return Math.floor(bytes / RDS_LIMITS.mysqlBytesPerConnection);
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
