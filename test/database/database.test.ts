import { CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CapacityPlan } from '../../lib/capacity';
import { RDS_LIMITS } from '../../lib/capacity/catalog';
import { PropsValidationError } from '../../lib/validation';
import { Database, DATABASE_WARNINGS, DEFAULT_DATABASE_ENGINES, DEFAULT_DATABASE_PORTS } from '../../lib/database';
import { TEST_AZS } from '../support/app';
import { dataTierFixture, DataTierFixture } from './fixture';
import { examplePlan } from '../support/examples';

const DB = 'AWS::RDS::DBInstance';

/** The template's DB instances split into the writer and the replicas. */
function instances(template: Template) {
  const all = template.findResources(DB);
  const replicas = Object.entries(all).filter(([, r]) => r.Properties.SourceDBInstanceIdentifier !== undefined);
  const writers = Object.entries(all).filter(([, r]) => r.Properties.SourceDBInstanceIdentifier === undefined);
  return { writers, replicas };
}

/** The `aws` partition's Serverless Application Repository ids of the rotation applications. */
function rotationApplicationIds(template: Template): string[] {
  const mappings = template.toJSON().Mappings ?? {};
  return Object.entries(mappings)
    .filter(([id]) => id.includes('RotationSingleUserSARMapping'))
    .map(([, m]) => (m as Record<string, { applicationId: string }>).aws.applicationId);
}

