import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { planCapacity } from '../../lib/capacity';
import { PropsValidationError } from '../../lib/validation';
import { DnsAliasEndpoint, DnsFailover, DnsFailoverProps, DnsFailoverWithHealthChecksOptions, DnsRouting, ILoadBalancerAliasTarget } from '../../lib/dns';
import { regionalAlbStack } from '../edge/regional-fixture';
import { newTestApp, TestStack } from '../support/app';

const RS = 'AWS::Route53::RecordSet';
const HC = 'AWS::Route53::HealthCheck';
const ALARM = 'AWS::CloudWatch::Alarm';

/** Load balancers known by name (e.g. from another app): what an alias record needs. */
const EAST: ILoadBalancerAliasTarget = { loadBalancerDnsName: 'web-east-123.us-east-1.elb.amazonaws.com', loadBalancerCanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' };
const WEST: ILoadBalancerAliasTarget = { loadBalancerDnsName: 'web-west-456.us-west-2.elb.amazonaws.com', loadBalancerCanonicalHostedZoneId: 'Z1H1FL5HABSF5' };
const ENDPOINTS: DnsAliasEndpoint[] = [
  { region: 'us-east-1', loadBalancer: EAST },
  { region: 'us-west-2', loadBalancer: WEST },
];
/** Failover from us-east-1 (PRIMARY) to us-west-2 (SECONDARY), with health checks and alarms. */
const FAILOVER = DnsRouting.failover({ primary: ENDPOINTS[0], secondary: ENDPOINTS[1] });

const ACTIVE_ACTIVE = planCapacity({ traffic: { peakQps: 1000 }, topology: { regions: ['us-east-1', 'us-west-2'], mode: 'active-active' } });
const ACTIVE_PASSIVE = planCapacity({ traffic: { peakQps: 1000 }, topology: { regions: ['us-east-1', 'us-west-2'], mode: 'active-passive' } });

function dnsStack(props: Partial<DnsFailoverProps>, region: string | null = 'us-east-1') {
  const app = newTestApp();
  const stack = new Stack(app, 'Dns', { env: region ? { region } : undefined });
  const hostedZone = props.zoneName ? undefined : new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const dns = new DnsFailover(stack, 'Dns', { hostedZone, recordName: 'www', routing: FAILOVER, ...props });
  return { app, stack, dns };
}

describe('DnsFailover failover mode (active-passive), one shared stack', () => {
  let template: Template;
  let dns: DnsFailover;
  let topic: sns.Topic;
  beforeAll(() => {
    const app = newTestApp();
    const stack = new TestStack(app, 'Dns');
    const hostedZone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true });
    dns = new DnsFailover(stack, 'Dns', {
      hostedZone,
      recordName: 'www',
      routing: DnsRouting.failover({
        primary: { region: 'us-east-1', loadBalancer: EAST },
        secondary: { region: 'us-west-2', loadBalancer: WEST, healthCheckFqdn: 'origin-usw2.example.com' },
        alarmTopic: topic,
      }),
    });
    template = Template.fromStack(stack);
  });

  test('HTTPS health checks on /healthz/ready: 10 s interval, threshold 3, SNI, port 443, one per region', () => {
    template.resourceCountIs(HC, 2);
    for (const fqdn of [EAST.loadBalancerDnsName, 'origin-usw2.example.com']) {
      template.hasResourceProperties(HC, {
        HealthCheckConfig: Match.objectLike({
          Type: 'HTTPS',
          FullyQualifiedDomainName: fqdn,
          Port: 443,
          ResourcePath: '/healthz/ready',
          RequestInterval: 10,
          FailureThreshold: 3,
          EnableSNI: true,
        }),
      });
    }
    expect(dns.healthChecks).toHaveLength(2);
  });

  test('PRIMARY and SECONDARY alias A records to the regional load balancers, evaluating target health, each with its health check', () => {
    template.resourceCountIs(RS, 2);
    const [primaryHc, secondaryHc] = dns.healthChecks.map((h) => Stack.of(h).resolve(h.healthCheckId));
    template.hasResourceProperties(RS, {
      Name: 'www.example.com.',
      Type: 'A',
      Failover: 'PRIMARY',
      SetIdentifier: 'PRIMARY-us-east-1',
      HealthCheckId: primaryHc,
      AliasTarget: { DNSName: `dualstack.${EAST.loadBalancerDnsName}`, HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: true },
    });
    template.hasResourceProperties(RS, {
      Name: 'www.example.com.',
      Type: 'A',
      Failover: 'SECONDARY',
      SetIdentifier: 'SECONDARY-us-west-2',
      HealthCheckId: secondaryHc,
      AliasTarget: { DNSName: `dualstack.${WEST.loadBalancerDnsName}`, HostedZoneId: 'Z1H1FL5HABSF5', EvaluateTargetHealth: true },
    });
    // Alias records carry no TTL (Route 53 answers with the target's records).
    for (const r of Object.values(template.findResources(RS))) expect((r as any).Properties.TTL).toBeUndefined();
    expect(dns.domainName).toBe('www.example.com');
    expect(dns.mode).toBe('failover');
  });

  test('an alarm per health check on HealthCheckStatus < 1 (AWS/Route53, HealthCheckId), notifying the topic on alarm and OK', () => {
    template.resourceCountIs(ALARM, 2);
    const topicRef = Stack.of(topic).resolve(topic.topicArn);
    for (const hc of dns.healthChecks) {
      template.hasResourceProperties(ALARM, {
        Namespace: 'AWS/Route53',
        MetricName: 'HealthCheckStatus',
        Dimensions: [{ Name: 'HealthCheckId', Value: Stack.of(hc).resolve(hc.healthCheckId) }],
        Statistic: 'Minimum',
        Period: 60,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        TreatMissingData: 'breaching',
        AlarmActions: [topicRef],
        OKActions: [topicRef],
      });
    }
    template.hasResourceProperties(ALARM, { AlarmDescription: Match.stringLikeRegexp('www.example.com in us-east-1 \\(failover PRIMARY\\)') });
  });

  test('metric helpers: HealthCheckStatus and HealthCheckPercentageHealthy in us-east-1', () => {
    const hc = dns.healthChecks[0];
    const status = dns.metricHealthCheckStatus(hc);
    expect(status).toMatchObject({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', statistic: 'Minimum', region: 'us-east-1' });
    expect(status.period.toSeconds()).toBe(60);
    const pct = dns.metricHealthCheckPercentageHealthy(hc, { period: Duration.minutes(5) });
    expect(pct).toMatchObject({ metricName: 'HealthCheckPercentageHealthy', statistic: 'Average' });
    expect(pct.period.toSeconds()).toBe(300);
    expect(Stack.of(hc).resolve(pct.dimensions)).toEqual({ HealthCheckId: Stack.of(hc).resolve(hc.healthCheckId) });
  });

  test('cdk-nag AwsSolutions reports nothing', () => {
    expect(new AwsSolutionsChecks().validateScope(Stack.of(dns)).violations).toEqual([]);
  });
});

describe('DnsFailover latency mode (active-active)', () => {
  let template: Template;
  let dns: DnsFailover;
  beforeAll(() => {
    const built = dnsStack({
      routing: DnsRouting.latency({
        endpoints: ENDPOINTS,
        ipv6: true,
        healthCheckPath: '/ready',
        healthCheckInterval: Duration.seconds(30),
        healthCheckFailureThreshold: 2,
        healthCheckPort: 8443,
        healthCheckRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      }),
    });
    dns = built.dns;
    template = Template.fromStack(built.stack);
  });

  test('one latency record per region (A and AAAA), each with its region, set identifier and health check', () => {
    template.resourceCountIs(RS, 4);
    for (const [region, lb, i] of [['us-east-1', EAST, 0], ['us-west-2', WEST, 1]] as const) {
      for (const type of ['A', 'AAAA']) {
        template.hasResourceProperties(RS, {
          Type: type,
          Region: region,
          SetIdentifier: `latency-${region}`,
          HealthCheckId: Stack.of(dns).resolve(dns.healthChecks[i].healthCheckId),
          AliasTarget: Match.objectLike({ DNSName: `dualstack.${lb.loadBalancerDnsName}`, EvaluateTargetHealth: true }),
        });
      }
    }
    for (const r of Object.values(template.findResources(RS))) expect((r as any).Properties.Failover).toBeUndefined();
  });

  test('health checks use the given path, 30 s interval, threshold 2, port and checker regions', () => {
    template.resourceCountIs(HC, 2);
    template.allResourcesProperties(HC, {
      HealthCheckConfig: Match.objectLike({ ResourcePath: '/ready', RequestInterval: 30, FailureThreshold: 2, Port: 8443, Regions: ['us-east-1', 'us-west-2', 'eu-west-1'] }),
    });
    template.resourceCountIs(ALARM, 2);
  });
});

describe('DnsFailover cloudfront mode', () => {
  test('A and AAAA aliases to the distribution (CloudFront zone, no target-health evaluation), no health check or alarm', () => {
    const app = newTestApp();
    const stack = new TestStack(app, 'Dns');
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const distribution = new cloudfront.Distribution(stack, 'Dist', { defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') } });
    const dns = new DnsFailover(stack, 'Dns', { hostedZone: zone, routing: DnsRouting.cloudFront(distribution) });
    const template = Template.fromStack(stack);
    expect(dns.mode).toBe('cloudfront');
    template.resourceCountIs(RS, 2);
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties(RS, {
        Name: 'example.com.',
        Type: type,
        AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Dist'), 'DomainName'] }, HostedZoneId: { 'Fn::FindInMap': Match.anyValue() } },
      });
    }
    for (const r of Object.values(template.findResources(RS))) {
      expect((r as any).Properties.AliasTarget.EvaluateTargetHealth).toBeUndefined();
      expect((r as any).Properties.HealthCheckId).toBeUndefined();
    }
    template.resourceCountIs(HC, 0);
    template.resourceCountIs(ALARM, 0);
    expect(dns.domainName).toBe('example.com');
  });
});

describe('DnsFailover other shapes', () => {
  test('hostname endpoints become CNAME failover records with TTL ≤ 60 s, in a created hosted zone', () => {
    const { stack, dns } = dnsStack({
      zoneName: 'example.org',
      routing: DnsRouting.failover({
        primary: { region: 'eu-west-1', hostname: 'eu.backend.example.net' },
        secondary: { region: 'eu-central-1', hostname: 'de.backend.example.net' },
        ttl: Duration.seconds(30),
        alarms: false,
      }),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::HostedZone', { Name: 'example.org.' });
    template.hasResourceProperties(RS, { Name: 'www.example.org.', Type: 'CNAME', TTL: '30', ResourceRecords: ['eu.backend.example.net'], Failover: 'PRIMARY' });
    template.hasResourceProperties(RS, { Type: 'CNAME', TTL: '30', ResourceRecords: ['de.backend.example.net'], Failover: 'SECONDARY' });
    template.hasResourceProperties(HC, { HealthCheckConfig: Match.objectLike({ FullyQualifiedDomainName: 'de.backend.example.net' }) });
    template.resourceCountIs(ALARM, 0);
    expect(dns.alarms).toHaveLength(0);
  });

  test('explicit failover roles: the us-west-2 endpoint can be the PRIMARY', () => {
    const { stack } = dnsStack({
      routing: DnsRouting.failover({
        secondary: { region: 'us-east-1', loadBalancer: EAST },
        primary: { region: 'us-west-2', loadBalancer: WEST },
      }),
    });
    Template.fromStack(stack).hasResourceProperties(RS, { Failover: 'PRIMARY', SetIdentifier: 'PRIMARY-us-west-2' });
  });

  test('the plan chooses the mode (DnsRouting.fromPlan): active-active → latency, active-passive → failover; an explicit routing ignores the plan', () => {
    expect(dnsStack({ routing: DnsRouting.fromPlan(ACTIVE_ACTIVE, { endpoints: ENDPOINTS }) }).dns.mode).toBe('latency');
    expect(dnsStack({ routing: DnsRouting.fromPlan(ACTIVE_PASSIVE, { endpoints: ENDPOINTS }) }).dns.mode).toBe('failover');
    expect(dnsStack({ routing: FAILOVER }).dns.mode).toBe('failover');
  });

  test('alarms off allow a stack outside us-east-1; an environment-agnostic stack is accepted', () => {
    expect(() => dnsStack({ routing: DnsRouting.failover({ primary: ENDPOINTS[0], secondary: ENDPOINTS[1], alarms: false }) }, 'eu-west-1')).not.toThrow();
    const { stack } = dnsStack({}, null);
    Template.fromStack(stack).resourceCountIs(ALARM, 2);
  });
});

describe('DnsFailover without health checks (ALBs that only admit CloudFront), one shared stack', () => {
  let template: Template;
  let dns: DnsFailover;
  beforeAll(() => {
    // Outside us-east-1 on purpose: without health checks there are no alarms, so no region constraint.
    const built = dnsStack({ routing: DnsRouting.failover({ primary: ENDPOINTS[0], secondary: ENDPOINTS[1], healthChecks: false, ipv6: true }) }, 'eu-west-1');
    dns = built.dns;
    template = Template.fromStack(built.stack);
  });

  test('no Route 53 health check and no alarm', () => {
    template.resourceCountIs(HC, 0);
    template.resourceCountIs(ALARM, 0);
    expect(dns.healthChecks).toEqual([]);
    expect(dns.alarms).toEqual([]);
  });

  test('PRIMARY and SECONDARY alias records (A and AAAA) rely on EvaluateTargetHealth only', () => {
    template.resourceCountIs(RS, 4);
    for (const [role, lb] of [['PRIMARY', EAST], ['SECONDARY', WEST]] as const) {
      for (const type of ['A', 'AAAA']) {
        template.hasResourceProperties(RS, {
          Name: 'www.example.com.',
          Type: type,
          Failover: role,
          AliasTarget: { DNSName: `dualstack.${lb.loadBalancerDnsName}`, HostedZoneId: lb.loadBalancerCanonicalHostedZoneId, EvaluateTargetHealth: true },
        });
      }
    }
    for (const r of Object.values(template.findResources(RS))) expect((r as any).Properties.HealthCheckId).toBeUndefined();
  });

  test('with a region switch: the PRIMARY follows a CloudWatch-metric check on the switch alarm, the SECONDARY its inverse, both still evaluating target health', () => {
    const { stack, dns: switched } = dnsStack({
      routing: DnsRouting.failover({ primary: ENDPOINTS[0], secondary: ENDPOINTS[1], healthChecks: false, regionSwitch: { region: 'us-west-2', name: 'svc-region-switch' } }),
    }, 'eu-west-1');
    const t = Template.fromStack(stack);
    t.resourceCountIs(HC, 2);
    const id = (c: any) => stack.getLogicalId(c.node.defaultChild);
    const { primary, secondary } = switched.regionSwitchHealthChecks!;
    t.hasResourceProperties(HC, { HealthCheckConfig: {
      Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Region: 'us-west-2', Name: 'svc-region-switch' }, InsufficientDataHealthStatus: 'LastKnownStatus',
    } });
    t.hasResourceProperties(HC, { HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: [{ Ref: id(primary) }], HealthThreshold: 1, Inverted: true } });
    for (const [role, check] of [['PRIMARY', primary], ['SECONDARY', secondary]] as const) {
      t.hasResourceProperties(RS, { Failover: role, HealthCheckId: { Ref: id(check) }, AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }) });
    }
    expect(() => dnsStack({
      routing: DnsRouting.failover({ primary: ENDPOINTS[0], secondary: ENDPOINTS[1], healthChecks: false, regionSwitch: { region: 'mars-1', name: ' ' } }),
    })).toThrow(/regionSwitch\.region: "mars-1"[\s\S]*regionSwitch\.name: " " — must be the name of a CloudWatch alarm/);
  });

  test('latency mode without health checks: latency alias records evaluating target health, nothing else', () => {
    const { stack } = dnsStack({ routing: DnsRouting.latency({ endpoints: ENDPOINTS, healthChecks: false }) });
    const latency = Template.fromStack(stack);
    latency.resourceCountIs(HC, 0);
    latency.resourceCountIs(ALARM, 0);
    latency.resourceCountIs(RS, 2);
    latency.allResourcesProperties(RS, { Region: Match.anyValue(), AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }), HealthCheckId: Match.absent() });
  });
});

