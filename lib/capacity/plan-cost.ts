/**
 * Cost lines of what the patterns build besides the tiers' instances, storage and traffic (`planCost` in
 * plan-capacity.ts prices those): the edge's WAF, RDS Proxy, the disaster-recovery backup copies, and the interface VPC
 * endpoints (SQS) with the queue's messages they process. Each line prices what the constructs build; its formula and inputs are
 * recorded for `cdk-scale plan --explain`. Prices: catalog.ts (`CATALOG_SOURCES` dates and sources them).
 */
import { withoutFloatNoise } from '../format/numbers';
import {
  BACKUP_PRICES,
  EDGE_WEB_ACL_RULES,
  HOURS_PER_MONTH,
  PRIVATELINK_PRICES,
  RDS_INSTANCE_CLASSES,
  RDS_PROXY_PRICES,
  tieredPriceUsd,
  WAF_PRICES,
} from './catalog';
import type { DerivationLog } from './derivations';
import type { ArchitecturePlan, AsyncPlan, CostLine, DatabasePlan, DrPlan, TopologyPlan, TrafficPlan } from './plan-types';
import { interfaceEndpointsFor } from './sizing';

const SECONDS_PER_MONTH = 30 * 86_400;
const DAYS_PER_MONTH = 30;

/** Records a cost line, rounded to cents, with its derivation (`costBreakdown.<component>`), and returns it. */
export function costLine(
  log: DerivationLog, component: CostLine['component'], formula: string, inputs: Record<string, number | string>, usd: number, note?: string,
): CostLine {
  const rounded = Math.round(usd * 100) / 100;
  log.record(`costBreakdown.${component}`, formula, inputs, rounded, 'USD/month', note);
  return { component, usd: rounded, formula };
}

/**
 * AWS WAF on the CloudFront distribution, when the edge is built: one CLOUDFRONT-scope web ACL (the Edge's), its rules,
 * and every request CloudFront receives. WAF inspects each request before CloudFront answers it, cache hits included
 * (the service "forwards those requests to AWS WAF for inspection", https://aws.amazon.com/waf/faqs/; a Lambda@Edge
 * viewer request "is executed after any AWS WAF rules are applied",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-event-request-response.html), so the
 * requests are the CDN line's: average QPS × 30 days.
 */
export function wafCost(architecture: ArchitecturePlan, traffic: TrafficPlan, log: DerivationLog): CostLine | null {
  if (!architecture.edge) return null;
  const webAcls = 1;
  const rules = EDGE_WEB_ACL_RULES.rateBased + EDGE_WEB_ACL_RULES.managedRuleGroups;
  const monthlyRequests = traffic.averageQps * SECONDS_PER_MONTH;
  return costLine(log, 'waf',
    'web ACLs × $5 + rules × $1 (a managed rule group bills as one rule) + monthly requests ÷ 10⁶ × $0.60; every request CloudFront receives is inspected, cache hits included (average QPS × 30 days)',
    { webAcls, rules, rateBasedRules: EDGE_WEB_ACL_RULES.rateBased, managedRuleGroups: EDGE_WEB_ACL_RULES.managedRuleGroups, monthlyRequests },
    webAcls * WAF_PRICES.usdPerWebAclMonth + rules * WAF_PRICES.usdPerRuleMonth + (monthlyRequests / 1e6) * WAF_PRICES.usdPerMillionRequests,
    'the Edge\'s WebACL: a per-client-IP rate-based rule, then the AWS managed Core rule set and Known bad inputs groups (no subscription fee; about 902 of the 1,500 WCUs the base price includes)');
}

/**
 * RDS Proxy, where the plan builds it (`database.rdsProxyAdvised`: the Database construct then puts one in front of
 * each shard's writer; cross-region replicas get none). Provisioned instances are billed per vCPU-hour of the instance
 * behind the proxy, at least 2 vCPUs (https://aws.amazon.com/rds/proxy/pricing/). The writer is one Multi-AZ DB
 * instance: priced on its class's vCPUs once (see docs/capacity-model.md, "Monthly cost").
 */
export function rdsProxyCost(architecture: ArchitecturePlan, database: DatabasePlan, log: DerivationLog): CostLine | null {
  if (!database.rdsProxyAdvised) return null;
  const writer = RDS_INSTANCE_CLASSES.find((c) => c.name === database.instanceClass)!;
  const proxies = architecture.databaseShards;
  const billedVcpus = Math.max(RDS_PROXY_PRICES.minVcpus, writer.vcpu);
  return costLine(log, 'rds-proxy',
    'proxies (one per built shard, in front of its writer) × max(2, the writer class\'s vCPUs) × $0.015 per vCPU-hour × 730 h',
    { proxies, instanceClass: writer.name, writerVcpus: writer.vcpu, billedVcpus, usdPerVcpuHour: RDS_PROXY_PRICES.usdPerVcpuHour },
    proxies * billedVcpus * RDS_PROXY_PRICES.usdPerVcpuHour * HOURS_PER_MONTH,
    'RDS Proxy is built where connections exceed the class\'s max_connections (database.rdsProxyAdvised)');
}

