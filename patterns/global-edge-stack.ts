/**
 * GlobalEdgeStack (us-east-1): Edge (CloudFront + WAF + static assets) in front of the regional
 * ALBs, the DNS alias to it, and the edge SLO alarms (CloudFront metrics exist only in us-east-1).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { CapacityPlan } from '../lib/capacity/plan-types';
import { DnsFailover, DnsRouting } from '../lib/dns';
import { Edge, type EdgeOrigin } from '../lib/edge';
import { Sli, SloAlarms } from '../lib/slo';
import { validateGlobalEdgeStackProps } from './validate-global-edge-stack';

/** Props of {@link GlobalEdgeStack}. */
export interface GlobalEdgeStackProps extends StackProps {
  /** The plan: its SLO sizes the edge alarms. */
  readonly plan: CapacityPlan;
  /** One origin (or one latency-routed name) or two (primary first: CloudFront fails over). */
  readonly origins: EdgeOrigin[];
  /** The zone of the public name (and of the viewer certificate's DNS validation), or its attributes to import it here. */
  readonly hostedZone: route53.IHostedZone | route53.HostedZoneAttributes;
  /** The public name users reach, fully qualified (e.g. `app.example.com`). */
  readonly domainName: string;
  /**
   * Paths that accept writes (POST/PUT/PATCH/DELETE); with two origins they go to the primary only,
   * since CloudFront origin groups fail over only GET/HEAD/OPTIONS.
   * @default ['/api/*']
   */
  readonly writePathPatterns?: string[];
  /**
   * Every region whose ALB requires the origin-verify header (the secret is replicated there).
   * @default - the origins' regions
   */
  readonly guardRegions?: string[];
  /**
   * The name Route 53 fails over between the two origins (`Edge` `failoverDomainName`): writes go there, reads try it first.
   * @default - none: writes go to the first origin
   */
  readonly failoverDomainName?: string;
}

/** The global entry point, in us-east-1. */
export class GlobalEdgeStack extends Stack {
  /** CloudFront, WAF, static assets, logs and the origin-verify secret. */
  public readonly edge: Edge;
  /** The public name's alias to the distribution. */
  public readonly dns: DnsFailover;
  /** Availability SLO alarms on CloudFront's metrics. */
  public readonly edgeSlo: SloAlarms;

  constructor(scope: Construct, id: string, props: GlobalEdgeStackProps) {
    super(scope, id, props);
    validateGlobalEdgeStackProps(this, props);
    const hostedZone = 'node' in props.hostedZone
      ? props.hostedZone
      : route53.HostedZone.fromHostedZoneAttributes(this, 'HostedZone', props.hostedZone);
    const twoOrigins = props.origins.length > 1;
    this.edge = new Edge(this, 'Edge', {
      origins: props.origins,
      failover: twoOrigins,
      writePathPatterns: twoOrigins ? (props.writePathPatterns ?? ['/api/*']) : undefined,
      domainNames: [props.domainName],
      hostedZone,
      guardRegions: props.guardRegions,
      failoverDomainName: twoOrigins ? props.failoverDomainName : undefined,
    });
    this.dns = new DnsFailover(this, 'Dns', {
      hostedZone,
      recordName: props.domainName,
      routing: DnsRouting.cloudFront(this.edge.distribution),
    });
    this.edgeSlo = new SloAlarms(this, 'EdgeSlo', { slo: props.plan.slo, sli: Sli.cloudFrontAvailability(this.edge.distribution) });
  }
}
