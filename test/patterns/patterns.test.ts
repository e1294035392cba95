import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { planCapacity, type Workload } from '../../lib/capacity';
import { PropsValidationError } from '../../lib/validation';
import { GlobalEdgeStack, MultiRegionApp, RegionalServiceStack } from '../../patterns';
import { newTestApp } from '../support/app';

const twoRegions = (extra: Partial<Workload> = {}): Workload => ({
  traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 },
  topology: { regions: ['us-east-1', 'us-west-2'] },
  ...extra,
});

describe('the plan\'s architecture: the stage decides which tiers exist', () => {
  // 30,000 writes per second: more than one class can take (8,000 on db.r7g.16xlarge), so the plan needs 4 shards.
  const at = (stage: Workload['stage'], w: Partial<Workload> = {}) =>
    planCapacity({ traffic: { peakQps: 60_000, writeFraction: 0.5 }, stage, ...w });
  const warned = (p: ReturnType<typeof at>) => p.warnings.map((w) => w.message).join();

  test('single-server: no cache, no edge, no read replica, one database', () => {
    expect(at('single-server').architecture).toMatchObject({ cache: false, edge: false, readReplicasPerShard: 0, databaseShards: 1 });
  });

  test('load-balanced: the read replicas the one built database needs', () => {
    const p = at('load-balanced');
    expect(p.architecture.readReplicasPerShard).toBe(p.database.readReplicasPerShard);
    expect(p.architecture.readReplicasPerShard).toBeGreaterThan(0);
  });

  test('cached: the cache and the edge; shards only from the sharded stage, with a warning before', () => {
    const cached = at('cached');
    expect(cached.database.shards).toBe(4);
    expect(cached.architecture).toMatchObject({ cache: true, edge: true, databaseShards: 1 });
    expect(warned(cached)).toMatch(/needs 4 database shards but the "cached" stage builds 1/);
    expect(at('sharded').architecture.databaseShards).toBe(4);
  });

  test('multi-region with one region is warned about', () => {
    expect(warned(at('multi-region'))).toMatch(/add a second region/);
  });

  test('every choice can be overridden by the workload\'s architecture section, and the plan prices what is built', () => {
    const plan = planCapacity({
      traffic: { peakQps: 60_000 }, stage: 'single-server', cache: {}, database: { instanceClass: 'db.r7g.large' },
      architecture: { cache: false, edge: true, readReplicasPerShard: 1, databaseShards: 3 },
    });
    expect(plan.architecture).toEqual({ cache: false, edge: true, readReplicasPerShard: 1, databaseShards: 3, queue: false, eventLog: false });
    expect(plan.database.readReplicasPerShard).toBeGreaterThan(1);
    expect(plan.cache.enabled).toBe(false);
    expect(plan.costBreakdown.map((c) => c.component)).toEqual(expect.arrayContaining(['cdn']));
    expect(plan.costBreakdown.map((c) => c.component)).not.toContain('cache');
    expect(warned(plan)).toContain(`architecture.readReplicasPerShard builds 1 read replica(s) per shard; the read load needs ${plan.database.readReplicasPerShard}`);
  });
});

describe('MultiRegionApp without a domain', () => {
  const workload: Workload = { traffic: { dailyActiveUsers: 2e6, requestsPerUserPerDay: 20 } };

  test('a plan that builds the edge needs a domain (CloudFront reaches the origins over HTTPS): refused, saying what to do', () => {
    expect(() => new MultiRegionApp(newTestApp(), 'Svc', { plan: planCapacity(workload) })).toThrow(PropsValidationError);
    expect(() => new MultiRegionApp(newTestApp(), 'Svc', { plan: planCapacity(workload) })).toThrow(
      /domain: missing — the plan builds the edge.*"architecture": \{ "edge": false \}/,
    );
  });

  test('planned without the edge: one regional stack, HTTP (with a warning), and the plan prices no CloudFront', () => {
    const plan = planCapacity({ ...workload, architecture: { edge: false } });
    const mra = new MultiRegionApp(newTestApp(), 'Svc', { plan });
    expect(mra.stacks.map((s) => s.stackName)).toEqual(['Svc-Primary']);
    expect(mra.globalEdgeStack).toBeUndefined();
    expect(plan.costBreakdown.map((c) => c.component)).not.toContain('cdn');
    Annotations.fromStack(mra.regionalStacks[0]).hasWarning('*', Match.stringLikeRegexp('HTTP'));
  });
});

