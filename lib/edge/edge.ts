/**
 * Edge: a CloudFront distribution in front of one or two regional ALBs, with WAF, a static-assets S3
 * origin, access logs and security headers. Lives in a us-east-1 stack (CloudFront-scope WAF WebACLs
 * and viewer certificates exist only there).
 */
import { Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeCfnGuard, acknowledgeExpiringBucket, acknowledgeSseS3Bucket } from '../private/acknowledgments';
import { createLogBucket } from '../private/log-bucket';
import { GLOBAL_SERVICES_REGION } from '../validation';
import { IOriginHeaderGuard, OriginVerifySecret } from './origin-verify-secret';
import { createMicroCachePolicy, createSecurityHeadersPolicy } from './private/policies';
import { createEdgeWebAcl, rateLimitRuleMetricName } from './private/web-acl';
import { type EdgeSettings, validateEdgeProps } from './validate-edge';

/** One regional origin (an ALB reached over HTTPS). */
export interface EdgeOrigin {
  /**
   * Hostname CloudFront connects to over HTTPS, e.g. `origin-use1.example.com`: it must resolve to the
   * ALB and be covered by the ALB listener's certificate (the ALB's own `*.elb.amazonaws.com` name is
   * not, so CloudFront would fail the TLS handshake).
   */
  readonly domainName: string;
  /**
   * Region of the ALB; the origin-verify secret is replicated there (unless it is the edge stack's
   * own region; in an environment-agnostic stack every origin region gets a replica, so give the
   * edge stack `env.region: 'us-east-1'`).
   */
  readonly region: string;
  /**
   * The regional tier to lock to CloudFront, e.g. a `WebTier`: Edge calls
   * `originGuard.requireOriginHeader('X-Origin-Verify', <dynamic reference>)` and makes its stack
   * deploy after this one.
   * @default - the caller wires the header itself with `edge.originVerifySecret.protect(...)`
   */
  readonly originGuard?: IOriginHeaderGuard;
  /**
   * HTTPS port of the ALB listener.
   * @default 443
   */
  readonly httpsPort?: number;
}

