/**
 * Network + WebTier composed from a plan pass cdk-nag AwsSolutions and the CloudFormation Validate
 * engine with no unacknowledged finding (synth throws on any).
 */
import { Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { planCapacity } from '../../lib/capacity';
import { Network } from '../../lib/network';
import { WebTier } from '../../lib/web';
import { newTestApp, TestStack } from '../support/app';

test('Network + WebTier from a plan synthesize clean under cdk-nag and CloudFormation Validate', () => {
  const plan = planCapacity({ traffic: { peakQps: 5000 } });
  const app = newTestApp({ validate: true, nag: true });

  // Regional stack: HTTPS, open to the internet (EC23 acknowledged on the ALB security group).
  const regional = new TestStack(app, 'Regional');
  const network = new Network(regional, 'Network', { plan });
  const web = new WebTier(regional, 'Web', {
    network,
    plan,
    certificate: acm.Certificate.fromCertificateArn(regional, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc'),
  });
  web.requireOriginHeader('X-Origin-Verify', '{{resolve:secretsmanager:origin-verify:SecretString:value}}');

  // Environment-agnostic stack behind CloudFront: mappings for the prefix list and the ELB log account.
  const agnostic = new Stack(app, 'Agnostic');
  new WebTier(agnostic, 'Web', {
    network: new Network(agnostic, 'Network', { plan }),
    plan,
    allowOnlyCloudFront: true,
    certificate: acm.Certificate.fromCertificateArn(agnostic, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc'),
  });

  expect(() => app.synth()).not.toThrow();
});
