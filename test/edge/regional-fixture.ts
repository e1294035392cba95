/**
 * Test fixture: a regional stack holding a plain ALB with an HTTPS listener, standing in for WebTier
 * (which the Edge and DnsFailover tests must not depend on). `guard` mimics
 * `WebTier.requireOriginHeader`: a listener rule forwarding only requests with the header, and a 403
 * default action.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { IOriginHeaderGuard } from '../../lib/edge';

export interface RegionalFixture {
  readonly stack: Stack;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly guard: RecordingGuard;
}

/** Implements IOriginHeaderGuard on a listener and records the calls it receives. */
export class RecordingGuard implements IOriginHeaderGuard {
  private static count = 0;
  public readonly calls: Array<{ headerName: string; headerValue: string }> = [];
  constructor(private readonly listener: elbv2.ApplicationListener) {}
  requireOriginHeader(headerName: string, headerValue: string): void {
    this.calls.push({ headerName, headerValue });
    this.listener.addAction(`FromCloudFront${RecordingGuard.count++}`, {
      priority: RecordingGuard.count,
      conditions: [elbv2.ListenerCondition.httpHeader(headerName, [headerValue])],
      action: elbv2.ListenerAction.fixedResponse(200, { contentType: 'text/plain', messageBody: 'ok' }),
    });
  }
}

/** A construct-based guard (like WebTier), so Edge can order stack deployments. */
export class ConstructGuard extends ec2.SecurityGroup implements IOriginHeaderGuard {
  public readonly recorder: RecordingGuard;
  constructor(stack: Stack, id: string, vpc: ec2.IVpc, listener: elbv2.ApplicationListener) {
    super(stack, id, { vpc, description: 'stand-in for WebTier', allowAllOutbound: false });
    this.recorder = new RecordingGuard(listener);
  }
  requireOriginHeader(headerName: string, headerValue: string): void {
    this.recorder.requireOriginHeader(headerName, headerValue);
  }
}

export function regionalAlbStack(app: App, id: string, region: string, crossRegionReferences = false) {
  const stack = new Stack(app, id, { env: { region }, crossRegionReferences });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test fixture standing in for the Network construct, which owns flow logs.' });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  Validations.of(loadBalancer).acknowledge(
    { id: 'AwsSolutions-ELB2', reason: 'Test fixture standing in for WebTier, which owns ALB access logging.' },
    { id: 'AwsSolutions-EC23', reason: 'Test fixture: a public ALB accepts HTTPS from the internet; WebTier restricts it to CloudFront.' },
  );
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:${region}:123456789012:certificate/00000000-0000-0000-0000-000000000000`);
  const listener = loadBalancer.addListener('Https', {
    port: 443,
    certificates: [certificate],
    sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    defaultAction: elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' }),
  });
  const guard = new ConstructGuard(stack, 'Guard', vpc, listener);
  return { stack, loadBalancer, listener, guard };
}
