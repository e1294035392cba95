/**
 * Shard-group stacks: where each shard lands, how the regional stack wires its groups, and the worst case (15
 * read replicas and RDS Proxy on every shard, a full group) within CloudFormation's template limits. One synth
 * (no cdk-nag, no Validate: the 07 example suite runs those over shard groups) shared by the file.
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { planCapacity, type Workload } from '../../lib/capacity';
import { SHARD_RESOURCE_BUDGET, SHARDS_IN_REGIONAL_STACK, SHARDS_PER_GROUP_STACK } from '../../lib/capacity/shard-layout';
import { PropsValidationError } from '../../lib/validation';
import { DatabaseShardGroupStack, MultiRegionApp } from '../../patterns';
import { newTestApp } from '../support/app';
import { limitViolations, stackFootprints } from '../support/stack-limits';
import { resourcesOfType } from './example-suite';

/**
 * The largest shards the plan builds (15 read replicas each and RDS Proxy: connections beyond any class), beside
 * the largest regional stack (cache, edge, latency SLO, queue workers and event log).
 */
const worstCase = (databaseShards: number): Workload => ({
  traffic: { dailyActiveUsers: 2e7, requestsPerUserPerDay: 40 },
  stage: 'multi-region',
  architecture: { databaseShards, readReplicasPerShard: 15, cache: true, edge: true },
  database: { connectionsPerInstance: 200 },
  slo: { availability: 0.999, latency: { thresholdMs: 300, percent: 99 } },
  topology: { regions: ['us-east-1', 'us-west-2'] },
  async: { messagesPerSecond: 10_000, eventLog: true, consumerGroup: 'workers' },
});

