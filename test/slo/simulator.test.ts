import { formatMinutes } from '../../lib/format';
import { computeTiers } from '../../lib/slo/burn-rate';
import { buildAlarmDefinitions, SloAlarmDefinitions } from '../../lib/slo/definitions';
import {
  canonicalDefinitions,
  renderCanonicalScenarios,
  runCanonicalScenarios,
} from '../../lib/slo/scenarios';
import {
  minimumNoTrafficDetectionMinutes,
  minimumTierDetectionMinutes,
  minimumWindowDetectionMinutes,
  MinuteCounts,
  simulateAlarms,
} from '../../lib/slo/simulator';

const rep = (n: number, c: MinuteCounts): MinuteCounts[] => Array.from({ length: n }, () => c);
const clean = { total: 1000, bad: 0 };

describe('theoretical minimum time to detect (analytic)', () => {
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

  test('no-traffic: least k with r × (W − k) < N', () => {
    const nt = canonicalDefinitions().noTraffic;
    expect(minimumNoTrafficDetectionMinutes(nt, 1000)).toBe(10);
    expect(minimumNoTrafficDetectionMinutes({ ...nt, minimumRequests: 5000 }, 1000)).toBe(6);
    expect(minimumNoTrafficDetectionMinutes(nt, 0)).toBe(1);
  });
});

describe('simulator model', () => {
  const d = canonicalDefinitions();

  test('the low-traffic gate keeps a quiet service from paging on a few failures', () => {
    // 3 requests/min, all failing: below the 5-min gate (> 5 requests) … only for 1 minute.
    const r = simulateAlarms(d, { series: rep(3, { total: 1, bad: 1 }), baseline: { total: 1, bad: 0 } });
    expect(r.page!.firedAtMinute).toBeNull();
    const ungated: SloAlarmDefinitions = { ...d, windowAlarms: d.windowAlarms.map((w) => ({ ...w, minimumRequests: 0 })) };
    expect(simulateAlarms(ungated, { series: rep(3, { total: 1, bad: 1 }), baseline: { total: 1, bad: 0 } }).page!.firedAtMinute).toBe(0);
  });

  test('missing data follows treatMissingData: window alarms OK, no-traffic ALARM', () => {
    const r = simulateAlarms(d, { series: rep(5, { total: 0, bad: 0 }) });
    expect(r.states['burn-5m-x14.4']).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(r.states['no-traffic'][0]).toBe('ALARM');
    const ignore: SloAlarmDefinitions = { ...d, noTraffic: { ...d.noTraffic, treatMissingData: 'ignore' } };
    expect(simulateAlarms(ignore, { series: rep(2, { total: 0, bad: 0 }) }).states['no-traffic']).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']);
    const missing: SloAlarmDefinitions = { ...d, noTraffic: { ...d.noTraffic, treatMissingData: 'missing' } };
    expect(simulateAlarms(missing, { series: rep(1, { total: 0, bad: 0 }) }).states['no-traffic']).toEqual(['INSUFFICIENT_DATA']);
  });

  test('without a baseline, windows start empty: the partial 3-day window fires the ticket early', () => {
    // The same 2× burn that takes 36 h from a clean history trips the ticket as soon as the gates open.
    const r = simulateAlarms(d, { series: rep(400, { total: 1000, bad: 2 }) });
    expect(r.ticket!.firedAtMinute).toBe(4);
  });

  test('the ticket notifies after the wait period unless the page is (or soon goes) in ALARM', () => {
    const slow = simulateAlarms(d, { series: [...rep(2200, { total: 1000, bad: 2 })], baseline: clean });
    expect(slow.ticket).toMatchObject({ firedAtMinute: 2160, notifiedAtMinute: 2161, suppressed: false });
    const outage = simulateAlarms(d, { series: [...rep(10, { total: 1000, bad: 1000 }), ...rep(10, clean)], baseline: clean });
    expect(outage.ticket).toMatchObject({ firedAtMinute: 4, notifiedAtMinute: null, suppressed: true });
    expect(outage.page).toMatchObject({ firedAtMinute: 0, notifiedAtMinute: 0, suppressed: false });
  });

  test('reports the incident bounds and the budget consumed over the trailing period', () => {
    const r = simulateAlarms(d, { series: [...rep(5, clean), ...rep(10, { total: 1000, bad: 150 }), ...rep(30, clean)], baseline: clean });
    expect([r.incidentStartMinute, r.incidentEndMinute]).toEqual([5, 15]);
    const page1h = r.tiers.find((t) => t.alert === 'page-1h')!;
    expect(page1h).toMatchObject({ firedAtMinute: 10, timeToDetectMinutes: 6, resetAfterMinutes: 5, alarmBeforeIncident: false });
    expect(page1h.budgetConsumedAtFire).toBeCloseTo(900 / 43_200, 12);
  });

  test('rejects inconsistent counts and multi-datapoint alarms it does not model', () => {
    expect(() => simulateAlarms(d, { series: [{ total: 1, bad: 2 }] })).toThrow(/series\[0\].*0 ≤ bad ≤ total/);
    expect(() => simulateAlarms(d, { series: [], baseline: { total: -1, bad: 0 } })).toThrow(/baseline/);
    const twoOfThree = { ...d, windowAlarms: [{ ...d.windowAlarms[0], evaluationPeriods: 3, datapointsToAlarm: 2 }, ...d.windowAlarms.slice(1)] };
    expect(() => simulateAlarms(twoOfThree, { series: [clean] })).toThrow(/2 of 3/);
  });

  test('a rule naming an unknown alarm is an error', () => {
    const broken: SloAlarmDefinitions = { ...d, tiers: [{ ...d.tiers[0], rule: { kind: 'state', state: 'ALARM', alarm: 'ghost' } }] };
    expect(() => simulateAlarms(broken, { series: [clean] })).toThrow(/unknown alarm "ghost"/);
  });
});

