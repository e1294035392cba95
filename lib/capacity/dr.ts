/**
 * Disaster recovery to an RPO and an RTO (the workload's `dr` section): which of the AWS disaster-recovery
 * strategies the targets need, which one the topology builds, how often AWS Backup snapshots the databases and
 * copies them to another region, and the replica-lag budget the DR replicas are alarmed on. Pure: no aws-cdk-lib.
 *
 * The strategies and their recovery categories follow AWS's whitepaper "Disaster Recovery of Workloads on AWS",
 * https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html
 * (backup and restore: RPO/RTO hours; pilot light: tens of minutes; warm standby: minutes; multi-site
 * active/active: near zero). The recovery times below are this library's estimates for what it builds, not AWS
 * numbers: a DR game day measures yours (docs/resilience.md).
 */
import type { DerivationLog } from './derivations';
import type { DrBackupPlan, DrPlan, DrStrategy, PlanWarning, TopologyPlan } from './plan-types';
import type { Problem } from '../validation';
import type { Workload } from './workload';

/** The strategies, cheapest (slowest to recover) first. */
export const DR_STRATEGIES: readonly DrStrategy[] = ['backup-and-restore', 'pilot-light', 'warm-standby', 'active-active'];

/**
 * How long each strategy takes to serve writes again after a regional disaster, in seconds: estimates for what
 * this library builds (the whitepaper's categories made concrete), to be replaced by a game day's measurement.
 * - backup-and-restore (hours): restore each shard's newest copied snapshot in the copy region (RDS restores a
 *   snapshot as a new instance) and deploy the regional stack there (VPC, ALB, Auto Scaling group, cache).
 * - pilot-light (tens of minutes): the data is replicated already; promote the replicas and deploy or scale the
 *   compute from zero.
 * - warm-standby (minutes): promote the replicas ("The promotion process can take several minutes or longer to
 *   complete, depending on the size of the read replica",
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html), flip the failover record,
 *   and let the secondary's web tier scale from its minimum to the peak.
 * - active-active: every region serves already; writes need the promotion (one writer per shard).
 */
export const DR_RECOVERY_TIME_ESTIMATES_SECONDS: Readonly<Record<DrStrategy, number>> = {
  'backup-and-restore': 4 * 3600,
  'pilot-light': 30 * 60,
  'warm-standby': 15 * 60,
  'active-active': 5 * 60,
};

/**
 * AWS Backup: the most frequent schedule is hourly ("You can also create a cron expression that creates snapshot
 * backups as frequently as hourly",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html), and a job may start
 * up to its start window after the scheduled time (`StartWindowMinutes` "must be at least 60 minutes",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html).
 */
export const BACKUP_START_WINDOW_SECONDS = 3600;

/**
 * Allowance for a snapshot and its cross-region copy to complete (an assumption: AWS documents no duration; measure
 * it with `aws backup list-copy-jobs` on a game day).
 */
export const BACKUP_AND_COPY_ALLOWANCE_SECONDS = 3600;

/** Hours between snapshots the plan chooses from: the divisors of a day, so every day has the same schedule. */
export const BACKUP_INTERVALS_HOURS: readonly number[] = [1, 2, 3, 4, 6, 8, 12, 24];

/** Days recovery points, their copies and a promoted replica's automated backups are kept (the writers' default). */
export const DR_BACKUP_RETENTION_DAYS = 7;

/**
 * The smallest RPO backup and restore can meet: an hourly schedule, plus the start window, plus the allowance for
 * the snapshot and the copy (3 h).
 */
export const MIN_BACKUP_RPO_SECONDS = BACKUP_INTERVALS_HOURS[0] * 3600 + BACKUP_START_WINDOW_SECONDS + BACKUP_AND_COPY_ALLOWANCE_SECONDS;

/** Worst-case age of the newest copy in the copy region with snapshots every `intervalHours`. */
export function backupWorstCaseRpoSeconds(intervalHours: number): number {
  return intervalHours * 3600 + BACKUP_START_WINDOW_SECONDS + BACKUP_AND_COPY_ALLOWANCE_SECONDS;
}

