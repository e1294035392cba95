import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { planCapacity, type Workload } from '../../lib/capacity';
import { GlobalEdgeStack, MultiRegionApp, RegionalServiceStack, selectTiers } from '../../patterns';
import { newTestApp } from '../support/app';

const twoRegions = (extra: Partial<Workload> = {}): Workload => ({
  traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 },
  topology: { regions: ['us-east-1', 'us-west-2'] },
  ...extra,
});

describe('selectTiers: the stage decides which tiers exist', () => {
  const at = (stage: Workload['stage'], w: Partial<Workload> = {}) =>
    selectTiers(planCapacity({ traffic: { peakQps: 60_000, writeFraction: 0.1 }, stage, ...w }));

  test('single-server: no cache, no edge, no read replica, one database', () => {
    expect(at('single-server')).toMatchObject({ cache: false, edge: false, readReplicas: 0, databaseShards: 1, regions: ['us-east-1'] });
  });

  test('load-balanced: read replicas from the plan, all on the one database the stage builds', () => {
    expect(at('load-balanced').readReplicas).toBe(6); // the plan's 6 replicas (6 shards needed, 1 built)
    expect(at('load-balanced', { traffic: { peakQps: 60_000, writeFraction: 0.01 } }).readReplicas).toBe(6);
  });

  test('cached: the cache and the edge; shards only from the sharded stage, with a note before', () => {
    const cached = at('cached');
    expect(cached).toMatchObject({ cache: true, edge: true, databaseShards: 1 });
    expect(cached.notes.join()).toMatch(/needs 6 database shards but the "cached" stage builds one/);
    expect(at('sharded').databaseShards).toBe(6);
  });

  test('multi-region with one region is noted; the workload\'s regions are built at any stage', () => {
    expect(at('multi-region').notes.join()).toMatch(/add a second region/);
    expect(at('load-balanced', { topology: { regions: ['eu-west-1', 'eu-central-1'] } }).regions).toEqual(['eu-west-1', 'eu-central-1']);
  });

  test('every choice can be overridden', () => {
    const plan = planCapacity({ traffic: { peakQps: 60_000 }, stage: 'single-server', cache: {} });
    expect(selectTiers(plan, { cache: false, edge: true, readReplicas: 2, databaseShards: 3, regions: ['us-west-2'] }))
      .toMatchObject({ cache: false, edge: true, readReplicas: 2, databaseShards: 3, regions: ['us-west-2'] });
  });
});

describe('MultiRegionApp without a domain', () => {
  const app = newTestApp();
  const mra = new MultiRegionApp(app, 'Svc', { plan: planCapacity({ traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 } }) });

  test('builds one regional stack, no edge (it needs HTTPS origins) and says why', () => {
    expect(mra.stacks.map((s) => s.stackName)).toEqual(['Svc-Primary']);
    expect(mra.globalEdgeStack).toBeUndefined();
    expect(mra.tiers.notes.join()).toMatch(/no domain: the edge \(CloudFront\) is not built/);
    Annotations.fromStack(mra.regionalStacks[0]).hasWarning('*', Match.stringLikeRegexp('HTTP'));
  });
});

describe('MultiRegionApp active-passive across two regions, behind the edge', () => {
  const app = newTestApp();
  const mra = new MultiRegionApp(app, 'Svc', { plan: planCapacity(twoRegions()), domain: { zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } });

  test('an imported zone needs no zone stack; no DNS failover stack (CloudFront fails over)', () => {
    expect(mra.stacks.map((s) => s.stackName)).toEqual(['Svc-Primary', 'Svc-Secondary', 'Svc-Edge']);
    expect(mra.dnsStack).toBeUndefined();
  });

  test('the edge fails over from the primary origin to the secondary', () => {
    const t = Template.fromStack(mra.globalEdgeStack!);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        OriginGroups: Match.objectLike({ Quantity: 1 }),
        Aliases: ['app.example.com'],
      }),
    });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Type: 'A', HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
  });

  test('each region: origin record and certificate for its origin name; the ALB only answers CloudFront', () => {
    for (const [stack, region] of [[mra.regionalStacks[0], 'us-east-1'], [mra.regionalStacks[1], 'us-west-2']] as const) {
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::Route53::RecordSet', { Name: `origin-${region}.example.com.`, Type: 'A' });
      t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: `origin-${region}.example.com`, SubjectAlternativeNames: ['origin.example.com', 'app.example.com'] });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Conditions: Match.arrayWith([Match.objectLike({ Field: 'http-header', HttpHeaderConfig: Match.objectLike({ HttpHeaderName: 'X-Origin-Verify' }) })]),
      });
    }
  });

  test('the secondary replicates the primary database across regions instead of writing', () => {
    const t = Template.fromStack(mra.regionalStacks[1]);
    t.resourceCountIs('AWS::RDS::DBInstance', 1);
    t.hasResourceProperties('AWS::RDS::DBInstance', { SourceDBInstanceIdentifier: Match.anyValue(), MultiAZ: true, KmsKeyId: Match.anyValue() });
    t.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Retain' });
  });
});

