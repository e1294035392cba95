import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PropsValidationError } from '../../lib/validation';
import { ALB_HEADER_NAME_RULE } from '../../lib/validation/rules';
import { DnsFailover, DnsRouting } from '../../lib/dns';
import { Edge, EdgeProps, OriginVerifySecret } from '../../lib/edge';
import { newTestApp, TestStack } from '../support/app';
import { RecordingGuard, regionalAlbStack } from './regional-fixture';

const DIST = 'AWS::CloudFront::Distribution';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const SECRET_REF = /^\{\{resolve:secretsmanager:[A-Za-z0-9/_+=.@-]+:SecretString\}\}$/;

const TWO_ORIGINS: EdgeProps['origins'] = [
  { domainName: 'origin-use1.example.com', region: 'us-east-1' },
  { domainName: 'origin-usw2.example.com', region: 'us-west-2' },
];

/** A us-east-1 stack with an Edge; the App is fresh per call (one App per Template). */
function edgeStack(props: Partial<EdgeProps> = {}, region: string | null = 'us-east-1') {
  const app = newTestApp();
  const stack = new Stack(app, 'Global', { env: region ? { region } : undefined });
  const edge = new Edge(stack, 'Edge', { origins: TWO_ORIGINS, ...props });
  return { app, stack, edge };
}

function distributionConfig(template: Template): any {
  const dists = Object.values(template.findResources(DIST));
  expect(dists).toHaveLength(1);
  return (dists[0] as any).Properties.DistributionConfig;
}

