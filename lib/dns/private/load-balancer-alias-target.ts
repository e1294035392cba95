/** The alias target of a load-balancer endpoint: what `targets.LoadBalancerTarget` does, from a name and a zone. */
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { ILoadBalancerAliasTarget } from '../dns-routing';

/**
 * Alias target to a load balancer given by DNS name and hosted zone, evaluating its target health (so that
 * Route 53 routes around a load balancer without healthy targets, with or without a health check).
 */
export class LoadBalancerAliasTarget implements route53.IAliasRecordTarget {
  constructor(private readonly lb: ILoadBalancerAliasTarget) {}

  public bind(): route53.AliasRecordTargetConfig {
    return {
      hostedZoneId: this.lb.loadBalancerCanonicalHostedZoneId,
      dnsName: `dualstack.${this.lb.loadBalancerDnsName}`,
      evaluateTargetHealth: true,
    };
  }
}
