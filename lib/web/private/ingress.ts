/** Who may reach the ALB's listener ports: the internet, or only CloudFront's origin-facing servers. */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * Opens `ports` to CloudFront's origin-facing managed prefix list only. A rule referencing the list weighs
 * ~55 of the 60 rules a security group holds, so callers open one port this way.
 * See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list
 */
export function allowCloudFrontOnly(loadBalancer: elbv2.ApplicationLoadBalancer, prefixListId: string, ports: readonly number[]): void {
  for (const port of ports) {
    loadBalancer.connections.allowFrom(ec2.Peer.prefixList(prefixListId), ec2.Port.tcp(port), 'CloudFront origin-facing servers only');
  }
}

/** Opens `ports` to any IPv4 address, acknowledging cdk-nag EC23 on the ALB's security group. */
export function allowInternet(loadBalancer: elbv2.ApplicationLoadBalancer, securityGroup: ec2.ISecurityGroup, ports: readonly number[]): void {
  for (const port of ports) {
    loadBalancer.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `Internet clients on ${port}`);
  }
  Validations.of(securityGroup).acknowledge({
    id: 'AwsSolutions-EC23',
    reason:
      'This is the public entry point of an internet-facing ALB, so it must accept its listener ports from any ' +
      'IPv4 address; instances stay in private subnets and accept traffic only from this security group. ' +
      'Set allowOnlyCloudFront to restrict it to CloudFront.',
  });
}