describe('a full shard group of the largest shards, in two regions', () => {
  const shards = SHARDS_IN_REGIONAL_STACK + SHARDS_PER_GROUP_STACK;
  const plan = planCapacity(worstCase(shards));
  const cdkApp = newTestApp();
  const app = new MultiRegionApp(cdkApp, 'ScalePatterns', { plan, domain: { zoneName: 'example.com' } });
  const [primary, secondary] = app.regionalStacks;
  let assembly: CloudAssembly;
  const template = (stack: Stack) => (assembly ??= cdkApp.synth()).getStackArtifact(stack.artifactId).template;
  const resources = (stack: Stack) => Object.entries(template(stack).Resources as Record<string, { Type: string; Properties?: any }>);

  test('the plan builds the worst case: 15 replicas and a proxy per shard, queue workers and an event log', () => {
    expect(plan.architecture).toMatchObject({ databaseShards: shards, readReplicasPerShard: 15, queue: true, eventLog: true });
    expect(plan.database.rdsProxyAdvised).toBe(true);
  });

  test('every stack is within CloudFormation\'s template limits; a shard stays within its resource budget', () => {
    template(primary);
    expect(limitViolations(stackFootprints(assembly))).toEqual([]);
    const [group] = primary.shardGroupStacks;
    expect(resources(group).length / SHARDS_PER_GROUP_STACK).toBeLessThanOrEqual(SHARD_RESOURCE_BUDGET);
  });

  test('shards 1-4 in each regional stack, 5-14 in its ShardGroup1, replicas in the same group as their writer', () => {
    expect(app.stacks.map((s) => s.node.path)).toEqual([
      // (the DR backup vault in the second region, and the DNS stack failing origin.<zone> over: docs/resilience.md)
      'ScalePatternsZone', 'ScalePatternsBackup', 'ScalePatternsPrimary', 'ScalePatternsPrimary/ShardGroup1', 'ScalePatternsSecondary', 'ScalePatternsSecondary/ShardGroup1', 'ScalePatternsEdge', 'ScalePatternsDns',
    ]);
    const stackOf = (x: Construct) => Stack.of(x).node.path;
    expect(primary.databases.map(stackOf)).toEqual([...Array(4).fill('ScalePatternsPrimary'), ...Array(10).fill('ScalePatternsPrimary/ShardGroup1')]);
    expect(secondary.drReplicas.map(stackOf)).toEqual([...Array(4).fill('ScalePatternsSecondary'), ...Array(10).fill('ScalePatternsSecondary/ShardGroup1')]);
    expect(primary.databases.map((d) => d.node.id)).toEqual(['Database', ...Array.from({ length: 13 }, (_, i) => `DatabaseShard${i + 2}`)]);
    const group = primary.shardGroupStacks[0];
    expect(group).toMatchObject({ group: 1, role: 'primary', shardRange: { first: 5, last: 14 }, stackName: 'ScalePatterns-Primary-ShardGroup1' });
    expect(group.alarmTopic).toBe(primary.availabilitySlo.ticketTopic);
  });

  test('a group stack takes the VPC, data subnets and its clients\' security groups from its regional stack', () => {
    const group = primary.shardGroupStacks[0];
    const fromRegional = (value: any) => JSON.stringify(value).includes('"StackName":"ScalePatterns-Primary"');
    for (const [, sg] of resources(group).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup')) expect(fromRegional(sg.Properties.VpcId)).toBe(true);
    for (const subnets of resourcesOfType(template(group), 'AWS::RDS::DBSubnetGroup')) {
      expect(subnets.SubnetIds).toHaveLength(3);
      for (const id of subnets.SubnetIds) expect(fromRegional(id)).toBe(true);
    }
    // Each shard (and its proxy) admits the web tier's and the queue workers' security groups, on its port only.
    const ingress = resourcesOfType(template(group), 'AWS::EC2::SecurityGroupIngress');
    for (const client of ['WebInstanceSecurityGroup', 'WorkersInstanceSecurityGroup']) {
      const from = ingress.filter((r) => fromRegional(r.SourceSecurityGroupId) && JSON.stringify(r.SourceSecurityGroupId).includes(client));
      expect(from.map((r) => r.FromPort).sort()).toEqual([...Array(10).fill(5432), ...Array(10).fill(5433)]);
    }
    expect(template(group).Outputs).toBeDefined(); // the writers' identifiers, for the secondary region
    const deps = assembly.getStackArtifact(group.artifactId).dependencies.map((d) => d.id);
    expect(deps).toContain(primary.artifactId);
  });

  test('the clients reach the groups\' shards by one egress rule per data subnet and port, not one per shard', () => {
    const dataCidrs = primary.network.vpc.isolatedSubnets.map((s) => s.ipv4CidrBlock);
    for (const client of ['WebInstanceSecurityGroup', 'WorkersInstanceSecurityGroup']) {
      const [, sg] = resources(primary).find(([id, r]) => id.startsWith(client) && r.Type === 'AWS::EC2::SecurityGroup')!;
      const toData = sg.Properties.SecurityGroupEgress.filter((r: any) => r.Description === 'Database shards of the shard-group stacks, in the data subnets');
      expect(toData.map((r: any) => `${r.CidrIp}:${r.FromPort}`).sort()).toEqual(dataCidrs.flatMap((c) => [`${c}:5432`, `${c}:5433`]).sort());
      // Group 0's shards keep their per-shard egress rules (unchanged templates): database + proxy per shard.
      const perShard = resources(primary).filter(([id, r]) => r.Type === 'AWS::EC2::SecurityGroupEgress' && id.startsWith(`${client}to`) && id.includes('Database'));
      expect(perShard).toHaveLength(2 * SHARDS_IN_REGIONAL_STACK);
      // No group adds an egress rule to a client.
      for (const stack of primary.shardGroupStacks) expect(resources(stack).filter(([id]) => id.startsWith(client))).toEqual([]);
    }
  });

  test('the secondary\'s group k replicates the primary\'s group k', () => {
    const [group] = secondary.shardGroupStacks;
    const sources = resourcesOfType(template(group), 'AWS::RDS::DBInstance').map((r) => JSON.stringify(r.SourceDBInstanceIdentifier));
    expect(sources).toHaveLength(SHARDS_PER_GROUP_STACK);
    for (const s of sources) expect(s).toContain('"StackName":"ScalePatterns-Primary-ShardGroup1"');
    const deps = assembly.getStackArtifact(group.artifactId).dependencies.map((d) => d.id);
    expect(deps).toEqual(expect.arrayContaining([secondary.artifactId, primary.shardGroupStacks[0].artifactId]));
  });
});

describe('growing the shard count moves no shard', () => {
  /** Every CloudFormation logical id of each shard, by stack, for a plan with `shards` shards (no synth). */
  const shardIds = (shards: number) => {
    const workload: Workload = { traffic: { dailyActiveUsers: 2e7, requestsPerUserPerDay: 40 }, architecture: { databaseShards: shards, readReplicasPerShard: 1, edge: false } };
    const [primary] = new MultiRegionApp(newTestApp(), 'ScalePatterns', { plan: planCapacity(workload) }).regionalStacks;
    return primary.databases.map((db) => db.node.findAll().filter(CfnElement.isCfnElement)
      .map((c) => `${Stack.of(c).stackName}/${Stack.of(c).resolve(c.logicalId)}`));
  };

  test('from 28 to 40 shards, shards 1-28 keep their stack and every logical id', () => {
    expect(shardIds(40).slice(0, 28)).toEqual(shardIds(28));
  });
});

test('DatabaseShardGroupStack reports every invalid prop at once', () => {
  expect(() => new DatabaseShardGroupStack(newTestApp(), 'G', { group: 0.5, role: 'tertiary' as any })).toThrow(PropsValidationError);
  expect(() => new DatabaseShardGroupStack(newTestApp(), 'G', { group: 0, role: 'tertiary' as any })).toThrow(
    /group: 0 — must be a whole number ≥ 1[\s\S]*role: "tertiary" — must be one of "primary", "secondary"/,
  );
});
