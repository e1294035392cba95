/**
 * CrossRegionReadReplica: the DR replica, in us-west-2, of a Database writer in us-east-1 (both stacks
 * with `crossRegionReferences: true`, as MultiRegionApp builds them).
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { RDS_LIMITS } from '../../lib/capacity/catalog';
import { PropsValidationError } from '../../lib/validation';
import { CrossRegionReadReplica, Database, DEFAULT_DATABASE_ENGINES } from '../../lib/database';
import { IConstruct } from 'constructs';
import { crossRegionFixture, CrossRegionFixture } from './fixture';
import { examplePlan } from '../support/examples';

const DB = 'AWS::RDS::DBInstance';

/** Logical ID of a construct's CloudFormation resource. */
function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  return Stack.of(element).getLogicalId(element);
}

describe('CrossRegionReadReplica from a plan (PostgreSQL, defaults)', () => {
  const plan = examplePlan('06-multi-region');
  let f: CrossRegionFixture;
  let db: Database;
  let dr: CrossRegionReadReplica;
  let primary: Template;
  let secondary: Template;
  beforeAll(() => {
    f = crossRegionFixture();
    db = new Database(f.primary.stack, 'Db', { vpc: f.primary.vpc, plan });
    dr = new CrossRegionReadReplica(f.secondary.stack, 'Dr', {
      source: db.primary,
      vpc: f.secondary.vpc,
      plan,
      instanceEngine: db.instanceEngine,
      clients: [f.secondary.web],
    });
    primary = Template.fromStack(f.primary.stack);
    secondary = Template.fromStack(f.secondary.stack);
  });

  test('one DB instance, a replica of the us-east-1 writer through a cross-region reference', () => {
    secondary.resourceCountIs(DB, 1);
    const [replica] = Object.values(secondary.findResources(DB));
    const source = JSON.stringify(replica.Properties.SourceDBInstanceIdentifier);
    // The writer's ARN, built from its identifier read from the primary stack's outputs.
    expect(source).toContain('arn:aws:rds:us-east-1:');
    expect(source).toMatch(/"Fn::GetStackOutput":\{"StackName":"Primary","Region":"us-east-1"/);
    expect(Object.keys(primary.toJSON().Outputs ?? {}).some((o) => o.includes(logicalId(db.primary)))).toBe(true);
  });

  test('Multi-AZ, the plan class, the writer\'s port and engine, gp3 with the plan\'s storage ceiling', () => {
    const writer = primary.toJSON().Resources[logicalId(db.primary)].Properties;
    secondary.hasResourceProperties(DB, {
      MultiAZ: true,
      DBInstanceClass: plan.database.instanceClass,
      Port: writer.Port,
      Engine: 'postgres',
      StorageType: 'gp3',
      MaxAllocatedStorage: plan.database.maxAllocatedStorageGiB,
      PubliclyAccessible: false,
    });
    expect(dr.port).toBe(db.port);
    expect(dr.engine).toBe('postgres');
    // PostgreSQL: no automated backups on a replica; the region switch sets them on promotion.
    expect(Object.values(secondary.findResources(DB))[0].Properties.BackupRetentionPeriod).toBeUndefined();
    expect(dr.instanceEngine).toBe(db.instanceEngine);
  });

  test('encrypted with a rotating key of its own region (KmsKeyId), no StorageEncrypted beside the source', () => {
    const keyId = logicalId(dr.encryptionKey);
    secondary.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    secondary.hasResourceProperties(DB, { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, StorageEncrypted: Match.absent() });
  });

  test('TLS enforced by a postgres17 parameter group (rds.force_ssl=1) that the replica uses', () => {
    secondary.resourceCountIs('AWS::RDS::DBParameterGroup', 1);
    secondary.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { 'rds.force_ssl': '1' } });
    secondary.hasResourceProperties(DB, { DBParameterGroupName: { Ref: logicalId(dr.parameterGroup) } });
  });

  test('retained with deletion protection: the DR copy outlives its stack', () => {
    secondary.hasResource(DB, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { DeletionProtection: true } });
    secondary.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('ingress only from the given client, on the port; no egress', () => {
    const sgId = logicalId(dr.securityGroup);
    const ingress = Object.values(secondary.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sgId, 'GroupId'] }),
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: db.port,
      ToPort: db.port,
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(f.secondary.web), 'GroupId'] },
    });
    const sg = secondary.toJSON().Resources[sgId].Properties;
    expect(sg.SecurityGroupIngress).toBeUndefined();
    expect(sg.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    secondary.hasResourceProperties(DB, { VPCSecurityGroups: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }] });
  });

  test('IAM authentication, Performance Insights encrypted with the key, every PostgreSQL log exported, Enhanced Monitoring', () => {
    const keyArn = { 'Fn::GetAtt': [logicalId(dr.encryptionKey), 'Arn'] };
    secondary.hasResourceProperties(DB, {
      EnableIAMDatabaseAuthentication: true,
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: keyArn,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      MonitoringInterval: 60,
      MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('MonitoringRole'), 'Arn'] },
    });
  });

  test('the replica\'s key: no one but AWS services creates grants on it', () => {
    secondary.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([{
        Sid: 'DenyCreateGrantExceptForAwsResources', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }]) },
    });
  });

  test('in the isolated data subnets of all three us-west-2 AZs', () => {
    const subnets = f.secondary.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    expect(subnets.availabilityZones).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
    secondary.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: subnets.subnets.map((s) => ({ Ref: logicalId(s) })),
    });
  });

  test('endpoint, connections and the ReplicaLag metric', () => {
    const stack = Stack.of(dr);
    expect(stack.resolve(dr.endpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalId(dr.replica), 'Endpoint.Address'] });
    expect(dr.connections.defaultPort?.toString()).toBe(String(db.port));
    const lag = dr.metricReplicaLag();
    expect(lag.namespace).toBe('AWS/RDS');
    expect(lag.metricName).toBe('ReplicaLag');
    expect(lag.statistic).toBe('Maximum');
    expect(stack.resolve(lag.dimensions)).toEqual({ DBInstanceIdentifier: { Ref: logicalId(dr.replica) } });
  });

  test('no warnings in either region', () => {
    Annotations.fromStack(f.primary.stack).hasNoWarning('*', Match.anyValue());
    Annotations.fromStack(f.secondary.stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('CrossRegionReadReplica of a writer with a custom engine (MySQL 8.0, custom port, no plan)', () => {
  const mysql80 = rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_46 });
  let db: Database;
  let dr: CrossRegionReadReplica;
  let secondary: Template;
  beforeAll(() => {
    const f = crossRegionFixture();
    db = new Database(f.primary.stack, 'Db', { vpc: f.primary.vpc, engine: 'mysql', instanceEngine: mysql80, instanceType: new ec2.InstanceType('r7g.large'), port: 3400 });
    dr = new CrossRegionReadReplica(f.secondary.stack, 'Dr', {
      source: db.primary,
      vpc: f.secondary.vpc,
      engine: db.engine,
      instanceEngine: db.instanceEngine,
      instanceType: new ec2.InstanceType('r7g.large'),
      port: db.port,
      maxAllocatedStorageGiB: 2000,
      multiAz: false,
    });
    secondary = Template.fromStack(f.secondary.stack);
  });

  test('the Database exposes the engine it was given, and the replica builds its parameter group for it', () => {
    expect(db.instanceEngine).toBe(mysql80);
    expect(dr.instanceEngine).toBe(mysql80);
    secondary.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.0',
      Parameters: { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' },
    });
  });

  test('explicit props win: class, port, storage ceiling, Multi-AZ off; MySQL log exports', () => {
    secondary.hasResourceProperties(DB, {
      DBInstanceClass: 'db.r7g.large',
      Port: '3400',
      Engine: 'mysql',
      MaxAllocatedStorage: 2000,
      MultiAZ: false,
      EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
      // MySQL: the DR replica keeps automated backups (7 days) before it is ever promoted.
      BackupRetentionPeriod: 7,
    });
  });

  test('no clients: no ingress until connections allow one', () => {
    secondary.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });
});

