/**
 * Compliance (Database and Cache): a stack composing the data tier from a plan passes cdk-nag AwsSolutions and the
 * CloudFormation Validate engine with nothing unacknowledged (synth throws otherwise).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Cache } from '../../lib/cache';
import type { CapacityPlan } from '../../lib/capacity';
import { Database, MultiAzDatabaseCluster } from '../../lib/database';
import { dataTierFixture } from './fixture';
import { examplePlan } from '../support/examples';

test('Database (instance + replicas + proxy, MySQL, Multi-AZ DB cluster) and Cache (Valkey, Redis OSS) pass cdk-nag and CloudFormation Validate', () => {
  const base = examplePlan('05-sharded');
  // A plan that advises RDS Proxy and three replicas per shard: the proxy is built by default.
  const plan: CapacityPlan = { ...base, database: { ...base.database, rdsProxyAdvised: true, readReplicasPerShard: 3 }, architecture: { ...base.architecture, readReplicasPerShard: 3 } };
  const f = dataTierFixture({ validate: true, nag: true });
  const pg = new Database(f.stack, 'Db', { vpc: f.vpc, plan, clients: [f.web] });
  new Database(f.stack, 'MySql', { vpc: f.vpc, plan, engine: 'mysql', proxy: false, readReplicas: 2, clients: [f.web] });
  new MultiAzDatabaseCluster(f.stack, 'Cluster', {
    vpc: f.vpc,
    plan: base,
    instanceType: new ec2.InstanceType('r6gd.large'),
    clients: [f.web],
  });
  const cache = new Cache(f.stack, 'Cache', { vpc: f.vpc, plan, clients: [f.web] });
  const key = new kms.Key(f.stack, 'CacheKey', { enableKeyRotation: true, description: 'Redis OSS cache at rest' });
  new Cache(f.stack, 'Redis', { vpc: f.vpc, engine: 'redis', nodeType: 'cache.m7g.large', shards: 2, replicasPerShard: 2, encryptionKey: key, slowLog: true, clients: [f.web] });
  expect(cache.nodeType).toBe(plan.cache.nodeType);
  expect(pg.proxy).toBeDefined();
  expect(pg.replicas).toHaveLength(3);
  expect(() => f.app.synth()).not.toThrow();
});
