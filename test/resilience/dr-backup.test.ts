import { Template } from 'aws-cdk-lib/assertions';
import { planCapacity } from '../../lib/capacity';
import { Database } from '../../lib/database';
import { Network } from '../../lib/network';
import { DR_BACKUP_TAG, DrBackup, DrBackupVault } from '../../lib/resilience';
import { PropsValidationError } from '../../lib/validation';
import { newTestApp, TestStack } from '../support/app';

/** One region, hourly-or-better RPO: backup and restore to eu-west-1 every 2 h (2 h + 1 h start + 1 h copy = 4 h). */
const plan = planCapacity({
  traffic: { dailyActiveUsers: 1e6, requestsPerUserPerDay: 20 },
  dr: { rpoSeconds: 4 * 3600, rtoSeconds: 6 * 3600, backupRegion: 'eu-west-1' },
});

describe('DrBackup of the writers, copied to a DrBackupVault in the copy region (cdk-nag clean)', () => {
  const app = newTestApp({ nag: true });
  const vaultStack = new TestStack(app, 'Vault', { region: 'eu-west-1' });
  const vault = new DrBackupVault(vaultStack, 'DrBackupVault', { backupVaultName: 'svc-dr-backups' });
  const stack = new TestStack(app, 'Primary');
  const network = new Network(stack, 'Network', { plan });
  const databases = [new Database(stack, 'Db', { vpc: network.vpc, plan }), new Database(stack, 'DbShard2', { vpc: network.vpc, plan })];
  new DrBackup(stack, 'DrBackup', { plan, databases, copyVaultName: 'svc-dr-backups' });
  const template = Template.fromStack(stack);
  const vaultTemplate = Template.fromStack(vaultStack);

  test('the plan derived the interval from the RPO', () => {
    expect(plan.dr.backup).toMatchObject({ intervalHours: 2, copyRegion: 'eu-west-1', retentionDays: 7 });
    expect(plan.dr.strategy).toBe('backup-and-restore');
  });

  test('one rule: the plan\'s schedule, a 1 h start window, kept 7 days, copied to the vault in eu-west-1 and kept 7 days there', () => {
    const [rule] = (Object.values(template.findResources('AWS::Backup::BackupPlan'))[0] as any).Properties.BackupPlan.BackupPlanRule;
    expect(rule).toMatchObject({
      ScheduleExpression: plan.dr.backup.scheduleExpression,
      StartWindowMinutes: 60,
      CompletionWindowMinutes: 120,
      Lifecycle: { DeleteAfterDays: 7 },
      CopyActions: [{ Lifecycle: { DeleteAfterDays: 7 } }],
    });
    expect(JSON.stringify(rule.CopyActions[0].DestinationBackupVaultArn)).toMatch(/:backup:eu-west-1:.*:backup-vault:svc-dr-backups/);
  });

  test('the selection holds every writer, by a tag only the writers carry (not the replicas)', () => {
    const [selection] = Object.values(template.findResources('AWS::Backup::BackupSelection')) as any[];
    expect(selection.Properties.BackupSelection.ListOfTags).toEqual([{ ConditionKey: DR_BACKUP_TAG, ConditionValue: 'Primary/DrBackup', ConditionType: 'STRINGEQUALS' }]);
    const tagged = Object.entries(template.findResources('AWS::RDS::DBInstance'))
      .filter(([, r]) => (r.Properties.Tags ?? []).some((t: any) => t.Key === DR_BACKUP_TAG && t.Value === 'Primary/DrBackup'))
      .map(([id]) => id);
    expect(tagged.sort()).toEqual(databases.map((db) => stack.getLogicalId(db.primary.node.defaultChild as any)).sort());
  });

  test('both vaults are encrypted with a rotating key of their region that denies non-service grants, and outlive their stacks', () => {
    for (const [t, keyPrefix] of [[template, 'DrBackupKey'], [vaultTemplate, 'DrBackupVaultKey']] as const) {
      const key = Object.keys(t.findResources('AWS::KMS::Key')).find((id) => id.startsWith(keyPrefix))!;
      t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [key, 'Arn'] } } });
      const policy = t.toJSON().Resources[key].Properties;
      expect(policy.EnableKeyRotation).toBe(true);
      expect(policy.KeyPolicy.Statement.map((s: any) => s.Sid)).toContain('DenyCreateGrantExceptForAwsResources');
    }
    vaultTemplate.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'svc-dr-backups' });
    expect(vault.vault.backupVaultName).toBeDefined();
  });
});

test('a plan without a copy region, no writers, a bad vault name: reported together', () => {
  const app = newTestApp();
  const stack = new TestStack(app);
  const oneRegion = planCapacity({ traffic: { dailyActiveUsers: 1e6, requestsPerUserPerDay: 20 } });
  let n = 0;
  const make = () => new DrBackup(stack, `DrBackup${n++}`, { plan: oneRegion, databases: [], copyVaultName: 'no_underscores' });
  expect(make).toThrow(PropsValidationError);
  expect(make).toThrow(/plan\.dr\.backup\.copyRegion: null — the plan has no region to copy backups to[\s\S]*databases: 0[\s\S]*copyVaultName: "no_underscores"/);
});
