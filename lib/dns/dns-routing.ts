/**
 * DnsRouting: how a `DnsFailover` routes its name, chosen with a factory (as aws-cdk-lib's
 * `route53.RecordTarget` or `elbv2.ListenerAction`). Each factory takes only what its routing uses, so a
 * distribution with health checks, a failover role in latency routing, or a CNAME without a health check
 * cannot be written.
 */
import type { Duration } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { CapacityPlan } from '../capacity/plan-types';
import type { RoutingConfig } from './private/routing-config';

/**
 * How the name is routed:
 * - `failover`: active-passive, a PRIMARY and a SECONDARY record (two regions);
 * - `latency`: active-active, one latency record per region;
 * - `cloudfront`: plain A/AAAA aliases to a CloudFront distribution.
 */
export type DnsRoutingMode = 'failover' | 'latency' | 'cloudfront';

/**
 * What an alias record to a load balancer needs. Any `elbv2.ILoadBalancerV2` (e.g. `webTier.loadBalancer`)
 * satisfies it; in another region's stack, enable `crossRegionReferences` on both stacks.
 */
export interface ILoadBalancerAliasTarget {
  /** DNS name of the load balancer. */
  readonly loadBalancerDnsName: string;
  /** Route 53 hosted zone of the load balancer's DNS name (per region). */
  readonly loadBalancerCanonicalHostedZoneId: string;
}

/**
 * A regional load balancer, reached by an alias record with EvaluateTargetHealth (no TTL: Route 53 answers
 * with the load balancer's own records).
 */
export interface DnsLoadBalancerEndpoint {
  /** Region of the endpoint (the latency record's region; part of the set identifier). */
  readonly region: string;
  /** The regional load balancer. */
  readonly loadBalancer: ILoadBalancerAliasTarget;
  /**
   * Host name the HTTPS health check requests (Host header and SNI; Route 53 does not validate the
   * certificate).
   * @default - the load balancer's DNS name
   */
  readonly healthCheckFqdn?: string;
  /**
   * Not with a load balancer: an endpoint is one or the other.
   * @default - none
   */
  readonly hostname?: never;
}

/**
 * A regional hostname, reached by a CNAME record (with the routing's `ttl`): for a load balancer known only
 * by name (e.g. from another app). A CNAME cannot sit at the zone apex, and it exists only with health
 * checks (a CNAME without one is always considered healthy, so Route 53 would never route around it).
 */
export interface DnsHostnameEndpoint {
  /** Region of the endpoint (the latency record's region; part of the set identifier). */
  readonly region: string;
  /** The host name the CNAME points at. */
  readonly hostname: string;
  /**
   * Host name the HTTPS health check requests (Host header and SNI; Route 53 does not validate the
   * certificate).
   * @default - `hostname`
   */
  readonly healthCheckFqdn?: string;
  /**
   * Not with a hostname: an endpoint is one or the other.
   * @default - none
   */
  readonly loadBalancer?: never;
}

/** A regional endpoint of a routing with health checks: a load balancer (alias) or a hostname (CNAME). */
export type DnsEndpoint = DnsLoadBalancerEndpoint | DnsHostnameEndpoint;

/**
 * A regional endpoint of a routing without health checks: only a load balancer, whose alias record's
 * EvaluateTargetHealth is then the one health signal.
 */
export interface DnsAliasEndpoint {
  /** Region of the endpoint (the latency record's region; part of the set identifier). */
  readonly region: string;
  /** The regional load balancer. */
  readonly loadBalancer: ILoadBalancerAliasTarget;
  /**
   * Not without health checks: nothing would request it.
   * @default - none
   */
  readonly healthCheckFqdn?: never;
  /**
   * Not without health checks: a CNAME without a health check never fails over.
   * @default - none
   */
  readonly hostname?: never;
}

