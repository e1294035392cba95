/**
 * The one builder of encrypted SNS topics and their KMS keys. A topic encrypted with the AWS-managed
 * `aws/sns` key cannot receive from CloudWatch alarms or Auto Scaling: the key of an alert topic must grant the
 * publishing service itself, so every alert topic of the library gets a customer managed key from here.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './key-grants';

/** Who publishes to the topics a key encrypts. */
export type TopicPublisher = 'cloudwatch-alarms' | 'auto-scaling';

/** Options of {@link createTopicKey}. */
export interface TopicKeyOptions {
  /** The key's description. */
  readonly description: string;
  /** The services whose messages the key must encrypt. */
  readonly publishers: readonly TopicPublisher[];
  /** @default RemovalPolicy.RETAIN (aws-cdk-lib's default for keys) */
  readonly removalPolicy?: RemovalPolicy;
}

/** A rotating customer managed key whose policy lets each publisher encrypt messages for SNS (and no one else create grants). */
export function createTopicKey(scope: Construct, id: string, options: TopicKeyOptions): kms.Key {
  const key = new kms.Key(scope, id, { enableKeyRotation: true, description: options.description, removalPolicy: options.removalPolicy });
  for (const publisher of options.publishers) key.addToResourcePolicy(PUBLISHER_GRANTS[publisher](Stack.of(scope)));
  return restrictGrantsToAwsServices(key);
}

/** Options of {@link createEncryptedTopic}. */
export interface EncryptedTopicOptions {
  /** The key (from {@link createTopicKey}). */
  readonly key: kms.IKey;
  /** Display name (SNS keeps 100 characters). */
  readonly displayName: string;
}

/** An SNS topic encrypted with `key` whose policy refuses requests without TLS. */
export function createEncryptedTopic(scope: Construct, id: string, options: EncryptedTopicOptions): sns.Topic {
  return new sns.Topic(scope, id, { masterKey: options.key, enforceSSL: true, displayName: options.displayName.slice(0, 100) });
}

/**
 * The scaling-notifications topic of an Auto Scaling group (`NotificationsKey` and `NotificationsTopic` in `scope`):
 * encrypted with a key Auto Scaling may use, destroyed with the group.
 */
export function createScalingNotificationsTopic(scope: Construct): { readonly key: kms.Key; readonly topic: sns.Topic } {
  const key = createTopicKey(scope, 'NotificationsKey', {
    description: `Encrypts the scaling notifications of ${scope.node.path}`,
    publishers: ['auto-scaling'],
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return { key, topic: createEncryptedTopic(scope, 'NotificationsTopic', { key, displayName: `Scaling events of ${scope.node.path}` }) };
}

const PUBLISHER_GRANTS: Record<TopicPublisher, (stack: Stack) => iam.PolicyStatement> = {
  // CloudWatch publishes alarm notifications with its service principal.
  'cloudwatch-alarms': () =>
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  // Auto Scaling publishes with its service-linked role, which has no access to customer managed keys unless the
  // key policy grants it. The grant matches the role by aws:PrincipalArn so the key can exist before the role does
  // (the role is created with an account's first Auto Scaling group), and only through SNS in this account.
  'auto-scaling': (stack) =>
    new iam.PolicyStatement({
      sid: 'AllowAutoScalingServiceLinkedRoleViaSns',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:CallerAccount': stack.account,
          'kms:ViaService': `sns.${stack.region}.${stack.urlSuffix}`,
        },
        ArnEquals: {
          'aws:PrincipalArn': stack.formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
          }),
        },
      },
    }),
};