/**
 * The cross-region copies of the disaster-recovery backups (lib/resilience/dr-backup.ts), when the plan has a copy
 * region: the data transferred to the copy region and the copies' warm storage there
 * (https://aws.amazon.com/backup/pricing/). The copied size is an estimate, documented in the derivation: each writer's
 * allocated storage (the data it holds, rounded up, at least 20 GiB). RDS copies the first snapshot to a region in
 * full and later ones incrementally ("After the first snapshot copy, you can copy incremental snapshots of the same DB
 * instance to the same destination Region", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html);
 * assuming at most the whole database changes in a month, a month transfers at most one full copy, and the copy
 * vault keeps one full copy plus the changes of the retention window (retention days ÷ 30 of a month's).
 */
export function drBackupCopiesCost(dr: DrPlan, architecture: ArchitecturePlan, database: DatabasePlan, log: DerivationLog): CostLine | null {
  const { copyRegion, retentionDays } = dr.backup;
  if (copyRegion === null) return null;
  const writers = architecture.databaseShards;
  const copiedGb = writers * database.allocatedStorageGiB;
  const storedGb = copiedGb * (1 + retentionDays / DAYS_PER_MONTH);
  const transferUsd = copiedGb * BACKUP_PRICES.crossRegionUsdPerGb;
  const storageUsd = storedGb * BACKUP_PRICES.rdsSnapshotUsdPerGbMonth;
  return costLine(log, 'dr-backup-copies',
    'copied GB × $0.02 cross-region transfer + copied GB × (1 + retention days ÷ 30) × $0.095 per GB-month of snapshot storage in the copy region; copied GB = writers × allocated GiB',
    { copyRegion, writers, allocatedStorageGiB: database.allocatedStorageGiB, copiedGb, retentionDays, storedGb, transferUsd, storageUsd },
    transferUsd + storageUsd,
    'an estimate: each writer\'s copy taken as its allocated storage (each GiB billed as a GB, like database-storage); the first copy is full, later ones carry the changed blocks, assumed at most the whole database a month');
}

/**
 * The interface VPC endpoints the network builds (`interfaceEndpointsFor`: SQS when the queue tier is built), priced on
 * AWS PrivateLink (https://aws.amazon.com/privatelink/pricing/): each endpoint per hour in each Availability Zone it has
 * a network interface in (one per zone's application subnet, in every region), and the GB it processes in either
 * direction, tiered per region on all its interface endpoints together. The SQS endpoint, with private DNS, carries the
 * queue's messages: each crosses it when the application subnets send it and again when a worker receives it (both
 * counted: conservative where the producers are outside the VPC). The messages go to the regions that take traffic:
 * every region when active-active (each its share), the primary otherwise. Request overhead is not priced.
 */
export function vpcEndpointsCost(architecture: ArchitecturePlan, asyncPlan: AsyncPlan | null, topology: TopologyPlan, log: DerivationLog): CostLine | null {
  const services = interfaceEndpointsFor(architecture);
  if (services.length === 0) return null;
  const endpoints = services.length;
  const zones = topology.availabilityZones;
  const regions = topology.regions.length;
  const endpointHours = endpoints * zones * regions * HOURS_PER_MONTH;
  const hoursUsd = withoutFloatNoise(endpointHours * PRIVATELINK_PRICES.usdPerEndpointAzHour);
  const averageMessagesPerSecond = asyncPlan?.averageMessagesPerSecond ?? 0;
  const messageBytes = asyncPlan?.messageBytes ?? 0;
  const monthlyMessages = withoutFloatNoise(averageMessagesPerSecond * SECONDS_PER_MONTH);
  const crossings = 2;
  const processedGb = withoutFloatNoise((monthlyMessages * messageBytes * crossings) / 1e9);
  const regionsWithMessages = topology.mode === 'active-active' ? regions : 1;
  const processedGbPerRegion = withoutFloatNoise(processedGb / regionsWithMessages);
  const dataUsd = withoutFloatNoise(regionsWithMessages * tieredPriceUsd(processedGbPerRegion, PRIVATELINK_PRICES.dataProcessingTiers));
  return costLine(log, 'vpc-endpoints',
    'interface endpoints × zones × regions × $0.01 per endpoint-zone-hour × 730 h + regions with messages × PrivateLink\'s tiered $/GB ' +
      '(first 1 PB $0.01, next 4 PB $0.006, over 5 PB $0.004, per region) on each one\'s share of the queue messages\' GB: ' +
      'average messages/s × 30 days × message bytes × 2 (sent from the application subnets, received by the workers, each through the SQS endpoint) ÷ 10⁹',
    {
      endpoints, services: services.join(', '), zones, regions, endpointHours, hoursUsd,
      averageMessagesPerSecond, monthlyMessages, messageBytes, crossings, processedGb, regionsWithMessages, processedGbPerRegion, dataUsd,
    },
    hoursUsd + dataUsd,
    'the SQS endpoint keeps the queue\'s traffic in the VPC, off the NAT gateways; only the payloads are priced (request overhead is not), and all ' +
      'messages go to the regions that take traffic (every region when active-active, the primary otherwise)');
}
