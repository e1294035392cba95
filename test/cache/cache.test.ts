import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Cache, CACHE_WARNINGS, CacheProps, DEFAULT_CACHE_PORT, parameterGroupFamily } from '../../lib/cache';
import { PropsValidationError } from '../../lib/validation';
import { TEST_AZS } from '../support/app';
import { dataTierFixture, DataTierFixture } from '../database/fixture';
import { examplePlan } from '../support/examples';

const RG = 'AWS::ElastiCache::ReplicationGroup';

describe('Cache from a plan (Valkey, defaults)', () => {
  const plan = examplePlan('05-sharded');
  let f: DataTierFixture;
  let cache: Cache;
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    f = dataTierFixture();
    stack = f.stack;
    cache = new Cache(f.stack, 'Cache', { vpc: f.vpc, plan, clients: [f.web] });
    template = Template.fromStack(f.stack);
  });

  test('node type, shards and replicas per shard equal the plan', () => {
    expect(plan.cache.enabled).toBe(true);
    template.resourceCountIs(RG, 1);
    template.hasResourceProperties(RG, {
      CacheNodeType: plan.cache.nodeType!,
      NumNodeGroups: plan.cache.shards,
      ReplicasPerNodeGroup: plan.cache.replicasPerShard,
    });
    expect([cache.nodeType, cache.shards, cache.replicasPerShard]).toEqual([plan.cache.nodeType, plan.cache.shards, plan.cache.replicasPerShard]);
  });

  test('Valkey 8.2 in cluster mode, Multi-AZ with automatic failover, non-default port 6380', () => {
    template.hasResourceProperties(RG, {
      Engine: 'valkey',
      EngineVersion: '8.2',
      ClusterMode: 'enabled',
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      Port: DEFAULT_CACHE_PORT,
      AutoMinorVersionUpgrade: true,
    });
    expect(DEFAULT_CACHE_PORT).toBe(6380);
  });

  test('encryption in transit (set explicitly, required) and at rest', () => {
    template.hasResourceProperties(RG, {
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      KmsKeyId: Match.absent(),
    });
  });

  test('the AUTH token is a dynamic reference to a generated, alphanumeric 64-character secret', () => {
    const secretId = stack.getLogicalId(cache.authToken.node.defaultChild as never);
    template.hasResourceProperties(RG, {
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  test('allkeys-lru and cluster-enabled through a valkey8 parameter group the replication group uses', () => {
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'allkeys-lru' },
    });
    template.hasResourceProperties(RG, { CacheParameterGroupName: { Ref: stack.getLogicalId(cache.parameterGroup) } });
  });

  test('snapshots kept 7 days in a daily window, a weekly maintenance window, SNAPSHOT on removal', () => {
    template.hasResource(RG, {
      Properties: Match.objectLike({ SnapshotRetentionLimit: 7, SnapshotWindow: '03:00-04:00', PreferredMaintenanceWindow: 'sun:05:00-sun:06:00' }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('a subnet group in the isolated subnets of the three AZs', () => {
    const isolated = f.vpc.isolatedSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
    expect(isolated).toHaveLength(3);
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: isolated });
    template.hasResourceProperties(RG, { CacheSubnetGroupName: { Ref: stack.getLogicalId(cache.subnetGroup) } });
  });

  test('ingress only from the web tier on 6380; no egress', () => {
    const sgId = { 'Fn::GetAtt': [stack.getLogicalId(cache.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] };
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { GroupId: sgId } });
    expect(Object.values(ingress).map((r) => r.Properties)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 6380,
        ToPort: 6380,
        SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(f.web.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
      }),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('valkey cache'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    template.hasResourceProperties(RG, { SecurityGroupIds: [sgId] });
  });

  test('no log delivery unless asked', () => {
    template.hasResourceProperties(RG, { LogDeliveryConfigurations: Match.absent() });
    template.resourceCountIs('AWS::Logs::LogGroup', 1); // the Network's flow log group only
  });

  test('the configuration endpoint is the replication group attribute', () => {
    const rg = stack.getLogicalId(cache.replicationGroup);
    expect(stack.resolve(cache.configurationEndpoint)).toEqual({
      address: { 'Fn::GetAtt': [rg, 'ConfigurationEndPoint.Address'] },
      port: { 'Fn::GetAtt': [rg, 'ConfigurationEndPoint.Port'] },
    });
  });

  test('metrics are per node (CacheClusterId = <group>-<shard>-<node>), with sensible statistics', () => {
    const rg = stack.getLogicalId(cache.replicationGroup);
    const id = (suffix: string) => ({ CacheClusterId: { 'Fn::Join': ['', [{ Ref: rg }, suffix]] } });
    const evictions = cache.metricEvictions();
    expect([evictions.namespace, evictions.metricName, evictions.statistic]).toEqual(['AWS/ElastiCache', 'Evictions', 'Sum']);
    expect(stack.resolve(evictions.dimensions)).toEqual(id('-0001-001'));
    expect([cache.metricMemoryUsage().metricName, cache.metricMemoryUsage().statistic]).toEqual(['DatabaseMemoryUsagePercentage', 'Maximum']);
    expect(cache.metricEngineCPUUtilization().metricName).toBe('EngineCPUUtilization');
    const lag = cache.metricReplicationLag();
    expect(lag.metricName).toBe('ReplicationLag');
    expect(stack.resolve(lag.dimensions)).toEqual(id('-0001-002'));
    expect(cache.metricForEachNode('CPUUtilization')).toHaveLength(plan.cache.shards * (plan.cache.replicasPerShard + 1));
    expect(() => cache.memberClusterId(plan.cache.shards + 1)).toThrow(/shard 2 does not exist/);
    expect(() => cache.metricEvictions({ node: plan.cache.replicasPerShard + 2 })).toThrow(/node 3 does not exist/);
  });

  test('no warnings', () => {
    Annotations.fromStack(f.stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('Cache with explicit props (Redis OSS, 3 shards × 2 replicas, KMS, slow log): props win over the plan', () => {
  const plan = examplePlan('05-sharded');
  let f: DataTierFixture;
  let cache: Cache;
  let template: Template;
  let key: kms.Key;
  beforeAll(() => {
    f = dataTierFixture();
    key = new kms.Key(f.stack, 'Key', { enableKeyRotation: true });
    cache = new Cache(f.stack, 'Cache', {
      vpc: f.vpc,
      plan,
      engine: 'redis',
      nodeType: 'cache.m7g.xlarge',
      shards: 3,
      replicasPerShard: 2,
      port: 6390,
      encryptionKey: key,
      snapshotRetentionLimit: 14,
      slowLog: true,
      replicationGroupId: 'orders-cache',
    });
    cache.allowFrom(f.web);
    template = Template.fromStack(f.stack);
  });

  test('Redis OSS 7.1 with the redis7 family; the explicit sizes', () => {
    template.hasResourceProperties(RG, {
      Engine: 'redis',
      EngineVersion: '7.1',
      CacheNodeType: 'cache.m7g.xlarge',
      NumNodeGroups: 3,
      ReplicasPerNodeGroup: 2,
      Port: 6390,
      SnapshotRetentionLimit: 14,
      ReplicationGroupId: 'orders-cache',
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis7' });
  });

  test('the KMS key encrypts data at rest and the AUTH token secret', () => {
    const keyArn = { 'Fn::GetAtt': [Stack.of(key).getLogicalId(key.node.defaultChild as never), 'Arn'] };
    template.hasResourceProperties(RG, { KmsKeyId: keyArn, AtRestEncryptionEnabled: true });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: keyArn });
  });

  test('slow log delivered as JSON to a log group with 30-day retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties(RG, {
      LogDeliveryConfigurations: [
        {
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Stack.of(cache).getLogicalId(cache.slowLogGroup!.node.defaultChild as never) } } },
          LogFormat: 'json',
          LogType: 'slow-log',
        },
      ],
    });
  });

  test('the slow log group is encrypted with the given encryptionKey', () => {
    const keyArn = { 'Fn::GetAtt': [Stack.of(key).getLogicalId(key.node.defaultChild as never), 'Arn'] };
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: keyArn });
    expect(cache.slowLogEncryptionKey).toBe(key);
  });

  test('allowFrom opens the cache port only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebInstances'), 'GroupId'] },
      FromPort: 6390,
      ToPort: 6390,
    });
  });

  test('per-node metrics for all 9 nodes, addressed by shard and node', () => {
    const stack = Stack.of(cache);
    expect(cache.metricForEachNode('Evictions')).toHaveLength(9);
    expect(stack.resolve(cache.metricMemoryUsage({ shard: 3, node: 3 }).dimensions)).toEqual({
      CacheClusterId: { 'Fn::Join': ['', [{ Ref: stack.getLogicalId(cache.replicationGroup) }, '-0003-003']] },
    });
  });
});

