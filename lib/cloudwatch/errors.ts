/**
 * AWS errors as one line a user can act on. `cdk-scale` exits 3 on all of them; the kind says which.
 * Classification (verified against @aws-sdk/client-cloudwatch 3.1164): see docs/budget-and-review.md.
 */

/** What went wrong talking to AWS. */
export type AwsProblemKind = 'credentials' | 'region' | 'access-denied' | 'throttled' | 'unreachable' | 'rejected-credentials' | 'invalid-request' | 'aws';

/** An AWS failure, said in one line that names what to do. */
export class AwsProblem extends Error {
  constructor(
    public readonly kind: AwsProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'AwsProblem';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/**
 * The {@link AwsProblem} for an error thrown by an SDK call (`action`, e.g. `GetMetricData`) against
 * `endpoint` (a description: the endpoint URL or the region); undefined for an error that is not from AWS
 * (a bug: let it surface).
 */
export function classifyAwsError(error: unknown, action: string, endpoint: string): AwsProblem | undefined {
  if (error instanceof AwsProblem) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as SdkErrorLike;
  const name = e.name ?? '';
  const code = e.Code ?? '';
  const oneLine = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const attempts = e.$metadata?.attempts;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return new AwsProblem('credentials', 'no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`');
  }
  if (/Region is missing/i.test(e.message ?? '')) {
    return new AwsProblem('region', 'no AWS region: pass --region (e.g. --region us-east-1) or set AWS_REGION');
  }
  if (/AccessDenied/i.test(name) || /AccessDenied/i.test(code) || e.$metadata?.httpStatusCode === 403) {
    return new AwsProblem('access-denied', `access denied to cloudwatch:${action}: grant cloudwatch:GetMetricData, cloudwatch:DescribeAlarms and cloudwatch:ListMetrics to these credentials (${oneLine(e.message)})`);
  }
  if (/Throttl/i.test(name) || /Throttl/i.test(code) || e.$metadata?.httpStatusCode === 429) {
    return new AwsProblem('throttled', `CloudWatch throttled ${action}${attempts ? ` after ${attempts} attempts` : ''}: retry in a minute, or allow more retries with AWS_MAX_ATTEMPTS=6`);
  }
  // The SDK wraps a non-Error (e.g. one from another realm) as "AWS SDK error wrapper for Error: connect ECONNREFUSED …".
  const sysCode = typeof e.code === 'string' ? e.code : ([...UNREACHABLE].find((c) => (e.message ?? '').includes(c)) ?? '');
  if (UNREACHABLE.has(sysCode) || name === 'TimeoutError') {
    return new AwsProblem('unreachable', `cannot reach CloudWatch at ${endpoint} (${sysCode || name}): check the network, --region and AWS_ENDPOINT_URL`);
  }
  if (/UnrecognizedClient|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|InvalidSignature|IncompleteSignature/i.test(`${name} ${code}`)) {
    return new AwsProblem('rejected-credentials', `AWS rejected the credentials (${name}): refresh them (e.g. \`aws sso login\`) or pick another --profile`);
  }
  // Only a service's answer (it carries $metadata): a library's own validation error is not CloudWatch's.
  if (e.$metadata !== undefined && /InvalidParameter|MissingParameter|InvalidNextToken|LimitExceeded|Validation/i.test(`${name} ${code}`)) {
    return new AwsProblem('invalid-request', `CloudWatch refused ${action} (${name}: ${oneLine(e.message)}): check the identifiers given; if they are right, report this as a cdk-scale bug`);
  }
  if (e.$metadata !== undefined || /Fault$|Exception$|^Internal/.test(name) || name === 'SyntaxError') {
    return new AwsProblem('aws', `CloudWatch ${action} failed (${name}${e.message ? `: ${oneLine(e.message).slice(0, 200)}` : ''}): retry later; check the endpoint if it is not AWS (${endpoint})`);
  }
  return undefined;
}
