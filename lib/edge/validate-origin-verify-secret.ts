/**
 * Every check of an {@link OriginVerifySecret}: its props, the secret name of a dynamic reference, and the region of
 * a guard it protects. The header-name and secret-name rules are shared with the Edge, which checks them up front.
 */
import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { OriginVerifySecret } from './origin-verify-secret';

/** What a secret name referenced by name in another region may be. */
const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_NAME_RULE =
  'must be a plain string of 1–512 characters from [A-Za-z0-9/_+=.@-] (no token: it is used by name in other regions)';

/**
 * Header names CloudFront refuses as origin custom headers (case-insensitive, exact or prefix):
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html
 */
const CLOUDFRONT_RESERVED_HEADERS = [
  'cache-control', 'connection', 'content-length', 'cookie', 'host', 'if-match', 'if-modified-since',
  'if-none-match', 'if-range', 'if-unmodified-since', 'max-forwards', 'pragma', 'proxy-authorization',
  'proxy-connection', 'range', 'request-range', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
  'x-real-ip',
];
const CLOUDFRONT_RESERVED_PREFIXES = ['x-amz-', 'x-edge-'];

/** A secret name usable in a by-name dynamic reference; `undefined` passes. A token is a problem, not skipped. */
export function checkOriginVerifySecretName(problems: ProblemCollector, path: string, name: string | undefined): void {
  if (name === undefined) return;
  const unresolved = Token.isUnresolved(name);
  // The collector skips unresolved values: report a token by what it is.
  problems.check(path, unresolved ? '(an unresolved token)' : name, !unresolved && SECRET_NAME_PATTERN.test(name), SECRET_NAME_RULE);
}

/**
 * A header name both ends accept: an ALB listener rule must match it (the rule `WebTier.requireOriginHeader`
 * applies) and CloudFront must be allowed to add it; `undefined` passes.
 */
export function checkOriginVerifyHeaderName(problems: ProblemCollector, path: string, name: string | undefined): void {
  if (name === undefined) return;
  problems.albHeaderName(path, name);
  const lower = String(name).toLowerCase();
  problems.check(
    path,
    name,
    !CLOUDFRONT_RESERVED_HEADERS.includes(lower) && !CLOUDFRONT_RESERVED_PREFIXES.some((p) => lower.startsWith(p)),
    'is a header CloudFront does not allow as an origin custom header',
  );
}

/** An OriginVerifySecret's props after defaults. */
export interface OriginVerifySecretSettings {
  readonly secretName: string;
  readonly headerName: string;
  /** Distinct replica regions. */
  readonly replicaRegions: readonly string[];
  /** The value's length, when given. */
  readonly length?: number;
}

/** Throws one PropsValidationError listing every invalid prop of an OriginVerifySecret. */
export function validateOriginVerifySecretProps(scope: IConstruct, settings: OriginVerifySecretSettings): void {
  const problems = new ProblemCollector();
  checkOriginVerifySecretName(problems, 'secretName', settings.secretName);
  checkOriginVerifyHeaderName(problems, 'headerName', settings.headerName);
  problems.integer('length', settings.length, { min: 32, max: 128 });
  settings.replicaRegions.forEach((r, i) => problems.region(`replicaRegions[${i}]`, r));
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region)) {
    problems.check('replicaRegions', settings.replicaRegions, !settings.replicaRegions.includes(region), `must not include the stack's own region (${region})`);
  }
  throwIfProblems(scope, problems);
}

/** Throws a PropsValidationError when `secretName` cannot be used in a dynamic reference. */
export function validateDynamicReferenceName(secretName: string): void {
  const problems = new ProblemCollector();
  checkOriginVerifySecretName(problems, 'secretName', secretName);
  throwIfProblems('OriginVerifySecret.dynamicReference', problems);
}

/**
 * Throws a PropsValidationError when `guard` is in a region (known at synth) where the secret is not readable:
 * neither the secret's own region nor a replica region.
 */
export function validateGuardRegion(secret: OriginVerifySecret, guard: IConstruct): void {
  const region = Stack.of(guard).region;
  if (Token.isUnresolved(region) || secret.isReadableIn(region) !== false) return;
  const home = Stack.of(secret).region;
  const replicas = secret.replicaRegions.length > 0 ? secret.replicaRegions.join(', ') : 'none';
  const problems = new ProblemCollector();
  problems.add(
    'guard',
    `${guard.node.path} in ${region}`,
    `the secret "${secret.secretName}" is not readable in ${region} (it lives in ${home}; replicas: ${replicas}), so the ` +
      `guard's ${secret.headerName} rule could not resolve it: add ${region} to the replica regions (Edge: guardRegions)`,
  );
  throwIfProblems(`${secret.node.path}.protect`, problems);
}
