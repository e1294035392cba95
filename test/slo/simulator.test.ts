import { formatMinutes } from '../../lib/format';
import { computeTiers } from '../../lib/slo/burn-rate';
import { AlarmStateName, buildAlarmDefinitions, SloAlarmDefinitions } from '../../lib/slo/definitions';
import { canonicalDefinitions, canonicalRequestsPerMinute, renderCanonicalScenarios, runCanonicalScenarios } from '../../lib/slo/scenarios';
import {
  actionMinutes,
  evaluateDatapoints,
  minimumNoTrafficDetectionMinutes,
  minimumTierDetectionMinutes,
  minimumWindowDetectionMinutes,
  MinuteCounts,
  publishedRemaining,
  simulateAlarms,
} from '../../lib/slo/simulator';

const rep = (n: number, c: MinuteCounts): MinuteCounts[] => Array.from({ length: n }, () => c);
const R = 10_000;
const clean = { total: R, bad: 0 };
const silent = { total: 0, bad: 0 };
const first = (xs: readonly AlarmStateName[], from = 0) => xs.findIndex((x, i) => i >= from && x === 'ALARM');

describe('analytic time to detect (no ingestion delay, evaluated every minute)', () => {
  test('least k with e × k ÷ W > t', () => {
    expect(minimumWindowDetectionMinutes(60, 0.0144, 1)).toBe(1); // 0.864 → 1
    expect(minimumWindowDetectionMinutes(60, 0.0144, 0.15)).toBe(6); // 5.76 → 6
    expect(minimumWindowDetectionMinutes(4320, 0.001, 0.002)).toBe(2161); // exactly 2160 is not "above"
    expect(minimumWindowDetectionMinutes(60, 0.0144, 0.0144)).toBeNull();
  });

  test('a tier needs both windows; a bounded incident fires by its end or never', () => {
    const d = canonicalDefinitions();
    expect(minimumTierDetectionMinutes(d, 'tier-page-6h', 0.15)).toBe(15);
    expect(minimumTierDetectionMinutes(d, 'tier-page-6h', 0.15, 10)).toBeNull();
    expect(minimumTierDetectionMinutes(d, 'tier-ticket-3d', 1)).toBe(5);
    expect(() => minimumTierDetectionMinutes(d, 'nope', 1)).toThrow(/no tier/);
  });

  test('no-traffic: the evaluation range (W + 2 one-minute datapoints) must be empty', () => {
    const nt = canonicalDefinitions().noTraffic;
    expect(minimumNoTrafficDetectionMinutes(nt)).toBe(3);
    expect(minimumNoTrafficDetectionMinutes({ ...nt, evaluationPeriods: 5, datapointsToAlarm: 5 })).toBe(7);
  });
});

