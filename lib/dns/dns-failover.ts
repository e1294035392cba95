/**
 * DnsFailover: Route 53 records that route a name to one or two regional load balancers
 * (active-passive failover or active-active latency routing, with HTTPS health checks and alarms
 * on them) or to a CloudFront distribution.
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { notifyTopic } from '../private/alarm-actions';
import { ProblemCollector, throwIfProblems } from '../private/validation';

/** Region where Route 53 publishes health-check metrics (and so where their alarms must live). */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/**
 * How the name is routed:
 * - `failover`: active-passive, a PRIMARY and a SECONDARY record (two regions);
 * - `latency`: active-active, one latency record per region, each with its health check;
 * - `cloudfront`: plain A/AAAA aliases to a CloudFront distribution (no health check: an alias to
 *   CloudFront cannot evaluate target health, and CloudFront's own origin failover covers regions).
 */
export type DnsRoutingMode = 'failover' | 'latency' | 'cloudfront';

/**
 * What an alias record to a load balancer needs. Any `elbv2.ILoadBalancerV2` (e.g. `webTier.loadBalancer`)
 * satisfies it; in another region's stack, enable `crossRegionReferences` on both stacks.
 */
export interface ILoadBalancerAliasTarget {
  /** DNS name of the load balancer. */
  readonly loadBalancerDnsName: string;
  /** Route 53 hosted zone of the load balancer's DNS name (per region). */
  readonly loadBalancerCanonicalHostedZoneId: string;
}

/** One regional endpoint: a load balancer (alias record) or a hostname (CNAME record). */
export interface DnsRegionalEndpoint {
  /** Region of the endpoint (the latency-record region; the set identifier). */
  readonly region: string;
  /**
   * The regional load balancer: an alias record with EvaluateTargetHealth (no TTL: Route 53 answers
   * with the load balancer's own records).
   * @default - `hostname` is required instead
   */
  readonly loadBalancer?: ILoadBalancerAliasTarget;
  /**
   * A regional hostname to point at with a CNAME (which has `ttl`), when there is no load balancer
   * object (e.g. a load balancer from another app). Not allowed at the zone apex.
   * @default - `loadBalancer` is required instead
   */
  readonly hostname?: string;
  /**
   * Host name the HTTPS health check requests (Host header and SNI; Route 53 does not validate the
   * certificate).
   * @default - the load balancer's DNS name, or `hostname`
   */
  readonly healthCheckFqdn?: string;
  /**
   * Role of this endpoint in `failover` mode.
   * @default - the first endpoint is PRIMARY, the second SECONDARY
   */
  readonly failoverRole?: route53.Failover;
}