/** Properties of {@link Edge}. */
export interface EdgeProps {
  /**
   * One or two regional origins. With two, the first is the primary and the second the secondary of
   * an origin group.
   */
  readonly origins: EdgeOrigin[];
  /**
   * Fail over from the first origin to the second (origin group). CloudFront fails over only GET,
   * HEAD and OPTIONS requests, on the `failoverStatusCodes` or a connection failure / timeout, and
   * refuses any other method on a behaviour that targets an origin group: with failover, the default
   * (dynamic) behaviour allows GET/HEAD/OPTIONS only, and `writePathPatterns` go to the primary.
   * @default true with two origins, false with one
   */
  readonly failover?: boolean;
  /**
   * Status codes from the primary that make CloudFront retry on the secondary (400, 403, 404, 416,
   * 500, 502, 503, 504 allowed).
   * @default [500, 502, 503, 504]
   */
  readonly failoverStatusCodes?: number[];
  /**
   * Path patterns that accept every HTTP method (POST, PUT, PATCH, DELETE too) and go to the primary
   * origin only, without failover. Only meaningful with failover (with one origin the default
   * behaviour already allows every method).
   * @default - none
   */
  readonly writePathPatterns?: string[];
  /**
   * A hostname Route 53 fails over between the two origins' load balancers (PRIMARY/SECONDARY records, e.g. `origin.example.com`
   * from `DnsRouting.failover`), covered by both ALBs' certificates. With it, `writePathPatterns` go to this name, so a
   * POST during a primary-region outage follows the DNS failover (CloudFront's origin group fails over GET, HEAD and
   * OPTIONS only), and the origin group reads from this name first, falling back per request to the second origin.
   * @default - no DNS failover: writes go to the first origin, the origin group reads from the two origins
   */
  readonly failoverDomainName?: string;
  /**
   * Attempts CloudFront makes to connect to an origin (1–3) before failing over / erroring.
   * @default 2
   */
  readonly originConnectionAttempts?: number;
  /**
   * How long CloudFront waits for a TCP/TLS connection to an origin (1–10 s).
   * @default Duration.seconds(5)
   */
  readonly originConnectionTimeout?: Duration;
  /**
   * How long CloudFront waits for an origin response (1–180 s; above 60 s needs a quota increase).
   * @default Duration.seconds(30)
   */
  readonly originReadTimeout?: Duration;
  /**
   * Alternate domain names (CNAMEs) viewers use, e.g. `['www.example.com']`.
   * @default - the distribution's `*.cloudfront.net` name only (which cannot enforce TLSv1.2: cdk-nag CFR4)
   */
  readonly domainNames?: string[];
  /**
   * Viewer certificate for `domainNames`, in us-east-1.
   * @default - with `hostedZone`, a DNS-validated certificate is created in this (us-east-1) stack
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Hosted zone used to DNS-validate the created certificate.
   * @default - none; `certificate` is then required when `domainNames` is set
   */
  readonly hostedZone?: route53.IHostedZone;
  /**
   * Minimum TLS version / ciphers for viewers: TLSv1.2_2021 or newer.
   * @default cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
   */
  readonly minimumProtocolVersion?: cloudfront.SecurityPolicyProtocol;
  /**
   * Path pattern served from the static-assets bucket.
   * @default '/static/*'
   */
  readonly staticPathPattern?: string;
  /**
   * Opt-in micro-cache for the dynamic (default) behaviour: responses without `Cache-Control` are
   * cached this long, and at most this long (1–60 s). The cache key holds every query string, every
   * cookie and the `Authorization` header, so one user's response is never served to another;
   * `Cache-Control: private/no-store` from the origin still disables caching.
   * @default - dynamic paths are not cached (CachingDisabled)
   */
  readonly microCacheTtl?: Duration;
  /**
   * `Content-Security-Policy` response header value.
   * @default - no CSP header (it is application specific)
   */
  readonly contentSecurityPolicy?: string;
  /**
   * WAF rate-based rule: requests allowed per client IP within `rateLimitWindow` (≥ 10); more are
   * answered with 429.
   * @default 2000
   */
  readonly rateLimit?: number;
  /**
   * WAF rate-based rule evaluation window: 1, 2, 5 or 10 minutes.
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;
  /**
   * AWS managed rule groups (vendor `AWS`) the WebACL evaluates after the rate rule. Note that the
   * common rule set blocks request bodies over 8 KB (rule SizeRestrictions_BODY): apps taking large
   * uploads should send them straight to S3 (pre-signed URLs) or replace the group.
   * @default ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']
   */
  readonly managedRuleGroups?: string[];
  /**
   * Geographic restriction (allow or deny list of ISO 3166-1 alpha-2 codes), e.g.
   * `cloudfront.GeoRestriction.denylist('KP')`.
   * @default - no restriction (the service is global)
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;
  /**
   * Edge locations used (cost vs. latency).
   * @default cloudfront.PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * How long access logs (CloudFront standard logs and the static bucket's server access logs) are kept.
   * @default Duration.days(365)
   */
  readonly accessLogsRetention?: Duration;
  /**
   * Publish CloudFront's additional metrics (origin latency, cache hit rate, error-code rates); billed
   * per distribution. `metricOriginLatency()` needs them.
   * @default true
   */
  readonly additionalMetrics?: boolean;
  /**
   * Name of the origin-verify header: HTTP token characters, at most 40 (the longest name an ALB listener
   * rule matches), and not one CloudFront reserves (`Host`, `X-Amz-*`, ...).
   * @default 'X-Origin-Verify'
   */
  readonly originVerifyHeaderName?: string;
  /**
   * Regions of every load balancer that must require the origin-verify header, beyond the origins'
   * own regions: the secret is replicated to these regions too (this us-east-1 stack's own region
   * excepted: the secret lives there), so that `originVerifySecret.protect(tier)` works for a tier
   * that is not named as an origin, e.g. the other regions of an active-active service behind one
   * latency-routed origin name, or a third region. `protect()` refuses a tier in a region the secret
   * is not replicated to (its listener rule could not resolve the dynamic reference).
   * @default - the origins' regions
   */
  readonly guardRegions?: string[];
  /**
   * Name of the origin-verify secret (same in every region).
   * @default - derived from the stack name and construct path
   */
  readonly originVerifySecretName?: string;
  /**
   * Comment on the distribution.
   * @default - the construct path
   */
  readonly comment?: string;
}

/**
 * CloudFront + WAF + static S3 origin in front of one or two regional ALBs.
 *
 * ```ts
 * const edge = new Edge(globalStack, 'Edge', {
 *   origins: [
 *     { domainName: 'origin-use1.example.com', region: 'us-east-1', originGuard: primaryWeb },
 *     { domainName: 'origin-usw2.example.com', region: 'us-west-2', originGuard: secondaryWeb },
 *   ],
 *   domainNames: ['www.example.com'],
 *   hostedZone: zone,
 * });
 * ```
 */