describe('MultiRegionApp without the edge', () => {
  test('active-passive: Route 53 failover records on the public name, health-checked; nag and Validate clean', () => {
    const app = newTestApp({ validate: true, nag: true });
    const mra = new MultiRegionApp(app, 'Svc', { plan: planCapacity(twoRegions()), domain: { zoneName: 'example.com' }, tiers: { edge: false } });
    expect(() => app.synth()).not.toThrow();
    expect(mra.stacks.map((s) => s.stackName)).toEqual(['Svc-Zone', 'Svc-Primary', 'Svc-Secondary', 'Svc-Dns']);
    const t = Template.fromStack(mra.dnsStack!);
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Failover: 'PRIMARY' });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Failover: 'SECONDARY' });
    t.resourceCountIs('AWS::Route53::HealthCheck', 2);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HealthCheckStatus', AlarmActions: Match.anyValue() });
    Template.fromStack(mra.regionalStacks[0]).resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('active-active: latency records; with the edge they are CloudFront\'s single origin; nag and Validate clean', () => {
    const app = newTestApp({ validate: true, nag: true });
    const mra = new MultiRegionApp(app, 'Svc', { plan: planCapacity(twoRegions()), domain: { zoneName: 'example.com' }, mode: 'active-active' });
    expect(() => app.synth()).not.toThrow();
    const dns = Template.fromStack(mra.dnsStack!);
    // The ALBs admit only CloudFront, so Route 53 follows their target health instead of probing them.
    dns.resourceCountIs('AWS::Route53::HealthCheck', 0);
    dns.hasResourceProperties('AWS::Route53::RecordSet', { AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }) });
    Template.fromStack(mra.globalEdgeStack!).hasResourceProperties('AWS::SecretsManager::Secret', {
      ReplicaRegions: Match.arrayWith([Match.objectLike({ Region: 'us-west-2' })]),
    });
    dns.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'origin.example.com.', Region: 'us-east-1' });
    dns.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'origin.example.com.', Region: 'us-west-2' });
    Template.fromStack(mra.globalEdgeStack!).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Origins: Match.arrayWith([Match.objectLike({ DomainName: 'origin.example.com' })]) }),
    });
    // Both regions still require the origin-verify header.
    for (const s of mra.regionalStacks) Template.fromStack(s).resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
  });
});

describe('pattern misuse fails clearly', () => {
  const plan = planCapacity({ traffic: { averageQps: 100 } });

  test('a secondary region without the primary databases', () => {
    expect(() => new RegionalServiceStack(newTestApp(), 'S', { plan, role: 'secondary', env: { region: 'us-west-2' } }))
      .toThrow(/a secondary region needs primaryDatabases/);
  });

  test('an edge stack outside us-east-1', () => {
    expect(() => new GlobalEdgeStack(newTestApp(), 'E', {
      plan, env: { region: 'eu-west-1' }, origins: [{ domainName: 'o.example.com', region: 'eu-west-1' }],
      hostedZone: { zoneName: 'example.com', hostedZoneId: 'Z1' }, domainName: 'app.example.com',
    })).toThrow(/must be in us-east-1.*got eu-west-1/);
  });
});
