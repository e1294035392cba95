/**
 * One statement every customer managed key of the library carries: nobody but an AWS service, or a principal acting
 * through one for an AWS resource, may create grants on it (AWS Control Tower proactive control CT.KMS.PR.3,
 * https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html). Services that use grants on these
 * keys (RDS storage and Performance Insights, EBS) call CreateGrant with `kms:GrantIsForAWSResource` true
 * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource),
 * so they are unaffected.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** Adds the statement to `key`'s policy and returns the key. */
export function restrictGrantsToAwsServices<K extends kms.Key>(key: K): K {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyCreateGrantExceptForAwsResources',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
  return key;
}