export class Edge extends Construct {
  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The CloudFront-scope WAF WebACL associated with the distribution. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** Bucket behind `staticPathPattern` (private; CloudFront reads it with OAC). */
  public readonly staticAssetsBucket: s3.Bucket;
  /** Bucket receiving CloudFront standard logs (prefix `cloudfront/`) and the static bucket's access logs (`s3-static/`). */
  public readonly logsBucket: s3.Bucket;
  /** The viewer certificate, when `domainNames` is set. */
  public readonly certificate?: acm.ICertificate;
  /** The origin-verify secret (replicated to the origin regions and `guardRegions`). */
  public readonly originVerifySecret: OriginVerifySecret;
  /** The security-headers response policy applied to every behaviour. */
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The micro-cache policy of the default behaviour, when `microCacheTtl` is set. */
  public readonly microCachePolicy?: cloudfront.CachePolicy;
  /** The regional HTTPS origins, in `origins` order. */
  public readonly albOrigins: readonly cloudfront.IOrigin[];
  /** Whether the default behaviour targets an origin group. */
  public readonly failoverEnabled: boolean;
  /** The origin at `failoverDomainName` (Route 53 failover between the regions), when given. */
  public readonly dnsFailoverOrigin?: cloudfront.IOrigin;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const originList = props.origins ?? [];
    const settings: EdgeSettings = {
      origins: originList,
      failover: props.failover ?? originList.length === 2,
      failoverStatusCodes: props.failoverStatusCodes ?? [500, 502, 503, 504],
      staticPathPattern: props.staticPathPattern ?? '/static/*',
      writePathPatterns: props.writePathPatterns ?? [],
      rateLimitWindow: props.rateLimitWindow ?? Duration.minutes(5),
      managedRuleGroups: props.managedRuleGroups ?? ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'],
      minimumProtocolVersion: props.minimumProtocolVersion ?? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      domainNames: props.domainNames ?? [],
    };
    validateEdgeProps(this, props, settings);
    const { failover, staticPathPattern, writePathPatterns, domainNames } = settings;

    // ---- origin-verify secret, replicated to the origin and guard regions ----
    const replicaRegions = [...new Set([...originList.map((o) => o.region), ...(props.guardRegions ?? [])])]
      .filter((r) => Token.isUnresolved(stack.region) || r !== stack.region);
    this.originVerifySecret = new OriginVerifySecret(this, 'OriginVerify', {
      secretName: props.originVerifySecretName,
      headerName: props.originVerifyHeaderName,
      replicaRegions,
    });
    for (const o of originList) {
      if (o.originGuard) this.originVerifySecret.protect(o.originGuard);
    }

    // ---- buckets ----
    this.logsBucket = createLogBucket(this, 'LogsBucket', { writer: 'cloudfront', retention: props.accessLogsRetention ?? Duration.days(365), versioned: true });