/** Properties of {@link DnsFailover}. */
export interface DnsFailoverProps {
  /**
   * The hosted zone to create the records in.
   * @default - a public hosted zone named `zoneName` is created
   */
  readonly hostedZone?: route53.IHostedZone;
  /**
   * Name of the public hosted zone to create when `hostedZone` is not given.
   * @default - `hostedZone` is required
   */
  readonly zoneName?: string;
  /**
   * Record name relative to the zone (e.g. `www`), or a fully qualified name: one ending with `.`, or
   * the zone name itself, or one ending with `.<zone name>` (e.g. `www.example.com` in `example.com`).
   * @default - the zone apex
   */
  readonly recordName?: string;
  /**
   * Routing mode.
   * @default - `cloudfront` when `distribution` is set; else from `plan.topology.mode`
   * (active-passive → `failover`, active-active → `latency`); else `failover`
   */
  readonly mode?: DnsRoutingMode;
  /**
   * Capacity plan: its topology chooses the mode when `mode` is not given.
   * @default - none
   */
  readonly plan?: CapacityPlan;
  /**
   * Regional endpoints (`failover`: exactly two; `latency`: two or more, one per region).
   * @default - none (required unless mode is `cloudfront`)
   */
  readonly endpoints?: DnsRegionalEndpoint[];
  /**
   * The distribution to alias in `cloudfront` mode (e.g. `edge.distribution`).
   * @default - none (required in `cloudfront` mode)
   */
  readonly distribution?: cloudfront.IDistribution;
  /**
   * Create a Route 53 HTTPS health check per endpoint (and alarms on them). Set it to false when
   * Route 53's health checkers cannot reach the endpoints: an ALB that only admits CloudFront
   * (`WebTier` `allowOnlyCloudFront`: CloudFront's origin-facing prefix list and the origin-verify
   * header) refuses the checkers, so their checks would always fail and Route 53 would treat every
   * region as down. Without health checks the failover / latency records are alias records with
   * `EvaluateTargetHealth`: Route 53 follows the load balancer's own health (healthy targets behind
   * it). Only `loadBalancer` endpoints are then allowed (a CNAME record without a health check is
   * always considered healthy, so a PRIMARY or latency CNAME would never fail over), and no
   * health-check prop, `alarms` or `alarmTopic` applies.
   * @default true
   */
  readonly healthChecks?: boolean;
  /**
   * Path the HTTPS health checks request: the readiness endpoint.
   * @default '/healthz/ready'
   */
  readonly healthCheckPath?: string;
  /**
   * Port the HTTPS health checks connect to.
   * @default 443
   */
  readonly healthCheckPort?: number;
  /**
   * Health check request interval: 10 s (fast) or 30 s (standard); fixed at creation.
   * @default Duration.seconds(10)
   */
  readonly healthCheckInterval?: Duration;
  /**
   * Consecutive failures (or successes) that flip an endpoint's status, 1–10.
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /**
   * Regions the Route 53 health checkers probe from (at least 3).
   * @default - Route 53's default set
   */
  readonly healthCheckRegions?: string[];
  /**
   * TTL of CNAME records (`hostname` endpoints), ≤ 60 s so clients follow a failover quickly. Alias
   * records (load balancers, CloudFront) have no TTL of their own.
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;
  /**
   * Also create AAAA alias records (the load balancers must be dual-stack; CloudFront is).
   * @default - true in `cloudfront` mode, false otherwise
   */
  readonly ipv6?: boolean;
  /**
   * Create a CloudWatch alarm on each health check's `HealthCheckStatus`. Route 53 publishes those
   * metrics in us-east-1 only, so the stack must be in us-east-1.
   * @default - true when there are health checks (`healthChecks` true, mode `failover` or `latency`)
   */
  readonly alarms?: boolean;
  /**
   * SNS topic notified when a health-check alarm fires or clears.
   * @default - no notification
   */
  readonly alarmTopic?: sns.ITopic;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$/;

/** Alias target to a load balancer given by DNS name and hosted zone (like `LoadBalancerTarget`). */
class LoadBalancerAliasTarget implements route53.IAliasRecordTarget {
  constructor(private readonly lb: ILoadBalancerAliasTarget) {}
  public bind(): route53.AliasRecordTargetConfig {
    return {
      hostedZoneId: this.lb.loadBalancerCanonicalHostedZoneId,
      dnsName: `dualstack.${this.lb.loadBalancerDnsName}`,
      evaluateTargetHealth: true,
    };
  }
}

/**
 * Route 53 routing to regional load balancers (failover / latency, with HTTPS health checks and
 * alarms) or to CloudFront.
 *
 * ```ts
 * new DnsFailover(globalStack, 'Dns', {
 *   hostedZone: zone, recordName: 'www', mode: 'failover',
 *   endpoints: [
 *     { region: 'us-east-1', loadBalancer: primaryWeb.loadBalancer },
 *     { region: 'us-west-2', loadBalancer: secondaryWeb.loadBalancer },
 *   ],
 *   alarmTopic,
 * });
 * ```
 */
export class DnsFailover extends Construct {
  /** The hosted zone holding the records. */
  public readonly hostedZone: route53.IHostedZone;
  /** The routing mode in effect. */
  public readonly mode: DnsRoutingMode;
  /** Every record created (A, AAAA or CNAME), in endpoint order. */
  public readonly records: readonly route53.RecordSet[];
  /** One HTTPS health check per endpoint, in endpoint order (none in `cloudfront` mode or with `healthChecks: false`). */
  public readonly healthChecks: readonly route53.HealthCheck[];
  /** One alarm per health check, in endpoint order (empty when alarms are off). */
  public readonly alarms: readonly cloudwatch.Alarm[];
  /** The fully qualified name the records answer for (without the trailing dot). */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: DnsFailoverProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const mode: DnsRoutingMode =
      props.mode ??
      (props.distribution
        ? 'cloudfront'
        : props.plan?.topology.mode === 'active-active'
          ? 'latency'
          : 'failover');
    const endpoints = props.endpoints ?? [];
    const path = props.healthCheckPath ?? '/healthz/ready';
    const interval = props.healthCheckInterval ?? Duration.seconds(10);
    const threshold = props.healthCheckFailureThreshold ?? 3;
    const ttl = props.ttl ?? Duration.seconds(60);
    const healthChecksOn = props.healthChecks ?? true;
    const alarmsOn = healthChecksOn && (props.alarms ?? true);
    const zoneNameGiven = props.hostedZone?.zoneName ?? props.zoneName;
    const qualifiedName = zoneNameGiven !== undefined && !Token.isUnresolved(zoneNameGiven)
      ? fullyQualifiedName(props.recordName, zoneNameGiven)
      : undefined;
    const roles = endpoints.map((e, i) => e.failoverRole ?? (i === 0 ? route53.Failover.PRIMARY : route53.Failover.SECONDARY));

