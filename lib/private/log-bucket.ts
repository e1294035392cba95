/** The one builder of log buckets (ALB access logs, CloudFront standard logs, S3 server access logs). */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeExpiringBucket, acknowledgeLogBucketAccessLogs, acknowledgeSseS3Bucket } from './acknowledgments';

/**
 * Who delivers the logs, which decides the bucket's object ownership:
 * - `elb`: ELB log delivery, which needs no ACLs (bucket owner enforced);
 * - `cloudfront`: CloudFront standard logging, which writes with an ACL grant to the awslogsdelivery account
 *   (object writer ownership, ACLs enabled).
 */
export type LogWriter = 'elb' | 'cloudfront';

/** Options of {@link createLogBucket}. */
export interface LogBucketOptions {
  /** Who delivers the logs. */
  readonly writer: LogWriter;
  /** How long log objects are kept. */
  readonly retention: Duration;
  /** Keep object versions (then noncurrent versions expire after 30 days). @default false */
  readonly versioned?: boolean;
}

/**
 * A log bucket: SSE-S3 (the only encryption ELB log delivery supports), TLS enforced, public access blocked,
 * retained when its stack is deleted, logs expiring after `retention`; its cdk-nag S1 finding (no access logs of
 * its own) acknowledged.
 */
export function createLogBucket(scope: Construct, id: string, options: LogBucketOptions): s3.Bucket {
  const versioned = options.versioned ?? false;
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: options.writer === 'cloudfront' ? s3.ObjectOwnership.OBJECT_WRITER : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      {
        id: 'ExpireAccessLogs',
        expiration: options.retention,
        noncurrentVersionExpiration: versioned ? Duration.days(30) : undefined,
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ],
  });
  acknowledgeLogBucketAccessLogs(bucket);
  acknowledgeExpiringBucket(bucket, `access logs, read on demand (e.g. with Athena) and expired after ${options.retention.toDays()} days`);
  if (options.writer === 'elb') {
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#access-log-bucket-requirements
    acknowledgeSseS3Bucket(bucket, 'Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3');
  }
  return bucket;
}