describe('missing data, as "Configuring how CloudWatch alarms treat missing data" documents it', () => {
  // The page's two tables (EvaluationPeriods 3, evaluation range 5): datapoints oldest → newest, DatapointsToAlarm,
  // then the state for MISSING, IGNORE (previous state OK), BREACHING, NOT BREACHING. 0 = OK, X = breaching, - = missing.
  const TABLE: Array<[string, number, AlarmStateName[]]> = [
    ['0 - X - X', 3, ['OK', 'OK', 'OK', 'OK']],
    ['0 - - - -', 3, ['OK', 'OK', 'OK', 'OK']],
    ['- - - - -', 3, ['INSUFFICIENT_DATA', 'OK', 'ALARM', 'OK']],
    ['0 X X - X', 3, ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['- - X - -', 3, ['ALARM', 'OK', 'ALARM', 'OK']],
    ['0 - X - X', 2, ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 0 X 0 X', 2, ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 - X - -', 2, ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - - 0', 2, ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - X -', 2, ['ALARM', 'OK', 'ALARM', 'OK']],
  ];
  test.each(TABLE)('%s with DatapointsToAlarm %i', (row, m, expected) => {
    const points = row.split(' ').reverse().map((c) => (c === '-' ? undefined : c === 'X'));
    const got = (['missing', 'ignore', 'breaching', 'notBreaching'] as const).map((mode) =>
      evaluateDatapoints({ evaluationPeriods: 3, datapointsToAlarm: m, treatMissingData: mode }, points, 'OK'),
    );
    expect(got).toEqual(expected);
  });
});

describe('simulator model', () => {
  const d = canonicalDefinitions();

  test('the low-traffic gate keeps a quiet service from paging on a few failures', () => {
    // 3 requests/min, all failing: far below the fast page's gate (69 requests in its window).
    const r = simulateAlarms(d, { series: rep(3, { total: 3, bad: 3 }), baseline: { total: 3, bad: 0 } });
    expect(r.page!.firedAtMinute).toBeNull();
    const ungated: SloAlarmDefinitions = { ...d, windowAlarms: d.windowAlarms.map((w) => ({ ...w, minimumRequests: 0 })) };
    expect(simulateAlarms(ungated, { series: rep(3, { total: 3, bad: 3 }), baseline: { total: 3, bad: 0 } }).page!.firedAtMinute).toBe(0);
  });

  test('no data at all: window alarms OK (not breaching), no-traffic in ALARM at once (missing is breaching)', () => {
    const r = simulateAlarms(d, { series: rep(5, silent) });
    expect(r.states['burn-5m-x14.4']).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(r.states['no-traffic'][0]).toBe('ALARM');
    const ignore: SloAlarmDefinitions = { ...d, noTraffic: { ...d.noTraffic, treatMissingData: 'ignore' } };
    expect(simulateAlarms(ignore, { series: rep(2, silent) }).states['no-traffic']).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']);
    const missing: SloAlarmDefinitions = { ...d, noTraffic: { ...d.noTraffic, treatMissingData: 'missing' } };
    expect(simulateAlarms(missing, { series: rep(1, silent) }).states['no-traffic']).toEqual(['INSUFFICIENT_DATA']);
  });

  test('traffic stops: the no-traffic alarm fires once its evaluation range (W + 2 minutes) holds no datapoint', () => {
    // W = 1 at 99.9 % over 30 d: the 2 older real datapoints still decide for 2 minutes, then the range is empty.
    const r = simulateAlarms(d, { series: [...rep(20, silent), ...rep(10, clean)], baseline: clean });
    expect(r.states['no-traffic'].slice(0, 4)).toEqual(['OK', 'OK', 'ALARM', 'ALARM']);
    expect(r.noTraffic).toMatchObject({ timeToDetectMinutes: 3, notifiedAtMinute: 2, resetAfterMinutes: 1 });
    // W = 5: fires after 7 minutes (today's 10-minute, 1-of-1 design would take 30: three empty 10-minute periods).
    const w5: SloAlarmDefinitions = { ...d, noTraffic: { ...d.noTraffic, evaluationPeriods: 5, datapointsToAlarm: 5 } };
    expect(simulateAlarms(w5, { series: rep(20, silent), baseline: clean }).noTraffic.timeToDetectMinutes).toBe(7);
    const old: SloAlarmDefinitions = { ...d, noTraffic: { ...d.noTraffic, periodMinutes: 10 } };
    expect(simulateAlarms(old, { series: rep(40, silent), baseline: clean }).noTraffic.timeToDetectMinutes).toBe(30);
  });

  test('errors, then silence: a window alarm keeps evaluating its last real datapoints for the evaluation range', () => {
    // 100 % errors for 10 min, then no traffic. The 5-minute window's 3 datapoints cover 15 minutes: the last bad
    // minute (9) leaves them at minute 24, when the fast page resets; the 30-minute window holds it for 90 minutes.
    const r = simulateAlarms(d, { series: [...rep(10, { total: R, bad: R }), ...rep(100, silent)], baseline: clean, incidentEndMinute: 10 });
    const tier = (name: string) => r.tiers.find((t) => t.alert === name)!;
    expect(tier('page-1h')).toMatchObject({ firedAtMinute: 0, resetAfterMinutes: 15 });
    expect(r.states['burn-30m-x6'].lastIndexOf('ALARM')).toBe(98);
    expect(r.noTraffic.firedAtMinute).toBe(12);
  });

  test('a suppressed ticket is delayed, not dropped: sent ExtensionPeriod after the page leaves ALARM', () => {
    // 99.9 % over 30 d, 10 % errors for 4 h, then a 0.5× burn: the ticket's composite is in ALARM from minute 43 while
    // the page is (8–267); its actions run at 269, one minute (ExtensionPeriod 60 s) after the page's OK at 268.
    const r = simulateAlarms(d, { series: [...rep(240, { total: R, bad: 1000 }), ...rep(1440, { total: R, bad: 5 })], baseline: clean });
    expect([first(r.states.page), r.states.page.indexOf('OK', 8), first(r.states.ticket)]).toEqual([8, 268, 43]);
    expect(r.ticket).toMatchObject({ firedAtMinute: 43, notifiedAtMinute: 269, suppressed: true });
    expect(r.page).toMatchObject({ notifiedAtMinute: 8, suppressed: false });
  });

  test('ActionsSuppressor state machine: WaitPeriod, suppression while the suppressor is in ALARM, ExtensionPeriod', () => {
    const s = (x: string) => [...x].map((c) => (c === 'A' ? 'ALARM' : 'OK')) as AlarmStateName[];
    // The suppressor goes into ALARM within the wait period: suppressed; it leaves at 5: actions at 5 + 1.
    expect(actionMinutes(s('AAAAAAAAA'), s('.AAAA....'), 1, 1)).toEqual({ actions: [6], suppressedEpisodes: [0] });
    // Not within the wait period: actions after it.
    expect(actionMinutes(s('AAAAAAAAA'), s('..AAAA...'), 1, 1)).toEqual({ actions: [1], suppressedEpisodes: [] });
    // The suppressor returns during the extension: suppressed again, then the extension restarts.
    expect(actionMinutes(s('AAAAAAAAAAA'), s('AAA.AA.....'), 1, 2)).toEqual({ actions: [8], suppressedEpisodes: [0] });
    // The composite leaves ALARM while suppressed: that episode performs no ALARM action; the next one does.
    expect(actionMinutes(s('AAA...AAA'), s('AAAA.....'), 1, 1)).toEqual({ actions: [7], suppressedEpisodes: [0] });
    // No suppressor: every transition into ALARM acts at once.
    expect(actionMinutes(s('AA..A'), undefined)).toEqual({ actions: [0, 4], suppressedEpisodes: [] });
  });

  test('ingestion delay shifts every detection by the delay', () => {
    const series = [...rep(30, { total: R, bad: R }), ...rep(30, clean)];
    const at = (delay: number) => simulateAlarms(d, { series, baseline: clean, ingestionDelayMinutes: delay }).page!.timeToDetectMinutes;
    expect([0, 1, 2, 3].map(at)).toEqual([1, 2, 3, 4]);
  });

  test('an alert already in ALARM when the incident starts is reported as such, not as a detection', () => {
    // A 2× burn has held the ticket in ALARM for days; an outage on top of it is not "detected" by the ticket.
    const burning = { total: R, bad: 20 };
    const r = simulateAlarms(d, { series: [...rep(30, { total: R, bad: R }), ...rep(30, burning)], baseline: burning });
    expect(r.ticket).toMatchObject({ alreadyFiring: true, timeToDetectMinutes: null, alarmBeforeIncident: true });
    expect(r.page).toMatchObject({ alreadyFiring: false, timeToDetectMinutes: 1 });
  });

  test('without a baseline, windows start empty: the gate opens with the first 1,001 requests', () => {
    const r = simulateAlarms(d, { series: rep(400, { total: 1000, bad: 2 }) });
    expect(r.ticket!.firedAtMinute).toBe(1);
  });

  test('reports the incident bounds and the budget consumed over the trailing period', () => {
    const r = simulateAlarms(d, { series: [...rep(5, clean), ...rep(10, { total: R, bad: 1500 }), ...rep(30, clean)], baseline: clean });
    expect([r.incidentStartMinute, r.incidentEndMinute]).toEqual([5, 15]);
    const page1h = r.tiers.find((t) => t.alert === 'page-1h')!;
    expect(page1h).toMatchObject({ firedAtMinute: 10, timeToDetectMinutes: 6, resetAfterMinutes: 5, alarmBeforeIncident: false });
    expect(page1h.budgetConsumedAtFire).toBeCloseTo(9000 / 432_000, 12);
  });

  test('the published budget: exactly spent reads 0 (no alarm), overspent below 0', () => {
    expect(publishedRemaining(10, 10_000, 0.001)).toBe(0);
    expect(Object.is(publishedRemaining(10, 10_000, 0.001), -0)).toBe(false);
    expect(publishedRemaining(11, 10_000, 0.001)).toBe(-0.1);
    expect(publishedRemaining(0, 0, 0.001)).toBe(1);
    // A 2× burn over a whole 30-day period overspends: the budget-exhausted alarm fires when the publisher sees it.
    const burn = { total: 100, bad: 0.2 };
    const r = simulateAlarms(d, { series: rep(120, burn), baseline: burn });
    expect(r.budget[0]).toMatchObject({ id: 'budget-exhausted', alreadyFiring: true });
    const ok = simulateAlarms(d, { series: rep(120, { total: 100, bad: 0.1 }), baseline: { total: 100, bad: 0.1 } });
    expect(ok.budget[0]).toMatchObject({ firedAtMinute: null, alreadyFiring: false });
  });

  test('rejects inconsistent counts and a bad delay', () => {
    expect(() => simulateAlarms(d, { series: [{ total: 1, bad: 2 }] })).toThrow(/series\[0\].*0 ≤ bad ≤ total/);
    expect(() => simulateAlarms(d, { series: [], baseline: { total: -1, bad: 0 } })).toThrow(/baseline/);
    expect(() => simulateAlarms(d, { series: [clean], ingestionDelayMinutes: 1.5 })).toThrow(/ingestionDelayMinutes 1\.5/);
  });

  test('a rule naming an unknown alarm is an error', () => {
    const broken: SloAlarmDefinitions = { ...d, tiers: [{ ...d.tiers[0], rule: { kind: 'state', state: 'ALARM', alarm: 'ghost' } }] };
    expect(() => simulateAlarms(broken, { series: [clean] })).toThrow(/unknown alarm "ghost"/);
  });
});

describe('canonical scenarios (pure definitions; the template-driven runs are in slo-alarms.test.ts and slo-properties.test.ts)', () => {
  const reports = runCanonicalScenarios();
  const row = (scenario: string, alert: string) => reports.find((r) => r.scenario.id === scenario)!.rows.find((x) => x.alert === alert)!;

  test('every alert that fires does so at its analytic time without delay, and d minutes later with a delay of d', () => {
    let compared = 0;
    for (const rep of reports) {
      for (const r of rep.rows.filter((x) => x.analyticMinutes !== null && x.timeToDetectMinutes !== null)) {
        expect([rep.scenario.id, r.alert, r.timeToDetectMinutes, r.timeToDetectWithDelayMinutes]).toEqual([rep.scenario.id, r.alert, r.analyticMinutes, r.analyticMinutes! + 2]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(15);
  });

  test('the spec\'s claims at 99.9 % over 30 d', () => {
    expect(row('full-outage', 'page')).toMatchObject({ timeToDetectMinutes: 1, notifiedAfterMinutes: 3 });
    expect(row('full-outage', 'ticket')).toMatchObject({ suppressed: true });
    for (const alert of ['page', 'ticket', 'budget-exhausted']) expect(row('steady-1x', alert)).toMatchObject({ timeToDetectMinutes: null, alreadyFiring: false });
    expect(row('partial-15pct', 'page-1h')).toMatchObject({ timeToDetectMinutes: 6, resetAfterMinutes: 7 });
    expect(row('zero-traffic', 'page').timeToDetectMinutes).toBeNull();
    expect(row('zero-traffic', 'no-traffic')).toMatchObject({ analyticMinutes: 3, timeToDetectMinutes: 3 });
    expect(row('slow-burn-2x', 'page').timeToDetectMinutes).toBeNull();
    expect(row('slow-burn-2x', 'ticket').budgetConsumedAtFire).toBeCloseTo(0.1, 3);
    expect(row('ticket-held-by-page', 'ticket')).toMatchObject({ suppressed: true, notifiedAfterMinutes: 272 });
  });

  test('at 99 % over 28 days a full outage pages within 5 minutes (the Workbook\'s 1 h window took 9)', () => {
    const d = buildAlarmDefinitions({ availability: 0.99, periodDays: 28, tiers: computeTiers(0.99, 28) });
    const rs = runCanonicalScenarios(d);
    expect(rs.find((r) => r.scenario.id === 'full-outage')!.rows.find((x) => x.alert === 'page')).toMatchObject({ timeToDetectMinutes: 5, analyticMinutes: 5 });
    expect(rs.find((r) => r.scenario.id === 'steady-1x')!.rows.every((x) => x.timeToDetectMinutes === null && !x.alreadyFiring)).toBe(true);
  });

  test('scenario traffic makes the steady 1.0× burn a whole number of failures per minute', () => {
    expect([0.999, 0.9999, 0.99995, 0.93].map(canonicalRequestsPerMinute)).toEqual([10_000, 10_000, 100_000, 10_000]);
  });

  test('the rendered table: analytic figure labelled as such, simulated with and without delay, notifications', () => {
    const table = renderCanonicalScenarios();
    expect(table).toMatch(/^Alarm simulator: SLO 99\.9 % over 30 d, 10,000 requests\/min, 1-minute datapoints published every 60 s/);
    expect(table).toMatch(/Scenario\s+Alert\s+Analytic \(d=0\)\s+Fires after \(d=0\)\s+Fires, \+2 min delay\s+Budget used\s+Resets after\s+Notification/);
    expect(table).toMatch(/100 % errors for 30 min\s+page-1h\s+1 min\s+1 min\s+3 min\s+6\.94 %\s+7 min/);
    expect(table).toMatch(/\n\s+ticket\s+44 min\s+44 min\s+46 min\s+10\.65 %\s+sent after 4 h 32 min \(held by page\)/);
    expect(table).toMatch(/traffic stops for 2 h\s+page-1h\s+never/);
    expect(table).toMatch(/no-traffic\s+3 min\s+3 min\s+5 min\s+3 min\s+sent after 5 min/);
    expect(table).toContain('AWS publishes no figure');
    expect(renderCanonicalScenarios(undefined, { ingestionDelayMinutes: 0 })).not.toContain('Fires, +');
    expect(table.split('\n').filter((l) => /^\S.*\s{2}page-/.test(l))).toHaveLength(7);
  });

  test('the title states the SLO with formatPercent: every decimal, not rounded to three', () => {
    const title = (availability: number) =>
      renderCanonicalScenarios(buildAlarmDefinitions({ availability, periodDays: 30, tiers: computeTiers(availability, 30) }), { ingestionDelayMinutes: 0 }).split('\n')[0];
    expect(title(0.9995)).toMatch(/^Alarm simulator: SLO 99\.95 % over 30 d,/);
    expect(title(0.999999)).toMatch(/^Alarm simulator: SLO 99\.9999 % over 30 d,/);
  });

  test('minutes render in the largest units', () => {
    expect([1, 60, 95, 1440, 2161, 1500].map(formatMinutes)).toEqual(['1 min', '1 h', '1 h 35 min', '1 d', '1 d 12 h 1 min', '1 d 1 h']);
  });
});