describe('Edge with two regional origins, a custom domain and write paths (one shared stack)', () => {
  let template: Template;
  let edge: Edge;
  let config: any;
  beforeAll(() => {
    const app = newTestApp();
    const stack = new TestStack(app, 'Global');
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    edge = new Edge(stack, 'Edge', {
      origins: TWO_ORIGINS,
      domainNames: ['www.example.com', 'example.com'],
      hostedZone: zone,
      writePathPatterns: ['/api/*'],
      originVerifySecretName: 'shop/origin-verify',
    });
    template = Template.fromStack(stack);
    config = distributionConfig(template);
  });

  test('viewers: custom domains, SNI certificate with TLSv1.2_2021, HTTP/2 and HTTP/3, IPv6, all edge locations', () => {
    expect(config.Aliases).toEqual(['www.example.com', 'example.com']);
    template.hasResourceProperties(DIST, {
      DistributionConfig: Match.objectLike({
        ViewerCertificate: { AcmCertificateArn: { Ref: Match.stringLikeRegexp('^EdgeCertificate') }, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        HttpVersion: 'http2and3',
        IPV6Enabled: true,
        PriceClass: 'PriceClass_All',
        Enabled: true,
      }),
    });
  });

  test('the certificate is created in this us-east-1 stack, DNS-validated in the hosted zone, covering every domain', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'www.example.com',
      SubjectAlternativeNames: ['example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: Match.arrayWith([Match.objectLike({ DomainName: 'www.example.com', HostedZoneId: { Ref: Match.stringLikeRegexp('^Zone') } })]),
    });
    expect(edge.certificate).toBeDefined();
  });

  test('ALB origins: HTTPS only, TLSv1.2, 2 connection attempts, 5 s connect timeout, secret origin-verify header', () => {
    const albOrigins = config.Origins.filter((o: any) => o.CustomOriginConfig);
    expect(albOrigins.map((o: any) => o.DomainName)).toEqual(expect.arrayContaining(['origin-use1.example.com', 'origin-usw2.example.com']));
    for (const o of albOrigins) {
      expect(o.CustomOriginConfig).toEqual({ HTTPSPort: 443, OriginProtocolPolicy: 'https-only', OriginReadTimeout: 30, OriginSSLProtocols: ['TLSv1.2'] });
      expect(o.ConnectionAttempts).toBe(2);
      expect(o.ConnectionTimeout).toBe(5);
      expect(o.OriginCustomHeaders).toEqual([{ HeaderName: 'X-Origin-Verify', HeaderValue: '{{resolve:secretsmanager:shop/origin-verify:SecretString}}' }]);
    }
  });

  test('origin group: primary us-east-1 then us-west-2, failing over on 500/502/503/504; default behaviour targets it with GET/HEAD/OPTIONS', () => {
    expect(config.OriginGroups.Quantity).toBe(1);
    const group = config.OriginGroups.Items[0];
    expect(group.FailoverCriteria.StatusCodes).toEqual({ Items: [500, 502, 503, 504], Quantity: 4 });
    const [primaryId, secondaryId] = group.Members.Items.map((m: any) => m.OriginId);
    const byId = (id: string) => config.Origins.find((o: any) => o.Id === id);
    expect(byId(primaryId).DomainName).toBe('origin-use1.example.com');
    expect(byId(secondaryId).DomainName).toBe('origin-usw2.example.com');
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(group.Id);
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(edge.failoverEnabled).toBe(true);
  });

  test('dynamic default behaviour: not cached, forwards all viewer headers/cookies/query strings, compressed, HTTPS redirect, security headers', () => {
    expect(config.DefaultCacheBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: expect.stringMatching(/^EdgeSecurityHeaders/) },
    });
    template.resourceCountIs('AWS::CloudFront::CachePolicy', 0);
    expect(edge.microCachePolicy).toBeUndefined();
  });

  test('write paths accept every method and go to the primary origin only', () => {
    const api = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']));
    const origin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(origin.DomainName).toBe('origin-use1.example.com');
    expect(api).toMatchObject({ CachePolicyId: CACHING_DISABLED, OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST, ViewerProtocolPolicy: 'redirect-to-https' });
  });

  test('static assets: /static/* from the S3 bucket through OAC, CachingOptimized, compressed', () => {
    const st = config.CacheBehaviors.find((b: any) => b.PathPattern === '/static/*');
    expect(st).toMatchObject({ CachePolicyId: CACHING_OPTIMIZED, Compress: true, ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
    const origin = config.Origins.find((o: any) => o.Id === st.TargetOriginId);
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EdgeStaticAssetsBucket/), 'RegionalDomainName'] });
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    // Only this distribution may read the bucket.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^EdgeStaticAssetsBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } } }),
        ]),
      },
    });
  });

  test('static bucket: encrypted, versioned, public access blocked, TLS enforced, access-logged, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^EdgeLogsBucket') }, LogFilePrefix: 's3-static/' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^EdgeStaticAssetsBucket') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('access logs: distribution logs to an ACL-enabled (ObjectWriter), S3-encrypted, expiring logs bucket', () => {
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^EdgeLogsBucket/), 'RegionalDomainName'] },
      IncludeCookies: false,
      Prefix: 'cloudfront/',
    });
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })]) },
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^EdgeLogsBucket') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('security response headers: HSTS 2 years with subdomains, nosniff, frame DENY, strict referrer, XSS block', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          XSSProtection: { Protection: true, ModeBlock: true, Override: true },
        },
      }),
    });
  });

  test('WAF: CLOUDFRONT-scope WebACL on the distribution; per-IP rate rule (2000 / 300 s) answering 429; AWS managed rule sets; metrics on', () => {
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EdgeWebAcl/), 'Arn'] });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: Match.anyValue() },
      CustomResponseBodies: { TooManyRequests: { ContentType: 'TEXT_PLAIN', Content: Match.anyValue() } },
      Rules: [
        {
          Name: 'RateLimitPerClientIp',
          Priority: 0,
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 2000, EvaluationWindowSec: 300 } },
          Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'TooManyRequests', ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }] } } },
          VisibilityConfig: Match.objectLike({ CloudWatchMetricsEnabled: true }),
        },
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          Priority: 1,
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
          OverrideAction: { None: {} },
        }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet', Priority: 2 }),
      ],
    });
  });

  test('origin-verify secret: generated alphanumeric, named, replicated to the other origin region; created before the distribution', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'shop/origin-verify',
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      ReplicaRegions: [{ Region: 'us-west-2' }],
    });
    const dist = Object.values(template.findResources(DIST))[0] as any;
    expect(dist.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^EdgeOriginVerifySecret/)]));
    expect(edge.originVerifySecret.headerValue).toBe('{{resolve:secretsmanager:shop/origin-verify:SecretString}}');
    expect(edge.originVerifySecret.replicaRegions).toEqual(['us-west-2']);
  });

  test('additional metrics are published; metric helpers use DistributionId + Region=Global in us-east-1', () => {
    template.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', {
      MonitoringSubscription: { RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' } },
    });
    const stack = Stack.of(edge);
    for (const [metric, name, stat] of [
      [edge.metricRequests(), 'Requests', 'Sum'],
      [edge.metric5xxErrorRate(), '5xxErrorRate', 'Average'],
      [edge.metric4xxErrorRate(), '4xxErrorRate', 'Average'],
      [edge.metricOriginLatency(), 'OriginLatency', 'p99'],
    ] as const) {
      expect(metric.namespace).toBe('AWS/CloudFront');
      expect(metric.metricName).toBe(name);
      expect(metric.statistic).toBe(stat);
      expect(metric.region).toBe('us-east-1');
      expect(stack.resolve(metric.dimensions)).toEqual({ DistributionId: { Ref: expect.stringMatching(/^EdgeDistribution/) }, Region: 'Global' });
    }
    const waf = edge.metricRateLimitedRequests();
    expect(waf.namespace).toBe('AWS/WAFV2');
    expect(waf.dimensions!.Rule).toMatch(/-RateLimit$/);
    const rateRule = (Object.values(template.findResources('AWS::WAFv2::WebACL'))[0] as any).Properties.Rules[0];
    expect(rateRule.VisibilityConfig.MetricName).toBe(waf.dimensions!.Rule);
  });

  test('cdk-nag AwsSolutions reports nothing; the three acknowledgments sit on the specific constructs', () => {
    const report = new AwsSolutionsChecks().validateScope(Stack.of(edge));
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    expect(JSON.stringify(edge.distribution.node.metadata)).toContain('AwsSolutions-CFR1');
    expect(JSON.stringify(edge.logsBucket.node.metadata)).toContain('AwsSolutions-S1');
    expect(JSON.stringify(edge.staticAssetsBucket.node.metadata)).not.toContain('AwsSolutions-S1');
    expect(JSON.stringify(edge.originVerifySecret.secret.node.metadata)).toContain('AwsSolutions-SMG4');
  });
});

