/**
 * Service level indicators for `SloAlarms`: request-based, as counts (bad events and total events), never
 * averages, so a ratio over any window is exact.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { GLOBAL_SERVICES_REGION, type Problem } from '../validation';

/** Which kind of SLI. */
export type SliKind = 'alb-availability' | 'alb-target-group-availability' | 'alb-latency' | 'cloudfront-availability' | 'cloudfront-latency' | 'custom';

/** A custom SLI: `total` plus exactly one of `good` and `bad`. */
export interface CustomSliProps {
  /** Good events (e.g. successful requests). Give this OR `bad`. @default - derived as total − bad */
  readonly good?: cw.IMetric;
  /** Bad events (e.g. failed requests). Give this OR `good`. @default - derived as total − good */
  readonly bad?: cw.IMetric;
  /** All eligible events. Use statistic Sum (or SampleCount) so the ratio is of counts. */
  readonly total: cw.IMetric;
  /**
   * What the SLI measures, for alarm descriptions and the dashboard.
   * @default 'custom SLI'
   */
  readonly description?: string;
}

/**
 * A count metric or metric-math expression. Re-window it with {@link withPeriodThroughout} (or
 * `Sli.metricBadEvents(period)`), not `.with({ period })`: on a nested expression `.with` overrides the
 * periods of the inner metrics, which CDK reports as a warning.
 */
export type SliMetric = cw.Metric | cw.MathExpression;

/**
 * A request-based SLI: bad events and total events as CloudWatch metrics or metric-math expressions. The
 * alarms override every period with their window, so the statistics must be counts (Sum, SampleCount) or
 * count-shaped expressions of them.
 */
