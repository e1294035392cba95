/**
 * SaturationAlarms: alarms before a tier runs out of what the plan gave it, each routed to the ticket topic with a
 * runbook-style description, and a dashboard with one widget per alarm. The thresholds are the plan's numbers
 * (`saturationAlarmSpecs`, pure); this construct only picks each tier's metrics.
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Cache } from '../cache/cache';
import type { CapacityPlan } from '../capacity/plan-types';
import type { CrossRegionReadReplica } from '../database/cross-region-read-replica';
import type { Database } from '../database/database';
import { replicaLagMetric } from '../database/private/engine';
import { notifyTopic } from '../private/alarm-actions';
import type { WebTier } from '../web/web-tier';
import { cacheAlarmShards, MAX_CACHE_ALARMS_PER_KIND, MAX_METRICS_PER_ALARM, saturationAlarmSpecs, type SaturationAlarmKind, type SaturationAlarmSpec } from './saturation';
import { validateSaturationAlarmsProps } from './validate-saturation-alarms';

/** Construct metadata key of each saturation alarm in the template: `{ kind, threshold, source }`. */
export const SATURATION_ALARM_METADATA_KEY = 'cdk-scale:saturation-alarm';

/** The runbook the alarm descriptions point to (shipped with the package). */
export const DEFAULT_RUNBOOK_URL = 'docs/resilience.md';


/** Properties of {@link SaturationAlarms}. */
export interface SaturationAlarmsProps {
  /** The plan: every threshold comes from it (`saturationAlarmSpecs`). */
  readonly plan: CapacityPlan;
  /** Where the alarms go (they are tickets: capacity running out, not users failing yet). */
  readonly ticketTopic: sns.ITopic;
  /**
   * The web tier: in service at its maximum, unhealthy targets, rejected connections.
   * @default - no web-tier alarms
   */
  readonly webTier?: WebTier;
  /**
   * The database writers (one per shard): CPU, connections, and the lag of their read replicas.
   * @default - none
   */
  readonly databases?: readonly Database[];
  /**
   * Cross-region (DR) replicas: lag beyond the RPO (`plan.dr.replicaLagBudgetSeconds`).
   * @default - none
   */
  readonly drReplicas?: readonly CrossRegionReadReplica[];
  /**
   * The cache tier (the plan must build one): memory, evictions, and the hit rate below the plan's.
   * @default - none
   */
  readonly cache?: Cache;
  /**
   * Share of max_connections at which the connection alarm fires, in (0, 1].
   * @default 0.8
   */
  readonly connectionShare?: number;
  /**
   * Writer CPU percent at which the CPU alarm fires.
   * @default 80
   */
  readonly databaseCpuPercent?: number;
  /**
   * Staleness budget of the in-region read replicas (whole seconds, 1 s to 1 day).
   * @default Duration.seconds(30)
   */
  readonly replicaStaleness?: Duration;
  /**
   * Cache data-memory percent at which the memory alarm fires.
   * @default 80
   */
  readonly cacheMemoryPercent?: number;
  /**
   * Where the runbook lives; each description links `<runbookUrl>#<kind>`.
   * @default 'docs/resilience.md' (in this package)
   */
  readonly runbookUrl?: string;
  /**
   * Create a dashboard with every alarm (its metric against its threshold) and their states.
   * @default true
   */
  readonly dashboard?: boolean;
}

/** One metric (or math expression) of one resource to alarm on. */
interface Watched {
  /** Construct id of the alarm. */
  readonly id: string;
  /** What is watched, for the description, e.g. `Database writer`. */
  readonly subject: string;
  readonly metric: cw.IMetric;
}

/** Saturation alarms of one region's tiers, from the plan's thresholds. */
export class SaturationAlarms extends Construct {
  /** Every alarm, by construct id. */
  public readonly alarms: Readonly<Record<string, cw.Alarm>>;
  /** The specs rendered, by kind. */
  public readonly specs: Readonly<Partial<Record<SaturationAlarmKind, SaturationAlarmSpec>>>;
  /** The dashboard, unless `dashboard: false`. */
  public readonly dashboard?: cw.Dashboard;

  private readonly runbookUrl: string;
  private readonly created: Record<string, cw.Alarm> = {};
  private readonly createdKinds = new Set<SaturationAlarmKind>();

