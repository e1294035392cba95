/**
 * The rules of DnsFailover's props, checked together before anything is created. What the routing types
 * already rule out (a distribution with health checks, a CNAME without one, ...) is not checked again.
 * Problems name the construct's props (`zoneName`) and the routing factory's options (`healthCheckPath`,
 * `primary.region`, `endpoints[1].hostname`) as the caller wrote them.
 */
import { Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ProblemCollector, secondsOf, throwIfProblems } from '../private/validation';
import { GLOBAL_SERVICES_REGION } from '../validation';
import type { DnsFailoverProps } from './dns-failover';
import type { DnsHealthCheckOptions, DnsRegionSwitch } from './dns-routing';
import { DnsRouting } from './dns-routing';
import { fullyQualifiedName, stripDot } from './private/record-names';
import type { EndpointRoutingConfig } from './private/routing-config';

/**
 * The regions Route 53 health checkers probe from (`HealthCheckConfig.Regions`):
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
const ROUTE53_HEALTH_CHECKER_REGIONS: readonly string[] = [
  'us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1',
];

/** Throws one `PropsValidationError` listing every problem of `props`, if there is any. */
export function validateDnsFailoverProps(scope: Construct, props: DnsFailoverProps): void {
  const problems = new ProblemCollector();
  problems.check('hostedZone', props.zoneName, !(props.hostedZone && props.zoneName), 'give either hostedZone or zoneName, not both');
  problems.check('zoneName', props.zoneName, !!(props.hostedZone || props.zoneName), 'give hostedZone (an existing zone) or zoneName (to create one)');
  problems.hostname('zoneName', props.zoneName);
  const routingGiven = props.routing instanceof DnsRouting;
  problems.check('routing', props.routing, routingGiven, 'give DnsRouting.failover(...), .latency(...), .cloudFront(...) or .fromPlan(...)');
  const config = routingGiven ? props.routing._config : undefined;
  if (config && config.mode !== 'cloudfront') checkEndpointRouting(problems, config, scope, props);
  throwIfProblems(scope, problems);
}

function checkEndpointRouting(problems: ProblemCollector, config: EndpointRoutingConfig, scope: Construct, props: DnsFailoverProps): void {
  const { endpoints, settings } = config;
  const count = endpoints.length;
  if (config.mode === 'failover') {
    // Only DnsRouting.fromPlan can give failover a list (DnsRouting.failover takes primary and secondary).
    problems.check('endpoints', count, count === 2,
      `failover takes exactly two endpoints (primary, secondary); use latency mode for more (got ${count})${config.chosenByPlan ? ': the plan is active-passive, so DnsRouting.fromPlan chose failover' : ''}`);
  } else {
    problems.check('endpoints', count, count >= 2, `latency routing needs at least two regional endpoints (got ${count})`);
  }

  const zoneName = props.hostedZone?.zoneName ?? props.zoneName;
  // A CNAME cannot sit at the apex (RFC 1034 §3.6.2: a CNAME owner has no other record, and the apex has SOA and NS).
  const atApex = props.recordName === undefined
    || (zoneName !== undefined && !Token.isUnresolved(zoneName) && fullyQualifiedName(props.recordName, zoneName) === stripDot(zoneName));
  const regions = endpoints.map((e) => e.endpoint.region);
  endpoints.forEach(({ endpoint, path }, i) => {
    problems.region(`${path}.region`, endpoint.region);
    problems.check(`${path}.region`, endpoint.region, regions.indexOf(endpoint.region) === i, 'appears twice: one endpoint per region');
    problems.hostname(`${path}.hostname`, endpoint.hostname);
    if (endpoint.hostname !== undefined) {
      problems.check(`${path}.hostname`, endpoint.hostname, !atApex, 'a CNAME cannot sit at the zone apex: set recordName, or use loadBalancer (alias)');
    }
    problems.hostname(`${path}.healthCheckFqdn`, endpoint.healthCheckFqdn);
  });

  if (settings.healthChecks !== false) checkHealthChecks(problems, settings, scope);
  const regionSwitch = settings.healthChecks === false && config.mode === 'failover' ? (settings as { regionSwitch?: DnsRegionSwitch }).regionSwitch : undefined;
  if (regionSwitch) {
    problems.region('regionSwitch.region', regionSwitch.region);
    problems.check('regionSwitch.name', regionSwitch.name, Token.isUnresolved(regionSwitch.name) || /^[^\s].{0,254}$/.test(regionSwitch.name),
      'must be the name of a CloudWatch alarm (1–255 characters)');
  }
}

function checkHealthChecks(problems: ProblemCollector, settings: DnsHealthCheckOptions, scope: Construct): void {
  const path = settings.healthCheckPath;
  if (path !== undefined) {
    problems.check('healthCheckPath', path, typeof path === 'string' && path.startsWith('/') && path.length <= 255 && !/\s/.test(path),
      'must start with "/", hold no whitespace and be at most 255 characters');
  }
  const interval = secondsOf(settings.healthCheckInterval);
  problems.check('healthCheckInterval', `${interval} s`, interval === undefined || interval === 10 || interval === 30, 'must be 10 s (fast) or 30 s (standard)');
  problems.integer('healthCheckFailureThreshold', settings.healthCheckFailureThreshold, { min: 1, max: 10 });
  problems.integer('healthCheckPort', settings.healthCheckPort, { min: 1, max: 65535 });
  const checkerRegions = settings.healthCheckRegions;
  if (checkerRegions !== undefined) {
    problems.check('healthCheckRegions', checkerRegions, checkerRegions.length >= 3, 'Route 53 needs at least three health-checker regions');
    checkerRegions.forEach((region, i) => problems.oneOf(`healthCheckRegions[${i}]`, region, ROUTE53_HEALTH_CHECKER_REGIONS));
  }
  problems.seconds('ttl', settings.ttl, { min: 0, max: 60, message: 'must be a whole number of seconds ≤ 60 so that clients follow a failover quickly' });
  const alarms = settings.alarms ?? true;
  problems.check('alarmTopic', 'set', !settings.alarmTopic || alarms, 'needs alarms (alarms is false)');
  const region = Stack.of(scope).region;
  if (alarms && !Token.isUnresolved(region)) {
    problems.check('stack region', region, region === GLOBAL_SERVICES_REGION,
      `health-check alarms need a ${GLOBAL_SERVICES_REGION} stack (Route 53 publishes HealthCheckStatus there only); move DnsFailover there or set alarms: false`);
  }
}
