/** MultiAzDatabaseCluster: a writer and two readable standbys in three AZs (formerly Database shape 'multi-az-cluster'). */
import { CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CapacityPlan } from '../../lib/capacity';
import { gp3BaselineIops } from '../../lib/capacity';
import { MultiAzDatabaseCluster, type MultiAzDatabaseClusterProps } from '../../lib/database';
import { PropsValidationError } from '../../lib/validation';
import { TEST_AZS } from '../support/app';
import { examplePlan } from '../support/examples';
import { dataTierFixture, DataTierFixture } from './fixture';

const DB = 'AWS::RDS::DBInstance';

describe('MultiAzDatabaseCluster from a plan', () => {
  const plan = examplePlan('05-sharded');
  let f: DataTierFixture;
  let db: MultiAzDatabaseCluster;
  let template: Template;
  beforeAll(() => {
    f = dataTierFixture();
    db = new MultiAzDatabaseCluster(f.stack, 'Db', {
      vpc: f.vpc,
      plan,
      instanceType: new ec2.InstanceType('r6gd.large'),
      clients: [f.web],
    });
    template = Template.fromStack(f.stack);
  });

  test('one CfnDBCluster (writer + 2 readable standbys), no DB instances', () => {
    template.resourceCountIs('AWS::RDS::DBCluster', 1);
    template.resourceCountIs(DB, 0);
    // Neither separate replicas nor a writer instance: the cluster is the only database resource.
    expect('replicas' in db).toBe(false);
    expect('primary' in db).toBe(false);
  });

  test('class, gp3 storage from the plan with its baseline IOPS, encryption, port, TLS, IAM, PI, logs, backups', () => {
    template.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({
        Engine: 'postgres',
        EngineVersion: Match.stringLikeRegexp('^17\\.'),
        DBClusterInstanceClass: 'db.r6gd.large',
        StorageType: 'gp3',
        AllocatedStorage: plan.database.allocatedStorageGiB,
        Iops: gp3BaselineIops(plan.database.allocatedStorageGiB),
        StorageEncrypted: true,
        Port: 5433,
        ManageMasterUserPassword: true,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
        PerformanceInsightsEnabled: true,
        EnableCloudwatchLogsExports: ['postgresql'],
        PubliclyAccessible: false,
        DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('^DbParameters') },
      }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    expect(gp3BaselineIops(plan.database.allocatedStorageGiB)).toBe(plan.database.allocatedStorageGiB < 400 ? 3000 : 12000);
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'postgres17', Parameters: { 'rds.force_ssl': '1' } });
  });

  test('writer and reader endpoints; metrics by DBClusterIdentifier; ingress from the web tier', () => {
    const stack = Stack.of(db);
    expect(db.readerEndpoints).toHaveLength(1);
    expect(stack.resolve(db.readerEndpoints[0].hostname)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(db.cluster), 'ReadEndpoint.Address'] });
    expect(stack.resolve(db.writerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(db.cluster), 'Endpoint.Address'] });
    expect(stack.resolve(db.metricCPUUtilization().dimensions)).toEqual({ DBClusterIdentifier: { Ref: stack.getLogicalId(db.cluster) } });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebInstances'), 'GroupId'] },
      FromPort: 5433,
    });
    // No separate read replicas, so no replica-lag helper.
    expect('metricReplicaLag' in db).toBe(false);
  });

  test('the plan ceiling is not applied (no autoscaling on clusters) and no warning without an explicit ceiling', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', { MaxAllocatedStorage: Match.absent() });
    Annotations.fromStack(f.stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('MultiAzDatabaseCluster when the plan advises RDS Proxy and three replicas', () => {
  const base = examplePlan('04-cached');
  const plan: CapacityPlan = { ...base, database: { ...base.database, rdsProxyAdvised: true, readReplicasPerShard: 3 }, architecture: { ...base.architecture, readReplicasPerShard: 3 } };
  let f: DataTierFixture;
  let cluster: MultiAzDatabaseCluster;
  let template: Template;
  beforeAll(() => {
    f = dataTierFixture();
    cluster = new MultiAzDatabaseCluster(f.stack, 'Cluster', { vpc: f.vpc, plan, instanceType: new ec2.InstanceType('m6gd.large') });
    new MultiAzDatabaseCluster(f.stack, 'Ceiling', {
      vpc: f.vpc,
      instanceType: new ec2.InstanceType('r6gd.large'),
      allocatedStorageGiB: 100,
      clusterStorage: { type: 'io2', iops: 5000 },
    });
    template = Template.fromStack(f.stack);
  });

  test('the Multi-AZ DB cluster warns that it builds neither the proxy nor more than 2 readers', () => {
    const annotations = Annotations.fromStack(f.stack);
    annotations.hasWarning(`/${cluster.node.path}`, Match.stringLikeRegexp('3 read replicas; a Multi-AZ DB cluster has 2 readable standbys'));
    annotations.hasWarning(`/${cluster.node.path}`, Match.stringLikeRegexp('advises RDS Proxy'));
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
  });

  test('no storage ceiling on a Multi-AZ DB cluster (no storage autoscaling: the props reject it); io2 with explicit IOPS', () => {
    // @ts-expect-error Multi-AZ DB clusters do not support storage autoscaling
    const withCeiling: MultiAzDatabaseClusterProps = { vpc: f.vpc, maxAllocatedStorageGiB: 200 };
    expect(withCeiling).toBeDefined();
    template.hasResourceProperties('AWS::RDS::DBCluster', { StorageType: 'io2', Iops: 5000, AllocatedStorage: 100 });
  });
});

test('a retained cluster keeps its DB subnet group; by default (SNAPSHOT) the subnet group goes with it', () => {
  const f = dataTierFixture();
  const instanceType = new ec2.InstanceType('r6gd.large');
  const retained = new MultiAzDatabaseCluster(f.stack, 'Retained', { vpc: f.vpc, instanceType, removalPolicy: RemovalPolicy.RETAIN });
  const snapshot = new MultiAzDatabaseCluster(f.stack, 'Snapshot', { vpc: f.vpc, instanceType });
  const resources = Template.fromStack(f.stack).toJSON().Resources;
  const policies = (element: CfnElement) => {
    const resource = resources[Stack.of(element).getLogicalId(element)];
    return [resource.DeletionPolicy, resource.UpdateReplacePolicy];
  };
  expect(policies(retained.cluster)).toEqual(['Retain', 'Retain']);
  expect(policies(retained.subnetGroup.node.defaultChild as CfnElement)).toEqual(['Retain', 'Retain']);
  expect(policies(snapshot.cluster)).toEqual(['Snapshot', 'Snapshot']);
  expect(policies(snapshot.subnetGroup.node.defaultChild as CfnElement)).toEqual(['Delete', 'Delete']);
});

describe('MultiAzDatabaseCluster validation', () => {
  let f: DataTierFixture;
  let n = 0;
  beforeAll(() => {
    f = dataTierFixture();
  });
  const build = (props: Partial<MultiAzDatabaseClusterProps>) => () =>
    new MultiAzDatabaseCluster(f.stack, `Bad${n++}`, { vpc: f.vpc, instanceType: new ec2.InstanceType('m6gd.large'), ...props });

  test('needs an NVMe class, takes no proxy, no separate replicas, iops for io1', () => {
    expect(build({ instanceType: new ec2.InstanceType('m7g.large') })).toThrow(
      /instanceType: "m7g.large" — a Multi-AZ DB cluster needs an instance class with local NVMe storage/,
    );
    // @ts-expect-error a Multi-AZ DB cluster takes no RDS Proxy here
    const proxy: MultiAzDatabaseClusterProps = { vpc: f.vpc, proxy: true };
    // @ts-expect-error a Multi-AZ DB cluster has two readable standbys and no separate replicas
    const replicas: MultiAzDatabaseClusterProps = { vpc: f.vpc, readReplicas: 3 };
    // @ts-expect-error a Multi-AZ DB cluster is always Multi-AZ
    const singleAz: MultiAzDatabaseClusterProps = { vpc: f.vpc, multiAz: false };
    expect([proxy, replicas, singleAz]).toHaveLength(3);
    expect(build({ clusterStorage: { type: 'io1' } })).toThrow(/clusterStorage.iops: missing — io1 needs iops/);
  });

  test('subnets in fewer than 3 AZs', () => {
    expect(build({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: [TEST_AZS[0], TEST_AZS[1]] } })).toThrow(
      /vpcSubnets: "2 AZ\(s\)" — a Multi-AZ DB cluster needs subnets in at least 3 AZs/,
    );
  });

  test('every problem at once, a fractional-day backup retention among them, in one PropsValidationError', () => {
    let error: unknown;
    try {
      build({
        instanceType: new ec2.InstanceType('r7g.large'),
        backupRetention: Duration.hours(36),
        port: 22,
        allocatedStorageGiB: 5,
        maxConnectionsPerInstance: 0.5,
        clusterStorage: { type: 'io2' },
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: [TEST_AZS[1]] },
      })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path).sort()).toEqual(
      ['allocatedStorageGiB', 'backupRetention', 'clusterStorage.iops', 'instanceType', 'maxConnectionsPerInstance', 'port', 'vpcSubnets'],
    );
    expect((error as Error).message).toMatch(/^Test\/Bad\d+: invalid props \(7 problems\)/);
    expect((error as Error).message).toMatch(/backupRetention: "1.5 days" — must be a whole number of days between 7 and 35/);
  });
});
