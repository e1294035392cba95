/** Every check of a MultiAzDatabaseCluster's props, in one place: one PropsValidationError lists all problems. */
import type { IConstruct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { ClusterStorageType, MultiAzDatabaseClusterProps } from './multi-az-database-cluster';
import { checkRelationalSettings, checkSubnetAzs, type RelationalSettings } from './private/engine';

/** A MultiAzDatabaseCluster's settings once props, the plan and the defaults are combined. */
export interface MultiAzDatabaseClusterSettings extends RelationalSettings {
  readonly storageType: ClusterStorageType;
}

const STORAGE_TYPES: readonly ClusterStorageType[] = ['gp3', 'io1', 'io2'];

/**
 * Instance classes a Multi-AZ DB cluster can use: those with local NVMe storage, whose family name
 * ends in `d` / `dn` (db.m6gd, db.r6gd, db.m6id, db.r8gd, db.x2iedn, ...).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html
 */
const CLUSTER_INSTANCE_CLASS = /^[a-z]+\d+[a-z]*dn?\./;

export function validateMultiAzDatabaseClusterProps(
  scope: IConstruct,
  props: MultiAzDatabaseClusterProps,
  settings: MultiAzDatabaseClusterSettings,
): void {
  const problems = new ProblemCollector();
  checkRelationalSettings(problems, settings, props);
  const instanceClass = settings.instanceClass;
  if (instanceClass) {
    problems.check('instanceType', instanceClass, CLUSTER_INSTANCE_CLASS.test(instanceClass),
      'a Multi-AZ DB cluster needs an instance class with local NVMe storage (e.g. m6gd.large, r6gd.large, r8gd.large)');
  }
  checkSubnetAzs(problems, settings.azs, 3, 'a Multi-AZ DB cluster needs subnets in at least 3 AZs');
  problems.oneOf('clusterStorage.type', settings.storageType, STORAGE_TYPES);
  const iops = props.clusterStorage?.iops;
  problems.integer('clusterStorage.iops', iops, { min: 1000 });
  problems.check('clusterStorage.iops', iops, settings.storageType === 'gp3' || iops !== undefined, `${settings.storageType} needs iops`);
  throwIfProblems(scope, problems);
}