describe('canonical scenarios (pure definitions; the template-driven run is in slo-alarms.test.ts)', () => {
  const reports = runCanonicalScenarios();
  const row = (scenario: string, alert: string) => reports.find((r) => r.scenario.id === scenario)!.rows.find((x) => x.alert === alert)!;

  test('every alert that fires does so at its theoretical minimum (constant traffic, 1-minute metrics)', () => {
    for (const rep of reports) {
      for (const r of rep.rows.filter((x) => x.kind !== 'severity')) {
        expect([rep.scenario.id, r.alert, r.timeToDetectMinutes]).toEqual([rep.scenario.id, r.alert, r.theoreticalMinimumMinutes]);
      }
    }
  });

  test('2× slow burn: no page; the ticket fires at 10 % of the budget', () => {
    expect(row('slow-burn-2x', 'page').timeToDetectMinutes).toBeNull();
    expect(row('slow-burn-2x', 'ticket').budgetConsumedAtFire).toBeCloseTo(0.1, 3);
  });

  test('at 99 % over 28 days a full outage pages after 9 min: 2 % of a 1 % budget is 8.06 min of outage', () => {
    const d = buildAlarmDefinitions({ availability: 0.99, periodDays: 28, tiers: computeTiers(0.99, 28) });
    const rs = runCanonicalScenarios(d);
    const full = rs.find((r) => r.scenario.id === 'full-outage')!.rows.find((x) => x.alert === 'page')!;
    expect(full).toMatchObject({ timeToDetectMinutes: 9, theoreticalMinimumMinutes: 9 });
    expect(rs.find((r) => r.scenario.id === 'steady-1x')!.rows.find((x) => x.alert === 'page')!.timeToDetectMinutes).toBeNull();
  });

  test('the rendered table lists every scenario and alert with time to detect vs the theoretical minimum', () => {
    const table = renderCanonicalScenarios();
    expect(table).toMatch(/^Alarm simulator: SLO 99\.9 % over 30 d, 1,000 requests\/min/);
    expect(table).toMatch(/Scenario\s+Alert\s+Fires after\s+Theoretical min\s+Budget used\s+Resets after\s+Notification/);
    expect(table).toMatch(/100 % errors for 30 min\s+page-1h\s+1 min\s+1 min\s+2\.31 %\s+5 min/);
    expect(table).toMatch(/ticket\s+5 min\s+5 min\s+11\.57 %\s+6 h\s+suppressed by page/);
    expect(table).toMatch(/traffic stops for 2 h\s+page-1h\s+never/);
    expect(table).toMatch(/no-traffic\s+10 min\s+10 min\s+1 min\s+sent after 10 min/);
    expect(table.split('\n').filter((l) => /^\S/.test(l) && /(errors|burn|traffic)/.test(l))).toHaveLength(5);
  });

  test('the title states the SLO with formatPercent: every decimal, not rounded to three', () => {
    const title = (availability: number) =>
      renderCanonicalScenarios(buildAlarmDefinitions({ availability, periodDays: 30, tiers: computeTiers(availability, 30) })).split('\n')[0];
    expect(title(0.9995)).toMatch(/^Alarm simulator: SLO 99\.95 % over 30 d,/);
    expect(title(0.999999)).toMatch(/^Alarm simulator: SLO 99\.9999 % over 30 d,/);
  });

  test('minutes render in the largest units', () => {
    expect([1, 60, 95, 1440, 2161, 1500].map(formatMinutes)).toEqual(['1 min', '1 h', '1 h 35 min', '1 d', '1 d 12 h 1 min', '1 d 1 h']);
  });
});
