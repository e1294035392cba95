/** Every check of an {@link Edge}'s props, reported together in one PropsValidationError. */
import { Arn, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { ProblemCollector, secondsOf, throwIfProblems } from '../private/validation';
import { GLOBAL_SERVICES_REGION } from '../validation';
import type { EdgeOrigin, EdgeProps } from './edge';
import { checkOriginVerifyHeaderName, checkOriginVerifySecretName } from './validate-origin-verify-secret';

/** An Edge's props after defaults. */
export interface EdgeSettings {
  readonly origins: readonly EdgeOrigin[];
  readonly failover: boolean;
  readonly failoverStatusCodes: readonly number[];
  readonly staticPathPattern: string;
  readonly writePathPatterns: readonly string[];
  readonly rateLimitWindow: Duration;
  readonly managedRuleGroups: readonly string[];
  readonly minimumProtocolVersion: cloudfront.SecurityPolicyProtocol;
  readonly domainNames: readonly string[];
}

/** WAF rate-based rule evaluation windows, seconds. */
const ALLOWED_WINDOWS = [60, 120, 300, 600];
/** Status codes an origin group can fail over on. */
const ALLOWED_FAILOVER_CODES = [400, 403, 404, 416, 500, 502, 503, 504];
const MODERN_TLS = [
  cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
  cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025,
  cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025,
];
/** CloudFront path pattern characters: A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & */
const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&]{1,255}$/;
const MANAGED_RULE_GROUP_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Throws one PropsValidationError listing every invalid prop of an Edge (the origin-verify header and secret names too). */
export function validateEdgeProps(scope: Construct, props: EdgeProps, settings: EdgeSettings): void {
  const { origins, failover, failoverStatusCodes, writePathPatterns, managedRuleGroups, minimumProtocolVersion, domainNames } = settings;
  const problems = new ProblemCollector();
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region)) {
    problems.check(
      'stack region',
      region,
      region === GLOBAL_SERVICES_REGION,
      `Edge must be in a ${GLOBAL_SERVICES_REGION} stack: CloudFront-scope WAF WebACLs and viewer certificates exist only there`,
    );
  }

  // ---- origins and failover ----
  problems.check('origins', origins.length, origins.length >= 1 && origins.length <= 2, 'give one or two regional origins (primary, then secondary)');
  origins.forEach((o, i) => {
    problems.check(`origins[${i}].domainName`, o.domainName, o.domainName !== undefined, 'is required: the hostname CloudFront connects to');
    problems.hostname(`origins[${i}].domainName`, o.domainName);
    problems.check(`origins[${i}].region`, o.region, o.region !== undefined, "is required: the ALB's region");
    problems.region(`origins[${i}].region`, o.region);
    problems.integer(`origins[${i}].httpsPort`, o.httpsPort, { min: 1, max: 65535 });
  });
  if (failover) {
    problems.check('failover', failover, origins.length === 2, `failover needs exactly two origins (got ${origins.length})`);
  } else {
    problems.check('failover', failover, origins.length <= 1, 'a second origin is only used for failover: set failover to true or give one origin');
  }
  (props.guardRegions ?? []).forEach((r, i) => problems.region(`guardRegions[${i}]`, r));
  failoverStatusCodes.forEach((c, i) =>
    problems.check(`failoverStatusCodes[${i}]`, c, ALLOWED_FAILOVER_CODES.includes(c), `must be one of ${ALLOWED_FAILOVER_CODES.join(', ')}`),
  );
  problems.check('failoverStatusCodes', failoverStatusCodes, failoverStatusCodes.length > 0, 'give at least one status code');
  problems.integer('originConnectionAttempts', props.originConnectionAttempts, { min: 1, max: 3 });
  problems.seconds('originConnectionTimeout', props.originConnectionTimeout, { min: 1, max: 10 });
  problems.seconds('originReadTimeout', props.originReadTimeout, { min: 1, max: 180 });
  checkOriginVerifyHeaderName(problems, 'originVerifyHeaderName', props.originVerifyHeaderName);
  checkOriginVerifySecretName(problems, 'originVerifySecretName', props.originVerifySecretName);

  // ---- behaviours ----
  const patterns = [settings.staticPathPattern, ...writePathPatterns];
  patterns.forEach((p, i) => {
    const name = i === 0 ? 'staticPathPattern' : `writePathPatterns[${i - 1}]`;
    problems.check(name, p, typeof p === 'string' && PATH_PATTERN.test(p) && p !== '*' && p !== '/*',
      'must be a CloudFront path pattern (1–255 of A-Za-z0-9_-.*$/~"\'@:+&), other than the default "*" / "/*"');
    problems.check(name, p, patterns.indexOf(p) === i, 'is used by another behaviour');
  });
  problems.hostname('failoverDomainName', props.failoverDomainName);
  problems.check('failoverDomainName', props.failoverDomainName, props.failoverDomainName === undefined || failover,
    'applies only with failover between two origins (it is the DNS failover between them)');
  problems.check('writePathPatterns', writePathPatterns, writePathPatterns.length === 0 || failover,
    'only apply with failover (with one origin the default behaviour already allows every method)');
  problems.seconds('microCacheTtl', props.microCacheTtl, { min: 1, max: 60, message: 'a micro-cache holds dynamic responses 1–60 s; use a dedicated behaviour for longer caching' });

  // ---- WAF ----
  problems.integer('rateLimit', props.rateLimit, { min: 10, max: 2_000_000_000 });
  const windowSeconds = secondsOf(settings.rateLimitWindow);
  if (windowSeconds !== undefined) {
    problems.check('rateLimitWindow', `${windowSeconds} s`, ALLOWED_WINDOWS.includes(windowSeconds), 'must be 60, 120, 300 or 600 seconds (WAF rate-based rule windows)');
  }
  problems.check('managedRuleGroups', managedRuleGroups, managedRuleGroups.every((g) => MANAGED_RULE_GROUP_NAME.test(g)), 'must be AWS managed rule group names, e.g. AWSManagedRulesCommonRuleSet');

  // ---- viewers: domain names, certificate, TLS ----
  problems.check('minimumProtocolVersion', minimumProtocolVersion, MODERN_TLS.includes(minimumProtocolVersion), `must be one of ${MODERN_TLS.join(', ')}`);
  domainNames.forEach((d, i) => problems.hostname(`domainNames[${i}]`, d, { wildcard: true }));
  if (domainNames.length > 0) {
    problems.check('certificate', undefined, props.certificate !== undefined || props.hostedZone !== undefined, `domainNames need a ${GLOBAL_SERVICES_REGION} certificate or a hostedZone to create one in`);
  } else {
    problems.check('certificate', 'set', props.certificate === undefined, 'is only used with domainNames');
    problems.check('hostedZone', 'set', props.hostedZone === undefined, 'is only used (to validate a created certificate) with domainNames');
  }
  if (props.certificate) {
    const certRegion = regionOfCertificate(props.certificate);
    if (certRegion !== undefined) {
      const arn = props.certificate.certificateArn;
      problems.check('certificate', Token.isUnresolved(arn) ? props.certificate.node.path : arn, certRegion === GLOBAL_SERVICES_REGION,
        `is in ${certRegion}; CloudFront only uses ACM certificates in ${GLOBAL_SERVICES_REGION}`);
    }
  }
  throwIfProblems(scope, problems);
}

/** Region of a certificate when known at synth: from its ARN, else from the stack that defines it. */
function regionOfCertificate(certificate: acm.ICertificate): string | undefined {
  const arn = certificate.certificateArn;
  if (!Token.isUnresolved(arn)) {
    const region = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region;
    return region && !Token.isUnresolved(region) ? region : undefined;
  }
  const region = Stack.of(certificate).region;
  return Token.isUnresolved(region) ? undefined : region;
}