/**
 * Hours between snapshots for an RPO: the longest interval whose worst case fits the RPO, hourly when none does
 * (the replicas then carry the RPO, and the snapshots protect against what replication copies too, such as a
 * dropped table), daily without an RPO.
 */
export function backupIntervalHours(rpoSeconds: number | null): number {
  if (rpoSeconds === null) return 24;
  const fitting = BACKUP_INTERVALS_HOURS.filter((h) => backupWorstCaseRpoSeconds(h) <= rpoSeconds);
  return fitting.length > 0 ? fitting[fitting.length - 1] : BACKUP_INTERVALS_HOURS[0];
}

/** The AWS Backup schedule (UTC) of snapshots every `intervalHours` hours (a cron on every Nth hour), or daily at 05:00. */
export function backupScheduleExpression(intervalHours: number): string {
  return intervalHours === 24 ? 'cron(0 5 * * ? *)' : `cron(0 */${intervalHours} * * ? *)`;
}

/** The strategy the topology builds: null with one region and no region to copy backups to. */
export function builtDrStrategy(topology: TopologyPlan, copyRegion: string | null): DrStrategy | null {
  if (topology.regions.length > 1) return topology.mode === 'active-active' ? 'active-active' : 'warm-standby';
  return copyRegion === null ? null : 'backup-and-restore';
}

/** Whether `strategy` meets the targets (a missing target is always met). */
export function strategyMeets(strategy: DrStrategy, rpoSeconds: number | null, rtoSeconds: number | null): boolean {
  const rpoOk = rpoSeconds === null || (strategy === 'backup-and-restore' ? rpoSeconds >= MIN_BACKUP_RPO_SECONDS : rpoSeconds > 0);
  const rtoOk = rtoSeconds === null || rtoSeconds >= DR_RECOVERY_TIME_ESTIMATES_SECONDS[strategy];
  return rpoOk && rtoOk;
}

/** The cheapest strategy that meets both targets, or null when none does. */
export function cheapestDrStrategy(rpoSeconds: number | null, rtoSeconds: number | null): DrStrategy | null {
  return DR_STRATEGIES.find((s) => strategyMeets(s, rpoSeconds, rtoSeconds)) ?? null;
}

/** What each strategy takes, in words (the topology that meets it with these patterns). */
export const DR_TOPOLOGIES: Readonly<Record<DrStrategy, string>> = {
  'backup-and-restore':
    'one region, with AWS Backup snapshots of every database writer copied to dr.backupRegion; on a disaster, restore ' +
    'the copies and deploy the regional stack there',
  'pilot-light':
    'two regions (topology.regions), the second holding cross-region read replicas of every shard and compute that is ' +
    'scaled up on recovery (the patterns build it as a warm standby, which recovers faster)',
  'warm-standby':
    'two regions, topology.mode "active-passive": cross-region read replicas of every shard and the secondary\'s web ' +
    'tier at its minimum; on a disaster the region switch promotes the replicas and fails the origin name over',
  'active-active':
    'two or more regions, topology.mode "active-active": every region serves reads, and the region switch promotes the ' +
    'surviving region\'s replicas for writes',
};

/**
 * The disaster-recovery plan of a validated workload. Refuses an RPO of 0 (no cross-region replication AWS offers is
 * synchronous); warns when the topology does not meet a target, naming the topology that does.
 */
