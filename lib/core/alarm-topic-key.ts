/** A KMS key for SNS topics that CloudWatch alarms publish to. */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * A rotating KMS key whose policy lets CloudWatch alarms use it: an alarm publishes to an encrypted
 * topic only when the topic's key allows `cloudwatch.amazonaws.com` (the AWS-managed aws/sns key cannot).
 */
export function newAlarmTopicKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, { enableKeyRotation: true, description });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  return key;
}