/** Options of the records to regional endpoints, with or without health checks. */
export interface DnsEndpointRecordOptions {
  /**
   * Also create AAAA alias records (the load balancers must be dual-stack).
   * @default false
   */
  readonly ipv6?: boolean;
}

/**
 * A Route 53 HTTPS health check per endpoint, attached to its record, with an alarm on each.
 * See https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
 */
export interface DnsHealthCheckOptions extends DnsEndpointRecordOptions {
  /**
   * Create the health checks (`false`: see {@link DnsTargetHealthOptions}).
   * @default true
   */
  readonly healthChecks?: true;
  /**
   * Path the HTTPS health checks request: the readiness endpoint.
   * @default '/healthz/ready'
   */
  readonly healthCheckPath?: string;
  /**
   * Port the HTTPS health checks connect to.
   * @default 443
   */
  readonly healthCheckPort?: number;
  /**
   * Health check request interval: 10 s (fast) or 30 s (standard); fixed at creation.
   * @default Duration.seconds(10)
   */
  readonly healthCheckInterval?: Duration;
  /**
   * Consecutive failures (or successes) that flip an endpoint's status, 1–10.
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /**
   * Regions the Route 53 health checkers probe from (at least 3, among the 8 Route 53 checks from).
   * @default - Route 53's default set
   */
  readonly healthCheckRegions?: string[];
  /**
   * TTL of CNAME records (hostname endpoints), ≤ 60 s so clients follow a failover quickly. Alias records
   * (load balancers) have no TTL of their own.
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;
  /**
   * Create a CloudWatch alarm on each health check's `HealthCheckStatus`. Route 53 publishes those metrics
   * in us-east-1 only, so the stack must be in us-east-1.
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * SNS topic notified when a health-check alarm fires or clears.
   * @default - no notification
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * No Route 53 health check: for load balancers Route 53's health checkers cannot reach, e.g. an ALB that
 * only admits CloudFront (`WebTier` `allowOnlyCloudFront`: CloudFront's origin-facing prefix list and the
 * origin-verify header) refuses the checkers, so their checks would always fail and Route 53 would treat
 * every region as down. The records are then alias records with EvaluateTargetHealth: Route 53 follows
 * each load balancer's own health (healthy targets behind it). So only load-balancer endpoints, and no
 * health-check option, alarm or TTL.
 */
export interface DnsTargetHealthOptions extends DnsEndpointRecordOptions {
  /** No health checks. */
  readonly healthChecks: false;
}

/** Failover routing with a health check per endpoint. */
export interface DnsFailoverWithHealthChecksOptions extends DnsHealthCheckOptions {
  /** The endpoint that serves while healthy (the PRIMARY record). */
  readonly primary: DnsEndpoint;
  /** The endpoint that serves while the primary is unhealthy (the SECONDARY record). */
  readonly secondary: DnsEndpoint;
}

/**
 * A CloudWatch alarm that decides when the SECONDARY takes over, e.g. `RegionSwitch.alarmIdentifier`: ALARM means
 * switched. Route 53 watches its metric with two health checks: the PRIMARY record's is unhealthy once switched, and
 * the SECONDARY record's (a calculated check inverting the first) is unhealthy until then. So the secondary, whose
 * database is a read-only replica until the switch promotes it, never receives traffic (writes) before the switch, and
 * the old primary none after it. Route 53 reads the metric itself (no control-plane call at switch time) and keeps the
 * last known status when no data arrives:
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
export interface DnsRegionSwitch {
  /** Region of the alarm (the secondary region). */
  readonly region: string;
  /** Name of the alarm: a plain metric alarm (Route 53 does not support metric math or M-of-N alarms). */
  readonly name: string;
}