describe('Edge with one origin and every option', () => {
  let template: Template;
  let edge: Edge;
  let config: any;
  beforeAll(() => {
    const app = newTestApp();
    const stack = new TestStack(app, 'Global');
    const cert = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    edge = new Edge(stack, 'Edge', {
      origins: [{ domainName: 'origin.example.com', region: 'eu-west-1', httpsPort: 8443 }],
      domainNames: ['app.example.com'],
      certificate: cert,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025,
      staticPathPattern: '/assets/*',
      microCacheTtl: Duration.seconds(5),
      contentSecurityPolicy: "default-src 'self'",
      rateLimit: 100,
      rateLimitWindow: Duration.minutes(1),
      managedRuleGroups: ['AWSManagedRulesCommonRuleSet'],
      geoRestriction: cloudfront.GeoRestriction.denylist('KP', 'IR'),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      accessLogsRetention: Duration.days(90),
      additionalMetrics: false,
      originConnectionAttempts: 3,
      originConnectionTimeout: Duration.seconds(2),
      originReadTimeout: Duration.seconds(60),
      originVerifyHeaderName: 'X-From-Edge',
    });
    template = Template.fromStack(stack);
    config = distributionConfig(template);
  });

  test('a single origin: no origin group, default behaviour allows every method', () => {
    expect(config.OriginGroups).toBeUndefined();
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'DELETE']));
    const origin = config.Origins.find((o: any) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
    expect(origin).toMatchObject({
      DomainName: 'origin.example.com',
      ConnectionAttempts: 3,
      ConnectionTimeout: 2,
      CustomOriginConfig: { HTTPSPort: 8443, OriginReadTimeout: 60, OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      OriginCustomHeaders: [{ HeaderName: 'X-From-Edge', HeaderValue: expect.stringMatching(SECRET_REF) }],
    });
    expect(edge.failoverEnabled).toBe(false);
  });

  test('the given certificate and TLS policy are used; no certificate is created', () => {
    expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', MinimumProtocolVersion: 'TLSv1.2_2025', SslSupportMethod: 'sni-only' });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('micro-cache: a custom cache policy of at most 5 s keyed on query strings, cookies and Authorization', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 5,
        MaxTTL: 5,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          CookiesConfig: { CookieBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      }),
    });
    expect(config.DefaultCacheBehavior.CachePolicyId).toEqual({ Ref: expect.stringMatching(/^EdgeMicroCache/) });
    expect(config.DefaultCacheBehavior.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST);
  });

  test('custom static path, geo deny list, price class, CSP', () => {
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern)).toEqual(['/assets/*']);
    expect(config.Restrictions).toEqual({ GeoRestriction: { Locations: ['KP', 'IR'], RestrictionType: 'blacklist' } });
    expect(config.PriceClass).toBe('PriceClass_100');
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({ ContentSecurityPolicy: { ContentSecurityPolicy: "default-src 'self'", Override: true } }),
      }),
    });
  });

  test('rate rule 100 per 60 s, only the common rule set; no replica when the only origin is elsewhere → replicated there', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: [
        Match.objectLike({ Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 100, EvaluationWindowSec: 60 } } }),
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
      ],
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'eu-west-1' }] });
  });

  test('log retention 90 days; additional metrics off; CFR1 not acknowledged when geo restriction is on', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90 })]) },
    });
    template.resourceCountIs('AWS::CloudFront::MonitoringSubscription', 0);
    const acks = JSON.stringify(edge.distribution.node.metadata);
    expect(acks).not.toContain('AwsSolutions-CFR1');
  });
});

