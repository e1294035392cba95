/**
 * Prints the alarm simulator's tables (docs/slo-alerting.md quotes them):
 * 1. the canonical scenarios at 99.9 % over 30 days, the default tiers: the analytic time to detect, the simulated one
 *    with 1-minute datapoints published every 60 s and no ingestion delay, and with an assumed 2-minute delay;
 * 2. the default tiers for 7, 28, 30, 90 and 365 days at 99.9 % (four-tier preset: with the burn-3 ticket);
 * 3. the requirements over a grid of periods and objectives: minutes until a 100 % outage pages (ingestion delay 0 and
 *    2 min) and the share of the budget a 2× burn has spent when it is first notified.
 * Run: `npm run bench` (with the synth benchmark) or `npx tsx bench/simulate.ts`.
 */
import { formatPercent, formatWindow } from '../lib/format';
import {
  buildAlarmDefinitions,
  computeTiers,
  MinuteCounts,
  renderCanonicalScenarios,
  scaledTierSpecs,
  simulateAlarms,
  SloTierPreset,
} from '../lib/slo';

console.log(renderCanonicalScenarios());

const pad = (s: string | number, n: number) => String(s).padEnd(n);

console.log('\nDefault tiers at 99.9 % by period: long / short window, burn rate, share of the budget spent when it fires');
console.log(`${pad('Period', 8)}${pad('page (fast)', 24)}${pad('page (slow)', 24)}${pad('ticket (burn 1)', 26)}ticket, burn 3 (four-tier)`);
for (const days of [7, 28, 30, 90, 365]) {
  const tiers = computeTiers(0.999, days, scaledTierSpecs(0.999, days, { preset: 'four-tier' }));
  const cell = (i: number) => {
    const t = tiers[i];
    return t ? `${formatWindow(t.longWindowMinutes)}/${formatWindow(t.shortWindowMinutes)} ×${t.burnRate} ${formatPercent(Number(t.budgetFraction.toPrecision(3)))}` : '— (same window as burn 1)';
  };
  console.log(`${pad(`${days} d`, 8)}${pad(cell(0), 24)}${pad(cell(1), 24)}${pad(cell(2), 26)}${cell(3)}`);
}

const PERIODS = [7, 14, 28, 30, 60, 90, 180, 365];
const SLOS = [0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999];
const R = 10_000;
const rep = (n: number, c: MinuteCounts): MinuteCounts[] => Array.from({ length: n }, () => c);
const healthy = { total: R, bad: 0 };

function requirements(availability: number, days: number, preset: SloTierPreset) {
  const d = buildAlarmDefinitions({ availability, periodDays: days, tiers: computeTiers(availability, days, scaledTierSpecs(availability, days, { preset })) });
  const bad = Math.round(R * (1 - availability));
  const outage = (delay: number) => {
    const r = simulateAlarms(d, { series: rep(60, { total: R, bad: R }), baseline: healthy, ingestionDelayMinutes: delay });
    return r.page!.notifiedAtMinute! + 1;
  };
  const horizon = Math.ceil((0.15 * days * 1440) / 2) + 5;
  const two = simulateAlarms(d, { series: rep(horizon, { total: R, bad: 2 * bad }), baseline: healthy });
  const first = Math.min(...[two.page?.notifiedAtMinute, two.ticket?.notifiedAtMinute].filter((x): x is number => typeof x === 'number'));
  const steady = simulateAlarms(d, { series: rep(30, { total: R, bad }), baseline: { total: R, bad }, incidentStartMinute: 0 });
  const quiet = [steady.page, steady.ticket, ...steady.budget].every((o) => !o || (o.firedAtMinute === null && !o.alreadyFiring));
  return { outage0: outage(0), outage2: outage(2), twoX: (2 * (first + 1)) / (days * 1440), quiet };
}

for (const preset of ['three-tier', 'four-tier'] as const) {
  console.log(`\nRequirements, ${preset} (10,000 requests/min): 100 % outage → page after (d=0 / d=2 min) | 2× burn → first notification (% of the budget)`);
  console.log(`${pad('P \\ SLO', 9)}${SLOS.map((s) => pad(formatPercent(s), 22)).join('')}`);
  let steadyQuiet = true;
  for (const days of PERIODS) {
    const cells = SLOS.map((slo) => {
      const r = requirements(slo, days, preset);
      steadyQuiet &&= r.quiet;
      return pad(`${r.outage0}/${r.outage2} min | ${(r.twoX * 100).toFixed(2)} %`, 22);
    });
    console.log(`${pad(`${days} d`, 9)}${cells.join('')}`);
  }
  console.log(steadyQuiet ? 'A steady 1.0× burn (every window full of it) fires nothing in any cell.' : 'A steady 1.0× burn FIRES in some cell.');
}
