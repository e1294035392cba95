/**
 * Findings that are inherent to a design, acknowledged in one place each with the one true reason, so every
 * construct that meets the same situation says the same thing. Each function acknowledges on the specific
 * construct it is given, never on a parent.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** cdk-nag RDS2 and CloudFormation Guard CT.RDS.PR.24 on a read replica (same or cross region): its encryption comes from its source. */
export function acknowledgeReplicaEncryption(replica: IConstruct): void {
  const reason =
    'Encrypted: a read replica inherits the storage encryption of its encrypted source (a cross-region replica is ' +
    'encrypted with its own region\'s key, KmsKeyId), and CloudFormation rejects StorageEncrypted beside ' +
    'SourceDBInstanceIdentifier (F3020), so the property cannot be stated.';
  Validations.of(replica).acknowledge({ id: 'AwsSolutions-RDS2', reason });
  acknowledgeCfnGuard(replica, 'rds_instance_storage_encrypted_check', reason);
}

/**
 * CloudFormation Guard CT.RDS.PR.8 on a PostgreSQL read replica (a MySQL replica keeps automated backups: see
 * `replicaBackupOptions`): its backups are its writer's until it is promoted.
 */
export function acknowledgePostgresReplicaBackups(replica: IConstruct): void {
  acknowledgeCfnGuard(replica, 'rds_instance_backup_enabled_check',
    'A read replica holds its writer\'s data, which has automated backups (7 days) and, with a copy region, AWS Backup copies; ' +
    'RDS for PostgreSQL cannot take automated backups of a read replica at all. On promotion the region switch (or the ' +
    'runbook) sets BackupRetentionPeriod, so a promoted replica backs itself up.');
}

/** cdk-nag S1 and CloudFormation Guard CT.S3.PR.2 on a bucket that is itself a log destination. */
export function acknowledgeLogBucketAccessLogs(bucket: IConstruct): void {
  const reason =
    'This bucket is itself a log destination (written only by the log-delivery principals its policy allows); ' +
    'logging access to it would need another log bucket, and that one another: a log loop.';
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason });
  acknowledgeCfnGuard(bucket, 's3_bucket_logging_enabled_check', reason);
}

/**
 * CloudFormation Guard CT.S3.PR.4 (event notifications) and CT.S3.PR.9 (Object Lock) on a bucket whose objects expire
 * through its lifecycle rules and that nothing consumes as events (logs read on demand, assets served by CloudFront).
 */
export function acknowledgeExpiringBucket(bucket: IConstruct, what: string): void {
  acknowledgeCfnGuard(bucket, 's3_event_notifications_enabled_check',
    `Nothing consumes this bucket's object events: ${what}; a notification configuration would have no target.`);
  acknowledgeCfnGuard(bucket, 's3_bucket_object_lock_enabled_check',
    `Objects here expire through the bucket's lifecycle rules (${what}); Object Lock retention would keep them past that, ` +
    'and versioning already keeps an overwritten or deleted object for 30 days.');
}

/** CloudFormation Guard CT.S3.PR.10 on a bucket that must use SSE-S3. */
export function acknowledgeSseS3Bucket(bucket: IConstruct, why: string): void {
  acknowledgeCfnGuard(bucket, 's3_bucket_default_encryption_kms_check', `Encrypted with SSE-S3 (AES-256), not SSE-KMS: ${why}.`);
}

/**
 * CloudFormation Guard CT.CLOUDWATCH.PR.1 on a metric alarm that only feeds composite alarms: the composites notify, and an
 * action here would notify once per window.
 */
export function acknowledgeCompositeComponent(alarm: IConstruct): void {
  acknowledgeCfnGuard(alarm, 'cloudwatch_alarm_action_check',
    'A component of composite alarms (burn-rate tiers): the composites carry the notifications; an action on each ' +
    'window alarm would page or ticket once per window, defeating the multi-window rule.');
}

/** CloudFormation Validate W3010 on a resource whose literal AZ comes from the VPC or the stack's environment. */
export function acknowledgeLiteralAvailabilityZone(resource: IConstruct): void {
  Validations.of(resource).acknowledge({
    id: 'CloudFormation-Validate::W3010',
    reason:
      'The literal AZ name is one of the stack\'s own availabilityZones (its environment\'s AZ lookup or context) or ' +
      'of the VPC\'s subnets, so it always names an AZ that exists in the region: the same literals CDK itself ' +
      'acknowledges when stack.availabilityZones is read.',
  });
}

/**
 * cdk-nag EC23 on a security group whose only ingress peer is its own VPC's CIDR given as `Fn::GetAtt VPC.CidrBlock` (an
 * IPAM-allocated VPC: the block is known only at deploy time). EC23 looks for 0.0.0.0/0 and cannot evaluate the intrinsic.
 */
export function acknowledgeVpcCidrIngress(securityGroup: IConstruct): void {
  Validations.of(securityGroup).acknowledge({
    id: 'AwsSolutions-EC23',
    reason:
      'The only ingress peer is this VPC\'s own CIDR block (Fn::GetAtt of the VPC\'s CidrBlock, allocated by IPAM at deploy ' +
      'time), never 0.0.0.0/0 or ::/0: the rule cannot evaluate the intrinsic, and the group admits nothing from outside the VPC.',
  });
}

/**
 * cdk-nag SMG4 on a secret Secrets Manager cannot rotate for us.
 * @param why why no rotation function applies
 * @param procedure how the secret is rotated instead
 */
export function acknowledgeManualRotation(secret: IConstruct, why: string, procedure: string): void {
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: `No automatic rotation: ${why}. It is rotated by a deliberate procedure instead: ${procedure}.`,
  });
}

/**
 * cdk-nag IAM5 on each wildcard resource of a policy statement, acknowledged on `scope` (the role or policy) with the
 * reason the wildcard is needed. The finding ids are rendered as cdk-nag renders them (`Resource::<ARN>`, with
 * `<Logical.Attr>` for references and `<AWS::Region>`-style pseudo parameters).
 */
export function acknowledgeWildcardResources(scope: IConstruct, resources: readonly string[], reason: string): void {
  for (const resource of resources) {
    const rendered = flattenCfnReference(Stack.of(scope).resolve(resource));
    if (!rendered.includes('*')) continue;
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${rendered}]`, reason });
  }
}

/** A resolved CloudFormation value as one string, the way cdk-nag names its findings. */
function flattenCfnReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  const o = node as Record<string, any>;
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(flattenCfnReference).join(o['Fn::Join'][0]);
  if (o['Fn::Sub']) return flattenCfnReference(o['Fn::Sub']);
  if (o['Fn::GetAtt']) return `<${flattenCfnReference(o['Fn::GetAtt'][0])}.${flattenCfnReference(o['Fn::GetAtt'][1])}>`;
  if (o['Fn::ImportValue']) return flattenCfnReference(o['Fn::ImportValue']);
  if (o.Ref) return `<${flattenCfnReference(o.Ref)}>`;
  return JSON.stringify(node);
}

/** The namespace of CloudFormation Guard acknowledgments (the plugin's name). */
export const CFN_GUARD_NAMESPACE = 'cdk-validator-cfnguard';

/** A CloudFormation Guard finding acknowledged on `scope` (and everything under it) with its reason. */
export function acknowledgeCfnGuard(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${CFN_GUARD_NAMESPACE}::${rule}`, reason });
}
