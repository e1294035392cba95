/**
 * The required behaviour of the default tiers (issue 10, docs/slo-alerting.md "Periods and objectives"), as a property
 * over every period in [7, 365] days and every SLO in [0.9, 0.9999], driven through the simulator with the alarms READ
 * BACK FROM A SYNTHESIZED TEMPLATE (not the pure definitions):
 *   (a) a steady 1.0× burn never pages or tickets (nor fires a budget alarm);
 *   (b) a sustained 2× burn is ticketed (or paged) before it has consumed 15 % of the budget;
 *   (c) a 100 % outage pages within 5 minutes of the first bad minute (1-minute metrics, no ingestion delay).
 * Notifications follow the composite alarms' actions, ActionsSuppressor included.
 */
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import fc from 'fast-check';
import { alarmDefinitionsFromTemplate, MinuteCounts, simulateAlarms, Sli, SloAlarmDefinitions, SloAlarms, type SloTierPreset } from '../../lib/slo';
import { newTestApp, TestStack } from '../support/app';

const R = 10_000; // requests per minute: an SLO of k ÷ 10,000 makes every burn below a whole number of failures
const rep = (n: number, c: MinuteCounts): MinuteCounts[] => Array.from({ length: n }, () => c);

/** Synthesizes SloAlarms with the default tiers and reads its alarms back from the template. */
function synthesized(availability: number, periodDays: number, tierPreset: SloTierPreset): SloAlarmDefinitions {
  const app = newTestApp();
  const stack = new TestStack(app, 'Property');
  const m = (metricName: string) => new cw.Metric({ namespace: 'Svc', metricName, statistic: 'Sum' });
  new SloAlarms(stack, 'Slo', {
    slo: { availability, periodDays, tierPreset },
    sli: Sli.custom({ bad: m('Failed'), total: m('Requests') }),
    pageTopic: new sns.Topic(stack, 'Page'),
    ticketTopic: new sns.Topic(stack, 'Ticket'),
    dashboard: false,
  });
  const [parsed] = alarmDefinitionsFromTemplate(Template.fromStack(stack).toJSON());
  return parsed.definitions;
}

/** The three requirements for one SLO; returns what failed (empty: all hold). */
function check(availability: number, periodDays: number, preset: SloTierPreset): string[] {
  const d = synthesized(availability, periodDays, preset);
  const failures: string[] = [];
  const budgetPerMinute = Math.round(R * (1 - availability)); // whole: availability has 4 decimals
  const healthy = { total: R, bad: 0 };
  const periodMinutes = periodDays * 1440;
  const notified = (r: ReturnType<typeof simulateAlarms>) =>
    [r.page?.notifiedAtMinute, r.ticket?.notifiedAtMinute, ...r.budget.map((b) => b.notifiedAtMinute)].filter((x): x is number => x !== null && x !== undefined);

  // (a) a steady 1.0× burn, every window (and the budget's whole period) already full of it: the ratio equals every
  // burn-1 threshold exactly, and thresholds are strict.
  const steady = { total: R, bad: budgetPerMinute };
  const full = simulateAlarms(d, { series: rep(30, steady), baseline: steady, incidentStartMinute: 0 });
  const fired = [...full.tiers, full.page, full.ticket, ...full.budget].filter((o) => o && (o.firedAtMinute !== null || o.alreadyFiring)).map((o) => o!.alert);
  if (fired.length) failures.push(`(a) a steady 1.0× burn fires ${fired.join(', ')}`);

  // (b) a sustained 2× burn: the first notification before 15 % of the budget is spent.
  const horizon = Math.ceil((0.15 * periodMinutes) / 2) + 5;
  const twoX = simulateAlarms(d, { series: rep(horizon, { total: R, bad: 2 * budgetPerMinute }), baseline: healthy });
  const first = Math.min(...notified(twoX));
  const consumed = (2 * (first + 1)) / periodMinutes;
  if (!(consumed < 0.15)) failures.push(`(b) a 2× burn is first notified at ${Number.isFinite(first) ? `${(consumed * 100).toFixed(2)} %` : 'never'}`);

  // (c) a 100 % outage pages within 5 minutes (no ingestion delay).
  const outage = simulateAlarms(d, { series: rep(30, { total: R, bad: R }), baseline: healthy });
  const paged = outage.page?.notifiedAtMinute;
  if (paged === null || paged === undefined || paged + 1 > 5) failures.push(`(c) a 100 % outage pages after ${paged === null || paged === undefined ? 'never' : paged + 1} min`);
  return failures;
}

const periodDays = fc.integer({ min: 7, max: 365 });
const availability = fc.integer({ min: 9000, max: 9999 }).map((k) => k / 10_000);
const preset = fc.constantFrom<SloTierPreset>('three-tier', 'four-tier');

test('for every period in [7, 365] d and SLO in [0.9, 0.9999]: 1.0× never alerts, 2× is notified before 15 % of the budget, an outage pages within 5 min', () => {
  fc.assert(
    fc.property(periodDays, availability, preset, (p, a, t) => {
      expect([p, a, t, check(a, p, t)]).toEqual([p, a, t, []]);
    }),
    {
      numRuns: 10,
      // The corners and the common periods always run.
      examples: [
        [7, 0.9, 'three-tier'],
        [7, 0.9999, 'four-tier'],
        [365, 0.9, 'four-tier'],
        [365, 0.9999, 'three-tier'],
        [28, 0.99, 'four-tier'],
      ],
    },
  );
});

test('the property fails where it should: the Workbook\'s 30-day tiers at 90 % never page a full outage within 5 minutes', () => {
  // A guard that check() can see a failure: the first design's tiers (fixed fractions and windows) at 90 %.
  const app = newTestApp();
  const stack = new TestStack(app, 'Workbook');
  const m = (metricName: string) => new cw.Metric({ namespace: 'Svc', metricName, statistic: 'Sum' });
  new SloAlarms(stack, 'Slo', {
    slo: { availability: 0.9, tiers: [{ severity: 'page', budgetFraction: 0.05, longWindowMinutes: 360, shortWindowMinutes: 30 }, { severity: 'ticket', budgetFraction: 0.1, longWindowMinutes: 4320 }] },
    sli: Sli.custom({ bad: m('Failed'), total: m('Requests') }),
    dashboard: false,
    budgetAlarms: false,
  });
  const [parsed] = alarmDefinitionsFromTemplate(Template.fromStack(stack).toJSON());
  const r = simulateAlarms(parsed.definitions, { series: rep(400, { total: R, bad: R }), baseline: { total: R, bad: 0 } });
  expect(r.page!.notifiedAtMinute! + 1).toBe(217);
});
