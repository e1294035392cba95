/**
 * What Database, MultiAzDatabaseCluster and CrossRegionReadReplica share, written once: how props, a plan
 * (through `databaseSizing`) and the defaults combine into settings, the prop checks they have in common,
 * the TLS parameter group, the options every DB instance has, the log exports per engine and the RDS metrics.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import { RDS_LIMITS } from '../../capacity/catalog';
import type { DatabaseSizing } from '../../capacity/sizing';
import { defaultDataSubnets, selectedAzs } from '../../private/subnets';
import { isConcrete, type ProblemCollector, secondsOf, throwIfProblems } from '../../private/validation';
import {
  DEFAULT_DATABASE_ENGINES,
  DEFAULT_DATABASE_PORTS,
  type DatabaseEngineName,
  type IRelationalDatabase,
  type RelationalDatabaseProps,
} from '../relational-database';

/** Storage allocated when neither a prop nor a plan gives it, GiB. */
export const DEFAULT_ALLOCATED_STORAGE_GIB = 100;

/** Automated backups kept when the prop is not given. */
export const DEFAULT_BACKUP_RETENTION = Duration.days(7);

/** Master user name when the prop is not given. */
export const DEFAULT_MASTER_USERNAME = 'dbadmin';

/** RDS Proxy always listens on the engine's standard port. */
export const PROXY_PORTS: Readonly<Record<DatabaseEngineName, number>> = { postgres: 5432, mysql: 3306 };

/** The props every construct of the module resolves into {@link EngineSettings}. */
export interface EngineProps {
  readonly engine?: DatabaseEngineName;
  readonly instanceEngine?: rds.IInstanceEngine;
  readonly instanceType?: ec2.InstanceType;
  readonly port?: number;
}

/** Engine, version, port and class: explicit props first, then the plan, then the defaults. */
export interface EngineSettings {
  readonly engine: DatabaseEngineName;
  /** The exact engine built (only meaningful once {@link checkEngineSettings} found `engine` valid). */
  readonly instanceEngine: rds.IInstanceEngine;
  readonly port: number;
  /** The instance class without `db.`, or undefined when neither the prop nor a plan gives one. */
  readonly instanceClass: string | undefined;
}

export function resolveEngineSettings(props: EngineProps, sizing: DatabaseSizing | undefined): EngineSettings {
  const engine = props.engine ?? sizing?.engine ?? 'postgres';
  return {
    engine,
    instanceEngine: props.instanceEngine ?? DEFAULT_DATABASE_ENGINES[engine],
    // An unknown engine (reported by checkEngineSettings) still gets a port, so the other checks run.
    port: props.port ?? DEFAULT_DATABASE_PORTS[engine] ?? DEFAULT_DATABASE_PORTS.postgres,
    instanceClass: props.instanceType?.toString() ?? sizing?.instanceType,
  };
}

/** The settings both database shapes resolve the same way. */
export interface RelationalSettings extends EngineSettings {
  readonly vpcSubnets: ec2.SubnetSelection;
  /** AZs of the selected subnets (undefined when not known at synth time). */
  readonly azs: readonly string[] | undefined;
  readonly allocatedStorageGiB: number;
  readonly backupRetention: Duration;
  readonly maxConnectionsPerInstance: number | undefined;
}

export function resolveRelationalSettings(props: RelationalDatabaseProps, sizing: DatabaseSizing | undefined): RelationalSettings {
  const vpcSubnets = props.vpcSubnets ?? defaultDataSubnets(props.vpc);
  return {
    ...resolveEngineSettings(props, sizing),
    vpcSubnets,
    azs: selectedAzs(props.vpc, vpcSubnets),
    allocatedStorageGiB: props.allocatedStorageGiB ?? sizing?.allocatedStorageGiB ?? DEFAULT_ALLOCATED_STORAGE_GIB,
    backupRetention: props.backupRetention ?? DEFAULT_BACKUP_RETENTION,
    maxConnectionsPerInstance: props.maxConnectionsPerInstance ?? sizing?.maxConnectionsPerInstance,
  };
}

/**
 * The storage autoscaling ceiling, GiB: storage autoscaling is always on (a full volume stops the database),
 * up to RDS's own ceiling unless the prop or the plan says otherwise.
 */
export function resolveStorageCeiling(prop: number | undefined, sizing: DatabaseSizing | undefined): number {
  return prop ?? sizing?.maxAllocatedStorageGiB ?? RDS_LIMITS.maxAllocatedStorageGiB;
}