export class Sli {
  /**
   * Availability at an ALB, counted per request:
   * - bad = `HTTPCode_Target_5XX_Count` + `HTTPCode_ELB_5XX_Count`: every 5XX, from the targets or the load balancer;
   * - total = `RequestCount` + `HTTPCode_ELB_5XX_Count` − `HTTPCode_ELB_502_Count` − `HTTPCode_ELB_504_Count`.
   *
   * `RequestCount` "is only incremented for requests where the load balancer node was able to choose a target.
   * Requests that are rejected before a target is chosen are not reflected in this metric"
   * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
   * An ELB 502 (the target reset or closed the connection, or answered malformed) and an ELB 504 (the target did
   * not connect or answer in time) happen after a target was chosen, so they are already in RequestCount
   * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html);
   * every other ELB 5XX (503 with no registered targets, 500 from WAF or the IdP, 561, 501, 505) is a request
   * rejected before a target was chosen and must be added. So an outage of 504s reads 100 %, not 50 %, and an
   * outage of 503s with no registered targets (no RequestCount datapoint at all) reads 100 % too.
   *
   * Every count is wrapped in `FILL(m, 0)`: the ALB publishes a 5XX count only when it is non-zero and RequestCount
   * only when targets are registered. The ALB fails open: when every target is unhealthy it routes to all of them
   * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html), so a
   * fleet failing its health checks shows up as target 5XX, 502 or 504, counted here; only an empty target group
   * yields 503s. 5 metrics per alarm (CloudWatch allows 10).
   */
  public static albAvailability(alb: elbv2.IApplicationLoadBalancer): Sli {
    const requests = alb.metrics.requestCount({ statistic: cw.Stats.SUM });
    const target5xx = alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cw.Stats.SUM });
    const elb5xx = alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: cw.Stats.SUM });
    const elb502 = alb.metrics.custom('HTTPCode_ELB_502_Count', { statistic: cw.Stats.SUM });
    const elb504 = alb.metrics.custom('HTTPCode_ELB_504_Count', { statistic: cw.Stats.SUM });
    return new Sli(
      'alb-availability',
      'ALB availability: 5XX responses (target + load balancer) ÷ all requests',
      new cw.MathExpression({ expression: 'FILL(target5xx, 0) + FILL(elb5xx, 0)', usingMetrics: { target5xx, elb5xx }, label: 'Bad requests (5XX)' }),
      new cw.MathExpression({
        expression: 'FILL(requests, 0) + FILL(elb5xx, 0) - FILL(elb502, 0) - FILL(elb504, 0)',
        usingMetrics: { requests, elb5xx, elb502, elb504 },
        label: 'Requests',
      }),
      [],
      undefined,
      requests,
    );
  }

  /**
   * Availability of one target group behind an ALB (several SLOs per service, one per target group):
   * - bad = `HTTPCode_Target_5XX_Count` + `TargetConnectionErrorCount` of the target group: the targets' 5XX, and the
   *   requests whose connection to a target of the group could not be established (the ALB answers those 502 or 504);
   * - total = `RequestCount` of the target group (requests for which a target of the group was chosen, those included).
   *
   * The load balancer's own `HTTPCode_ELB_*` counts have no TargetGroup dimension, so two failures cannot be
   * attributed to a group and are not counted: a target that accepted the connection and then timed out (ELB 504) or
   * answered malformed (ELB 502), and requests rejected before a group was chosen (503). Use
   * {@link albAvailability} for the whole load balancer, which counts them
   * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html:
   * the dimensions of each metric). Counts are wrapped in `FILL(m, 0)`, as in {@link albAvailability}.
   */
  public static albTargetGroupAvailability(targetGroup: elbv2.IApplicationTargetGroup): Sli {
    const requests = targetGroup.metrics.requestCount({ statistic: cw.Stats.SUM });
    const target5xx = targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cw.Stats.SUM });
    const connectionErrors = targetGroup.metrics.targetConnectionErrorCount({ statistic: cw.Stats.SUM });
    return new Sli(
      'alb-target-group-availability',
      'ALB target group availability: target 5XX and failed target connections ÷ the group\'s requests',
      new cw.MathExpression({
        expression: 'FILL(target5xx, 0) + FILL(connectionErrors, 0)',
        usingMetrics: { target5xx, connectionErrors },
        label: 'Bad requests (target 5XX, failed connections)',
      }),
      new cw.MathExpression({ expression: 'FILL(requests, 0)', usingMetrics: { requests }, label: 'Requests' }),
      [],
      undefined,
      requests,
    );
  }

  /**
   * Latency at an ALB (or one target group): bad = requests slower than `thresholdMs`, from the percentile
   * rank `PR(:threshold seconds)` of `TargetResponseTime` (the share of responses at or under the threshold):
   * bad = SampleCount × (100 − PR) ÷ 100, total = SampleCount of TargetResponseTime.
   */
  public static albLatency(target: elbv2.IApplicationLoadBalancer | elbv2.IApplicationTargetGroup, thresholdMs: number): Sli {
    const seconds = thresholdMs / 1000;
    const problems = checkThreshold(thresholdMs);
    const metric = (statistic: string) => target.metrics.targetResponseTime({ statistic });
    return Sli.latency(
      'alb-latency',
      `ALB latency: target responses slower than ${thresholdMs} ms ÷ all target responses`,
      metric(problems.length ? cw.Stats.SAMPLE_COUNT : cw.Stats.percentileRank(seconds)),
      metric(cw.Stats.SAMPLE_COUNT),
      problems,
    );
  }

  /**
   * Availability at a CloudFront distribution: total = `Requests` (Sum), bad = Requests × `5xxErrorRate` ÷ 100
   * (CloudFront publishes the 5xx share as a percentage, not a count). Exact when traffic is steady within
   * the window; the rate's Average over a long window weighs every minute equally. CloudFront metrics live
   * only in us-east-1 ("you must use the US East (N. Virginia) Region (us-east-1)", dimension Region=Global,
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html): the
   * `SloAlarms` must be in a us-east-1 stack.
   */
  public static cloudFrontAvailability(distribution: cloudfront.IDistribution): Sli {
    const requests = cloudFrontMetric(distribution, 'Requests', cw.Stats.SUM);
    const errorRate = cloudFrontMetric(distribution, '5xxErrorRate', cw.Stats.AVERAGE);
    return new Sli(
      'cloudfront-availability',
      'CloudFront availability: 5xx responses ÷ all requests',
      new cw.MathExpression({
        expression: 'requests * FILL(errorRate, 0) / 100',
        usingMetrics: { requests, errorRate },
        period: requests.period,
        label: 'Bad requests (5xx)',
      }),
      requests,
      [],
      GLOBAL_SERVICES_REGION,
      requests,
    );
  }

  /**
   * Latency at a CloudFront distribution's origins: `OriginLatency` (milliseconds; requires the
   * distribution's additional metrics, and counts only requests that reached the origin), bad = SampleCount ×
   * (100 − PR(:thresholdMs)) ÷ 100. us-east-1 only.
   */
  public static cloudFrontLatency(distribution: cloudfront.IDistribution, thresholdMs: number): Sli {
    const problems = checkThreshold(thresholdMs);
    const metric = (statistic: string) => cloudFrontMetric(distribution, 'OriginLatency', statistic);
    return Sli.latency(
      'cloudfront-latency',
      `CloudFront origin latency: origin requests slower than ${thresholdMs} ms ÷ all origin requests`,
      metric(problems.length ? cw.Stats.SAMPLE_COUNT : cw.Stats.percentileRank(thresholdMs)),
      metric(cw.Stats.SAMPLE_COUNT),
      problems,
      GLOBAL_SERVICES_REGION,
    );
  }

  /** Any good/total or bad/total pair of count metrics. */
  public static custom(props: CustomSliProps): Sli {
    const problems: Problem[] = [];
    if ((props.good === undefined) === (props.bad === undefined)) {
      problems.push({ path: 'sli.custom', value: Object.keys(props).filter((k) => k !== 'description'), message: 'give exactly one of `good` and `bad`, plus `total`' });
    }
    const total = asSliMetric(props.total, 'events');
    const bad = props.bad
      ? asSliMetric(props.bad, 'badEvents')
      : new cw.MathExpression({ expression: 'total - FILL(good, 0)', usingMetrics: { total, good: props.good ?? total }, period: periodOf(total), label: 'Bad events' });
    return new Sli('custom', props.description ?? 'custom SLI', bad, total, problems, undefined, total);
  }

  private static latency(kind: SliKind, description: string, fastPercent: cw.Metric, count: cw.Metric, problems: Problem[], region?: string): Sli {
    return new Sli(
      kind,
      description,
      new cw.MathExpression({
        expression: 'FILL(responses, 0) * (100 - FILL(fastPct, 100)) / 100',
        usingMetrics: { responses: count, fastPct: fastPercent },
        period: count.period,
        label: 'Slow responses',
      }),
      count,
      problems,
      region,
      count,
    );
  }

  /**
   * Bad events per `period`: the same metric tree as {@link badEvents} with EVERY metric in it (nested
   * expressions and their `usingMetrics` included) built with `period`, so no CDK period override happens.
   * Use this, not `badEvents.with({ period })`, to aggregate the SLI over a window.
   * @param period the aggregation period (e.g. an alarm window)
   */
  public metricBadEvents(period: Duration): SliMetric {
    return withPeriodThroughout(this.badEvents, period);
  }

  /**
   * All events per `period`, every metric of the tree built with `period` (see {@link metricBadEvents}).
   * @param period the aggregation period (e.g. an alarm window)
   */
  public metricTotalEvents(period: Duration): SliMetric {
    return withPeriodThroughout(this.totalEvents, period);
  }

  private constructor(
    /** Which kind of SLI. */
    public readonly kind: SliKind,
    /** What the SLI measures, in words. */
    public readonly description: string,
    /** Bad events (a count per period), at the SLI's native period; see {@link metricBadEvents}. */
    public readonly badEvents: SliMetric,
    /** All events (a count per period), at the SLI's native period; see {@link metricTotalEvents}. */
    public readonly totalEvents: SliMetric,
    /** Problems found when the SLI was defined; `SloAlarms` reports them with its own. */
    public readonly problems: readonly Problem[] = [],
    /** The only region whose stacks may alarm on this SLI. @default - the stack's own region */
    public readonly requiredRegion?: string,
    /**
     * The request count the no-traffic alarm watches, per minute: a plain metric where the SLI has one (ALB
     * `RequestCount`, CloudFront `Requests`, the latency's SampleCount), so missing data is the metric's own and not
     * what FILL makes of an all-empty query (undocumented).
     * @default totalEvents
     */
    public readonly trafficMetric: SliMetric = totalEvents,
  ) {}
}

