import {
  BACKUP_AND_COPY_ALLOWANCE_SECONDS,
  BACKUP_INTERVALS_HOURS,
  BACKUP_START_WINDOW_SECONDS,
  backupIntervalHours,
  backupScheduleExpression,
  backupWorstCaseRpoSeconds,
  cheapestDrStrategy,
  DR_RECOVERY_TIME_ESTIMATES_SECONDS as RTO,
  MIN_BACKUP_RPO_SECONDS,
} from '../../lib/capacity/dr';
import { checkWorkload, planCapacity, WorkloadValidationError, type Workload } from '../../lib/capacity';

const base: Workload = { traffic: { dailyActiveUsers: 1e6, requestsPerUserPerDay: 20 } };
const twoRegions = { regions: ['us-east-1', 'us-west-2'] };
const HOUR = 3600;

describe('backup frequency from the RPO', () => {
  test('a copy is at most interval + start window + snapshot-and-copy allowance old', () => {
    for (const h of BACKUP_INTERVALS_HOURS) {
      expect(backupWorstCaseRpoSeconds(h)).toBe(h * HOUR + BACKUP_START_WINDOW_SECONDS + BACKUP_AND_COPY_ALLOWANCE_SECONDS);
    }
    expect(MIN_BACKUP_RPO_SECONDS).toBe(backupWorstCaseRpoSeconds(1));
  });

  test('the longest interval whose worst case fits the RPO; hourly when none fits; daily without an RPO', () => {
    for (const h of BACKUP_INTERVALS_HOURS) {
      expect(backupIntervalHours(backupWorstCaseRpoSeconds(h))).toBe(h);
      // One second less no longer fits that interval: the next shorter one (or hourly) is chosen.
      const shorter = BACKUP_INTERVALS_HOURS.filter((x) => x < h);
      expect(backupIntervalHours(backupWorstCaseRpoSeconds(h) - 1)).toBe(shorter.length ? shorter[shorter.length - 1] : 1);
    }
    expect(backupIntervalHours(60)).toBe(1);
    expect(backupIntervalHours(null)).toBe(24);
    expect(backupIntervalHours(365 * 24 * HOUR)).toBe(24);
  });

  test('the schedule is a cron on every Nth hour (UTC), or one daily run', () => {
    expect(backupScheduleExpression(1)).toBe('cron(0 */1 * * ? *)');
    expect(backupScheduleExpression(6)).toBe('cron(0 */6 * * ? *)');
    expect(backupScheduleExpression(24)).toBe('cron(0 5 * * ? *)');
  });
});

describe('the cheapest strategy that meets the targets', () => {
  test.each([
    ['hours of RPO and RTO: backup and restore', MIN_BACKUP_RPO_SECONDS, RTO['backup-and-restore'], 'backup-and-restore'],
    ['an RPO below what backups can give: a replica (pilot light)', MIN_BACKUP_RPO_SECONDS - 1, RTO['backup-and-restore'], 'pilot-light'],
    ['tens of minutes of RTO: pilot light', null, RTO['pilot-light'], 'pilot-light'],
    ['minutes of RTO: warm standby', 60, RTO['warm-standby'], 'warm-standby'],
    ['below the warm standby estimate: active-active', 60, RTO['warm-standby'] - 1, 'active-active'],
    ['below every estimate: none', 60, RTO['active-active'] - 1, null],
  ])('%s', (_what, rpo, rto, expected) => {
    expect(cheapestDrStrategy(rpo, rto)).toBe(expected);
  });
});

