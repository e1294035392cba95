/**
 * Reads what production did for `cdk-scale review`: 1-minute data over the last N days (N ≤ 14: CloudWatch
 * keeps 1-minute data points 15 days) of the ALB, the Auto Scaling group, database instances and a cache
 * replication group, in as few GetMetricData calls as the limits allow.
 *
 * Metrics (namespace, name, statistic, dimension):
 * - AWS/ApplicationELB RequestCount Sum (LoadBalancer)
 * - AWS/AutoScaling GroupInServiceInstances Average and AWS/EC2 CPUUtilization Average (AutoScalingGroupName)
 * - AWS/RDS DatabaseConnections Maximum, CPUUtilization Average, ReplicaLag Maximum (DBInstanceIdentifier)
 * - AWS/ElastiCache CacheHits Sum, CacheMisses Sum, BytesUsedForCache Maximum (CacheClusterId of each node:
 *   ElastiCache publishes per node, so the nodes `<group>-<shard>-<node>` are found with ListMetrics)
 * - AWS/CloudFront Requests Sum and CacheHitRate Average (DistributionId, Region=Global). CloudFront publishes
 *   its metrics only in us-east-1 ("To get the CloudFront metrics from the CloudWatch API, you must use the US
 *   East (N. Virginia) Region (us-east-1)"; `Region` is always `Global`; Requests' valid statistic is Sum,
 *   CacheHitRate's Average, in percent of the cacheable requests, and only with the distribution's additional
 *   metrics turned on: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html,
 *   checked 2026-11-30). The client must be a us-east-1 one for them: `cdk-scale review` reads them with a
 *   second client when its region is another.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { MinuteSeries, ReviewObservations } from '../capacity/review';
import type { MetricStatKey } from '../slo/metric-math';
import { metricStatKey } from '../slo/metric-math';
import { listAllMetrics } from './alarms';
import { readGrid, ReadStats } from './metric-data';

/** What to read. */
export interface ReviewTargets {
  readonly loadBalancer?: string;
  readonly autoScalingGroup?: string;
  readonly dbInstances?: readonly string[];
  readonly cacheReplicationGroup?: string;
  /** A CloudFront distribution id (its metrics: see the module comment; `client` must be in us-east-1). */
  readonly distribution?: string;
  readonly days: number;
}

/** The most days of 1-minute data a review reads (CloudWatch keeps them 15 days). */
export const MAX_REVIEW_DAYS = 14;

const MINUTE = 60_000;

function stat(namespace: string, metricName: string, s: string, dims: Record<string, string>): MetricStatKey {
  return { namespace, metricName, stat: s, dimensions: Object.entries(dims).map(([name, value]) => ({ name, value })) };
}