describe('Database from a plan (PostgreSQL, Multi-AZ instance, defaults)', () => {
  const plan = examplePlan('04-cached');
  let f: DataTierFixture;
  let db: Database;
  let template: Template;
  beforeAll(() => {
    f = dataTierFixture();
    db = new Database(f.stack, 'Db', { vpc: f.vpc, plan, clients: [f.web] });
    template = Template.fromStack(f.stack);
  });

  test('the sizes equal the plan: DB class, replica count, storage and autoscaling ceiling', () => {
    const { writers, replicas } = instances(template);
    expect(writers).toHaveLength(1);
    expect(replicas).toHaveLength(plan.database.readReplicasPerShard);
    expect(db.replicas).toHaveLength(plan.database.readReplicasPerShard);
    template.allResourcesProperties(DB, { DBInstanceClass: plan.database.instanceClass });
    expect(writers[0][1].Properties).toMatchObject({
      AllocatedStorage: String(plan.database.allocatedStorageGiB),
      MaxAllocatedStorage: plan.database.maxAllocatedStorageGiB,
      StorageType: 'gp3',
    });
  });

  test('PostgreSQL 17, Multi-AZ writer, non-default port 5433 on the writer and the replicas', () => {
    expect(db.engine).toBe('postgres');
    expect(db.port).toBe(DEFAULT_DATABASE_PORTS.postgres);
    template.hasResourceProperties(DB, { Engine: 'postgres', EngineVersion: Match.stringLikeRegexp('^17\\.'), MultiAZ: true, Port: '5433' });
    template.allResourcesProperties(DB, { Engine: 'postgres', Port: '5433', PubliclyAccessible: false });
  });

  test('encrypted storage, 7-day backups, deletion protection and a SNAPSHOT removal policy on the writer', () => {
    template.hasResource(DB, {
      Properties: {
        StorageEncrypted: true,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
        SourceDBInstanceIdentifier: Match.absent(),
      },
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('replicas: deletion protection, no StorageEncrypted (inherited from the encrypted source), destroyed without snapshot', () => {
    for (const [, replica] of instances(template).replicas) {
      expect(replica.Properties.DeletionProtection).toBe(true);
      expect(replica.Properties.StorageEncrypted).toBeUndefined();
      // RDS for PostgreSQL takes no automated backups of a read replica (the region switch sets them on promotion).
      expect(replica.Properties.BackupRetentionPeriod).toBeUndefined();
      expect(replica.Properties.MultiAZ).toBe(false);
      expect(replica.Properties.AvailabilityZone).toBe(TEST_AZS[0]);
      expect(replica.DeletionPolicy).toBe('Delete');
    }
  });

  test('IAM auth, Performance Insights, every PostgreSQL log exported and Enhanced Monitoring through one role, on every instance', () => {
    template.allResourcesProperties(DB, {
      EnableIAMDatabaseAuthentication: true,
      EnablePerformanceInsights: true,
      PerformanceInsightsRetentionPeriod: 7,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      MonitoringInterval: 60,
      MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbMonitoringRole'), 'Arn'] },
      AutoMinorVersionUpgrade: true,
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] }),
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole']] }],
    });
  });

  test('TLS is enforced by a parameter group (rds.force_ssl=1) that the writer and the replicas use', () => {
    template.resourceCountIs('AWS::RDS::DBParameterGroup', 1);
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { 'rds.force_ssl': '1' } });
    template.allResourcesProperties(DB, { DBParameterGroupName: { Ref: Match.stringLikeRegexp('^DbParameters') } });
  });

  test('credentials are generated in Secrets Manager and rotated (hosted rotation app, no asset to bundle)', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', SecretStringTemplate: '{"username":"dbadmin"}' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.resourceCountIs('AWS::Serverless::Application', 1);
    expect(rotationApplicationIds(template)).toEqual([expect.stringMatching(/applications\/SecretsManagerRDSPostgreSQLRotationSingleUser$/)]);
    // The rotation function runs in the subnets with a route out (it calls the Secrets Manager API).
    template.hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({
        vpcSubnetIds: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('ApplicationSubnet1') }])] },
      }),
    });
    // The writer's password is a dynamic reference to the generated secret.
    template.hasResourceProperties(DB, {
      MasterUserPassword: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager')])] },
    });
    expect(db.secret).toBeDefined();
    expect(db.rotation).toBeDefined();
  });

  test('in the isolated subnets of all three AZs, one subnet group shared by the writer and replicas', () => {
    template.resourceCountIs('AWS::RDS::DBSubnetGroup', 1);
    const isolated = f.vpc.isolatedSubnets.map((s) => ({ Ref: Stack.of(f.stack).getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: isolated });
    template.allResourcesProperties(DB, { DBSubnetGroupName: { Ref: Match.stringLikeRegexp('^DbSubnetGroup') } });
  });

  test('ingress only from the web tier on 5433 (plus the rotation function), no egress, no proxy', () => {
    const sgId = { 'Fn::GetAtt': [Stack.of(f.stack).getLogicalId(db.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] };
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { GroupId: sgId } });
    const sources = Object.values(ingress).map((r) => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]);
    expect(sources).toHaveLength(2);
    expect(sources).toEqual(expect.arrayContaining([expect.stringMatching(/^WebInstances/), expect.stringMatching(/RotationSingleUserSecurityGroup/)]));
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: sgId,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebInstances'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 5433,
      ToPort: 5433,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('postgres database'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    expect(db.proxy).toBeUndefined();
  });

  test('writer and reader endpoints', () => {
    const stack = Stack.of(db);
    expect(stack.resolve(db.writerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(db.primary.node.defaultChild as never), 'Endpoint.Address'] });
    expect(db.writerEndpoint.port).toBeDefined();
    expect(db.readerEndpoints).toHaveLength(plan.database.readReplicasPerShard);
    expect(stack.resolve(db.readerEndpoints[0].hostname)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(db.replicas[0].node.defaultChild as never), 'Endpoint.Address'] });
  });

  test('metrics: CPU and connections of the writer, replica lag, connections against max_connections from the plan', () => {
    const stack = Stack.of(db);
    const writerId = stack.resolve(db.primary.instanceIdentifier);
    const cpu = db.metricCPUUtilization();
    expect(cpu.namespace).toBe('AWS/RDS');
    expect(cpu.metricName).toBe('CPUUtilization');
    expect(stack.resolve(cpu.dimensions)).toEqual({ DBInstanceIdentifier: writerId });
    expect(db.metricDatabaseConnections().metricName).toBe('DatabaseConnections');

    const util = db.metricConnectionUtilization();
    expect(util.expression).toBe(`100 * connections / ${plan.database.maxConnectionsPerInstance}`);
    expect((util.usingMetrics.connections as cloudwatch.Metric).metricName).toBe('DatabaseConnections');

    const lag = db.metricReplicaLag();
    const lag1 = lag.usingMetrics.lag1 as cloudwatch.Metric;
    expect(lag1.metricName).toBe('ReplicaLag');
    expect(stack.resolve(lag1.dimensions)).toEqual({ DBInstanceIdentifier: stack.resolve(db.replicas[0].instanceIdentifier) });
    expect(lag.expression).toBe('MAX([lag1])');
  });

  test('no warnings', () => {
    Annotations.fromStack(f.stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('Database with explicit props (MySQL, 4 replicas, RDS Proxy): explicit props win over the plan', () => {
  const plan = examplePlan('04-cached');
  let f: DataTierFixture;
  let db: Database;
  let template: Template;
  beforeAll(() => {
    f = dataTierFixture();
    db = new Database(f.stack, 'Db', {
      vpc: f.vpc,
      plan,
      engine: 'mysql',
      instanceType: new ec2.InstanceType('r7g.xlarge'),
      readReplicas: 4,
      allocatedStorageGiB: 200,
      maxAllocatedStorageGiB: 1000,
      backupRetention: Duration.days(14),
      port: 3310,
      proxy: true,
      maxConnectionsPerInstance: 2000,
    });
    db.allowFrom(f.web);
    template = Template.fromStack(f.stack);
  });

  test('props win: class, replica count, storage, backups, port, engine', () => {
    const { writers, replicas } = instances(template);
    expect(replicas).toHaveLength(4);
    template.allResourcesProperties(DB, { DBInstanceClass: 'db.r7g.xlarge', Engine: 'mysql', Port: '3310' });
    expect(writers[0][1].Properties).toMatchObject({
      EngineVersion: '8.4.10',
      AllocatedStorage: '200',
      MaxAllocatedStorage: 1000,
      BackupRetentionPeriod: 14,
      MultiAZ: true,
    });
  });

  test('MySQL replicas keep automated backups, with the writer\'s retention (RDS for MySQL supports them on replicas)', () => {
    for (const [, replica] of instances(template).replicas) expect(replica.Properties.BackupRetentionPeriod).toBe(14);
  });

  test('replicas are spread round-robin over the three AZs', () => {
    const azs = instances(template).replicas.map(([id, r]) => [id, r.Properties.AvailabilityZone]);
    azs.sort(([a], [b]) => String(a).localeCompare(String(b)));
    expect(azs.map(([, az]) => az)).toEqual([TEST_AZS[0], TEST_AZS[1], TEST_AZS[2], TEST_AZS[0]]);
  });

  test('MySQL: TLS required and slow query log via the parameter group; audit/error/general/slowquery exports', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.4',
      Parameters: { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' },
    });
    template.allResourcesProperties(DB, { EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'] });
    expect(rotationApplicationIds(template)).toEqual([expect.stringMatching(/applications\/SecretsManagerRDSMySQLRotationSingleUser$/)]);
  });

  test('RDS Proxy: TLS required, IAM auth, the generated secret, the data subnets', () => {
    template.resourceCountIs('AWS::RDS::DBProxy', 1);
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'MYSQL',
      RequireTLS: true,
      Auth: [Match.objectLike({ IAMAuth: 'REQUIRED', AuthScheme: 'SECRETS' })],
    });
    expect(db.proxyPort).toBe(3306);
  });

  test('the web tier reaches the database on 3310 and the proxy on 3306; the proxy reaches the database', () => {
    const stack = Stack.of(db);
    const dbSg = { 'Fn::GetAtt': [stack.getLogicalId(db.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] };
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: dbSg,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebInstances'), 'GroupId'] },
      FromPort: 3310,
      ToPort: 3310,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbProxySecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebInstances'), 'GroupId'] },
      FromPort: 3306,
      ToPort: 3306,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: dbSg,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbProxySecurityGroup'), 'GroupId'] },
    });
  });

  test('metrics: max replica lag over the 4 replicas; max_connections from the prop', () => {
    expect(db.metricReplicaLag().expression).toBe('MAX([lag1, lag2, lag3, lag4])');
    expect(db.metricConnectionUtilization().expression).toBe('100 * connections / 2000');
    const stack = Stack.of(db);
    expect(stack.resolve((db.metricReplicaLag().usingMetrics.lag4 as cloudwatch.Metric).dimensions)).toEqual({
      DBInstanceIdentifier: stack.resolve(db.replicas[3].instanceIdentifier),
    });
  });
});