describe('MultiRegionApp active-passive across two regions, behind the edge', () => {
  const app = newTestApp();
  const mra = new MultiRegionApp(app, 'Svc', {
    plan: planCapacity(twoRegions()), domain: { zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, writePathPatterns: ['/api/*', '/graphql'],
  });

  test('an imported zone needs no zone stack; the backup vault in the second region; a DNS stack fails origin.<zone> over on the region switch', () => {
    expect(mra.stacks.map((s) => s.stackName)).toEqual(['Svc-Backup', 'Svc-Primary', 'Svc-Secondary', 'Svc-Edge', 'Svc-Dns']);
    expect(mra.backupStack!.region).toBe('us-west-2');
    Template.fromStack(mra.dnsStack!).hasResourceProperties('AWS::Route53::RecordSet', { Name: 'origin.example.com.', Failover: 'PRIMARY' });
    // The switch alarm exists before the health checks that read it; the vault before the primary copies to it.
    expect(mra.dnsStack!.dependencies).toContain(mra.regionalStacks[1]);
    expect(mra.regionalStacks[0].dependencies).toContain(mra.backupStack);
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

  test('writes: the default behaviour (the origin group) takes GET/HEAD/OPTIONS only; each write path takes every method to origin.<zone>', () => {
    const [distribution] = Object.values(Template.fromStack(mra.globalEdgeStack!).findResources('AWS::CloudFront::Distribution')) as any[];
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    const origins = Object.fromEntries(config.Origins.map((o: any) => [o.Id, o.DomainName]));
    for (const path of ['/api/*', '/graphql']) {
      const behavior = config.CacheBehaviors.find((b: any) => b.PathPattern === path);
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']));
      expect(origins[behavior.TargetOriginId]).toBe('origin.example.com');
    }
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
    const mra = new MultiRegionApp(app, 'Svc', { plan: planCapacity(twoRegions({ architecture: { edge: false } })), domain: { zoneName: 'example.com' } });
    expect(() => app.synth()).not.toThrow();
    expect(mra.stacks.map((s) => s.stackName)).toEqual(['Svc-Zone', 'Svc-Backup', 'Svc-Primary', 'Svc-Secondary', 'Svc-Dns']);
    const t = Template.fromStack(mra.dnsStack!);
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Failover: 'PRIMARY' });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Failover: 'SECONDARY' });
    t.resourceCountIs('AWS::Route53::HealthCheck', 2);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HealthCheckStatus', AlarmActions: Match.anyValue() });
    Template.fromStack(mra.regionalStacks[0]).resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('active-active: latency records; with the edge they are CloudFront\'s single origin; nag and Validate clean', () => {
    const app = newTestApp({ validate: true, nag: true });
    const mra = new MultiRegionApp(app, 'Svc', { plan: planCapacity(twoRegions({ topology: { regions: ['us-east-1', 'us-west-2'], mode: 'active-active' } })), domain: { zoneName: 'example.com' } });
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
      .toThrow(/S: invalid props \(1 problem\):\n  - primaryDatabases: 0 — a secondary region replicates the primary's writers/);
  });

  test('every invalid prop of a MultiRegionApp at once: a malformed hosted zone ID (the README placeholder) and a bad zone name', () => {
    const twoRegionPlan = planCapacity(twoRegions({ architecture: { edge: false } }));
    expect(() => new MultiRegionApp(newTestApp(), 'Svc', { plan: twoRegionPlan, domain: { zoneName: 'example..com', hostedZoneId: 'Z0123…' } })).toThrow(
      /invalid props \(2 problems\):\n  - domain.zoneName: "example..com" — must be a DNS host name[\s\S]*domain.hostedZoneId: "Z0123…" — must be a Route 53 hosted zone ID/,
    );
  });

  test('an edge stack outside us-east-1', () => {
    expect(() => new GlobalEdgeStack(newTestApp(), 'E', {
      plan, env: { region: 'eu-west-1' }, origins: [{ domainName: 'o.example.com', region: 'eu-west-1' }],
      hostedZone: { zoneName: 'example.com', hostedZoneId: 'Z1' }, domainName: 'app.example.com',
    })).toThrow(/env.region: "eu-west-1" — a GlobalEdgeStack must be in us-east-1/);
  });
});