describe('Edge wiring to regional tiers', () => {
  test('each origin guard gets the header name and the dynamic reference; its stack deploys after the edge stack', () => {
    const app = newTestApp();
    const global = new TestStack(app, 'Global');
    const east = regionalAlbStack(app, 'East', 'us-east-1');
    const west = regionalAlbStack(app, 'West', 'us-west-2');
    const edge = new Edge(global, 'Edge', {
      origins: [
        { domainName: 'origin-use1.example.com', region: 'us-east-1', originGuard: east.guard },
        { domainName: 'origin-usw2.example.com', region: 'us-west-2', originGuard: west.guard },
      ],
    });
    const ref = edge.originVerifySecret.headerValue;
    expect(ref).toMatch(SECRET_REF);
    for (const r of [east, west]) {
      expect(r.guard.recorder.calls).toEqual([{ headerName: 'X-Origin-Verify', headerValue: ref }]);
      expect(r.stack.dependencies).toContain(global);
      Template.fromStack(r.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [ref] } }],
      });
    }
    expect(global.dependencies).toHaveLength(0);
  });

  test('a plain (non-construct) guard in the same app is called too; a guard in the same stack depends on the secret', () => {
    const app = newTestApp();
    const regional = regionalAlbStack(app, 'Single', 'us-east-1');
    const plain = new RecordingGuard(regional.listener);
    const edge = new Edge(regional.stack, 'Edge', {
      origins: [{ domainName: 'origin.example.com', region: 'us-east-1', originGuard: plain }],
    });
    expect(plain.calls).toEqual([{ headerName: 'X-Origin-Verify', headerValue: edge.originVerifySecret.headerValue }]);
    // same-stack construct guard: node dependency instead of a stack dependency
    edge.originVerifySecret.protect(regional.guard);
    expect(regional.guard.node.dependencies).toContain(edge.originVerifySecret.secret);
    expect(regional.stack.dependencies).toHaveLength(0);
  });

  test('guardRegions: the secret is also replicated there (not to us-east-1), so a tier there that is not an origin can be protected', () => {
    const app = newTestApp();
    const global = new TestStack(app, 'Global');
    const east = regionalAlbStack(app, 'East', 'us-east-1');
    const west = regionalAlbStack(app, 'West', 'us-west-2');
    // Active-active behind one latency-routed origin name: only the first region is named as an origin.
    const edge = new Edge(global, 'Edge', {
      origins: [{ domainName: 'origin.example.com', region: 'us-east-1', originGuard: east.guard }],
      guardRegions: ['us-east-1', 'us-west-2', 'us-west-2'],
    });
    edge.originVerifySecret.protect(west.guard);
    expect(edge.originVerifySecret.replicaRegions).toEqual(['us-west-2']);
    expect(edge.originVerifySecret.isReadableIn('us-east-1')).toBe(true);
    expect(edge.originVerifySecret.isReadableIn('us-west-2')).toBe(true);
    expect(edge.originVerifySecret.isReadableIn('eu-west-1')).toBe(false);
    expect(west.guard.recorder.calls).toEqual([{ headerName: 'X-Origin-Verify', headerValue: edge.originVerifySecret.headerValue }]);
    expect(west.stack.dependencies).toContain(global);
    Template.fromStack(global).hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'us-west-2' }] });
  });

  test('protect() refuses a tier in a region the secret is not replicated to, before touching it', () => {
    const app = newTestApp();
    const global = new TestStack(app, 'Global');
    const west = regionalAlbStack(app, 'West', 'us-west-2');
    const third = regionalAlbStack(app, 'Third', 'eu-west-1');
    const edge = new Edge(global, 'Edge', { origins: TWO_ORIGINS });
    expect(() => edge.originVerifySecret.protect(third.guard)).toThrow(
      /Global\/Edge\/OriginVerify\.protect: invalid props[\s\S]*guard: "Third\/Guard in eu-west-1" — the secret "[^"]+" is not readable in eu-west-1 \(it lives in us-east-1; replicas: us-west-2\)[\s\S]*add eu-west-1 to the replica regions \(Edge: guardRegions\)/,
    );
    expect(third.guard.recorder.calls).toEqual([]);
    expect(third.stack.dependencies).toHaveLength(0);
    // the origins' regions are readable by default
    edge.originVerifySecret.protect(west.guard);
    expect(west.guard.recorder.calls).toHaveLength(1);
  });

  test('protect() cannot tell in an environment-agnostic edge stack and does not refuse', () => {
    const app = newTestApp();
    const global = new Stack(app, 'Global');
    const third = regionalAlbStack(app, 'Third', 'eu-west-1');
    const edge = new Edge(global, 'Edge', { origins: [TWO_ORIGINS[0]] });
    expect(edge.originVerifySecret.isReadableIn('eu-west-1')).toBeUndefined();
    expect(() => edge.originVerifySecret.protect(third.guard)).not.toThrow();
    expect(third.guard.recorder.calls).toHaveLength(1);
  });

  test('OriginVerifySecret.dynamicReference builds the by-name reference and rejects tokens and bad names', () => {
    expect(OriginVerifySecret.dynamicReference('a/b_c')).toBe('{{resolve:secretsmanager:a/b_c:SecretString}}');
    expect(() => OriginVerifySecret.dynamicReference('has:colon')).toThrow(PropsValidationError);
    expect(() => OriginVerifySecret.dynamicReference('has:colon')).toThrow(/secretName: "has:colon" — must be a plain string/);
    const stack = new Stack(newTestApp(), 'S');
    expect(() => OriginVerifySecret.dynamicReference(stack.account)).toThrow(/must be a plain string/);
  });

  test('OriginVerifySecret validates its own props', () => {
    const stack = new TestStack(newTestApp(), 'S');
    expect(() => new OriginVerifySecret(stack, 'V', { headerName: 'Host', length: 8, replicaRegions: ['us-east-1'], secretName: 'bad name' })).toThrow(
      /secretName: "bad name" — must be a plain string[\s\S]*headerName: "Host" — is a header CloudFront does not allow[\s\S]*length: 8 — must be a whole number between 32 and 128[\s\S]*replicaRegions: \["us-east-1"\] — must not include the stack's own region/,
    );
    expect(() => new OriginVerifySecret(stack, 'W', { headerName: 'X-Amz-Foo' })).toThrow(/CloudFront does not allow/);
  });
});

