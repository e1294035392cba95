/** What a DnsRouting holds, as DnsFailover and its validation read it (not part of the public API). */
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { DnsEndpoint, DnsHealthCheckOptions, DnsTargetHealthOptions } from '../dns-routing';

/** Plain A/AAAA aliases to a distribution. */
export interface CloudFrontRoutingConfig {
  readonly mode: 'cloudfront';
  readonly distribution: cloudfront.IDistribution;
  readonly ipv6: boolean;
}

/** One endpoint and the option path that names it in problems (`primary`, `endpoints[2]`). */
export interface PlacedEndpoint {
  readonly endpoint: DnsEndpoint;
  readonly path: string;
}

/** Failover or latency records to regional endpoints. */
export interface EndpointRoutingConfig {
  readonly mode: 'failover' | 'latency';
  /** In record order; for failover the PRIMARY first, then the SECONDARY. */
  readonly endpoints: readonly PlacedEndpoint[];
  /** The health-check choice and its options (`healthChecks: false`, or the health-check settings). */
  readonly settings: DnsHealthCheckOptions | DnsTargetHealthOptions;
  /** Set when `DnsRouting.fromPlan` chose failover from the plan's topology (the endpoints then come as a list). */
  readonly chosenByPlan?: boolean;
}

export type RoutingConfig = CloudFrontRoutingConfig | EndpointRoutingConfig;
