/** Every check of `DrBackupProps` and `DrBackupVaultProps`, in one place, each reported in one `PropsValidationError`. */
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { DrBackupProps, DrBackupVaultProps } from './dr-backup';

export function validateDrBackupProps(scope: Construct, props: DrBackupProps): void {
  const problems = new ProblemCollector();
  const copyRegion = props.plan.dr.backup.copyRegion;
  problems.check('plan.dr.backup.copyRegion', copyRegion, copyRegion !== null,
    'the plan has no region to copy backups to: give the workload dr.backupRegion or a second region');
  problems.check('databases', props.databases.length, props.databases.length > 0, 'give the database writers to back up');
  vaultName(problems, 'copyVaultName', props.copyVaultName);
  throwIfProblems(scope, problems);
}

export function validateDrBackupVaultProps(scope: Construct, props: DrBackupVaultProps): void {
  const problems = new ProblemCollector();
  vaultName(problems, 'backupVaultName', props.backupVaultName);
  throwIfProblems(scope, problems);
}

/** AWS Backup vault names: letters, digits and hyphens (2–50 here). */
function vaultName(problems: ProblemCollector, path: string, name: string): void {
  problems.check(path, name, /^[a-zA-Z0-9-]{2,50}$/.test(name), 'must be 2–50 letters, digits or hyphens');
}