    // ---- validation: every problem at once ----
    const problems = new ProblemCollector();
    problems.check('hostedZone', props.zoneName, !(props.hostedZone && props.zoneName), 'give either hostedZone or zoneName, not both');
    problems.check('zoneName', props.zoneName, !!(props.hostedZone || props.zoneName), 'give hostedZone (an existing zone) or zoneName (to create one)');
    if (props.zoneName !== undefined) problems.check('zoneName', props.zoneName, HOSTNAME.test(props.zoneName), 'must be a DNS domain name, e.g. example.com');
    problems.check('mode', mode, ['failover', 'latency', 'cloudfront'].includes(mode), "must be 'failover', 'latency' or 'cloudfront'");
    if (mode === 'cloudfront') {
      problems.check('distribution', props.distribution, props.distribution !== undefined, "is required in 'cloudfront' mode");
      problems.check('endpoints', endpoints.length, endpoints.length === 0, "are not used in 'cloudfront' mode (CloudFront fails over between origins itself)");
    } else {
      problems.check('distribution', 'set', props.distribution === undefined, `is only used in 'cloudfront' mode (mode is '${mode}')`);
      if (mode === 'failover') {
        problems.check('endpoints', endpoints.length, endpoints.length === 2,
          `failover takes exactly two endpoints (primary, secondary); use latency mode for more (got ${endpoints.length})`);
        const primaries = roles.filter((r) => r === route53.Failover.PRIMARY).length;
        problems.check('endpoints[].failoverRole', roles, primaries <= 1, `only one endpoint can be PRIMARY (got ${primaries})`);
        problems.check('endpoints[].failoverRole', roles, roles.length !== 2 || primaries === 1, 'one endpoint must be PRIMARY and the other SECONDARY');
      } else {
        problems.check('endpoints', endpoints.length, endpoints.length >= 2, `latency routing needs at least two regional endpoints (got ${endpoints.length})`);
        endpoints.forEach((e, i) =>
          problems.check(`endpoints[${i}].failoverRole`, e.failoverRole, e.failoverRole === undefined, "is only used in 'failover' mode"),
        );
      }
      const regions = endpoints.map((e) => e.region);
      endpoints.forEach((e, i) => {
        problems.check(`endpoints[${i}].region`, e.region, REGION.test(e.region ?? ''), 'must be an AWS region code, e.g. us-west-2');
        problems.check(`endpoints[${i}].region`, e.region, regions.indexOf(e.region) === i, 'appears twice: one endpoint per region');
        problems.check(`endpoints[${i}]`, Object.keys(e), (e.loadBalancer === undefined) !== (e.hostname === undefined), 'give exactly one of loadBalancer or hostname');
        if (e.hostname !== undefined) {
          problems.check(`endpoints[${i}].hostname`, e.hostname, HOSTNAME.test(e.hostname), 'must be a DNS hostname');
          const apex = props.recordName === undefined || (qualifiedName !== undefined && qualifiedName === stripDot(zoneNameGiven!));
          problems.check(`endpoints[${i}].hostname`, e.hostname, !apex, 'a CNAME cannot sit at the zone apex: set recordName, or use loadBalancer (alias)');
          problems.check(`endpoints[${i}].hostname`, e.hostname, healthChecksOn,
            `with healthChecks: false only loadBalancer (alias) endpoints are allowed: a CNAME without a health check is always considered healthy, so Route 53 would never route around its region${mode === 'failover' ? ' (a PRIMARY record needs a health check unless it is an alias with EvaluateTargetHealth)' : ''}`);
        }
        if (e.healthCheckFqdn !== undefined) {
          problems.check(`endpoints[${i}].healthCheckFqdn`, e.healthCheckFqdn, HOSTNAME.test(e.healthCheckFqdn), 'must be a DNS hostname');
          problems.check(`endpoints[${i}].healthCheckFqdn`, e.healthCheckFqdn, healthChecksOn, 'is only used with healthChecks (healthChecks is false)');
        }
      });
      if (!healthChecksOn) {
        const unused = ['healthCheckPath', 'healthCheckPort', 'healthCheckInterval', 'healthCheckFailureThreshold', 'healthCheckRegions', 'alarms'] as const;
        for (const prop of unused) {
          const value = props[prop];
          if (value !== undefined && !(prop === 'alarms' && value === false)) {
            problems.add(prop, value instanceof Duration ? `${value.toSeconds({ integral: false })} s` : value, 'is only used with healthChecks (healthChecks is false)');
          }
        }
      }
      problems.check('healthCheckPath', path, typeof path === 'string' && path.startsWith('/') && path.length <= 255 && !/\s/.test(path), 'must start with "/", hold no whitespace and be at most 255 characters');
      const intervalSeconds = interval.toSeconds({ integral: false });
      problems.check('healthCheckInterval', `${intervalSeconds} s`, intervalSeconds === 10 || intervalSeconds === 30, 'must be 10 s (fast) or 30 s (standard)');
      problems.integer('healthCheckFailureThreshold', props.healthCheckFailureThreshold, { min: 1, max: 10 });
      problems.integer('healthCheckPort', props.healthCheckPort, { min: 1, max: 65535 });
      if (props.healthCheckRegions !== undefined) {
        problems.check('healthCheckRegions', props.healthCheckRegions, props.healthCheckRegions.length >= 3, 'Route 53 needs at least three health-checker regions');
      }
      if (alarmsOn && !Token.isUnresolved(stack.region)) {
        problems.check('stack region', stack.region, stack.region === ROUTE53_METRICS_REGION,
          `health-check alarms need a ${ROUTE53_METRICS_REGION} stack (Route 53 publishes HealthCheckStatus there only); move DnsFailover there or set alarms: false`);
      }
    }
    const ttlSeconds = ttl.toSeconds({ integral: false });
    problems.check('ttl', `${ttlSeconds} s`, Number.isInteger(ttlSeconds) && ttlSeconds >= 0 && ttlSeconds <= 60, 'must be a whole number of seconds ≤ 60 so that clients follow a failover quickly');
    problems.check('alarmTopic', 'set', !props.alarmTopic || (alarmsOn && mode !== 'cloudfront'),
      'needs alarms (health checks exist only in failover and latency modes, with healthChecks on)');
    throwIfProblems(this.node.path, problems);

