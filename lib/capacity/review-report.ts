/**
 * `cdk-scale review` output: a table, markdown, or JSON (`{ assumptions: [{ name, planned, observed, verdict,
 * … }], suggestedWorkload: { … }, … }`, fields added freely, none renamed). Pure.
 */
import { alignTable, formatBytes, formatCount, formatNumber, formatRate } from '../format/numbers';
import type { PlanReview, ReviewedAssumption } from './review';

/** Everything `cdk-scale review` reports. */
export interface ReviewReport extends PlanReview {
  readonly workload: string;
  readonly days: number;
  readonly from: string;
  readonly to: string;
  readonly region: string;
  /** With --distribution: its id, and the region its metrics were read in (CloudFront's: us-east-1). */
  readonly distribution?: string;
  readonly cloudFrontRegion?: string;
  readonly reads: { readonly getMetricDataCalls: number; readonly datapoints: number; readonly otherCalls: number };
}

function value(v: number | null, unit: string): string {
  if (v === null) return '–';
  switch (unit) {
    case 'QPS':
      return `${formatRate(v)} QPS`;
    case 'bytes':
      return formatBytes(v);
    case 'ratio':
      return `${formatNumber(v * 100, 1)} %`;
    case '%':
      return `${formatNumber(v, 1)} %`;
    case '×':
      return `${formatNumber(v, 2)}×`;
    case 's':
      return `${formatNumber(v, 1)} s`;
    default:
      return `${formatCount(v)} ${unit}`;
  }
}

function row(a: ReviewedAssumption): string[] {
  return [a.name, value(a.planned, a.unit), value(a.observed, a.unit), a.verdict];
}

/** Renders the review. */
export function renderReview(r: ReviewReport, format: 'table' | 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  const edgeRegion = r.cloudFrontRegion && r.cloudFrontRegion !== r.region ? `, CloudFront in ${r.cloudFrontRegion}` : '';
  const title = `Plan review of ${r.workload} against ${r.days} d of production (${r.region}${edgeRegion}, ${r.from.slice(0, 16).replace('T', ' ')} to ${r.to.slice(0, 16).replace('T', ' ')} UTC)`;
  const under = r.assumptions.filter((a) => a.verdict === 'under-provisioned').length;
  const summary = under > 0 ? `${under} assumption(s) under-provisioned: re-plan from the suggested workload.` : 'No assumption is under-provisioned.';
  const changes = r.changes.length ? ['Suggested workload (--write-workload FILE, then cdk-scale plan FILE):', ...r.changes.map((c) => `  ${c}`)] : ['No observed value to re-plan from.'];
  if (format === 'markdown') {
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    return `${[
      `### ${cell(title)}`,
      '',
      summary,
      '',
      '| assumption | planned | observed | verdict | tolerance | how measured |',
      '|---|--:|--:|---|---|---|',
      ...r.assumptions.map((a) => `| ${[...row(a), a.tolerance, a.note].map(cell).join(' | ')} |`),
      '',
      ...changes.map((c) => (c.startsWith('  ') ? `- ${cell(c.trim())}` : cell(c))),
    ].join('\n')}\n`;
  }
  return `${[
    title,
    summary,
    '',
    alignTable([['assumption', 'planned', 'observed', 'verdict'], ...r.assumptions.map(row)]),
    '',
    'Tolerances and how each value was measured:',
    ...r.assumptions.map((a) => `  ${a.name}: ${a.tolerance}; ${a.note}`),
    '',
    ...changes,
    '',
    `Read with ${r.reads.getMetricDataCalls} GetMetricData call(s), ${formatCount(r.reads.datapoints)} data points.`,
  ].join('\n')}\n`;
}