/**
 * `metric` with every period in it set to `period`: a `Metric` via `.with({ period })`; a `MathExpression`
 * rebuilt with `period` over its `usingMetrics` re-windowed the same way, recursively. The result renders
 * exactly like `metric.with({ period })` (same expressions, ids, labels, periods) but without the
 * "periods of metrics in 'usingMetrics' have been overridden" warning, because nothing is overridden.
 * @param metric a metric or metric-math tree
 * @param period the period of every node of the result
 */
export function withPeriodThroughout(metric: SliMetric, period: Duration): SliMetric;
export function withPeriodThroughout(metric: cw.IMetric, period: Duration): cw.IMetric;
export function withPeriodThroughout(metric: cw.IMetric, period: Duration): cw.IMetric {
  if (metric instanceof cw.MathExpression) {
    const usingMetrics: Record<string, cw.IMetric> = {};
    for (const [id, child] of Object.entries(metric.usingMetrics)) usingMetrics[id] = withPeriodThroughout(child, period);
    return new cw.MathExpression({
      expression: metric.expression,
      usingMetrics,
      period,
      label: metric.label,
      color: metric.color,
      visible: metric.visible,
      searchAccount: metric.searchAccount,
      searchRegion: metric.searchRegion,
    });
  }
  const withable = metric as cw.IMetric & { with?: (o: cw.MetricOptions) => cw.IMetric };
  if (typeof withable.with !== 'function') {
    throw new Error(`withPeriodThroughout: metric ${String(metric)} cannot be re-windowed (it implements no \`with\`)`);
  }
  return withable.with({ period });
}

/** The period a metric or expression aggregates over, when it states one. */
function periodOf(m: cw.IMetric): Duration | undefined {
  const c = m.toMetricConfig();
  const seconds = c.metricStat?.period.toSeconds() ?? c.mathExpression?.period ?? c.searchExpression?.period;
  return seconds === undefined ? undefined : Duration.seconds(seconds);
}

function asSliMetric(m: cw.IMetric, id: string): SliMetric {
  return m instanceof cw.Metric || m instanceof cw.MathExpression
    ? m
    : new cw.MathExpression({ expression: id, usingMetrics: { [id]: m }, period: periodOf(m) });
}

function cloudFrontMetric(distribution: cloudfront.IDistribution, metricName: string, statistic: string): cw.Metric {
  return new cw.Metric({
    namespace: 'AWS/CloudFront',
    metricName,
    dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' },
    statistic,
    period: Duration.minutes(1),
  });
}

function checkThreshold(thresholdMs: number): Problem[] {
  return Number.isFinite(thresholdMs) && thresholdMs > 0
    ? []
    : [{ path: 'sli.thresholdMs', value: thresholdMs, message: 'must be a latency in milliseconds > 0 (e.g. 300)' }];
}
