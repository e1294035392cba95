/** Every check of RegionalServiceStack's props, in one place. */
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../lib/private/validation';
import type { RegionalServiceStackProps } from './regional-service-stack';

export function validateRegionalServiceStackProps(scope: Construct, props: RegionalServiceStackProps): void {
  const problems = new ProblemCollector();
  problems.oneOf('role', props.role, ['primary', 'secondary']);
  if (props.role === 'secondary') {
    problems.check('primaryDatabases', props.primaryDatabases?.length ?? 0, (props.primaryDatabases?.length ?? 0) > 0,
      "a secondary region replicates the primary's writers: pass the primary stack's `databases`");
  } else {
    problems.check('primaryDatabases', props.primaryDatabases?.length, props.primaryDatabases === undefined,
      'applies only to a secondary region (a primary builds its own writers)');
  }
  if (props.role === 'secondary') {
    problems.check('backupCopyVaultName', props.backupCopyVaultName, props.backupCopyVaultName === undefined,
      'applies only to a primary region (it backs up the writers; a secondary holds replicas)');
  } else {
    problems.check('regionSwitchName', props.regionSwitchName, props.regionSwitchName === undefined,
      'applies only to a secondary region (its switch promotes the replicas)');
  }
  if (props.domain) {
    problems.check('domain.names', props.domain.names, props.domain.names.length > 0, 'give at least one name (the first is this region\'s origin name)');
    props.domain.names.forEach((n, i) => problems.hostname(`domain.names[${i}]`, n));
  }
  throwIfProblems(scope, problems);
}