/** Checks of the engine, its version, the instance class and the port. */
export function checkEngineSettings(problems: ProblemCollector, settings: EngineSettings, props: EngineProps): void {
  const { engine, instanceClass } = settings;
  problems.check('engine', engine, engine === 'postgres' || engine === 'mysql', "must be 'postgres' or 'mysql'");
  problems.check('instanceType', instanceClass, instanceClass !== undefined && instanceClass !== '', 'give an instance type, or a plan with database.instanceClass');
  problems.integer('port', settings.port, { min: 1150, max: 65535 });
  if (props.instanceEngine && props.instanceEngine.engineType !== engine) {
    problems.add('instanceEngine', props.instanceEngine.engineType, `must be a ${engine} engine (to match engine)`);
  }
}

/** The checks both database shapes share: engine settings, storage, backups and max_connections. */
export function checkRelationalSettings(problems: ProblemCollector, settings: RelationalSettings, props: EngineProps): void {
  checkEngineSettings(problems, settings, props);
  checkAllocatedStorage(problems, settings.allocatedStorageGiB);
  checkBackupRetention(problems, settings.backupRetention);
  problems.integer('maxConnectionsPerInstance', settings.maxConnectionsPerInstance, { min: 1 });
}

/** Allocated storage within RDS's bounds. */
function checkAllocatedStorage(problems: ProblemCollector, allocatedStorageGiB: number): void {
  problems.integer('allocatedStorageGiB', allocatedStorageGiB, storageRange());
}

/** The storage autoscaling ceiling within RDS's bounds and, when known, not below the allocated storage. */
export function checkStorageCeiling(problems: ProblemCollector, maxAllocatedStorageGiB: number, allocatedStorageGiB?: number): void {
  problems.integer('maxAllocatedStorageGiB', maxAllocatedStorageGiB, storageRange());
  if (isConcrete(allocatedStorageGiB) && isConcrete(maxAllocatedStorageGiB)) {
    problems.check('maxAllocatedStorageGiB', maxAllocatedStorageGiB, maxAllocatedStorageGiB >= allocatedStorageGiB, `must be ≥ allocatedStorageGiB (${allocatedStorageGiB})`);
  }
}

/**
 * Automated backups: RDS keeps whole days, 7 to 35 here (1 is RDS's minimum; a week is the least worth
 * restoring from). A fraction of a day is a problem, never an aws-cdk-lib error.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html
 */
function checkBackupRetention(problems: ProblemCollector, backupRetention: Duration): void {
  const seconds = secondsOf(backupRetention);
  if (seconds === undefined) return;
  const days = seconds / SECONDS_PER_DAY;
  problems.check('backupRetention', `${days} days`, Number.isInteger(days) && days >= 7 && days <= 35, 'must be a whole number of days between 7 and 35');
}

/** The subnets span at least `needed` AZs (unknown AZs pass). */
export function checkSubnetAzs(problems: ProblemCollector, azs: readonly string[] | undefined, needed: number, message: string): void {
  if (azs === undefined) return;
  problems.check('vpcSubnets', `${azs.length} AZ(s)`, azs.length >= needed, message);
}

/**
 * The parameter group every instance of a construct uses: TLS required (and, for MySQL, the slow query log,
 * written to a file so it can be exported), under the id `Parameters`.
 */