describe('the plan\'s dr section', () => {
  test('without a dr section: what the topology builds, daily copies to the second region, no warning', () => {
    const single = planCapacity(base).dr;
    expect(single).toMatchObject({ rpoSeconds: null, rtoSeconds: null, strategy: null, requiredStrategy: null, meetsTargets: false });
    expect(single.backup).toMatchObject({ copyRegion: null, intervalHours: 24 });
    const two = planCapacity({ ...base, topology: twoRegions });
    expect(two.dr).toMatchObject({ strategy: 'warm-standby', estimatedRtoSeconds: RTO['warm-standby'], replicaLagBudgetSeconds: null });
    expect(two.dr.backup).toMatchObject({ copyRegion: 'us-west-2', intervalHours: 24, scheduleExpression: backupScheduleExpression(24) });
    expect(two.warnings.map((w) => w.code)).not.toContain('DR_TARGETS_NOT_MET');
  });

  test('backup and restore to dr.backupRegion meets hours of RPO and RTO with one region', () => {
    const rpo = backupWorstCaseRpoSeconds(4);
    const plan = planCapacity({ ...base, dr: { rpoSeconds: rpo, rtoSeconds: 6 * HOUR, backupRegion: 'eu-west-1' } });
    expect(plan.dr).toMatchObject({
      strategy: 'backup-and-restore', requiredStrategy: 'backup-and-restore', meetsTargets: true,
      estimatedRpoSeconds: rpo, replicaLagBudgetSeconds: null,
    });
    expect(plan.dr.backup).toMatchObject({ copyRegion: 'eu-west-1', intervalHours: 4, scheduleExpression: 'cron(0 */4 * * ? *)' });
    expect(plan.derivations.find((d) => d.field === 'dr.backup.intervalHours')?.result).toBe(4);
  });

  test('a warm standby carries a short RPO on its replicas: the replica-lag budget is the RPO, backups stay hourly', () => {
    const plan = planCapacity({ ...base, topology: twoRegions, dr: { rpoSeconds: 30, rtoSeconds: 20 * 60 } });
    expect(plan.dr).toMatchObject({ strategy: 'warm-standby', requiredStrategy: 'warm-standby', meetsTargets: true, replicaLagBudgetSeconds: 30 });
    expect(plan.dr.backup.intervalHours).toBe(1);
  });

  test('targets the topology cannot meet: a warning naming the strategy and the topology that can', () => {
    const plan = planCapacity({ ...base, dr: { rpoSeconds: 60, rtoSeconds: 20 * 60, backupRegion: 'us-west-2' } });
    expect(plan.dr).toMatchObject({ strategy: 'backup-and-restore', requiredStrategy: 'warm-standby', meetsTargets: false });
    const warning = plan.warnings.find((w) => w.code === 'DR_TARGETS_NOT_MET')!;
    expect(warning.message).toMatch(/dr\.rpoSeconds 60 and dr\.rtoSeconds 1200 need warm-standby: two regions.*the topology builds backup-and-restore/);
  });

  test('one region without a copy region: nothing leaves the region, said so', () => {
    const plan = planCapacity({ ...base, dr: { rtoSeconds: 8 * HOUR } });
    expect(plan.dr).toMatchObject({ strategy: null, requiredStrategy: 'backup-and-restore', meetsTargets: false });
    expect(plan.warnings.find((w) => w.code === 'DR_TARGETS_NOT_MET')!.message).toMatch(/one region and no dr\.backupRegion/);
  });

  test('an RTO no built strategy reaches: warned, with what would', () => {
    const plan = planCapacity({ ...base, topology: { ...twoRegions, mode: 'active-active' }, dr: { rtoSeconds: 60 } });
    expect(plan.dr).toMatchObject({ strategy: 'active-active', requiredStrategy: null, meetsTargets: false });
    expect(plan.warnings.find((w) => w.code === 'DR_TARGETS_NOT_MET')!.message).toMatch(/no strategy these patterns build recovers writes that fast.*multi-writer/);
  });

  test('an RPO of 0 is refused: cross-region replication is asynchronous', () => {
    expect(() => planCapacity({ ...base, topology: twoRegions, dr: { rpoSeconds: 0 } })).toThrow(WorkloadValidationError);
    expect(() => planCapacity({ ...base, topology: twoRegions, dr: { rpoSeconds: 0 } })).toThrow(/dr\.rpoSeconds: 0 — an RPO of 0 needs synchronous replication.*asynchronous/);
  });

  test('validation: ranges, the copy region and unknown fields, each with its path', () => {
    const paths = (dr: unknown, topology?: unknown) => checkWorkload({ ...base, dr, ...(topology ? { topology } : {}) }).map((p) => p.path);
    expect(paths({ rpoSeconds: -1 })).toEqual(['dr.rpoSeconds']);
    expect(paths({ rtoSeconds: 0 })).toEqual(['dr.rtoSeconds']);
    expect(paths({ rtoSeconds: 'an hour' })).toEqual(['dr.rtoSeconds']);
    expect(paths({ backupRegion: 'us-east-1' })).toEqual(['dr.backupRegion']);
    expect(paths({ backupRegion: 'us-west-2' }, { regions: ['us-west-2'] })).toEqual(['dr.backupRegion']);
    expect(paths({ backupRegion: 'cn-north-1' })).toEqual(['dr.backupRegion']);
    expect(paths({ backupRegion: 'mars-1' })).toEqual(['dr.backupRegion']);
    expect(paths({ rpo: 60 })).toEqual(['dr.rpo']);
    expect(paths({ rpoSeconds: 0, rtoSeconds: 1, backupRegion: 'eu-west-1' })).toEqual([]);
  });
});