describe('Cache slow log without an encryptionKey', () => {
  let f: DataTierFixture;
  let cache: Cache;
  let template: Template;
  beforeAll(() => {
    f = dataTierFixture();
    cache = new Cache(f.stack, 'Cache', { vpc: f.vpc, nodeType: 'cache.r7g.large', slowLog: true });
    template = Template.fromStack(f.stack);
  });

  test('the slow log group is encrypted with a rotating customer managed key created for it, like the flow logs', () => {
    const stack = Stack.of(cache);
    const keyId = stack.getLogicalId(cache.slowLogEncryptionKey!.node.defaultChild as never);
    expect(keyId).toMatch(/^CacheSlowLogKey/);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 30 });
    const slowLogGroupId = stack.getLogicalId(cache.slowLogGroup!.node.defaultChild as never);
    expect(template.toJSON().Resources[slowLogGroupId].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    // The same key policy statement as the Network's flow-log key: this region's CloudWatch Logs, this account's log groups.
    const keys = template.toJSON().Resources;
    const flowLogKeyId = stack.getLogicalId(f.network.flowLogEncryptionKey!.node.defaultChild as never);
    const logsStatement = (id: string) =>
      keys[id].Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'AllowCloudWatchLogsForThisAccountsLogGroups');
    expect(logsStatement(keyId)).toEqual(logsStatement(flowLogKeyId));
    expect(logsStatement(keyId)).toMatchObject({
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:aws:logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':log-group:*']] } } },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: 'Encrypts the slow log of Test/Cache' });
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ Description: 'Encrypts the slow log of Test/Cache' }), DeletionPolicy: 'Retain' });
  });

  test('at rest, the replication group still uses the AWS managed key', () => {
    template.hasResourceProperties(RG, { KmsKeyId: Match.absent(), AtRestEncryptionEnabled: true });
  });
});