/** Failover routing on the load balancers' target health, without health checks. */
export interface DnsFailoverOnTargetHealthOptions extends DnsTargetHealthOptions {
  /** The load balancer that serves while it has healthy targets (the PRIMARY record). */
  readonly primary: DnsAliasEndpoint;
  /** The load balancer that serves otherwise (the SECONDARY record). */
  readonly secondary: DnsAliasEndpoint;
  /**
   * Fail over only when this switch says so (and back when it says so), on top of each load balancer's target health.
   * @default - none: Route 53 answers with the secondary whenever the primary load balancer has no healthy target
   */
  readonly regionSwitch?: DnsRegionSwitch;
}

/** Options of {@link DnsRouting.failover}. */
export type DnsFailoverRoutingOptions = DnsFailoverWithHealthChecksOptions | DnsFailoverOnTargetHealthOptions;

/** Regional endpoints with a health check each. */
export interface DnsEndpointsWithHealthChecksOptions extends DnsHealthCheckOptions {
  /** The regional endpoints, one per region. */
  readonly endpoints: DnsEndpoint[];
}

/** Regional load balancers, routed on their target health without health checks. */
export interface DnsEndpointsOnTargetHealthOptions extends DnsTargetHealthOptions {
  /** The regional load balancers, one per region. */
  readonly endpoints: DnsAliasEndpoint[];
}

/** Options of {@link DnsRouting.latency} and {@link DnsRouting.fromPlan}. */
export type DnsEndpointsRoutingOptions = DnsEndpointsWithHealthChecksOptions | DnsEndpointsOnTargetHealthOptions;

/** Options of {@link DnsRouting.cloudFront}. */
export interface DnsCloudFrontRoutingOptions {
  /**
   * Also create an AAAA alias record (CloudFront is dual-stack).
   * @default true
   */
  readonly ipv6?: boolean;
}

/** How a `DnsFailover` routes its name: create one with a static factory. */
export class DnsRouting {
  /**
   * Active-passive: a PRIMARY and a SECONDARY record; Route 53 answers with the secondary while the primary
   * is unhealthy.
   * See https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-failover.html
   */
  public static failover(options: DnsFailoverRoutingOptions): DnsRouting {
    return new DnsRouting({
      mode: 'failover',
      endpoints: [
        { endpoint: options.primary, path: 'primary' },
        { endpoint: options.secondary, path: 'secondary' },
      ],
      settings: options,
    });
  }

  /**
   * Active-active: one latency record per region (two or more); Route 53 answers with the healthy region
   * of lowest latency to the resolver.
   * See https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-latency.html
   */
  public static latency(options: DnsEndpointsRoutingOptions): DnsRouting {
    return new DnsRouting({ mode: 'latency', endpoints: listed(options.endpoints), settings: options });
  }

  /**
   * Plain A and AAAA aliases to a distribution, without health checks: an alias to CloudFront cannot
   * evaluate target health, and CloudFront's own origin failover covers the regions.
   */
  public static cloudFront(distribution: cloudfront.IDistribution, options: DnsCloudFrontRoutingOptions = {}): DnsRouting {
    return new DnsRouting({ mode: 'cloudfront', distribution, ipv6: options.ipv6 ?? true });
  }

  /**
   * The routing of the plan's topology: active-active → {@link latency} over every endpoint; active-passive →
   * {@link failover}, the first endpoint PRIMARY and the second SECONDARY (exactly two).
   */
  public static fromPlan(plan: CapacityPlan, options: DnsEndpointsRoutingOptions): DnsRouting {
    if (plan.topology.mode === 'active-active') return DnsRouting.latency(options);
    return new DnsRouting({ mode: 'failover', endpoints: listed(options.endpoints), settings: options, chosenByPlan: true });
  }

  /** The routing mode. */
  public readonly mode: DnsRoutingMode;

  private constructor(
    /** @internal What DnsFailover builds from. */
    public readonly _config: RoutingConfig,
  ) {
    this.mode = _config.mode;
  }
}

function listed(endpoints: readonly DnsEndpoint[]) {
  return endpoints.map((endpoint, i) => ({ endpoint, path: `endpoints[${i}]` }));
}
