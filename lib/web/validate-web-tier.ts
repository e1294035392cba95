/**
 * Every check of a WebTier's input, in one place: its props (with the sizes resolved from the plan) and the
 * arguments of `requireOriginHeader`. Each function reports every problem in one `PropsValidationError`, and
 * runs before anything is created.
 */
import { Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { isConcrete, ProblemCollector, secondsOf, sizedPropName, throwIfProblems } from '../private/validation';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from './cloudfront-prefix-list';
import { WEB_TIER_DEFAULTS } from './private/defaults';
import type { WebTierResolvedSizing, WebTierSizingInput } from './private/sizing';
import { checkInstanceFleetProps } from './instance-fleet-props';
import type { WebTierProps } from './web-tier';

const SECONDS_PER_DAY = 86_400;

/**
 * Checks a WebTier's props and its resolved sizes; afterwards every size is known.
 * @throws PropsValidationError listing every problem
 */
export function validateWebTierProps(
  scope: Construct,
  props: WebTierProps,
  sizing: WebTierSizingInput,
): asserts sizing is WebTierResolvedSizing {
  const problems = new ProblemCollector();
  checkSizing(problems, props, sizing);
  checkInstances(problems, props);
  checkAlternateInstanceTypes(problems, props, sizing);
  checkHealthChecks(problems, props);
  checkPreWarm(problems, props, sizing);
  checkLoadBalancer(problems, props);
  checkIngress(problems, scope, props);
  throwIfProblems(scope, problems);
}

/**
 * Checks the arguments of `WebTier.requireOriginHeader`. The header name follows the shared rule
 * (`ProblemCollector.albHeaderName`: token characters, at most 40, what an ALB `http-header` condition
 * matches), the one to apply wherever a header name is meant for an ALB listener rule.
 * @param where the label of the errors, e.g. `App/Web.requireOriginHeader`
 * @throws PropsValidationError listing every problem
 */
export function validateOriginHeader(where: string, alreadyCalled: boolean, headerName: string, headerValue: string): void {
  const problems = new ProblemCollector();
  if (alreadyCalled) problems.add('requireOriginHeader', headerName, 'was already called: one origin header per WebTier');
  problems.albHeaderName('headerName', headerName ?? ''); // '' for a JavaScript caller's undefined: reported, not skipped
  problems.check('headerValue', headerValue, typeof headerValue === 'string' && headerValue.length > 0, 'must be a non-empty string');
  throwIfProblems(where, problems);
}


function checkSizing(problems: ProblemCollector, props: WebTierProps, sizing: WebTierSizingInput): void {
  const required: [keyof WebTierSizingInput, string][] = [
    ['instanceType', 'compute.instanceType'],
    ['minCapacity', 'compute.minInstances'],
    ['maxCapacity', 'compute.maxInstances'],
    ['targetRequestsPerInstancePerMinute', 'compute.targetRequestsPerInstancePerMinute'],
  ];
  for (const [prop, planField] of required) {
    if (sizing[prop] === undefined) problems.add(prop, undefined, `is required without a plan (or give \`plan\`, whose ${planField} is used)`);
  }
  const minName = sizedPropName(props.minCapacity, 'minCapacity', 'compute.minInstances');
  const maxName = sizedPropName(props.maxCapacity, 'maxCapacity', 'compute.maxInstances');
  problems.integer(minName, sizing.minCapacity, { min: 1 });
  problems.integer(maxName, sizing.maxCapacity, { min: 1 });
  const { minCapacity: min, maxCapacity: max } = sizing;
  if (isConcrete(min) && isConcrete(max) && min > max) {
    problems.add(`${minName}/${maxName}`, { min, max }, 'the minimum must not exceed the maximum');
  }
  const target = sizing.targetRequestsPerInstancePerMinute;
  if (isConcrete(target)) {
    problems.check(
      sizedPropName(props.targetRequestsPerInstancePerMinute, 'targetRequestsPerInstancePerMinute', 'compute.targetRequestsPerInstancePerMinute'),
      target, Number.isFinite(target) && target > 0, 'must be a finite number > 0',
    );
  }
  const cpu = sizing.cpuTargetUtilizationPercent;
  if (isConcrete(cpu)) {
    problems.check(sizedPropName(props.cpuTargetUtilizationPercent, 'cpuTargetUtilizationPercent', 'compute.cpuTargetUtilizationPercent'),
      cpu, Number.isFinite(cpu) && cpu > 0 && cpu <= 100, 'must be in (0, 100]');
  }
  const lcu = sizing.minimumCapacityUnits;
  if (lcu !== undefined && lcu !== 0) {
    problems.integer(sizedPropName(props.minimumCapacityUnits, 'minimumCapacityUnits', 'loadBalancing.recommendedLcuReservation'), lcu, { min: 100, max: 15000 });
  }
}

function checkInstances(problems: ProblemCollector, props: WebTierProps): void {
  problems.integer('port', props.port, { min: 1, max: 65535 });
  checkInstanceFleetProps(problems, props);
}

/** Alternates boot the same image: the same CPU architecture as the group's type, each type once. */
function checkAlternateInstanceTypes(problems: ProblemCollector, props: WebTierProps, sizing: WebTierSizingInput): void {
  const primary = sizing.instanceType;
  const names = [primary, ...(props.alternateInstanceTypes ?? [])].map((t) => t?.toString());
  (props.alternateInstanceTypes ?? []).forEach((t, i) => {
    const name = t.toString();
    if (Token.isUnresolved(name)) return;
    if (primary && !Token.isUnresolved(primary.toString()) && t.architecture !== primary.architecture) {
      problems.add(`alternateInstanceTypes[${i}]`, name, `must have the architecture of ${primary} (${primary.architecture}): the group launches one image`);
    }
    if (names.indexOf(name) !== i + 1) problems.add(`alternateInstanceTypes[${i}]`, name, 'is listed twice (or is instanceType itself)');
  });
}

/**
 * Target-group limits (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html)
 * and the group's ELB health-check grace period and instance warmup.
 */
function checkHealthChecks(problems: ProblemCollector, props: WebTierProps): void {
  const path = props.healthCheckPath;
  if (path !== undefined && !Token.isUnresolved(path)) {
    problems.check('healthCheckPath', path, path.startsWith('/') && path.length <= 1024, 'must start with "/" (at most 1,024 characters)');
  }
  problems.seconds('healthCheckInterval', props.healthCheckInterval, { min: 5, max: 300 });
  problems.seconds('healthCheckTimeout', props.healthCheckTimeout, { min: 2, max: 120 });
  const interval = secondsOf(props.healthCheckInterval ?? WEB_TIER_DEFAULTS.healthCheckInterval);
  const timeout = secondsOf(props.healthCheckTimeout ?? WEB_TIER_DEFAULTS.healthCheckTimeout);
  if (interval !== undefined && timeout !== undefined && timeout >= interval) {
    problems.add('healthCheckTimeout', `${timeout} s`, `must be shorter than the health check interval (${interval} s)`);
  }
  problems.integer('healthyThresholdCount', props.healthyThresholdCount, { min: 2, max: 10 });
  problems.integer('unhealthyThresholdCount', props.unhealthyThresholdCount, { min: 2, max: 10 });
  problems.seconds('deregistrationDelay', props.deregistrationDelay, { min: 0, max: 3600 });
  problems.seconds('healthCheckGracePeriod', props.healthCheckGracePeriod, { min: 0, max: 7200 });
}

function checkPreWarm(problems: ProblemCollector, props: WebTierProps, sizing: WebTierSizingInput): void {
  const max = sizing.maxCapacity;
  (props.preWarm ?? []).forEach((warm, i) => {
    problems.integer(`preWarm[${i}].minCapacity`, warm.minCapacity, { min: 1, max: isConcrete(max) ? max : undefined });
  });
}

function checkLoadBalancer(problems: ProblemCollector, props: WebTierProps): void {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout
  problems.seconds('idleTimeout', props.idleTimeout, { min: 1, max: 4000 });
  // ALB access-log delivery writes with SSE-S3 only:
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#access-log-bucket-requirements
  const bucket = props.accessLogsBucket;
  if (bucket?.encryptionKey !== undefined) {
    problems.add('accessLogsBucket', bucket.node.path, 'must use SSE-S3 encryption: ALB access-log delivery does not support SSE-KMS');
  }
  const retention = secondsOf(props.accessLogsRetention);
  if (retention !== undefined) {
    const days = retention / SECONDS_PER_DAY;
    problems.check('accessLogsRetention', `${days} days`, Number.isInteger(days) && days >= 1,
      'must be a whole number of days ≥ 1 (an S3 lifecycle expiration counts days)');
  }
}

function checkIngress(problems: ProblemCollector, scope: Construct, props: WebTierProps): void {
  if (props.allowOnlyCloudFront) {
    problems.check('certificate', undefined, props.certificate !== undefined,
      'allowOnlyCloudFront needs `certificate`: CloudFront reaches origins over HTTPS only');
  }
  if (props.allowOnlyCloudFront && !props.cloudFrontPrefixList) {
    const region = Stack.of(scope).region;
    if (!Token.isUnresolved(region) && !CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region]) {
      problems.add('cloudFrontPrefixList', undefined,
        `is required with allowOnlyCloudFront in ${region}, which the built-in table of CloudFront origin-facing prefix lists lacks`);
    }
  }
  if (!props.allowOnlyCloudFront && props.cloudFrontPrefixList) {
    problems.add('cloudFrontPrefixList', props.cloudFrontPrefixList.prefixListId, 'applies only with allowOnlyCloudFront: true');
  }
  const subnets = props.network.vpc.selectSubnets(props.network.publicSubnets);
  problems.check('network.publicSubnets', `${subnets.subnets.length} subnet(s)`, subnets.subnets.length >= 2,
    'an internet-facing ALB needs public subnets in at least 2 Availability Zones');
}
