/**
 * The one builder of the KMS keys that encrypt CloudWatch Logs log groups (VPC flow logs, the cache's slow log).
 * CloudWatch Logs encrypts a log group with a customer managed key only when the key policy lets this region's
 * Logs service principal use it: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './key-grants';

/** Options of {@link createLogGroupKey}. */
export interface LogGroupKeyOptions {
  /** The key's description. */
  readonly description: string;
  /** @default RemovalPolicy.RETAIN (aws-cdk-lib's default for keys) */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A rotating customer managed key whose policy lets this region's CloudWatch Logs use it, for this account's log
 * groups only (the encryption context names the log group).
 */
export function createLogGroupKey(scope: Construct, id: string, options: LogGroupKeyOptions): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, id, {
    description: options.description,
    enableKeyRotation: true,
    removalPolicy: options.removalPolicy,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return restrictGrantsToAwsServices(key);
}