test('without a plan or a ceiling, storage autoscaling goes up to RDS\'s ceiling, as on a Database', () => {
  const f = crossRegionFixture();
  const db = new Database(f.primary.stack, 'Db', { vpc: f.primary.vpc, instanceType: new ec2.InstanceType('r7g.large') });
  new CrossRegionReadReplica(f.secondary.stack, 'Dr', { source: db.primary, vpc: f.secondary.vpc, instanceType: new ec2.InstanceType('r7g.large') });
  const writer = Template.fromStack(f.primary.stack).toJSON().Resources[logicalId(db.primary)].Properties;
  expect(writer.MaxAllocatedStorage).toBe(RDS_LIMITS.maxAllocatedStorageGiB);
  Template.fromStack(f.secondary.stack).hasResourceProperties(DB, { MaxAllocatedStorage: RDS_LIMITS.maxAllocatedStorageGiB });
});

describe('CrossRegionReadReplica validation', () => {
  const plan = examplePlan('06-multi-region');
  let f: CrossRegionFixture;
  let db: Database;
  let n = 0;
  beforeAll(() => {
    f = crossRegionFixture();
    db = new Database(f.primary.stack, 'Db', { vpc: f.primary.vpc, plan });
  });
  const build = (props: Partial<ConstructorParameters<typeof CrossRegionReadReplica>[2]>) => () =>
    new CrossRegionReadReplica(f.secondary.stack, `Bad${n++}`, { source: db.primary, vpc: f.secondary.vpc, ...props });

  test('no instanceType and no plan', () => {
    expect(build({})).toThrow(/instanceType: missing — give an instance type, or a plan with database.instanceClass/);
  });
  test('bad port', () => {
    expect(build({ plan, port: 80 })).toThrow(/port: 80 — must be a whole number between 1150 and 65535/);
    expect(build({ plan, port: 5433.5 })).toThrow(/port: 5433.5/);
  });
  test('an instanceEngine of another engine type', () => {
    expect(build({ plan, instanceEngine: DEFAULT_DATABASE_ENGINES.mysql })).toThrow(/instanceEngine: "mysql" — must be a postgres engine/);
  });
  test('Multi-AZ with subnets in fewer than 2 AZs (allowed single-AZ)', () => {
    const oneAz = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: ['us-west-2b'] };
    expect(build({ plan, vpcSubnets: oneAz })).toThrow(/vpcSubnets: "1 AZ\(s\)" — Multi-AZ needs subnets in at least 2 AZs/);
    expect(build({ plan, vpcSubnets: oneAz, multiAz: false })).not.toThrow();
  });
  test('every problem at once, in one PropsValidationError', () => {
    let error: unknown;
    try {
      build({ engine: 'oracle' as never, port: 22, maxAllocatedStorageGiB: 10, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: ['us-west-2a'] } })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['engine', 'instanceType', 'port', 'maxAllocatedStorageGiB', 'vpcSubnets']),
    );
    expect((error as Error).message).toMatch(/^Secondary\/Bad\d+: invalid props \(5 problems\)/);
  });
  test('fractional numbers are problems too (the replica takes no Duration), all in one PropsValidationError', () => {
    let error: unknown;
    try {
      build({ plan, port: 5433.5, maxAllocatedStorageGiB: 1000.5, instanceEngine: DEFAULT_DATABASE_ENGINES.mysql })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path).sort()).toEqual(['instanceEngine', 'maxAllocatedStorageGiB', 'port']);
  });
});

test('compliance: the writer (us-east-1) and its DR replica (us-west-2) pass cdk-nag and CloudFormation Validate', () => {
  const plan = examplePlan('06-multi-region');
  const f = crossRegionFixture({ validate: true, nag: true });
  const db = new Database(f.primary.stack, 'Db', { vpc: f.primary.vpc, plan, clients: [f.primary.web] });
  new CrossRegionReadReplica(f.secondary.stack, 'Dr', {
    source: db.primary,
    vpc: f.secondary.vpc,
    plan,
    instanceEngine: db.instanceEngine,
    port: db.port,
    clients: [f.secondary.web],
  });
  expect(() => f.app.synth()).not.toThrow();
});