export function planDisasterRecovery(
  w: Workload, topology: TopologyPlan, log: DerivationLog, warnings: PlanWarning[], refusals: Problem[],
): DrPlan {
  const dr = w.dr ?? {};
  const rpoSeconds = dr.rpoSeconds ?? null;
  const rtoSeconds = dr.rtoSeconds ?? null;
  if (rpoSeconds === 0) {
    refusals.push({
      path: 'dr.rpoSeconds',
      value: 0,
      message:
        'an RPO of 0 needs synchronous replication to the other region, and every cross-region copy RDS offers is ' +
        'asynchronous (cross-region read replicas, automated backup replication). Multi-AZ (built) already loses ' +
        'nothing when an AZ fails; for a regional disaster give the data loss you can accept, e.g. 60 seconds',
    });
  }
  const copyRegion = dr.backupRegion ?? topology.regions[1] ?? null;
  const strategy = builtDrStrategy(topology, copyRegion);
  const required = rpoSeconds === null && rtoSeconds === null ? null : cheapestDrStrategy(rpoSeconds, rtoSeconds);
  if (required !== null) {
    log.record('dr.requiredStrategy', 'the cheapest of backup-and-restore < pilot-light < warm-standby < active-active whose RPO floor and RTO estimate meet the targets',
      { rpoSeconds: rpoSeconds ?? 'none', rtoSeconds: rtoSeconds ?? 'none', minBackupRpoSeconds: MIN_BACKUP_RPO_SECONDS,
        ...Object.fromEntries(DR_STRATEGIES.map((s) => [`rto:${s}`, DR_RECOVERY_TIME_ESTIMATES_SECONDS[s]])) },
      required, 'strategy');
  }

  const intervalHours = log.record('dr.backup.intervalHours',
    'the longest of 1, 2, 3, 4, 6, 8, 12, 24 h with interval + start window (1 h) + snapshot-and-copy allowance (1 h) ≤ RPO; hourly when none fits, daily without an RPO',
    { rpoSeconds: rpoSeconds ?? 'none' }, backupIntervalHours(rpoSeconds), 'hours');
  const backup: DrBackupPlan = {
    intervalHours,
    scheduleExpression: backupScheduleExpression(intervalHours),
    copyRegion,
    retentionDays: DR_BACKUP_RETENTION_DAYS,
    worstCaseRpoSeconds: backupWorstCaseRpoSeconds(intervalHours),
  };

  const replicated = strategy !== null && strategy !== 'backup-and-restore';
  const estimatedRtoSeconds = strategy === null ? null : DR_RECOVERY_TIME_ESTIMATES_SECONDS[strategy];
  const meetsTargets = required !== null && strategy !== null && rpoSeconds !== 0 && strategyMeets(strategy, rpoSeconds, rtoSeconds);
  if ((rpoSeconds !== null || rtoSeconds !== null) && rpoSeconds !== 0 && !meetsTargets) {
    warnings.push({ code: 'DR_TARGETS_NOT_MET', message: notMetMessage(rpoSeconds, rtoSeconds, strategy, required) });
  }
  return {
    rpoSeconds,
    rtoSeconds,
    requiredStrategy: required,
    strategy,
    topology: DR_TOPOLOGIES[required ?? strategy ?? 'backup-and-restore'],
    meetsTargets,
    estimatedRtoSeconds,
    estimatedRpoSeconds: strategy === 'backup-and-restore' ? backup.worstCaseRpoSeconds : null,
    replicaLagBudgetSeconds: replicated ? rpoSeconds : null,
    backup,
    promotedBackupRetentionDays: DR_BACKUP_RETENTION_DAYS,
  };
}

function notMetMessage(rpo: number | null, rto: number | null, built: DrStrategy | null, required: DrStrategy | null): string {
  const targets = [rpo !== null ? `dr.rpoSeconds ${rpo}` : '', rto !== null ? `dr.rtoSeconds ${rto}` : ''].filter(Boolean).join(' and ');
  const builds = built === null
    ? 'the topology has one region and no dr.backupRegion, so nothing leaves the region'
    : `the topology builds ${built} (recovers in ~${minutes(DR_RECOVERY_TIME_ESTIMATES_SECONDS[built])} min` +
      `${built === 'backup-and-restore' ? `, loses up to ${minutes(backupWorstCaseRpoSeconds(backupIntervalHours(rpo)))} min of writes` : ''})`;
  if (required === null) {
    return `${targets}: no strategy these patterns build recovers writes that fast (the fastest, active-active, needs ~` +
      `${minutes(DR_RECOVERY_TIME_ESTIMATES_SECONDS['active-active'])} min to promote the replicas); ${builds}. ` +
      'A faster write recovery needs a multi-writer store (e.g. DynamoDB global tables), or a longer RTO.';
  }
  return `${targets} need ${required}: ${DR_TOPOLOGIES[required]}; ${builds}.`;
}

function minutes(seconds: number): number {
  return Math.round(seconds / 60);
}
