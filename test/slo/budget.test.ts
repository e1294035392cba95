/** The budget math (pure): what to read, window sums across resolutions, policies. */
import { buildAlarmDefinitions, computeTiers } from '../../lib/slo';
import {
  budgetReadPlan,
  budgetTiersFromDefinitions,
  computeSloBudget,
  overallPolicy,
  sumEvents,
  windowEvents,
  type BudgetSeries,
} from '../../lib/slo/budget';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const H = Date.UTC(2026, 10, 29, 12);
const NOW = H + 20 * MINUTE;
const tiers = budgetTiersFromDefinitions(buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30) }));

test('the default tiers as the alarms build them: windows, thresholds, gates', () => {
  expect(tiers.map((t) => [t.name, t.longWindowMinutes, t.shortWindowMinutes, t.burnRateThreshold, t.errorRatioThreshold])).toEqual([
    ['page-1h', 60, 5, 14.4, 0.0144],
    ['page-6h', 360, 30, 6, 0.006],
    ['ticket-3d', 4320, 360, 1, 0.001],
  ]);
  // Each window's gate is its window alarm's: IF(total > N, bad / total, 0).
  const defs = buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30) });
  for (const t of tiers) {
    expect(t.longWindowMinimumEvents).toBe(defs.windowAlarms.find((w) => w.windowMinutes === t.longWindowMinutes && w.errorRatioThreshold === t.errorRatioThreshold)!.minimumRequests);
    expect(t.shortWindowMinimumEvents).toBe(defs.windowAlarms.find((w) => w.windowMinutes === t.shortWindowMinutes && w.errorRatioThreshold === t.errorRatioThreshold)!.minimumRequests);
  }
});

test('what to read: 1 hour over the period up to the current hour, 1 minute over the windows of a day at most', () => {
  const plan = budgetReadPlan(30, tiers, NOW + 42_000);
  expect(plan.nowMs).toBe(NOW);
  expect(plan.hourly).toEqual({ startMs: H - 30 * DAY, endMs: H, periodSeconds: 3600 });
  expect(plan.minute).toEqual({ startMs: NOW - 6 * HOUR, endMs: NOW, periodSeconds: 60 });
  // A 1-day window is read at 1 minute; at least the current hour always is.
  expect(budgetReadPlan(30, [{ ...tiers[0], longWindowMinutes: 1440 }], NOW).minute.startMs).toBe(NOW - DAY);
  expect(budgetReadPlan(30, [{ ...tiers[0], longWindowMinutes: 10, shortWindowMinutes: 2 }], NOW).minute.startMs).toBe(NOW - HOUR);
});

test('sumEvents counts a slot partly inside the range pro rata', () => {
  const series = { startMs: 0, periodMs: HOUR, bad: [6, 12], total: [60, 120] };
  expect(sumEvents(series, 0, 2 * HOUR)).toEqual({ bad: 18, total: 180 });
  expect(sumEvents(series, 30 * MINUTE, 90 * MINUTE)).toEqual({ bad: 9, total: 90 });
  expect(sumEvents({ ...series, bad: [undefined, 1], total: [undefined, 2] }, 0, 2 * HOUR)).toEqual({ bad: 1, total: 2 });
});

function steady(badPerMinute: (t: number) => number, totalPerMinute = 100): BudgetSeries {
  const plan = budgetReadPlan(30, tiers, NOW);
  const hours = (plan.hourly.endMs - plan.hourly.startMs) / HOUR;
  const minutes = (plan.minute.endMs - plan.minute.startMs) / MINUTE;
  const hourlyBad = Array.from({ length: hours }, (_, k) => {
    let sum = 0;
    for (let m = 0; m < 60; m++) sum += badPerMinute(plan.hourly.startMs + k * HOUR + m * MINUTE);
    return sum;
  });
  return {
    plan,
    hourly: { startMs: plan.hourly.startMs, periodMs: HOUR, bad: hourlyBad, total: hourlyBad.map(() => totalPerMinute * 60) },
    minute: {
      startMs: plan.minute.startMs,
      periodMs: MINUTE,
      bad: Array.from({ length: minutes }, (_, k) => badPerMinute(plan.minute.startMs + k * MINUTE)),
      total: Array.from({ length: minutes }, () => totalPerMinute),
    },
  };
}

test('a 3-day window: whole hours, the first hour pro-rated, the minutes of the current hour', () => {
  // One bad event a minute during the hour [H − 3 d, H − 3 d + 1 h). The window [NOW − 3 d, NOW) starts 20
  // minutes into it: the hourly sum is pro-rated to the 40 minutes inside (exactly right for a steady hour).
  const s = steady((t) => (t >= H - 3 * DAY && t < H - 3 * DAY + HOUR ? 1 : 0));
  const w = windowEvents(s, 3 * 1440);
  expect(w.total).toBeCloseTo(3 * 1440 * 100, 9);
  expect(w.bad).toBeCloseTo(60 * (40 / 60), 9);
});

test('the budget of a steady burn, and the policy it gives', () => {
  const budget = computeSloBudget({ name: 'x', kind: 'custom', availability: 0.999, periodDays: 30, tiers }, steady(() => 0.07));
  expect(budget.totalEvents).toBe((30 * 1440 + 20) * 100);
  expect(budget.errorBudgetRemaining).toBeCloseTo(0.3, 9);
  expect(budget.policy).toBe('conservative');
  expect(budget.tiers.every((t) => t.longWindowBurnRate !== null && Math.abs(t.longWindowBurnRate - 0.7) < 1e-9 && !t.firing)).toBe(true);
});

test('the low-traffic gate: a window with too few events never fires, whatever its ratio', () => {
  // Half the requests fail, but an hour sees 0.6 of one: below any gate.
  const quiet = computeSloBudget({ name: 'x', kind: 'custom', availability: 0.999, periodDays: 30, tiers }, steady(() => 0.005, 0.01));
  expect(quiet.tiers[0].longWindowBurnRate).toBeCloseTo(500, 6);
  expect(quiet.tiers.every((t) => !t.firing)).toBe(true);
});

test('the overall policy is the strictest of the SLOs with data', () => {
  expect(overallPolicy([{ policy: 'normal' }, { policy: 'conservative' }, { policy: 'no-data' }])).toBe('conservative');
  expect(overallPolicy([{ policy: 'freeze' }, { policy: 'normal' }])).toBe('freeze');
  expect(overallPolicy([{ policy: 'no-data' }])).toBe('no-data');
  expect(overallPolicy([])).toBe('no-data');
});
