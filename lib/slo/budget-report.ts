/**
 * `cdk-scale budget` output: a table for people, markdown for a pull request or a CI summary, and JSON, a
 * stable contract: `{ policy, slos: [{ name, availability, periodDays, totalEvents, badEvents, sli,
 * errorBudgetRemaining, policy, tiers: [{ name, burnRateThreshold, longWindowBurnRate, shortWindowBurnRate,
 * firing }] }] }`, fields added freely, none renamed (docs/budget-and-review.md). Pure.
 */
import { formatWindow } from '../format/durations';
import { alignTable, formatCount, formatNumber, formatPercent } from '../format/numbers';
import { BudgetPolicy, overallPolicy, SloBudgetReport, TierBudget } from './budget';

/** The output formats of `budget` and `review`. */
export const REPORT_FORMATS = ['table', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Everything `cdk-scale budget` reports. */
export interface BudgetReport {
  /** The strictest policy of the SLOs with data; `no-data` when none has any. */
  readonly policy: BudgetPolicy;
  readonly slos: readonly SloBudgetReport[];
  /** Where the SLOs came from: `stack MyApp-Primary` or `command line`. */
  readonly source: string;
  /** Region the metrics were read in. */
  readonly region: string;
  /** When it was read (ISO 8601). */
  readonly generatedAt: string;
  /** What reading cost. */
  readonly reads: { readonly getMetricDataCalls: number; readonly datapoints: number; readonly otherCalls: number };
  /** SLOs found but not readable, one line each. */
  readonly problems: readonly string[];
}

/** Builds the report (its policy is the strictest of the SLOs'). */
export function budgetReport(input: Omit<BudgetReport, 'policy'>): BudgetReport {
  return { policy: overallPolicy(input.slos), ...input };
}

/** Exit code of a policy: 0 normal, 10 conservative, 11 freeze, 4 no data at all. */
export function budgetExitCode(policy: BudgetPolicy): number {
  return { normal: 0, conservative: 10, freeze: 11, 'no-data': 4 }[policy];
}

const POLICY_TEXT: Record<BudgetPolicy, string> = {
  normal: 'NORMAL: more than 50 % of the error budget left; release as usual',
  conservative: 'CONSERVATIVE: 10–50 % of the error budget left; release small, canaried changes',
  freeze: 'FREEZE: 10 % or less of the error budget left; only critical fixes',
  'no-data': 'NO DATA: the SLIs have no events in their period; a new service, or the wrong resource or region',
};

/** Renders the report. */
export function renderBudget(report: BudgetReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(report) : renderTable(report);
}

function pct(x: number | null, digits: number): string {
  return x === null ? '–' : `${formatNumber(x * 100, digits)} %`;
}

function burn(x: number | null): string {
  return x === null ? 'no events' : `${formatNumber(x, 2)}×`;
}

function coverage(s: SloBudgetReport): string {
  const c = s.completeness;
  const hours = `${formatCount(c.hoursWithData)} of ${formatCount(c.hoursInPeriod)} h have data`;
  return `${hours}${c.complete ? '' : ', INCOMPLETE (CloudWatch reported partial results)'}`;
}

function tierRow(t: TierBudget): string[] {
  return [
    t.name,
    `${formatNumber(t.burnRateThreshold, 2)}×`,
    `${formatWindow(t.longWindowMinutes)}: ${burn(t.longWindowBurnRate)}`,
    `${formatWindow(t.shortWindowMinutes)}: ${burn(t.shortWindowBurnRate)}`,
    t.firing ? 'FIRING' : 'no',
  ];
}

function renderTable(r: BudgetReport): string {
  const lines = [`Error budget (${r.source}, ${r.region}, ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC)`, `Deploy policy: ${POLICY_TEXT[r.policy]}`];
  for (const s of r.slos) {
    lines.push('', `${s.name}  (${s.kind}, SLO ${formatPercent(s.availability)} over ${s.periodDays} d)`);
    lines.push(
      alignTable([
        ['  events', s.totalEvents > 0 ? `${formatCount(s.totalEvents)} (${formatNumber(s.badEvents, 2)} bad)` : 'none'],
        ['  SLI', pct(s.sli, 4)],
        ['  budget left', s.errorBudgetRemaining === null ? '– (no events)' : `${pct(s.errorBudgetRemaining, 1)}  → ${s.policy}`],
        ['  data', coverage(s)],
      ]),
    );
    lines.push(alignTable([['  tier', 'burn threshold', 'long window', 'short window', 'alarm'], ...s.tiers.map((t) => tierRow(t).map((c, i) => (i === 0 ? `  ${c}` : c)))]));
    for (const m of s.completeness.messages) lines.push(`  ! ${m}`);
  }
  for (const p of r.problems) lines.push('', `! ${p}`);
  lines.push('', `Read with ${r.reads.getMetricDataCalls} GetMetricData call(s), ${formatCount(r.reads.datapoints)} data points.`);
  return `${lines.join('\n')}\n`;
}

function renderMarkdown(r: BudgetReport): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `### Error budget: ${r.policy}`,
    '',
    `${POLICY_TEXT[r.policy]}. Read from CloudWatch (${r.source}, ${r.region}) at ${r.generatedAt}.`,
    '',
    '| SLO | objective | events | SLI | budget left | policy | data |',
    '|---|---|--:|--:|--:|---|---|',
    ...r.slos.map((s) =>
      `| ${cell(s.name)} | ${formatPercent(s.availability)} / ${s.periodDays} d | ${formatCount(s.totalEvents)} | ${pct(s.sli, 4)} | ${pct(s.errorBudgetRemaining, 1)} | ${s.policy} | ${cell(coverage(s))} |`,
    ),
  ];
  for (const s of r.slos) {
    lines.push('', `**${cell(s.name)}**: burn rate now`, '', '| tier | threshold | long window | short window | alarm |', '|---|--:|---|---|---|');
    for (const t of s.tiers) lines.push(`| ${tierRow(t).map(cell).join(' | ')} |`);
  }
  if (r.problems.length > 0) lines.push('', ...r.problems.map((p) => `- ⚠ ${cell(p)}`));
  return `${lines.join('\n')}\n`;
}
