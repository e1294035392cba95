/** The Edge's CloudFront policies: security response headers on every behaviour, the opt-in micro-cache. */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

/** HSTS for two years with subdomains, nosniff, frame DENY, a strict referrer policy, XSS block, and the CSP if given. */
export function createSecurityHeadersPolicy(scope: Construct, id: string, contentSecurityPolicy?: string): cloudfront.ResponseHeadersPolicy {
  const hsts = { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true };
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: 'Security headers: HSTS, nosniff, frame DENY, referrer policy, XSS protection',
    securityHeadersBehavior: {
      strictTransportSecurity: hsts,
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      xssProtection: { protection: true, modeBlock: true, override: true },
      contentSecurityPolicy: contentSecurityPolicy ? { contentSecurityPolicy, override: true } : undefined,
    },
  });
}

/**
 * Caches dynamic responses at most `ttl` (validated by the Edge: 1–60 s). The cache key holds every query string,
 * every cookie and the `Authorization` header, so one user's response is never served to another.
 */
export function createMicroCachePolicy(scope: Construct, id: string, ttl: Duration): cloudfront.CachePolicy {
  return new cloudfront.CachePolicy(scope, id, {
    comment: `Micro-cache for dynamic paths: at most ${ttl.toSeconds()} s, keyed on query strings, cookies and Authorization`,
    minTtl: Duration.seconds(0),
    defaultTtl: ttl,
    maxTtl: ttl,
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
    cookieBehavior: cloudfront.CacheCookieBehavior.all(),
    headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
}