describe('parameterGroupFamily', () => {
  test('valkey8, valkey7, redis7, redis6.x', () => {
    expect(parameterGroupFamily('valkey', '8.2')).toBe('valkey8');
    expect(parameterGroupFamily('valkey', '7.2')).toBe('valkey7');
    expect(parameterGroupFamily('redis', '7.1')).toBe('redis7');
    expect(parameterGroupFamily('redis', '6.2')).toBe('redis6.x');
  });
});

describe('Cache validation', () => {
  let f: DataTierFixture;
  let n = 0;
  beforeAll(() => {
    f = dataTierFixture();
  });
  const build = (props: Partial<CacheProps>) => () => new Cache(f.stack, `Bad${n++}`, { vpc: f.vpc, nodeType: 'cache.r7g.large', ...props });

  test('a plan without a cache tier and no explicit node type throws clearly; an explicit node type builds', () => {
    const plan = examplePlan('03-load-balanced');
    expect(plan.cache.enabled).toBe(false);
    expect(() => new Cache(f.stack, `Bad${n++}`, { vpc: f.vpc, plan })).toThrow(/the plan has no cache tier \(plan.cache.enabled is false/);
    const cache = new Cache(f.stack, `Ok${n++}`, { vpc: f.vpc, plan, nodeType: 'cache.t4g.medium' });
    expect([cache.nodeType, cache.shards, cache.replicasPerShard]).toEqual(['cache.t4g.medium', 1, 1]);
  });
  test('multiAz false warns: a single point of failure', () => {
    const g = dataTierFixture();
    new Cache(g.stack, 'SingleAz', { vpc: g.vpc, nodeType: 'cache.r7g.large', replicasPerShard: 0, multiAz: false });
    Annotations.fromStack(g.stack).hasWarning('*', Match.stringLikeRegexp('single point of failure'));
  });
  test('no node type and no plan', () => {
    expect(() => new Cache(f.stack, `Bad${n++}`, { vpc: f.vpc })).toThrow(/nodeType: missing — give a node type like 'cache.r7g.large'/);
  });
  test('more than 500 shards', () => {
    expect(build({ shards: 501, replicasPerShard: 0, multiAz: false })).toThrow(/shards: 501 — must be a whole number between 1 and 500/);
  });
  test('more than 500 nodes in all', () => {
    expect(build({ shards: 100, replicasPerShard: 5 })).toThrow(/shards: 100 — 100 shards × \(1 \+ 5 replicas\) = 600 nodes; a replication group holds at most 500/);
  });
  test('more than 5 replicas per shard', () => {
    expect(build({ replicasPerShard: 6 })).toThrow(/replicasPerShard: 6 — must be a whole number between 0 and 5/);
  });
  test('Multi-AZ asked with 0 replicas; Multi-AZ with one AZ', () => {
    expect(build({ replicasPerShard: 0 })).toThrow(/multiAz: true — Multi-AZ needs at least 1 replica per shard/);
    expect(build({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: [TEST_AZS[2]] } })).toThrow(
      /vpcSubnets: "1 AZ\(s\)" — Multi-AZ needs subnets in at least 2 AZs/,
    );
  });
  test('snapshot retention outside 1–35 days', () => {
    expect(build({ snapshotRetentionLimit: 0 })).toThrow(/snapshotRetentionLimit: 0 — must be a whole number between 1 and 35/);
    expect(build({ snapshotRetentionLimit: 36 })).toThrow(/snapshotRetentionLimit: 36/);
  });
  test('bad port', () => {
    expect(build({ port: 80 })).toThrow(/port: 80 — must be a whole number between 1024 and 65535/);
  });
  test('multiAz false warns with the stable warning ID', () => {
    const g = dataTierFixture();
    new Cache(g.stack, 'SingleAz', { vpc: g.vpc, nodeType: 'cache.r7g.large', replicasPerShard: 0, multiAz: false });
    Annotations.fromStack(g.stack).hasWarning('/Test/SingleAz', Match.stringLikeRegexp(CACHE_WARNINGS.singleAz));
    expect(CACHE_WARNINGS.singleAz).toBe('cdk-scale-patterns:cache:singleAz');
  });
  test('an invalid single-AZ cache throws without warning first (validation comes before the warning)', () => {
    const g = dataTierFixture();
    expect(() => new Cache(g.stack, 'SingleAz', { vpc: g.vpc, nodeType: 'cache.r7g.large', multiAz: false, port: 80 })).toThrow(PropsValidationError);
    expect(JSON.stringify(g.stack.node.findChild('SingleAz').node.metadata)).not.toContain(CACHE_WARNINGS.singleAz);
  });
  test('a plan without a cache tier is one problem among the others, in one PropsValidationError', () => {
    const plan = examplePlan('03-load-balanced');
    let error: unknown;
    try {
      new Cache(f.stack, `Bad${n++}`, { vpc: f.vpc, plan, shards: 1.5, port: 22, snapshotWindow: '3am' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path)).toEqual(['nodeType', 'shards', 'port', 'snapshotWindow']);
    expect((error as Error).message).toMatch(/nodeType: missing — the plan has no cache tier \(plan.cache.enabled is false, stage load-balanced\)/);
  });
  test('memberClusterId and per-node metrics out of range: one PropsValidationError naming shard and node', () => {
    const cache = new Cache(f.stack, `Ok${n++}`, { vpc: f.vpc, nodeType: 'cache.r7g.large', shards: 2, replicasPerShard: 1 });
    let error: unknown;
    try {
      cache.memberClusterId(3, 0.5);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).constructPath).toBe(`${cache.node.path}.memberClusterId`);
    expect((error as PropsValidationError).problems.map((p) => [p.path, p.value])).toEqual([['shard', 3], ['node', 0.5]]);
    expect(() => cache.metricEvictions({ shard: 0 })).toThrow(PropsValidationError);
  });
  test('replication lag of a cache without replicas is refused with a PropsValidationError', () => {
    const cache = new Cache(f.stack, `Ok${n++}`, { vpc: f.vpc, nodeType: 'cache.r7g.large', replicasPerShard: 0, multiAz: false });
    expect(() => cache.metricReplicationLag()).toThrow(PropsValidationError);
    expect(() => cache.metricReplicationLag()).toThrow(/replicasPerShard: 0 — there are no replicas, hence no replication lag/);
  });
  test('every problem is reported at once, in one PropsValidationError', () => {
    let error: unknown;
    try {
      build({ shards: 600, replicasPerShard: 7, snapshotRetentionLimit: 99, port: 70000, replicationGroupId: 'Bad_Id', nodeType: 'r7g.large' })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['nodeType', 'shards', 'replicasPerShard', 'snapshotRetentionLimit', 'port', 'replicationGroupId']),
    );
    // Multi-AZ with zero replicas is reported together with the other problems.
    let second: unknown;
    try {
      build({ replicasPerShard: 0, port: 1 })();
    } catch (e) {
      second = e;
    }
    expect((second as PropsValidationError).problems.map((p) => p.path)).toEqual(['multiAz', 'port']);
  });
});