describe('DnsFailover domainName and record names', () => {
  test.each<[string | undefined, string]>([
    ['www', 'www.example.com'],
    ['app.example.com', 'app.example.com'],
    ['app.example.com.', 'app.example.com'],
    ['example.com', 'example.com'],
    ['example.com.', 'example.com'],
    [undefined, 'example.com'],
    ['origin.eu', 'origin.eu.example.com'],
    ['myexample.com', 'myexample.com.example.com'],
  ])('recordName %p in zone example.com answers for %p', (recordName, expected) => {
    const { stack, dns } = dnsStack({ recordName, routing: DnsRouting.failover({ primary: ENDPOINTS[0], secondary: ENDPOINTS[1], alarms: false }) });
    expect(dns.domainName).toBe(expected);
    // The records agree with domainName (aws-cdk-lib resolves record names the same way).
    Template.fromStack(stack).allResourcesProperties(RS, { Name: `${expected}.` });
  });

  test('alarm descriptions name the fully qualified record once', () => {
    const { stack } = dnsStack({ recordName: 'app.example.com' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(ALARM, { AlarmDescription: Match.stringLikeRegexp('^Route 53 health check of app\\.example\\.com in us-east-1') });
    expect(JSON.stringify(template.toJSON())).not.toContain('example.com.example.com');
  });
});

describe('DnsFailover validation', () => {
  test('every problem at once, naming the prop, the value and what is allowed', () => {
    let error: unknown;
    try {
      dnsStack(
        {
          // Only a plan-chosen failover takes a list of endpoints, so only it can get a wrong count.
          routing: DnsRouting.fromPlan(ACTIVE_PASSIVE, {
            endpoints: [{ region: 'us-east-1', loadBalancer: EAST }],
            ttl: Duration.seconds(300),
            healthCheckInterval: Duration.seconds(15),
            healthCheckFailureThreshold: 11,
            healthCheckPath: 'healthz',
          }),
        },
        'eu-west-1',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['endpoints', 'healthCheckPath', 'healthCheckInterval', 'healthCheckFailureThreshold', 'stack region', 'ttl']),
    );
    const message = (error as Error).message;
    expect(message).toMatch(/endpoints: 1 — failover takes exactly two endpoints \(primary, secondary\); use latency mode for more \(got 1\)/);
    expect(message).toMatch(/ttl: "300 s" — must be a whole number of seconds ≤ 60/);
    expect(message).toMatch(/healthCheckInterval: "15 s" — must be 10 s \(fast\) or 30 s \(standard\)/);
    expect(message).toMatch(/healthCheckFailureThreshold: 11 — must be a whole number between 1 and 10/);
    expect(message).toMatch(/healthCheckPath: "healthz" — must start with "\/"/);
    expect(message).toMatch(/stack region: "eu-west-1" — health-check alarms need a us-east-1 stack/);
  });

  /** Failover from ENDPOINTS[0] to ENDPOINTS[1] with health checks and these options. */
  const failover = (options: Omit<DnsFailoverWithHealthChecksOptions, 'primary' | 'secondary'>) =>
    DnsRouting.failover({ primary: ENDPOINTS[0], secondary: ENDPOINTS[1], ...options });
  const CNAMES = [{ region: 'us-east-1', hostname: 'a.example.net' }, { region: 'us-west-2', hostname: 'b.example.net' }];

  // A list of endpoints reaches failover only through DnsRouting.fromPlan (active-passive plan).
  test.each<[string, Partial<DnsFailoverProps>, RegExp]>([
    ['failover with one region', { routing: DnsRouting.fromPlan(ACTIVE_PASSIVE, { endpoints: [ENDPOINTS[0]] }) }, /failover takes exactly two endpoints \(primary, secondary\); use latency mode for more \(got 1\)/],
    ['failover with three regions', { routing: DnsRouting.fromPlan(ACTIVE_PASSIVE, { endpoints: [...ENDPOINTS, { region: 'eu-west-1', loadBalancer: EAST }] }) }, /endpoints: 3 — failover takes exactly two endpoints \(primary, secondary\); use latency mode for more \(got 3\)/],
    ['a CNAME at the apex named in full', { recordName: 'example.com', routing: DnsRouting.fromPlan(ACTIVE_PASSIVE, { endpoints: CNAMES }) }, /endpoints\[0\]\.hostname: "a.example.net" — a CNAME cannot sit at the zone apex/],
    ['TTL over 60 s', { routing: failover({ ttl: Duration.minutes(5) }) }, /ttl: "300 s" — must be a whole number of seconds ≤ 60/],
    ['an interval other than 10/30 s', { routing: failover({ healthCheckInterval: Duration.seconds(20) }) }, /healthCheckInterval: "20 s"/],
    ['a threshold below 1', { routing: failover({ healthCheckFailureThreshold: 0 }) }, /healthCheckFailureThreshold: 0 — must be a whole number between 1 and 10/],
    ['a path without leading slash', { routing: failover({ healthCheckPath: 'ready' }) }, /healthCheckPath: "ready" — must start with "\/"/],
    ['latency with one region', { routing: DnsRouting.latency({ endpoints: [ENDPOINTS[0]] }) }, /latency routing needs at least two regional endpoints \(got 1\)/],
    ['the same region twice', { routing: DnsRouting.fromPlan(ACTIVE_PASSIVE, { endpoints: [ENDPOINTS[0], { ...ENDPOINTS[1], region: 'us-east-1' }] }) }, /endpoints\[1\]\.region: "us-east-1" — appears twice/],
    ['a CNAME at the apex', { recordName: undefined, routing: DnsRouting.failover({ primary: CNAMES[0], secondary: CNAMES[1] }) }, /a CNAME cannot sit at the zone apex/],
    ['too few checker regions', { routing: failover({ healthCheckRegions: ['us-east-1'] }) }, /healthCheckRegions: \["us-east-1"\] — Route 53 needs at least three/],
    ['an alarm topic without alarms', { routing: failover({ alarms: false, alarmTopic: {} as sns.ITopic }) }, /alarmTopic: "set" — needs alarms/],
  ])('rejects %s', (_name, props, message) => {
    expect(() => dnsStack(props)).toThrow(message);
  });

  test('rejects a missing zone, and both a zone and a zone name', () => {
    const app = newTestApp();
    const stack = new TestStack(app, 'Dns');
    expect(() => new DnsFailover(stack, 'A', { routing: FAILOVER })).toThrow(/zoneName: missing — give hostedZone \(an existing zone\) or zoneName/);
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    expect(() => new DnsFailover(stack, 'B', { hostedZone: zone, zoneName: 'example.com', routing: FAILOVER })).toThrow(/give either hostedZone or zoneName, not both/);
  });

  test('several invalid props at once, fractional durations and an unknown region included: ONE PropsValidationError naming them all', () => {
    const attempt = () =>
      dnsStack({
        zoneName: 'example..org',
        routing: DnsRouting.latency({
          endpoints: [
            { region: 'us-east-99', loadBalancer: EAST, healthCheckFqdn: 'origin_1.example.com' },
            { region: 'us-west-2', hostname: '-backend.example.net' },
          ],
          ttl: Duration.millis(1500),
          healthCheckInterval: Duration.millis(7500),
          healthCheckPort: 0,
          healthCheckRegions: ['us-east-1', 'us-west-2', 'eu-central-1'],
        }),
      }, 'eu-west-1');
    expect(attempt).toThrow(PropsValidationError);
    let error: PropsValidationError | undefined;
    try {
      attempt();
    } catch (e) {
      error = e as PropsValidationError;
    }
    expect(error!.problems.map((p) => p.path)).toEqual([
      'zoneName',
      'endpoints[0].region',
      'endpoints[0].healthCheckFqdn',
      'endpoints[1].hostname',
      'healthCheckInterval',
      'healthCheckPort',
      'healthCheckRegions[2]',
      'ttl',
      'stack region',
    ]);
    expect(error!.message).toMatch(/endpoints\[0\]\.region: "us-east-99" — must be an AWS region/);
    expect(error!.message).toMatch(/ttl: "1.5 s" — must be a whole number of seconds ≤ 60/);
    expect(error!.message).toMatch(/healthCheckInterval: "7.5 s" — must be 10 s \(fast\) or 30 s \(standard\)/);
    expect(error!.message).toMatch(/healthCheckRegions\[2\]: "eu-central-1" — must be one of "us-east-1"/);
  });
});

describe('DnsRouting: combinations that cannot be written (each line is a type error, checked by tsc --noEmit)', () => {
  test('mode-specific props stay in their routing', () => {
    const lb = ENDPOINTS[0];
    const cname = { region: 'us-west-2', hostname: 'b.example.net' };
    const distribution = {} as cloudfront.IDistribution;
    // Built, never called: what matters is that tsc rejects every one.
    const impossible = [
      // A CNAME without a health check is always healthy, so it would never fail over.
      // @ts-expect-error hostname endpoint without health checks (failover)
      () => DnsRouting.failover({ healthChecks: false, primary: cname, secondary: lb }),
      // @ts-expect-error hostname endpoint without health checks (latency)
      () => DnsRouting.latency({ healthChecks: false, endpoints: [lb, cname] }),
      // @ts-expect-error health-check options without health checks
      () => DnsRouting.failover({ healthChecks: false, primary: lb, secondary: ENDPOINTS[1], healthCheckPath: '/up' }),
      // @ts-expect-error a health-check host name without health checks
      () => DnsRouting.latency({ healthChecks: false, endpoints: [{ ...lb, healthCheckFqdn: 'o.example.com' }, ENDPOINTS[1]] }),
      // @ts-expect-error alarms without health checks
      () => DnsRouting.latency({ healthChecks: false, endpoints: ENDPOINTS, alarms: true }),
      // @ts-expect-error an alarm topic without health checks
      () => DnsRouting.latency({ healthChecks: false, endpoints: ENDPOINTS, alarmTopic: {} as sns.ITopic }),
      // @ts-expect-error a TTL without health checks (only CNAMEs have one)
      () => DnsRouting.latency({ healthChecks: false, endpoints: ENDPOINTS, ttl: Duration.seconds(30) }),
      // @ts-expect-error failover without a secondary
      () => DnsRouting.failover({ primary: lb }),
      // @ts-expect-error failover over a list (three regions)
      () => DnsRouting.failover({ primary: lb, secondary: ENDPOINTS[1], endpoints: ENDPOINTS }),
      // @ts-expect-error a failover role in latency routing
      () => DnsRouting.latency({ endpoints: [{ ...lb, failoverRole: route53.Failover.PRIMARY }, ENDPOINTS[1]] }),
      // @ts-expect-error an endpoint with neither target
      () => DnsRouting.latency({ endpoints: [lb, { region: 'us-west-2' }] }),
      // @ts-expect-error an endpoint with both targets
      () => DnsRouting.latency({ endpoints: [lb, { ...cname, loadBalancer: WEST }] }),
      // @ts-expect-error CloudFront routing without a distribution
      () => DnsRouting.cloudFront(),
      // @ts-expect-error endpoints in CloudFront routing
      () => DnsRouting.cloudFront(distribution, { endpoints: ENDPOINTS }),
      // @ts-expect-error health checks in CloudFront routing
      () => DnsRouting.cloudFront(distribution, { healthChecks: true }),
      // @ts-expect-error a distribution in failover routing
      () => DnsRouting.failover({ primary: lb, secondary: ENDPOINTS[1], distribution }),
      // @ts-expect-error a mode string instead of a routing
      () => new DnsFailover(new Stack(), 'Dns', { zoneName: 'example.com', mode: 'failover', endpoints: ENDPOINTS }),
    ];
    expect(impossible).toHaveLength(17);
  });
});

describe('DnsFailover compliance: one CDK app, us-east-1 DNS stack, ALBs in us-east-1 and us-west-2', () => {
  test('cross-region references to the ALBs synthesize offline, cdk-nag and CloudFormation Validate clean', () => {
    const app = newTestApp({ validate: true, nag: true });
    const east = regionalAlbStack(app, 'East', 'us-east-1', true);
    const west = regionalAlbStack(app, 'West', 'us-west-2', true);
    const global = new TestStack(app, 'Dns', { crossRegionReferences: true });
    const topic = new sns.Topic(global, 'Alerts', { enforceSSL: true });
    new DnsFailover(global, 'Dns', {
      zoneName: 'example.com',
      recordName: 'www',
      routing: DnsRouting.failover({
        primary: { region: 'us-east-1', loadBalancer: east.loadBalancer },
        secondary: { region: 'us-west-2', loadBalancer: west.loadBalancer },
        alarmTopic: topic,
      }),
    });
    const assembly = app.synth();
    const dnsStack = assembly.getStackByName('Dns');
    expect(dnsStack.dependencies.map((d) => d.id)).toEqual(expect.arrayContaining(['East', 'West']));
    // The us-west-2 ALB's name reaches the us-east-1 template as a native cross-region output reference.
    expect(JSON.stringify(dnsStack.template)).toContain('"Fn::GetStackOutput":{"StackName":"West","Region":"us-west-2"');
  });
});