  constructor(scope: Construct, id: string, props: SaturationAlarmsProps) {
    super(scope, id);
    validateSaturationAlarmsProps(this, props);
    this.runbookUrl = props.runbookUrl ?? DEFAULT_RUNBOOK_URL;
    const specs = saturationAlarmSpecs(props.plan, {
      connectionShare: props.connectionShare,
      databaseCpuPercent: props.databaseCpuPercent,
      cacheMemoryPercent: props.cacheMemoryPercent,
      replicaStalenessSeconds: props.replicaStaleness?.toSeconds(),
    });
    this.specs = specs;
    const period = (kind: SaturationAlarmKind) => Duration.seconds(specs[kind]!.periodSeconds);
    const stat = (kind: SaturationAlarmKind) => specs[kind]!.statistic;

    if (props.webTier) {
      const web = props.webTier;
      this.alarm(props, specs['asg-at-max']!, {
        id: 'WebAtMaximum',
        subject: `${web.node.path} Auto Scaling group`,
        metric: new cw.Metric({
          namespace: 'AWS/AutoScaling',
          metricName: 'GroupInServiceInstances',
          dimensionsMap: { AutoScalingGroupName: web.autoScalingGroup.autoScalingGroupName },
          statistic: stat('asg-at-max'),
          period: period('asg-at-max'),
        }),
      });
      this.alarm(props, specs['alb-unhealthy-hosts']!, {
        id: 'WebUnhealthyHosts',
        subject: `${web.node.path} target group`,
        metric: web.metricUnhealthyHostCount({ statistic: stat('alb-unhealthy-hosts'), period: period('alb-unhealthy-hosts') }),
      });
      this.alarm(props, specs['alb-rejected-connections']!, {
        id: 'WebRejectedConnections',
        subject: `${web.node.path} load balancer`,
        metric: web.loadBalancer.metrics.rejectedConnectionCount({ statistic: stat('alb-rejected-connections'), period: period('alb-rejected-connections') }),
      });
    }

    for (const db of props.databases ?? []) {
      const name = db.node.id;
      this.alarm(props, specs['db-cpu']!, {
        id: `${name}Cpu`, subject: `${db.node.path} writer`,
        metric: db.metricCPUUtilization({ statistic: stat('db-cpu'), period: period('db-cpu') }),
      });
      this.alarm(props, specs['db-connections']!, {
        id: `${name}Connections`, subject: `${db.node.path} writer`,
        metric: db.metricDatabaseConnections({ statistic: stat('db-connections'), period: period('db-connections') }),
      });
      // One alarm on the worst replica of each group of at most 10 (an alarm's metric limit).
      const lagGroups = chunk(db.replicas.map((r) => replicaLagMetric(r, { period: period('db-replica-lag') })), MAX_METRICS_PER_ALARM);
      lagGroups.forEach((group, i) => this.alarm(props, specs['db-replica-lag']!, {
        id: `${name}ReplicaLag${lagGroups.length === 1 ? '' : i + 1}`, subject: `the read replicas of ${db.node.path}`,
        metric: aggregate('MAX', group, 'ReplicaLag (worst replica)', specs['db-replica-lag']!.periodSeconds),
      }));
    }

    for (const dr of props.drReplicas ?? []) {
      this.alarm(props, specs['dr-replica-lag']!, {
        id: `${dr.node.id}Lag`, subject: `${dr.node.path} (cross-region)`,
        metric: dr.metricReplicaLag({ statistic: stat('dr-replica-lag'), period: period('dr-replica-lag') }),
      });
    }

    if (props.cache) this.cacheAlarms(props, props.cache);

    this.alarms = this.created;
    if (props.dashboard ?? true) this.dashboard = this.createDashboard(props.plan);
  }

