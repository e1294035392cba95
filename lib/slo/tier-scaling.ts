/**
 * The default burn-rate tiers for ANY period from 7 to 365 days and any objective: the Google SRE Workbook's
 * 30-day table, scaled so every tier keeps its meaning. Pure: no aws-cdk-lib import.
 *
 * Rules (docs/slo-alerting.md, "Periods and objectives"):
 * - Pages are about urgency, which is absolute: the page tiers keep the Workbook's windows and burn rates
 *   (1 h / 5 min at 14.4×, 6 h / 30 min at 6×) for every period ≥ 30 days, and are never scaled up (a 100 %
 *   outage must page in minutes whatever the period). Below 30 days their windows scale down with the period,
 *   so they keep the Workbook's budget fractions (2 %, 5 %) and fire before the ticket.
 * - Tickets are about the budget, which is relative: the slow ticket keeps the Workbook's 10 % of the budget at
 *   burn 1 over 0.1 × period (3 d at 30 d), its long window capped at CloudWatch's 7 days (Period ×
 *   EvaluationPeriods ≤ 604,800 s, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 *   Burn 1 with a strict GreaterThanThreshold never fires on a steady 1.0× burn, and fires on any burn above
 *   1× sustained over its window.
 * - Low objectives: a page threshold error ratio never exceeds 0.5, and the fast page's long window is
 *   shortened until a 100 % outage crosses it within `outagePageMinutes` (5) of 1-minute data. At 90 % the
 *   Workbook's 14.4× page needs an error ratio of 1.44 and can never fire; here it is 9 min / 1 min at 5×.
 * - Preset `four-tier` adds the Sloth / Pyrra default fourth tier: ticket on P ÷ 30 / (P ÷ 30) ÷ 12 at burn 3
 *   (1 d / 2 h at 30 d), dropped where its capped window reaches the slow ticket's (periods ≥ 210 days).
 * Where no window can see the whole period (P > 7 d), `SloAlarms` adds a budget-exhausted ticket.
 */
import { MINUTES_PER_DAY } from '../format/durations';
import { withoutFloatNoise } from '../format/numbers';
import type { BurnRateTierSpec } from './burn-rate';

/**
 * Which default tiers: `three-tier` (the Workbook: fast page, slow page, slow ticket) or `four-tier` (plus the fast
 * ticket Sloth and Pyrra add by default: burn 3 over P ÷ 30).
 */
export type SloTierPreset = 'three-tier' | 'four-tier';

/** The presets, the default first. */
export const SLO_TIER_PRESETS: readonly SloTierPreset[] = ['three-tier', 'four-tier'];

/** Options of {@link scaledTierSpecs}. */
export interface TierScalingOptions {
  /** @default 'three-tier' */
  readonly preset?: SloTierPreset;
  /**
   * A 100 % outage crosses the fast page's threshold within this many minutes of 1-minute data (add your
   * ingestion delay on top, or lower this by it).
   * @default 5
   */
  readonly outagePageMinutes?: number;
}

/** The period the Workbook's table is written for, days. */
export const WORKBOOK_PERIOD_DAYS = 30;
/** The highest error ratio a page threshold may have: a 100 % outage still crosses it within minutes. */
export const MAX_PAGE_ERROR_RATIO = 0.5;
/** Default of {@link TierScalingOptions.outagePageMinutes}. */
export const DEFAULT_OUTAGE_PAGE_MINUTES = 5;
/** CloudWatch: Period × EvaluationPeriods ≤ 7 days; the longest window a tier may use. */
export const MAX_TIER_WINDOW_MINUTES = 7 * MINUTES_PER_DAY;

/** The largest whole L with e × L < limit: a 100 % outage then crosses a window of L minutes in under `limit` minutes. */
export function longestWindowForOutage(errorRatio: number, limitMinutes: number): number {
  let l = Math.floor(limitMinutes / errorRatio);
  while (l > 1 && withoutFloatNoise(errorRatio * l) >= limitMinutes) l--;
  return Math.max(l, 1);
}

/**
 * The default tiers for an SLO of `availability` over `periodDays` (7 to 365), as specs with their burn rates. At 30 days
 * and an objective ≥ 99.5 % they are exactly the Workbook's table; see the module doc for the rules.
 * Assumes `checkSlo(availability, periodDays)` found nothing.
 */
export function scaledTierSpecs(availability: number, periodDays: number, options: TierScalingOptions = {}): BurnRateTierSpec[] {
  const preset = options.preset ?? 'three-tier';
  const outageMinutes = options.outagePageMinutes ?? DEFAULT_OUTAGE_PAGE_MINUTES;
  const budget = withoutFloatNoise(1 - availability);
  const periodMinutes = periodDays * MINUTES_PER_DAY;
  const down = Math.min(1, periodDays / WORKBOOK_PERIOD_DAYS);
  const burnOf = (errorRatio: number) => withoutFloatNoise(errorRatio / budget);
  const specs: BurnRateTierSpec[] = [];

  // Fast page: 2 % of the budget in 1 h (P ÷ 720 below 30 d) at 14.4×, capped at an error ratio of 0.5 and
  // shortened until a 100 % outage crosses it within `outageMinutes`.
  const fastRatio = Math.min(withoutFloatNoise(14.4 * budget), MAX_PAGE_ERROR_RATIO);
  const fastLong = Math.min(Math.round(60 * down), longestWindowForOutage(fastRatio, outageMinutes));
  const fastShort = fastLong === 60 ? 5 : Math.max(1, Math.min(Math.round(fastLong / 12), fastLong - 1));
  specs.push({ severity: 'page', burnRate: burnOf(fastRatio), longWindowMinutes: fastLong, shortWindowMinutes: fastShort });

  // Slow page: 5 % of the budget in 6 h (P ÷ 120 below 30 d) at 6×, capped at an error ratio of 0.5.
  const slowLong = Math.round(360 * down);
  specs.push({
    severity: 'page',
    burnRate: burnOf(Math.min(withoutFloatNoise(6 * budget), MAX_PAGE_ERROR_RATIO)),
    longWindowMinutes: slowLong,
    shortWindowMinutes: Math.round(slowLong / 12),
  });

  // Slow ticket: 10 % of the budget in 0.1 × P (3 d at 30 d) at burn 1, capped at 7 d.
  const ticketLong = Math.min(Math.round(0.1 * periodMinutes), MAX_TIER_WINDOW_MINUTES);
  specs.push({ severity: 'ticket', burnRate: 1, longWindowMinutes: ticketLong, shortWindowMinutes: ticketLong / 12 });

  // Fast ticket (four-tier): 10 % of the budget in P ÷ 30 (1 d at 30 d) at burn 3, capped at 7 d.
  if (preset === 'four-tier') {
    const long = Math.min(Math.round(periodMinutes / 30), MAX_TIER_WINDOW_MINUTES);
    if (long < ticketLong) specs.push({ severity: 'ticket', burnRate: 3, longWindowMinutes: long, shortWindowMinutes: long / 12 });
  }
  return specs;
}

/**
 * Hidden-budget time: the minutes of a 100 % outage that spend `share` of the period's error budget,
 * share × (1 − SLO) × period minutes (30 d at 99.9 %: 0.43 min for 1 %).
 */
export function hiddenBudgetMinutes(availability: number, periodDays: number, share: number): number {
  return withoutFloatNoise(share * withoutFloatNoise(1 - availability) * periodDays * MINUTES_PER_DAY);
}
