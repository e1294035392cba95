/** ALB access logging that works in environment-agnostic stacks too. */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';

/**
 * Sends the load balancer's access logs to `bucket` under `prefix`.
 *
 * `loadBalancer.logAccessLogs` needs a concrete region (it picks the region's ELB account). For an
 * environment-agnostic stack the same three bucket-policy statements are written with the ELB account taken
 * from aws-cdk-lib's region table through `Fn::FindInMap` (the `ELBV2_ACCOUNT` region fact). Regions opened
 * since August 2022 have no ELB account and are not in that table: deploy such stacks with a concrete region.
 * See https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export function logAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix = ''): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket, prefix);
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
  const objects = bucket.arnForObjects(`${prefix ? `${prefix}/` : ''}AWSLogs/${stack.account}/*`);
  const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.AccountPrincipal(stack.regionalFact(FactName.ELBV2_ACCOUNT))],
    resources: [objects],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [delivery],
    resources: [objects],
    conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], principals: [delivery], resources: [bucket.bucketArn] }));
  // The ALB checks at creation that it may write to the bucket: create the policy first.
  const policy = bucket.policy?.node.defaultChild;
  const lb = loadBalancer.node.defaultChild;
  if (CfnResource.isCfnResource(lb) && CfnResource.isCfnResource(policy)) lb.addResourceDependency(policy);
}
