/**
 * DnsFailover: Route 53 records that route a name to one or two regional load balancers
 * (active-passive failover or active-active latency routing, with HTTPS health checks and alarms
 * on them) or to a CloudFront distribution. The routing is a {@link DnsRouting}.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { notifyTopic } from '../private/alarm-actions';
import type { DnsRegionSwitch, DnsRouting, DnsRoutingMode } from './dns-routing';
import { healthCheckMetric } from './private/health-check-metrics';
import { LoadBalancerAliasTarget } from './private/load-balancer-alias-target';
import { fullyQualifiedName } from './private/record-names';
import type { CloudFrontRoutingConfig, EndpointRoutingConfig } from './private/routing-config';
import { validateDnsFailoverProps } from './validate-dns-failover';

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
   * How the name is routed: `DnsRouting.failover({ primary, secondary })`, `DnsRouting.latency({ endpoints })`,
   * `DnsRouting.cloudFront(distribution)`, or `DnsRouting.fromPlan(plan, { endpoints })`.
   */
  readonly routing: DnsRouting;
}

/**
 * Route 53 routing to regional load balancers (failover / latency, with HTTPS health checks and
 * alarms) or to CloudFront.
 *
 * ```ts
 * new DnsFailover(globalStack, 'Dns', {
 *   hostedZone: zone,
 *   recordName: 'www',
 *   routing: DnsRouting.failover({
 *     primary: { region: 'us-east-1', loadBalancer: primaryWeb.loadBalancer },
 *     secondary: { region: 'us-west-2', loadBalancer: secondaryWeb.loadBalancer },
 *     alarmTopic,
 *   }),
 * });
 * ```
 */
export class DnsFailover extends Construct {
  /** The hosted zone holding the records. */
  public readonly hostedZone: route53.IHostedZone;
  /** The routing mode in effect. */
  public readonly mode: DnsRoutingMode;
  /** Every record created (A, AAAA or CNAME), in endpoint order (failover: PRIMARY first). */
  public readonly records: readonly route53.RecordSet[];
  /** One HTTPS health check per endpoint, in endpoint order (none for CloudFront or with `healthChecks: false`). */
  public readonly healthChecks: readonly route53.HealthCheck[];
  /** One alarm per health check, in endpoint order (empty when alarms are off). */
  public readonly alarms: readonly cloudwatch.Alarm[];
  /** The fully qualified name the records answer for (without the trailing dot). */
  public readonly domainName: string;
  /**
   * With a region switch: the CloudWatch-metric health check on the switch alarm (the PRIMARY record's, unhealthy once
   * switched) and the calculated check inverting it (the SECONDARY record's, unhealthy until switched).
   */
  public readonly regionSwitchHealthChecks?: { readonly primary: route53.HealthCheck; readonly secondary: route53.HealthCheck };

  constructor(scope: Construct, id: string, props: DnsFailoverProps) {
    super(scope, id);
    validateDnsFailoverProps(this, props);
    const config = props.routing._config;
    this.mode = config.mode;
    this.hostedZone = props.hostedZone ?? new route53.PublicHostedZone(this, 'Zone', { zoneName: props.zoneName! });
    this.domainName = fullyQualifiedName(props.recordName, this.hostedZone.zoneName);
    const built = config.mode === 'cloudfront'
      ? this.aliasToCloudFront(config, props.recordName)
      : this.routeToEndpoints(config, props.recordName);
    this.records = built.records;
    this.healthChecks = built.healthChecks;
    this.alarms = built.alarms;
    this.regionSwitchHealthChecks = built.regionSwitch;
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

  private aliasToCloudFront(config: CloudFrontRoutingConfig, recordName: string | undefined): BuiltRouting {
    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(config.distribution));
    const records: route53.RecordSet[] = [new route53.ARecord(this, 'AliasA', { zone: this.hostedZone, recordName, target })];
    if (config.ipv6) records.push(new route53.AaaaRecord(this, 'AliasAAAA', { zone: this.hostedZone, recordName, target }));
    return { records, healthChecks: [], alarms: [] };
  }