describe('Database without a plan, Multi-AZ replicas; a single-AZ writer', () => {
  let f: DataTierFixture;
  let db: Database;
  let singleAz: Database;
  let template: Template;
  beforeAll(() => {
    f = dataTierFixture();
    db = new Database(f.stack, 'Db', { vpc: f.vpc, instanceType: new ec2.InstanceType('m7g.large'), readReplicas: 2, replicasMultiAz: true });
    singleAz = new Database(f.stack, 'SingleAz', { vpc: f.vpc, instanceType: new ec2.InstanceType('t4g.medium'), multiAz: false });
    template = Template.fromStack(f.stack);
  });

  test('replicas are Multi-AZ themselves (no pinned AZ); storage defaults to 100 GiB, autoscaling up to the RDS ceiling', () => {
    const dbWriterId = Stack.of(db).getLogicalId(db.primary.node.defaultChild as CfnElement);
    const dbReplicas = instances(template).replicas.filter(([id]) => id.startsWith('DbReplica'));
    expect(dbReplicas).toHaveLength(2);
    for (const [, r] of dbReplicas) {
      expect(r.Properties.MultiAZ).toBe(true);
      expect(r.Properties.AvailabilityZone).toBeUndefined();
      expect(r.Properties.MaxAllocatedStorage).toBe(RDS_LIMITS.maxAllocatedStorageGiB);
    }
    const writer = template.toJSON().Resources[dbWriterId];
    expect(writer.Properties.AllocatedStorage).toBe('100');
    expect(writer.Properties.MaxAllocatedStorage).toBe(RDS_LIMITS.maxAllocatedStorageGiB);
    template.allResourcesProperties(DB, { MaxAllocatedStorage: RDS_LIMITS.maxAllocatedStorageGiB });
  });

  test('the writer exposes the engine it was built with (the default PostgreSQL 17)', () => {
    expect(db.instanceEngine).toBe(DEFAULT_DATABASE_ENGINES.postgres);
    expect(db.instanceEngine.engineVersion?.fullVersion).toMatch(/^17\./);
  });

  test('multiAz: false builds a single-AZ writer and warns that it is a single point of failure', () => {
    const id = Stack.of(singleAz).getLogicalId(singleAz.primary.node.defaultChild as CfnElement);
    expect(template.toJSON().Resources[id].Properties.MultiAZ).toBe(false);
    const annotations = Annotations.fromStack(f.stack);
    annotations.hasWarning(`/${singleAz.node.path}`, Match.stringLikeRegexp('single point of failure'));
    annotations.hasWarning(`/${singleAz.node.path}`, Match.stringLikeRegexp(DATABASE_WARNINGS.singleAzWriter));
    annotations.hasNoWarning(`/${db.node.path}`, Match.anyValue());
  });

  test('no proxy without a plan advising it; connection utilization needs max_connections', () => {
    expect(db.proxy).toBeUndefined();
    expect(() => db.metricConnectionUtilization()).toThrow(/maxConnectionsPerInstance/);
  });

  test('replica lag needs read replicas', () => {
    expect(() => singleAz.metricReplicaLag()).toThrow(/there are no read replicas/);
  });
});