/** The cache nodes of a replication group, from ListMetrics: `<group>-0001-001` (cluster mode) or `<group>-001`. */
export async function cacheNodesOf(client: CloudWatchClient, group: string, stats: ReadStats): Promise<Array<{ node: string; shard: string }>> {
  const metrics = await listAllMetrics(client, stats, 'AWS/ElastiCache', 'CacheHits');
  const escaped = group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}-(?:(\\d{4})-)?(\\d{3})$`, 'i');
  const nodes = new Map<string, string>();
  for (const m of metrics) {
    const dims = m.Dimensions ?? [];
    if (dims.length !== 1 || dims[0].Name !== 'CacheClusterId') continue;
    const match = pattern.exec(dims[0].Value ?? '');
    if (match) nodes.set(dims[0].Value!, match[1] ?? '0001');
  }
  return [...nodes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([node, shard]) => ({ node, shard }));
}

/** Reads the observations of a review ending at `nowMs`. */
export async function readReviewObservations(
  client: CloudWatchClient,
  targets: ReviewTargets,
  options: { nowMs: number; stats: ReadStats; maxDatapointsPerCall?: number },
): Promise<ReviewObservations> {
  const end = Math.floor(options.nowMs / MINUTE) * MINUTE;
  const minutes = targets.days * 1440;
  const range = { startMs: end - minutes * MINUTE, endMs: end, periodSeconds: 60 };
  const wanted: MetricStatKey[] = [];
  const want = (m: MetricStatKey) => {
    wanted.push(m);
    return m;
  };
  const lb = targets.loadBalancer ? want(stat('AWS/ApplicationELB', 'RequestCount', 'Sum', { LoadBalancer: targets.loadBalancer })) : undefined;
  const asg = targets.autoScalingGroup
    ? {
        inService: want(stat('AWS/AutoScaling', 'GroupInServiceInstances', 'Average', { AutoScalingGroupName: targets.autoScalingGroup })),
        cpu: want(stat('AWS/EC2', 'CPUUtilization', 'Average', { AutoScalingGroupName: targets.autoScalingGroup })),
      }
    : undefined;
  const dbs = (targets.dbInstances ?? []).map((id) => ({
    connections: want(stat('AWS/RDS', 'DatabaseConnections', 'Maximum', { DBInstanceIdentifier: id })),
    cpu: want(stat('AWS/RDS', 'CPUUtilization', 'Average', { DBInstanceIdentifier: id })),
    lag: want(stat('AWS/RDS', 'ReplicaLag', 'Maximum', { DBInstanceIdentifier: id })),
  }));
  const edge = targets.distribution
    ? {
        requests: want(stat('AWS/CloudFront', 'Requests', 'Sum', { DistributionId: targets.distribution, Region: 'Global' })),
        hitRate: want(stat('AWS/CloudFront', 'CacheHitRate', 'Average', { DistributionId: targets.distribution, Region: 'Global' })),
      }
    : undefined;
  const cacheNodes = targets.cacheReplicationGroup ? await cacheNodesOf(client, targets.cacheReplicationGroup, options.stats) : undefined;
  const cache = (cacheNodes ?? []).map(({ node, shard }) => ({
    shard,
    hits: want(stat('AWS/ElastiCache', 'CacheHits', 'Sum', { CacheClusterId: node })),
    misses: want(stat('AWS/ElastiCache', 'CacheMisses', 'Sum', { CacheClusterId: node })),
    bytes: want(stat('AWS/ElastiCache', 'BytesUsedForCache', 'Maximum', { CacheClusterId: node })),
  }));

  const grid = wanted.length
    ? await readGrid(client, wanted, range, { nowMs: options.nowMs, stats: options.stats, maxDatapointsPerCall: options.maxDatapointsPerCall })
    : undefined;
  const series = (m: MetricStatKey | undefined): MinuteSeries | undefined => (m && grid ? grid.series.get(metricStatKey(m)) ?? Array.from({ length: minutes }, () => undefined) : undefined);
  const combine = (list: MinuteSeries[], f: (values: number[]) => number): MinuteSeries | undefined =>
    list.length === 0
      ? undefined
      : Array.from({ length: minutes }, (_, k) => {
          const values = list.map((s) => s[k]).filter((v): v is number => v !== undefined);
          return values.length ? f(values) : undefined;
        });
  const sumOf = (s: MinuteSeries | undefined) => (s ?? []).reduce<number>((n, v) => n + (v ?? 0), 0);
  const highest = (s: MinuteSeries | undefined) => (s ?? []).reduce<number | undefined>((m, v) => (v !== undefined && (m === undefined || v > m) ? v : m), undefined);

  // Memory: each shard's highest node (the primary holds the data; replicas copy it), summed over shards.
  const perShard = new Map<string, number>();
  for (const c of cache) {
    const h = highest(series(c.bytes));
    if (h !== undefined) perShard.set(c.shard, Math.max(perShard.get(c.shard) ?? 0, h));
  }
  return {
    days: targets.days,
    minutes,
    ...(lb ? { requests: series(lb) } : {}),
    ...(asg ? { instancesInService: series(asg.inService), instanceCpuPercent: series(asg.cpu) } : {}),
    ...(dbs.length
      ? {
          databaseConnections: combine(dbs.map((d) => series(d.connections)!), (v) => v.reduce((a, b) => a + b, 0)),
          databaseCpuPercent: combine(dbs.map((d) => series(d.cpu)!), (v) => Math.max(...v)),
          replicaLagSeconds: combine(dbs.map((d) => series(d.lag)!), (v) => Math.max(...v)),
        }
      : {}),
    ...(cacheNodes
      ? {
          cacheNodes: cacheNodes.length,
          cacheHits: cache.reduce((n, c) => n + sumOf(series(c.hits)), 0),
          cacheMisses: cache.reduce((n, c) => n + sumOf(series(c.misses)), 0),
          cacheMemoryBytes: perShard.size ? [...perShard.values()].reduce((a, b) => a + b, 0) : null,
        }
      : {}),
    ...(edge ? { edgeRequests: series(edge.requests), edgeCacheHitRatePercent: series(edge.hitRate) } : {}),
  };
}
