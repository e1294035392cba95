/**
 * The guides' 1 B-user example: two regions, and more database shards than a regional stack holds, so shards 5
 * and up are built in shard-group stacks of each region. The compliance suite (cdk-nag + CloudFormation Validate)
 * runs on the whole app once; the layout assertions below reuse that synth.
 */
import { Stack } from 'aws-cdk-lib';
import { shardGroupStacks, shardLayout } from '../../lib/capacity/shard-layout';
import { describeExample, loadExample } from './example-suite';

const plan = loadExample('08-billion-users.json');
const groups = Array.from({ length: shardGroupStacks(plan.architecture.databaseShards) }, (_, i) => `ShardGroup${i + 1}`);

const ex = describeExample('08-billion-users.json', {
  stacks: [
    'ScalePatternsZone',
    'ScalePatternsBackup',
    'ScalePatternsPrimary', ...groups.map((g) => `ScalePatternsPrimary/${g}`),
    'ScalePatternsSecondary', ...groups.map((g) => `ScalePatternsSecondary/${g}`),
    'ScalePatternsEdge',
    'ScalePatternsDns',
  ],
});

test('08-billion-users.json plans at the multi-region stage, with more shards than one shard-group stack holds', () => {
  expect(plan.stage).toBe('multi-region');
  expect(plan.stageSource).toBe('computed');
  expect(plan.topology.regions).toHaveLength(2);
  expect(groups.length).toBeGreaterThanOrEqual(2);
});

test('each shard is built where the layout puts it, in both regions, under its shard construct id', () => {
  const [primary, secondary] = ex.app.regionalStacks;
  const where = (region: Stack, group: number) => (group === 0 ? region.node.path : `${region.node.path}/ShardGroup${group}`);
  const layout = shardLayout(plan.architecture.databaseShards);
  expect(primary.databases.map((db) => `${Stack.of(db).node.path}/${db.node.id}`)).toEqual(
    layout.map((p) => `${where(primary, p.group)}/${p.shard === 1 ? 'Database' : `DatabaseShard${p.shard}`}`));
  expect(secondary.drReplicas.map((r) => `${Stack.of(r).node.path}/${r.node.id}`)).toEqual(
    layout.map((p) => `${where(secondary, p.group)}/${p.shard === 1 ? 'DatabaseReplica' : `DatabaseReplicaShard${p.shard}`}`));
});