describe('Database when the plan advises RDS Proxy and three replicas', () => {
  const base = examplePlan('04-cached');
  const plan: CapacityPlan = { ...base, database: { ...base.database, rdsProxyAdvised: true, readReplicasPerShard: 3 }, architecture: { ...base.architecture, readReplicasPerShard: 3 } };
  let f: DataTierFixture;
  let advised: Database;
  let optedOut: Database;
  let template: Template;
  beforeAll(() => {
    f = dataTierFixture();
    advised = new Database(f.stack, 'Advised', { vpc: f.vpc, plan });
    optedOut = new Database(f.stack, 'OptedOut', { vpc: f.vpc, plan, proxy: false, readReplicas: 0 });
    template = Template.fromStack(f.stack);
  });

  test('the proxy is on by default and `proxy: false` wins', () => {
    template.resourceCountIs('AWS::RDS::DBProxy', 1);
    expect(advised.proxy).toBeDefined();
    expect(optedOut.proxy).toBeUndefined();
    expect(advised.replicas).toHaveLength(3);
    expect(optedOut.replicas).toHaveLength(0);
  });
});

describe('the DB subnet group follows the removal policy of its database (as aws-cdk-lib\'s own databases do)', () => {
  let template: Template;
  let dbs: Record<string, Database>;
  beforeAll(() => {
    const f = dataTierFixture();
    const instanceType = new ec2.InstanceType('m7g.large');
    dbs = {
      Snapshot: new Database(f.stack, 'Snapshot', { vpc: f.vpc, instanceType }),
      Retain: new Database(f.stack, 'Retain', { vpc: f.vpc, instanceType, removalPolicy: RemovalPolicy.RETAIN }),
      RetainOnDelete: new Database(f.stack, 'RetainOnDelete', { vpc: f.vpc, instanceType, removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE }),
      Destroy: new Database(f.stack, 'Destroy', { vpc: f.vpc, instanceType, removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }),
    };
    template = Template.fromStack(f.stack);
  });
  const policies = (construct: IConstruct) => {
    const resource = template.toJSON().Resources[Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement)];
    return [resource.DeletionPolicy, resource.UpdateReplacePolicy];
  };

  test('a retained database keeps its subnet group', () => {
    expect(policies(dbs.Retain.primary)).toEqual(['Retain', 'Retain']);
    expect(policies(dbs.Retain.subnetGroup)).toEqual(['Retain', 'Retain']);
    expect(policies(dbs.RetainOnDelete.subnetGroup)).toEqual(policies(dbs.RetainOnDelete.primary));
  });
  test('a database deleted with a final snapshot, or destroyed, takes its subnet group with it', () => {
    expect(policies(dbs.Snapshot.primary)).toEqual(['Snapshot', 'Snapshot']);
    expect(policies(dbs.Snapshot.subnetGroup)).toEqual(['Delete', 'Delete']);
    expect(policies(dbs.Destroy.subnetGroup)).toEqual(['Delete', 'Delete']);
  });
});