describe('OriginVerifySecret validation', () => {
  const FIFTY = `X-${'a'.repeat(48)}`;

  test('a 50-character header name is refused up front with the shared ALB header-name rule (the one WebTier applies)', () => {
    expect(FIFTY).toHaveLength(50);
    const stack = new TestStack(newTestApp(), 'S');
    let error: unknown;
    try {
      new OriginVerifySecret(stack, 'V', { headerName: FIFTY });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems).toEqual([{ path: 'headerName', value: FIFTY, message: ALB_HEADER_NAME_RULE }]);
    expect(stack.node.findChild('V').node.children).toHaveLength(0);
    // 40 characters, the ALB's limit, is accepted.
    expect(() => new OriginVerifySecret(stack, 'Forty', { headerName: `X-${'a'.repeat(38)}` })).not.toThrow();
  });

  test('an Edge refuses the same header name before creating the secret or touching a guard', () => {
    const app = newTestApp();
    const global = new TestStack(app, 'Global');
    const west = regionalAlbStack(app, 'West', 'us-west-2');
    expect(() =>
      new Edge(global, 'Edge', {
        origins: [TWO_ORIGINS[0], { ...TWO_ORIGINS[1], originGuard: west.guard }],
        originVerifyHeaderName: FIFTY,
      }),
    ).toThrow(`originVerifyHeaderName: "${FIFTY}" — ${ALB_HEADER_NAME_RULE}`);
    expect(west.guard.recorder.calls).toEqual([]);
    expect(west.stack.dependencies).toHaveLength(0);
  });

  test('several bad props at once (a token secret name, a 50-character header name, a fake region, a short value) yield one PropsValidationError', () => {
    const stack = new TestStack(newTestApp(), 'S');
    let error: unknown;
    try {
      new OriginVerifySecret(stack, 'V', { secretName: stack.account, headerName: FIFTY, length: 31.5, replicaRegions: ['us-west-9', 'us-east-1'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path)).toEqual(['secretName', 'headerName', 'length', 'replicaRegions[0]', 'replicaRegions']);
    expect((error as Error).message).toMatch(/secretName: "\(an unresolved token\)" — must be a plain string/);
  });

  test('dynamicReference refuses a token with a PropsValidationError', () => {
    const stack = new Stack(newTestApp(), 'S');
    expect(() => OriginVerifySecret.dynamicReference(stack.account)).toThrow(PropsValidationError);
  });
});

describe('Edge validation', () => {
  // Only read for validation (the Edge throws before using it).
  const US_CERT = acm.Certificate.fromCertificateArn(new Stack(newTestApp(), 'CertHolder'), 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
  const build = (props: Partial<EdgeProps>) => () => edgeStack(props);

  test('every problem is reported at once, naming the prop, the value and what is allowed', () => {
    let error: unknown;
    try {
      edgeStack(
        {
          origins: [TWO_ORIGINS[0]],
          failover: true,
          rateLimit: 5,
          rateLimitWindow: Duration.minutes(3),
          microCacheTtl: Duration.minutes(5),
          staticPathPattern: 'static assets/*',
        },
        'eu-west-1',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    const problems = (error as PropsValidationError).problems.map((p) => p.path);
    expect(problems).toEqual(expect.arrayContaining(['stack region', 'failover', 'rateLimit', 'rateLimitWindow', 'microCacheTtl', 'staticPathPattern']));
    expect((error as Error).message).toMatch(/stack region: "eu-west-1" — Edge must be in a us-east-1 stack/);
    expect((error as Error).message).toMatch(/rateLimit: 5 — must be a whole number between 10 and 2000000000/);
    expect((error as Error).message).toMatch(/rateLimitWindow: "180 s" — must be 60, 120, 300 or 600 seconds/);
  });

  test('several bad props at once, a fractional-second Duration among them, yield ONE PropsValidationError naming each', () => {
    let error: unknown;
    try {
      edgeStack({
        origins: [TWO_ORIGINS[0], { domainName: 'origin_usw2.example.com', region: 'us-west-9', httpsPort: 0 }],
        originReadTimeout: Duration.millis(2500),
        originConnectionTimeout: Duration.millis(1500),
        microCacheTtl: Duration.millis(500),
        rateLimitWindow: Duration.millis(60500),
        originConnectionAttempts: 2.5,
        guardRegions: ['eu-west-1', 'mars-1'],
        originVerifyHeaderName: 'Host',
        originVerifySecretName: 'a:b',
        domainNames: ['www.example.com', '*.example.com', 'bad_name.example.com'],
        hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(new Stack(newTestApp(), 'Z'), 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' }),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path)).toEqual([
      'origins[1].domainName',
      'origins[1].region',
      'origins[1].httpsPort',
      'guardRegions[1]',
      'originConnectionAttempts',
      'originConnectionTimeout',
      'originReadTimeout',
      'originVerifyHeaderName',
      'originVerifySecretName',
      'microCacheTtl',
      'rateLimitWindow',
      'domainNames[2]',
    ]);
    const message = (error as Error).message;
    expect(message).toMatch(/Global\/Edge: invalid props \(12 problems\)/);
    expect(message).toMatch(/originReadTimeout: "2\.5 s" — must be a whole number of seconds between 1 and 180/);
    expect(message).toMatch(/rateLimitWindow: "60\.5 s" — must be 60, 120, 300 or 600 seconds/);
    expect(message).toMatch(/origins\[1\]\.region: "us-west-9" — must be an AWS region/);
  });

  test('a real region is needed (the shape of a region name is not enough); wildcard domain names are accepted', () => {
    expect(build({ origins: [{ domainName: 'origin.example.com', region: 'us-west-9' }] })).toThrow(/origins\[0\]\.region: "us-west-9" — must be an AWS region/);
    const zone = (stack: Stack) => new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const app = newTestApp();
    const stack = new TestStack(app, 'Global');
    const edge = new Edge(stack, 'Edge', { origins: TWO_ORIGINS, domainNames: ['*.example.com'], hostedZone: zone(stack) });
    expect(edge.certificate).toBeDefined();
  });

  test.each<[string, Partial<EdgeProps>, RegExp]>([
    ['more than two origins', { origins: [...TWO_ORIGINS, { domainName: 'o3.example.com', region: 'eu-west-1' }] }, /origins: 3 — give one or two regional origins/],
    ['no origin', { origins: [] }, /origins: 0 — give one or two/],
    ['failover with one origin', { origins: [TWO_ORIGINS[0]], failover: true }, /failover: true — failover needs exactly two origins \(got 1\)/],
    ['two origins without failover', { failover: false }, /failover: false — a second origin is only used for failover/],
    ['a WAF limit below 10', { rateLimit: 9 }, /rateLimit: 9 — must be a whole number between 10/],
    ['a WAF window not allowed', { rateLimitWindow: Duration.seconds(30) }, /rateLimitWindow: "30 s" — must be 60, 120, 300 or 600/],
    ['a micro-cache TTL too long', { microCacheTtl: Duration.seconds(61) }, /microCacheTtl: "61 s" — a micro-cache holds dynamic responses 1–60 s/],
    ['a bad static path pattern', { staticPathPattern: '/static assets/*' }, /staticPathPattern: "\/static assets\/\*" — must be a CloudFront path pattern/],
    ['the default path pattern as static', { staticPathPattern: '*' }, /staticPathPattern: "\*" — must be a CloudFront path pattern/],
    ['a duplicated write pattern', { writePathPatterns: ['/static/*'] }, /writePathPatterns\[0\]: "\/static\/\*" — is used by another behaviour/],
    ['write patterns without failover', { origins: [TWO_ORIGINS[0]], writePathPatterns: ['/api/*'] }, /writePathPatterns: \["\/api\/\*"\] — only apply with failover/],
    ['a DNS failover name without failover', { origins: [TWO_ORIGINS[0]], failoverDomainName: 'origin.example.com' }, /failoverDomainName: "origin.example.com" — applies only with failover between two origins/],
    ['a DNS failover name that is no hostname', { failoverDomainName: 'origin_example' }, /failoverDomainName: "origin_example"/],
    ['a bad origin host and region', { origins: [{ domainName: 'not a host', region: 'moon-1' }] }, /origins\[0\]\.domainName: "not a host"[\s\S]*origins\[0\]\.region: "moon-1"/],
    ['a failover code CloudFront does not support', { failoverStatusCodes: [501] }, /failoverStatusCodes\[0\]: 501 — must be one of 400, 403, 404, 416, 500, 502, 503, 504/],
    ['a bad guard region', { guardRegions: ['us-west-2', 'moon'] }, /guardRegions\[1\]: "moon" — must be an AWS region/],
    ['connection attempts out of range', { originConnectionAttempts: 4 }, /originConnectionAttempts: 4 — must be a whole number between 1 and 3/],
    ['connection timeout out of range', { originConnectionTimeout: Duration.seconds(11) }, /originConnectionTimeout: "11 s" — must be a whole number of seconds between 1 and 10/],
    ['an outdated viewer TLS policy', { domainNames: ['a.example.com'], certificate: US_CERT, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2019 }, /minimumProtocolVersion: "TLSv1.2_2019" — must be one of TLSv1.2_2021/],
    ['domain names without certificate or zone', { domainNames: ['www.example.com'] }, /certificate: missing — domainNames need a us-east-1 certificate or a hostedZone/],
  ])('rejects %s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('rejects a certificate outside us-east-1 (from its ARN, or from its stack region)', () => {
    const app = newTestApp();
    const stack = new TestStack(app, 'Global');
    const imported = acm.Certificate.fromCertificateArn(stack, 'Imported', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    expect(() => new Edge(stack, 'E1', { origins: TWO_ORIGINS, domainNames: ['www.example.com'], certificate: imported })).toThrow(
      /certificate: "arn:aws:acm:eu-west-1:[^"]*" — is in eu-west-1; CloudFront only uses ACM certificates in us-east-1/,
    );
    const euStack = new TestStack(app, 'Eu', { region: 'eu-west-1' });
    const created = new acm.Certificate(euStack, 'Cert', { domainName: 'www.example.com' });
    expect(() => new Edge(stack, 'E2', { origins: TWO_ORIGINS, domainNames: ['www.example.com'], certificate: created })).toThrow(/is in eu-west-1/);
  });

  test('without domainNames: the *.cloudfront.net certificate, no TLS policy emitted, and cdk-nag CFR4 reports it (not acknowledged)', () => {
    const { stack, edge } = edgeStack({});
    const config = distributionConfig(Template.fromStack(stack));
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    expect(edge.certificate).toBeUndefined();
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(['AwsSolutions-CFR4']);
  });

  test('an environment-agnostic stack is accepted (region unknown at synth) and replicates the secret to every origin region', () => {
    const { stack } = edgeStack({}, null);
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'us-east-1' }, { Region: 'us-west-2' }] });
  });
});

describe('Edge compliance: one CDK app, us-east-1 edge + DNS, ALBs in us-east-1 and us-west-2', () => {
  test('synthesizes offline with cdk-nag AwsSolutions and CloudFormation Validate clean', () => {
    const app = newTestApp({ validate: true, nag: true });
    const global = new TestStack(app, 'Global');
    const east = regionalAlbStack(app, 'East', 'us-east-1');
    const west = regionalAlbStack(app, 'West', 'us-west-2');
    const zone = new route53.PublicHostedZone(global, 'Zone', { zoneName: 'example.com' });
    const edge = new Edge(global, 'Edge', {
      origins: [
        { domainName: 'origin-use1.example.com', region: 'us-east-1', originGuard: east.guard },
        { domainName: 'origin-usw2.example.com', region: 'us-west-2', originGuard: west.guard },
      ],
      domainNames: ['www.example.com'],
      hostedZone: zone,
      microCacheTtl: Duration.seconds(2),
      writePathPatterns: ['/api/*'],
    });
    new DnsFailover(global, 'Dns', { hostedZone: zone, recordName: 'www', routing: DnsRouting.cloudFront(edge.distribution) });
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['East', 'Global', 'West']);
    expect(assembly.getStackByName('West').dependencies.map((d) => d.id)).toContain('Global');
  });
});
