/**
 * Disaster-recovery backups: AWS Backup snapshots of every database writer at the interval the plan derives from the
 * RPO (`plan.dr.backup`), each copied to a vault in another region (`DrBackupVault`). The copies survive the loss of
 * the primary region and its replicas, and protect against what replication copies too (a dropped table).
 * - Schedule, start window (≥ 60 min), copy actions: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
 * - Cross-region copies of RDS snapshots, re-encrypted with the destination vault's key:
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html
 * - ElastiCache is not backed up across regions: AWS Backup does not support it, and a cache is rebuilt from the
 *   database (its daily snapshots stay in the region).
 */
import { ArnFormat, Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import type { Database } from '../database/database';
import { restrictGrantsToAwsServices } from '../private/key-grants';
import { validateDrBackupProps, validateDrBackupVaultProps } from './validate-dr-backup';

/** Tag put on every writer a `DrBackup` backs up (its value: the DrBackup's path); the backup selection selects it. */
export const DR_BACKUP_TAG = 'cdk-scale:dr-backup';

/** Properties of {@link DrBackupVault}. */
export interface DrBackupVaultProps {
  /** The vault's name (the copy actions name it in their ARN): letters, digits and hyphens, 2–50 characters. */
  readonly backupVaultName: string;
}

/** The vault in the copy region that receives the snapshot copies, encrypted with a key of that region. */
export class DrBackupVault extends Construct {
  /** The vault. */
  public readonly vault: backup.BackupVault;
  /** The key the copies are re-encrypted with. */
  public readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string, props: DrBackupVaultProps) {
    super(scope, id);
    validateDrBackupVaultProps(this, props);
    this.encryptionKey = restrictGrantsToAwsServices(new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `${this.node.path}: encrypts the cross-region copies of the database snapshots`,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: this.encryptionKey,
      // The copies are the disaster-recovery data: they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/** Properties of {@link DrBackup}. */
export interface DrBackupProps {
  /** The plan: interval, schedule, retention and copy region (`plan.dr.backup`). */
  readonly plan: CapacityPlan;
  /** The writers to back up, one per shard. */
  readonly databases: readonly Database[];
  /** Name of the {@link DrBackupVault} in the plan's copy region (the same account). */
  readonly copyVaultName: string;
}

/** AWS Backup of the database writers, copied to another region. */
export class DrBackup extends Construct {
  /** The local vault (the source recovery points). */
  public readonly vault: backup.BackupVault;
  /** The key of the local vault. */
  public readonly encryptionKey: kms.Key;
  /** The backup plan. */
  public readonly backupPlan: backup.BackupPlan;
  /** ARN of the vault in the copy region. */
  public readonly copyVaultArn: string;

  constructor(scope: Construct, id: string, props: DrBackupProps) {
    super(scope, id);
    validateDrBackupProps(this, props);
    const b = props.plan.dr.backup;

    const stack = Stack.of(this);
    this.copyVaultArn = stack.formatArn({
      service: 'backup', region: b.copyRegion!, resource: 'backup-vault', resourceName: props.copyVaultName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.encryptionKey = restrictGrantsToAwsServices(new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `${this.node.path}: encrypts the database snapshots of the backup plan`,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    this.vault = new backup.BackupVault(this, 'Vault', { encryptionKey: this.encryptionKey, removalPolicy: RemovalPolicy.RETAIN });
    const retention = Duration.days(b.retentionDays);
    this.backupPlan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: `Every${b.intervalHours}hCopiedTo${b.copyRegion!.replace(/-/g, '')}`,
          scheduleExpression: events.Schedule.expression(b.scheduleExpression),
          startWindow: Duration.hours(1),
          // Done before the next one starts (and at least 2 h, enough for a snapshot of a busy database).
          completionWindow: Duration.hours(Math.max(2, b.intervalHours)),
          deleteAfter: retention,
          copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', this.copyVaultArn), deleteAfter: retention }],
        }),
      ],
    });
    // The writers are selected by tag: those of shard-group stacks are not referenced from this stack.
    for (const d of props.databases) Tags.of(d.primary.node.defaultChild!).add(DR_BACKUP_TAG, this.node.path);
    const selection = this.backupPlan.addSelection('Databases', {
      resources: [backup.BackupResource.fromTag(DR_BACKUP_TAG, this.node.path)],
      allowRestores: true,
    });
    Validations.of(selection).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason: 'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy AWS Backup documents for its service role: it covers every service AWS Backup snapshots and copies, and AWS keeps it current.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
        reason: 'AWSBackupServiceRolePolicyForRestores is the AWS-maintained policy AWS Backup documents for restores (the disaster-recovery path), kept current by AWS.',
      },
    );
  }
}