  private routeToEndpoints(config: EndpointRoutingConfig, recordName: string | undefined): BuiltRouting {
    const { mode, settings } = config;
    // Without health checks, the alias records' EvaluateTargetHealth is the only health signal.
    const checked = settings.healthChecks === false ? undefined : settings;
    const healthCheckPath = checked?.healthCheckPath ?? '/healthz/ready';
    const failureThreshold = checked?.healthCheckFailureThreshold ?? 3;
    const alarmsOn = checked !== undefined && (checked.alarms ?? true);
    const ipv6 = settings.ipv6 ?? false;
    const records: route53.RecordSet[] = [];
    const healthChecks: route53.HealthCheck[] = [];
    const alarms: cloudwatch.Alarm[] = [];
    // Only DnsRouting.failover on target health takes a region switch (its options type allows it nowhere else).
    const switchOption = mode === 'failover' && settings.healthChecks === false ? (settings as { regionSwitch?: DnsRegionSwitch }).regionSwitch : undefined;
    const regionSwitch = switchOption ? this.createRegionSwitchHealthChecks(switchOption) : undefined;

    config.endpoints.forEach(({ endpoint }, i) => {
      // Failover: the PRIMARY record comes first (DnsRouting.failover puts it there; fromPlan takes the list's order).
      const role = mode === 'failover' ? (i === 0 ? route53.Failover.PRIMARY : route53.Failover.SECONDARY) : undefined;
      const suffix = role === undefined ? `Region${i}` : role === route53.Failover.PRIMARY ? 'Primary' : 'Secondary';
      const healthCheck = checked
        ? new route53.HealthCheck(this, `HealthCheck${suffix}`, {
            type: route53.HealthCheckType.HTTPS,
            fqdn: endpoint.healthCheckFqdn ?? (endpoint.loadBalancer ? endpoint.loadBalancer.loadBalancerDnsName : endpoint.hostname),
            port: checked.healthCheckPort ?? 443,
            resourcePath: healthCheckPath,
            requestInterval: checked.healthCheckInterval ?? Duration.seconds(10),
            failureThreshold,
            enableSNI: true,
            regions: checked.healthCheckRegions,
          })
        : undefined;
      if (healthCheck) healthChecks.push(healthCheck);
      const routing: Partial<route53.RecordSetOptions> = role
        ? { failover: role, setIdentifier: `${role}-${endpoint.region}` }
        : { region: endpoint.region, setIdentifier: `latency-${endpoint.region}` };
      const gate = regionSwitch ? (i === 0 ? regionSwitch.primary : regionSwitch.secondary) : undefined;
      const common = { zone: this.hostedZone, recordName, healthCheck: healthCheck ?? gate, ...routing };
      if (endpoint.loadBalancer) {
        const target = route53.RecordTarget.fromAlias(new LoadBalancerAliasTarget(endpoint.loadBalancer));
        records.push(new route53.ARecord(this, `${suffix}A`, { ...common, target }));
        if (ipv6) records.push(new route53.AaaaRecord(this, `${suffix}AAAA`, { ...common, target }));
      } else {
        const ttl = checked?.ttl ?? Duration.seconds(60);
        records.push(new route53.CnameRecord(this, `${suffix}Cname`, { ...common, domainName: endpoint.hostname, ttl }));
      }
      if (alarmsOn && healthCheck) {
        const alarm = new cloudwatch.Alarm(this, `${suffix}Unhealthy`, {
          alarmDescription: `Route 53 health check of ${this.domainName} in ${endpoint.region} (${mode}${role ? ` ${role}` : ''}) reports the endpoint unhealthy: ${healthCheckPath} failed ${failureThreshold} times in a row from most checker regions.`,
          metric: this.metricHealthCheckStatus(healthCheck),
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          threshold: 1,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          // No data from the health checkers is not evidence of health.
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        });
        if (checked.alarmTopic) notifyTopic(alarm, checked.alarmTopic);
        alarms.push(alarm);
      }
    });
    return { records, healthChecks, alarms, regionSwitch };
  }

  /** The two health checks a region switch drives (see {@link DnsRegionSwitch}). */
  private createRegionSwitchHealthChecks(regionSwitch: DnsRegionSwitch): { primary: route53.HealthCheck; secondary: route53.HealthCheck } {
    const primary = new route53.HealthCheck(this, 'NotSwitchedHealthCheck', {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { region: regionSwitch.region, name: regionSwitch.name },
      // No datapoint since the last switch (or ever): keep the last status; a new check starts healthy (not switched).
      insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
    });
    const secondary = new route53.HealthCheck(this, 'SwitchedHealthCheck', {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: [primary],
      healthThreshold: 1,
      inverted: true,
    });
    return { primary, secondary };
  }
}

/** What a routing created. */
interface BuiltRouting {
  readonly records: route53.RecordSet[];
  readonly healthChecks: route53.HealthCheck[];
  readonly alarms: cloudwatch.Alarm[];
  readonly regionSwitch?: { readonly primary: route53.HealthCheck; readonly secondary: route53.HealthCheck };
}