describe('Database validation', () => {
  let f: DataTierFixture;
  let n = 0;
  beforeAll(() => {
    f = dataTierFixture();
  });
  const build = (props: Partial<ConstructorParameters<typeof Database>[2]>) => () =>
    new Database(f.stack, `Bad${n++}`, { vpc: f.vpc, instanceType: new ec2.InstanceType('m7g.large'), ...props });

  test('more than 15 read replicas', () => {
    expect(build({ readReplicas: 16 })).toThrow(/readReplicas: 16 — RDS allows at most 15 read replicas per source: shard, or add a cache/);
  });
  test('Multi-AZ with subnets in fewer than 2 AZs', () => {
    expect(build({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: [TEST_AZS[0]] } })).toThrow(
      /vpcSubnets: "1 AZ\(s\)" — Multi-AZ needs subnets in at least 2 AZs/,
    );
  });
  test('backup retention below 7 or above 35 days', () => {
    expect(build({ backupRetention: Duration.days(3) })).toThrow(/backupRetention: "3 days" — must be a whole number of days between 7 and 35/);
    expect(build({ backupRetention: Duration.days(36) })).toThrow(/backupRetention: "36 days"/);
  });
  test('bad port', () => {
    expect(build({ port: 80 })).toThrow(/port: 80 — must be a whole number between 1150 and 65535/);
  });
  test('allocated storage outside 20–65,536 GiB; ceiling below allocated', () => {
    expect(build({ allocatedStorageGiB: 10 })).toThrow(/allocatedStorageGiB: 10 — must be a whole number between 20 and 65536/);
    expect(build({ allocatedStorageGiB: 70000 })).toThrow(/allocatedStorageGiB: 70000/);
    expect(build({ allocatedStorageGiB: 500, maxAllocatedStorageGiB: 400 })).toThrow(/maxAllocatedStorageGiB: 400 — must be ≥ allocatedStorageGiB \(500\)/);
  });
  test('no instance class without a plan', () => {
    expect(() => new Database(f.stack, `Bad${n++}`, { vpc: f.vpc })).toThrow(/instanceType: missing — give an instance type, or a plan/);
  });
  test('every problem is reported at once, in one PropsValidationError', () => {
    let error: unknown;
    try {
      build({
        readReplicas: 20,
        backupRetention: Duration.days(1),
        port: 22,
        allocatedStorageGiB: 5,
        maxAllocatedStorageGiB: 4,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: [TEST_AZS[1]] },
      })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    const props = (error as PropsValidationError).problems.map((p) => p.path);
    expect(props).toEqual(
      expect.arrayContaining(['readReplicas', 'backupRetention', 'port', 'allocatedStorageGiB', 'maxAllocatedStorageGiB', 'vpcSubnets']),
    );
    expect((error as Error).message).toMatch(/^Test\/Bad\d+: invalid props \(\d+ problems\)/);
  });
  test('fractional durations and numbers are problems of their own, never an aws-cdk-lib error, all in one PropsValidationError', () => {
    let error: unknown;
    try {
      build({
        readReplicas: 2.5,
        backupRetention: Duration.hours(36),
        rotationInterval: Duration.millis(7500),
        port: 5433.5,
        allocatedStorageGiB: 100.5,
        maxConnectionsPerInstance: 0,
      })();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path).sort()).toEqual(
      ['allocatedStorageGiB', 'backupRetention', 'maxConnectionsPerInstance', 'port', 'readReplicas', 'rotationInterval'],
    );
    expect((error as Error).message).toMatch(/backupRetention: "1.5 days" — must be a whole number of days between 7 and 35/);
    expect((error as Error).message).toMatch(/rotationInterval: "7.5 s" — must be a whole number of hours between 4 hours and 1000 days/);
  });
  test('rotation: whole hours from 4 hours to 1000 days', () => {
    expect(build({ rotationInterval: Duration.hours(3) })).toThrow(/rotationInterval: "10800 s"/);
    expect(build({ rotationInterval: Duration.days(1001) })).toThrow(/rotationInterval: "86486400 s"/);
    expect(build({ rotationInterval: Duration.hours(12) })).not.toThrow();
  });
});