    this.staticAssetsBucket = new s3.Bucket(this, 'StaticAssetsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 's3-static/',
      lifecycleRules: [{ id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // S3 server access logs (the static bucket's) go to the logs bucket: its default encryption must be SSE-S3.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
    acknowledgeSseS3Bucket(this.logsBucket, 'it receives S3 server access logs (s3-static/), whose delivery supports SSE-S3 default encryption only');
    acknowledgeSseS3Bucket(this.staticAssetsBucket,
      'public static assets every viewer receives through CloudFront (OAC); SSE-S3 encrypts them at rest without a KMS request per origin fetch');
    acknowledgeExpiringBucket(this.staticAssetsBucket, 'static assets deployed by the application and served by CloudFront; old versions expire after 30 days');

    // ---- certificate ----
    if (domainNames.length > 0) {
      this.certificate =
        props.certificate ??
        new acm.Certificate(this, 'Certificate', {
          domainName: domainNames[0],
          subjectAlternativeNames: domainNames.length > 1 ? domainNames.slice(1) : undefined,
          validation: acm.CertificateValidation.fromDns(props.hostedZone),
        });
    }

    // ---- WAF ----
    this.webAcl = createEdgeWebAcl(this, 'WebAcl', {
      metricName: this.webAclMetricName,
      rateLimit: props.rateLimit ?? 2000,
      rateLimitWindowSeconds: settings.rateLimitWindow.toSeconds({ integral: false }),
      managedRuleGroups: settings.managedRuleGroups,
    });

    // ---- policies ----
    this.responseHeadersPolicy = createSecurityHeadersPolicy(this, 'SecurityHeaders', props.contentSecurityPolicy);
    if (props.microCacheTtl) this.microCachePolicy = createMicroCachePolicy(this, 'MicroCache', props.microCacheTtl);

    // ---- origins ----
    const httpsOrigin = (domainName: string, httpsPort: number) =>
      new origins.HttpOrigin(domainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        httpsPort,
        connectionAttempts: props.originConnectionAttempts ?? 2,
        connectionTimeout: props.originConnectionTimeout ?? Duration.seconds(5),
        readTimeout: props.originReadTimeout ?? Duration.seconds(30),
        customHeaders: { [this.originVerifySecret.headerName]: this.originVerifySecret.headerValue },
      });
    this.albOrigins = originList.map((o) => httpsOrigin(o.domainName, o.httpsPort ?? 443));
    this.failoverEnabled = failover;
    // Route 53 failover between the two regions: writes follow it, reads try it first.
    this.dnsFailoverOrigin = props.failoverDomainName ? httpsOrigin(props.failoverDomainName, originList[0]?.httpsPort ?? 443) : undefined;
    const dynamicOrigin: cloudfront.IOrigin = failover
      ? new origins.OriginGroup({
          primaryOrigin: this.dnsFailoverOrigin ?? this.albOrigins[0],
          fallbackOrigin: this.albOrigins[1],
          fallbackStatusCodes: [...settings.failoverStatusCodes],
        })
      : this.albOrigins[0];

    const dynamicBehavior = {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      compress: true,
      cachePolicy: this.microCachePolicy ?? cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.responseHeadersPolicy,
    };
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {
      [staticPathPattern]: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.staticAssetsBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        compress: true,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
    };
    for (const pattern of writePathPatterns) {
      additionalBehaviors[pattern] = { ...dynamicBehavior, origin: this.dnsFailoverOrigin ?? this.albOrigins[0], allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL };
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: (props.comment ?? this.node.path).slice(0, 128),
      defaultBehavior: {
        ...dynamicBehavior,
        origin: dynamicOrigin,
        // CloudFront rejects POST/PUT/PATCH/DELETE on a behaviour targeting an origin group.
        allowedMethods: failover ? cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS : cloudfront.AllowedMethods.ALLOW_ALL,
      },
      additionalBehaviors,
      domainNames: domainNames.length > 0 ? [...domainNames] : undefined,
      certificate: this.certificate,
      // Only meaningful with a custom certificate (the *.cloudfront.net one is fixed at TLSv1).
      minimumProtocolVersion: this.certificate ? settings.minimumProtocolVersion : undefined,
      sslSupportMethod: this.certificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_ALL,
      geoRestriction: props.geoRestriction,
      webAclId: this.webAcl.attrArn,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      publishAdditionalMetrics: props.additionalMetrics ?? true,
    });
    // The origin header's dynamic reference must resolve: create the secret first.
    this.distribution.node.addDependency(this.originVerifySecret.secret);
    acknowledgeCfnGuard(this.distribution, 'cloudfront_default_root_object_configured_check',
      'The default behaviour forwards every path, / included, to the application origin, which serves its own root; a default ' +
      'root object would rewrite / to a static object.');
    if (!failover) {
      acknowledgeCfnGuard(this.distribution, 'cloudfront_origin_failover_enabled_check',
        'One regional origin (the plan has one region, or routes active-active through one latency-routed name): there is no second ' +
        'origin to fail over to.');
    }
    if (!props.geoRestriction) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR1',
        reason: 'The service is global by design; geographic restriction is opt-in through the geoRestriction prop (allow or deny list).',
      });
    }
  }

  /** Domain name of the distribution (`*.cloudfront.net`), for DNS alias records. */
  public get distributionDomainName(): string {
    return this.distribution.distributionDomainName;
  }

  /** A CloudFront metric with the dimensions CloudWatch publishes it under (`DistributionId`, `Region=Global`), in us-east-1. */
  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      dimensionsMap: { DistributionId: this.distribution.distributionId, Region: 'Global' },
      region: GLOBAL_SERVICES_REGION,
      ...props,
    });
  }

  /** Viewer requests (sum). */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Requests', { statistic: 'Sum', ...props });
  }

  /** Percentage of viewer requests answered with a 5xx (average). */
  public metric5xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5xxErrorRate', { statistic: 'Average', ...props });
  }

  /** Percentage of viewer requests answered with a 4xx (average). */
  public metric4xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('4xxErrorRate', { statistic: 'Average', ...props });
  }

  /** Time to first byte from the origin, ms (p99 by default; needs `additionalMetrics`). */
  public metricOriginLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('OriginLatency', { statistic: 'p99', ...props });
  }

  /**
   * Requests the WebACL's rate-based rule blocked (sum). CloudFront-scope WAF metrics are published in
   * us-east-1 with the `WebACL` and `Rule` dimensions (the visibility-config metric names), no `Region`.
   */
  public metricRateLimitedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: this.webAclMetricName, Rule: rateLimitRuleMetricName(this.webAclMetricName) },
      region: GLOBAL_SERVICES_REGION,
      statistic: 'Sum',
      ...props,
    });
  }

  private get webAclMetricName(): string {
    return Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
  }
}