    this.mode = mode;
    this.hostedZone = props.hostedZone ?? new route53.PublicHostedZone(this, 'Zone', { zoneName: props.zoneName! });
    const zoneName = this.hostedZone.zoneName;
    const rn = props.recordName;
    this.domainName = fullyQualifiedName(rn, zoneName);

    const records: route53.RecordSet[] = [];
    const healthChecks: route53.HealthCheck[] = [];
    const alarms: cloudwatch.Alarm[] = [];
    const ipv6 = props.ipv6 ?? mode === 'cloudfront';

    if (mode === 'cloudfront') {
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(props.distribution!));
      records.push(new route53.ARecord(this, 'AliasA', { zone: this.hostedZone, recordName: rn, target }));
      if (ipv6) records.push(new route53.AaaaRecord(this, 'AliasAAAA', { zone: this.hostedZone, recordName: rn, target }));
    } else {
      endpoints.forEach((e, i) => {
        const suffix = mode === 'failover' ? `${roles[i] === route53.Failover.PRIMARY ? 'Primary' : 'Secondary'}` : `Region${i}`;
        // Without a health check, the alias record's EvaluateTargetHealth is the only health signal.
        const healthCheck = healthChecksOn
          ? new route53.HealthCheck(this, `HealthCheck${suffix}`, {
              type: route53.HealthCheckType.HTTPS,
              fqdn: e.healthCheckFqdn ?? e.hostname ?? e.loadBalancer!.loadBalancerDnsName,
              port: props.healthCheckPort ?? 443,
              resourcePath: path,
              requestInterval: interval,
              failureThreshold: threshold,
              enableSNI: true,
              regions: props.healthCheckRegions,
            })
          : undefined;
        if (healthCheck) healthChecks.push(healthCheck);
        const routing: Partial<route53.RecordSetOptions> =
          mode === 'failover'
            ? { failover: roles[i], setIdentifier: `${roles[i]}-${e.region}` }
            : { region: e.region, setIdentifier: `latency-${e.region}` };
        const common = { zone: this.hostedZone, recordName: rn, healthCheck, ...routing };
        if (e.loadBalancer) {
          const target = route53.RecordTarget.fromAlias(new LoadBalancerAliasTarget(e.loadBalancer));
          records.push(new route53.ARecord(this, `${suffix}A`, { ...common, target }));
          if (ipv6) records.push(new route53.AaaaRecord(this, `${suffix}AAAA`, { ...common, target }));
        } else {
          records.push(new route53.CnameRecord(this, `${suffix}Cname`, { ...common, domainName: e.hostname!, ttl }));
        }
        if (alarmsOn && healthCheck) {
          const alarm = new cloudwatch.Alarm(this, `${suffix}Unhealthy`, {
            alarmDescription: `Route 53 health check of ${this.domainName} in ${e.region} (${mode}${mode === 'failover' ? ` ${roles[i]}` : ''}) reports the endpoint unhealthy: ${path} failed ${threshold} times in a row from most checker regions.`,
            metric: this.metricHealthCheckStatus(healthCheck),
            comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            threshold: 1,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            // No data from the health checkers is not evidence of health.
            treatMissingData: cloudwatch.TreatMissingData.BREACHING,
          });
          if (props.alarmTopic) notifyTopic(alarm, props.alarmTopic);
          alarms.push(alarm);
        }
      });
    }
    this.records = records;
    this.healthChecks = healthChecks;
    this.alarms = alarms;
  }

  /**
   * `HealthCheckStatus` of a health check (1 healthy, 0 unhealthy; Minimum over 1 minute), in us-east-1.
   */
  public metricHealthCheckStatus(healthCheck: route53.IHealthCheck, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return healthCheckMetric('HealthCheckStatus', healthCheck, { statistic: 'Minimum', ...props });
  }

  /**
   * Percentage of Route 53 health checkers that consider the endpoint healthy (Average over 1 minute), in us-east-1.
   */
  public metricHealthCheckPercentageHealthy(healthCheck: route53.IHealthCheck, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return healthCheckMetric('HealthCheckPercentageHealthy', healthCheck, { statistic: 'Average', ...props });
  }
}

function stripDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The name a record answers for, without the trailing dot, resolved like aws-cdk-lib's record sets:
 * a name ending with `.`, equal to the zone name or ending with `.<zone name>` is already complete;
 * anything else is relative to the zone.
 */
function fullyQualifiedName(recordName: string | undefined, zoneName: string): string {
  const zone = stripDot(zoneName);
  if (recordName === undefined) return zone;
  if (recordName.endsWith('.')) return stripDot(recordName);
  return recordName === zone || recordName.endsWith(`.${zone}`) ? recordName : `${recordName}.${zone}`;
}

function healthCheckMetric(metricName: string, healthCheck: route53.IHealthCheck, props: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Route53',
    metricName,
    dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
    period: Duration.minutes(1),
    region: ROUTE53_METRICS_REGION,
    ...props,
  });
}