  /**
   * Memory (worst node), evictions (sum) and hit rate, each over groups of nodes that fit one alarm's metric limit,
   * at most `MAX_CACHE_ALARMS_PER_KIND` alarms each (beyond, an evenly spread sample of shards: `cacheAlarmShards`).
   */
  private cacheAlarms(props: SaturationAlarmsProps, cache: Cache): void {
    const specs = this.specs;
    const memory = specs['cache-memory']!;
    const evictions = specs['cache-evictions']!;
    const hitRate = specs['cache-hit-rate']!;
    const nodesPerShard = cache.replicasPerShard + 1;
    const watched = (metricsPerNode: number) => {
      const shards = cacheAlarmShards(cache.shards, nodesPerShard, MAX_CACHE_ALARMS_PER_KIND * (MAX_METRICS_PER_ALARM / metricsPerNode));
      const subject = shards.length === cache.shards
        ? `${cache.node.path} nodes`
        : `${cache.node.path} nodes of shards ${shards.join(', ')} (an evenly spread sample of ${shards.length} of ${cache.shards} shards)`;
      return { shards, subject };
    };
    const nodes = (metricName: string, spec: SaturationAlarmSpec, shards: readonly number[]) => shards.flatMap((shard) =>
      Array.from({ length: nodesPerShard }, (_, n) =>
        cache.metric(metricName, { shard, node: n + 1, statistic: spec.statistic, period: Duration.seconds(spec.periodSeconds) })));
    const suffix = (i: number, groups: number) => (groups === 1 ? '' : `${i + 1}`);

    const single = watched(1);
    const memoryGroups = chunk(nodes('DatabaseMemoryUsagePercentage', memory, single.shards), MAX_METRICS_PER_ALARM);
    memoryGroups.forEach((group, i) => this.alarm(props, memory, {
      id: `CacheMemory${suffix(i, memoryGroups.length)}`, subject: single.subject,
      metric: aggregate('MAX', group, 'DatabaseMemoryUsagePercentage (worst node)', memory.periodSeconds),
    }));
    const evictionGroups = chunk(nodes('Evictions', evictions, single.shards), MAX_METRICS_PER_ALARM);
    evictionGroups.forEach((group, i) => this.alarm(props, evictions, {
      id: `CacheEvictions${suffix(i, evictionGroups.length)}`, subject: single.subject,
      metric: aggregate('SUM', group, 'Evictions (all nodes)', evictions.periodSeconds),
    }));
    // Hits and misses of the same nodes: two metrics per node.
    const pairs = watched(2);
    const hits = chunk(nodes('CacheHits', hitRate, pairs.shards), MAX_METRICS_PER_ALARM / 2);
    const misses = chunk(nodes('CacheMisses', hitRate, pairs.shards), MAX_METRICS_PER_ALARM / 2);
    hits.forEach((group, i) => {
      const usingMetrics: Record<string, cw.IMetric> = {};
      group.forEach((m, j) => { usingMetrics[`h${j}`] = m; });
      misses[i].forEach((m, j) => { usingMetrics[`m${j}`] = m; });
      const sum = (prefix: string) => `SUM([${group.map((_, j) => `${prefix}${j}`).join(', ')}])`;
      this.alarm(props, hitRate, {
        id: `CacheHitRate${suffix(i, hits.length)}`, subject: pairs.subject,
        metric: new cw.MathExpression({
          expression: `100 * ${sum('h')} / (${sum('h')} + ${sum('m')})`,
          usingMetrics,
          label: 'Cache hit rate (%)',
          period: Duration.seconds(hitRate.periodSeconds),
        }),
      });
    });
  }

  private alarm(props: SaturationAlarmsProps, spec: SaturationAlarmSpec, watched: Watched): cw.Alarm {
    const alarm = new cw.Alarm(this, watched.id, {
      metric: watched.metric,
      threshold: spec.threshold,
      comparisonOperator: COMPARISON[spec.comparison],
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      // No data (no traffic, a replica being created) is not saturation.
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      alarmDescription: truncate(
        `SATURATION (ticket) on ${watched.subject}: ${spec.summary}. Threshold ${spec.threshold} from ${spec.source}. ` +
          `Runbook: ${this.runbookUrl}#${spec.kind} — ${spec.runbook}`,
        1024,
      ),
    });
    (alarm.node.defaultChild as cw.CfnAlarm).addMetadata(SATURATION_ALARM_METADATA_KEY, { kind: spec.kind, threshold: spec.threshold, source: spec.source });
    notifyTopic(alarm, props.ticketTopic);
    this.created[watched.id] = alarm;
    this.createdKinds.add(spec.kind);
    return alarm;
  }

  private createDashboard(plan: CapacityPlan): cw.Dashboard {
    const alarms = Object.values(this.created);
    // Only the kinds alarmed here (no DR replica, no cache: no row).
    const rows = Object.values(this.specs)
      .filter((spec) => this.createdKinds.has(spec.kind))
      .map((spec) => `| ${spec.kind} | ${spec.threshold} | ${spec.source} |`)
      .join('\n');
    return new cw.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new cw.TextWidget({
            markdown: `# Saturation: ${plan.name ?? plan.stage}\nThresholds from the capacity plan; runbook: ${this.runbookUrl}\n\n| Alarm | Threshold | From |\n|---|---|---|\n${rows}`,
            width: 16,
            height: 6,
          }),
          new cw.AlarmStatusWidget({ title: 'Saturation alarms', alarms, width: 8, height: 6 }),
        ],
        alarms.map((alarm) => new cw.AlarmWidget({ alarm, title: alarm.node.id, width: 8, height: 6 })),
      ],
    });
  }
}

const COMPARISON: Record<SaturationAlarmSpec['comparison'], cw.ComparisonOperator> = {
  GreaterThanOrEqualToThreshold: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  GreaterThanThreshold: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
  LessThanThreshold: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
};

function aggregate(fn: 'MAX' | 'SUM', metrics: readonly cw.IMetric[], label: string, periodSeconds: number): cw.IMetric {
  if (metrics.length === 1) return metrics[0];
  const usingMetrics = Object.fromEntries(metrics.map((m, i) => [`n${i}`, m]));
  return new cw.MathExpression({
    expression: `${fn}([${Object.keys(usingMetrics).join(', ')}])`,
    usingMetrics,
    label,
    period: Duration.seconds(periodSeconds),
  });
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
