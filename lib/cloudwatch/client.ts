/**
 * The CloudWatch client of `cdk-scale budget` and `review`: region, credentials and endpoint come from the
 * SDK's standard chain (AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID…, AWS_ENDPOINT_URL(_CLOUDWATCH), SSO,
 * instance roles), overridden by `--region` / `--profile`. Retries are the SDK's standard mode (3 attempts,
 * throttling retried with backoff) unless a test asks for fast retries.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

/** How to build the client. */
export interface CloudWatchClientOptions {
  /** @default the SDK chain (AWS_REGION, the profile's region) */
  readonly region?: string;
  /** @default the SDK chain (AWS_PROFILE, else `default`) */
  readonly profile?: string;
  /** @default the SDK chain (AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL, else the regional endpoint) */
  readonly endpoint?: string;
  /** @default the SDK's (3, or AWS_MAX_ATTEMPTS) */
  readonly maxAttempts?: number;
  /**
   * Retry throttling and transient errors after this fixed delay instead of the SDK's exponential backoff
   * (tests keep retries fast with it). The same errors are retried, up to `maxAttempts` (default 3).
   * @default the SDK's standard retry strategy
   */
  readonly fixedRetryDelayMs?: number;
}

/** A CloudWatch client from the SDK chain and the given overrides. */
export function createCloudWatchClient(options: CloudWatchClientOptions = {}): CloudWatchClient {
  const maxAttempts = options.maxAttempts;
  return new CloudWatchClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(options.fixedRetryDelayMs !== undefined ? { retryStrategy: fixedDelayRetryStrategy(maxAttempts ?? 3, options.fixedRetryDelayMs) } : {}),
  });
}

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/**
 * A retry strategy (the SDK's RetryStrategyV2 interface) that retries what the standard strategy retries
 * (errors the SDK classifies as THROTTLING or TRANSIENT) after a fixed delay.
 */
function fixedDelayRetryStrategy(maxAttempts: number, delayMs: number) {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delayMs });
  return {
    mode: 'standard',
    acquireInitialRetryToken: async (): Promise<RetryToken> => token(0),
    refreshRetryTokenForRetry: async (previous: RetryToken, errorInfo: { errorType: string; error?: unknown }): Promise<RetryToken> => {
      const retryable = errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'TRANSIENT';
      if (!retryable || previous.getRetryCount() + 1 >= maxAttempts) throw errorInfo.error ?? new Error('no more retries');
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: (): void => {},
  };
}