export function createTlsParameterGroup(scope: Construct, engineName: DatabaseEngineName, engine: rds.IInstanceEngine): rds.ParameterGroup {
  return new rds.ParameterGroup(scope, 'Parameters', {
    engine,
    description: `${scope.node.path}: TLS required${engineName === 'mysql' ? ', slow query log' : ''}`,
    parameters:
      engineName === 'postgres'
        ? { 'rds.force_ssl': '1' }
        : { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' },
  });
}

/**
 * What every DB instance of the module has: gp3 storage, IAM authentication, Performance Insights encrypted
 * with `encryptionKey`, every log the engine publishes exported, Enhanced Monitoring every
 * {@link ENHANCED_MONITORING_INTERVAL} through `monitoringRole`, minor versions applied by RDS, no public address.
 */
export function secureInstanceOptions(engineName: DatabaseEngineName, encryptionKey: kms.IKey | undefined, monitoringRole: iam.IRole) {
  return {
    storageType: rds.StorageType.GP3,
    iamAuthentication: true,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: encryptionKey,
    performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
    cloudwatchLogsExports: instanceLogExports(engineName),
    monitoringInterval: ENHANCED_MONITORING_INTERVAL,
    monitoringRole,
    autoMinorVersionUpgrade: true,
    publiclyAccessible: false,
  } satisfies Partial<rds.DatabaseInstanceNewProps>;
}

/**
 * Automated backups of a read replica: RDS for MySQL takes them (the replica keeps the writer's retention, so a
 * promoted replica is backed up from its first minute); RDS for PostgreSQL cannot ("Automatic backups" in
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Overview.Differences.html), and the region
 * switch sets the retention on promotion instead. Returns the replica's backup props; for PostgreSQL, none, and
 * the CloudFormation Guard finding is acknowledged on `replica` once built.
 */
export function replicaBackupOptions(engineName: DatabaseEngineName, retention: Duration): Pick<rds.DatabaseInstanceReadReplicaProps, 'backupRetention'> {
  return replicaTakesBackups(engineName) ? { backupRetention: retention } : {};
}

/** Whether RDS takes automated backups of the engine's read replicas (see {@link replicaBackupOptions}). */
export function replicaTakesBackups(engineName: DatabaseEngineName): boolean {
  return engineName === 'mysql';
}

/**
 * Enhanced Monitoring's interval (OS metrics per process, beyond CloudWatch's hypervisor view; AWS Control Tower
 * CT.RDS.PR.2): https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html
 */
export const ENHANCED_MONITORING_INTERVAL = Duration.seconds(60);

/**
 * The role RDS Enhanced Monitoring publishes with (`MonitoringRole`), one per construct for its writer and every
 * replica: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html
 */
export function createMonitoringRole(scope: Construct): iam.Role {
  const role = new iam.Role(scope, 'MonitoringRole', {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
    description: `${scope.node.path}: RDS Enhanced Monitoring publishes OS metrics to CloudWatch Logs`,
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    reason:
      'AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy RDS documents for Enhanced Monitoring: it lets the ' +
      'monitoring service write only to the RDSOSMetrics log group, and AWS keeps it current.',
  });
  return role;
}

/**
 * The logs a DB instance exports to CloudWatch Logs: every log the engine publishes (AWS Control Tower CT.RDS.PR.14):
 * PostgreSQL `postgresql` and `upgrade`; MySQL `audit` (written once the MARIADB_AUDIT_PLUGIN option is added), `error`,
 * `general` and `slowquery`.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
 */
export function instanceLogExports(engineName: DatabaseEngineName): string[] {
  return engineName === 'postgres' ? ['postgresql', 'upgrade'] : ['audit', 'error', 'general', 'slowquery'];
}

/** The logs a Multi-AZ DB cluster exports to CloudWatch Logs per engine. */
export function logExports(engineName: DatabaseEngineName): string[] {
  return engineName === 'postgres' ? ['postgresql'] : ['error', 'general', 'slowquery'];
}

/** An `AWS/RDS` metric. */
export function rdsMetric(metricName: string, dimensionsMap: cloudwatch.DimensionsMap, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap, ...props });
}

/** ReplicaLag of one read replica: seconds behind its source (Maximum unless told). */
export function replicaLagMetric(replica: rds.IDatabaseInstance, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return rdsMetric('ReplicaLag', { DBInstanceIdentifier: replica.instanceIdentifier }, { statistic: 'Maximum', ...props });
}

/**
 * Connections to the writer as a percentage of the instance class's max_connections
 * (`100 × connections ÷ max_connections`).
 */
export function connectionUtilizationMetric(database: IRelationalDatabase, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
  throwIfProblems(`${database.node.path}.metricConnectionUtilization`, database.maxConnectionsPerInstance !== undefined ? [] : [{
    path: 'maxConnectionsPerInstance', value: undefined, message: 'is needed for a share of max_connections: give a plan or the prop',
  }]);
  return new cloudwatch.MathExpression({
    expression: `100 * connections / ${database.maxConnectionsPerInstance}`,
    usingMetrics: { connections: database.metricDatabaseConnections({ period: props?.period }) },
    label: 'Connections (% of max_connections)',
    ...props,
  });
}

const SECONDS_PER_DAY = Duration.days(1).toSeconds();

function storageRange() {
  return { min: RDS_LIMITS.minAllocatedStorageGiB, max: RDS_LIMITS.maxAllocatedStorageGiB };
}
