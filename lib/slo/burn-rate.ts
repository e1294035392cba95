/**
 * Pure multi-window, multi-burn-rate math (Google SRE Workbook, "Alerting on SLOs").
 *
 * No aws-cdk-lib import: the workload plan, the SloAlarms construct and the alarm simulator
 * all share these definitions, so the thresholds in a template are the ones the plan printed.
 */
import { formatWindow, MINUTES_PER_DAY } from '../format/durations';
import { withoutFloatNoise } from '../format/numbers';
import type { Problem } from '../validation';
import { scaledTierSpecs, SLO_TIER_PRESETS, SloTierPreset } from './tier-scaling';

/** Who is woken up: a page goes to on-call now, a ticket is handled in working hours. */
export type Severity = 'page' | 'ticket';

/** A tier as a user states it: how much budget, spent over which windows, and who hears about it. */
export interface BurnRateTierSpec {
  /** Severity of the alert. */
  readonly severity: Severity;
  /**
   * Share of the whole period's error budget that, once spent within `longWindowMinutes`, fires the alert (0, 1].
   * Give this OR `burnRate`.
   * @default - burnRate × long window ÷ period
   */
  readonly budgetFraction?: number;
  /**
   * Burn rate both windows must exceed (> 0): the error-ratio threshold is burnRate × (1 − SLO). Give this OR
   * `budgetFraction`.
   * @default - budgetFraction × period ÷ long window
   */
  readonly burnRate?: number;
  /** Long window in minutes: how much history the alert looks at. */
  readonly longWindowMinutes: number;
  /**
   * Short window in minutes: confirms the burn is still happening, so the alert resets soon after errors stop.
   * @default longWindowMinutes ÷ 12 (the Workbook's ratio)
   */
  readonly shortWindowMinutes?: number;
  /**
   * Label used in alarm names and reports.
   * @default `${severity}-${long window}` e.g. `page-1h`
   */
  readonly name?: string;
}

/** A tier with its thresholds computed for a given SLO and period. */
export interface BurnRateTier {
  readonly name: string;
  readonly severity: Severity;
  readonly budgetFraction: number;
  readonly longWindowMinutes: number;
  readonly shortWindowMinutes: number;
  /** budgetFraction × period ÷ long window. */
  readonly burnRate: number;
  /** burnRate × (1 − SLO): the error ratio both windows must exceed. */
  readonly errorRatioThreshold: number;
  /** False when the threshold error ratio is ≥ 1: the tier can never fire. */
  readonly canFire: boolean;
}

/** An SLO stated explicitly: a target, a period and (optionally) the tiers to alert on. */
export interface SloTarget {
  /** Availability target in (0.5, 1), e.g. 0.999. */
  readonly availability: number;
  /**
   * SLO period in whole days, 7 to 365.
   * @default 30
   */
  readonly periodDays?: number;
  /**
   * Burn-rate tiers.
   * @default - `scaledTierSpecs(availability, periodDays, { preset: tierPreset })`: the Workbook's table scaled to the
   * period and objective (at 30 days and ≥ 99.5 %: page 2 % in 1 h / 5 min, page 5 % in 6 h / 30 min, ticket 10 % in
   * 3 d / 6 h)
   */
  readonly tiers?: readonly BurnRateTierSpec[];
  /**
   * Which default tiers, when `tiers` is not given: `three-tier` or `four-tier` (adds a ticket at burn 3 over
   * P ÷ 30, the Sloth / Pyrra default).
   * @default 'three-tier'
   */
  readonly tierPreset?: SloTierPreset;
}

/**
 * An SLO whose burn-rate tiers were already planned, e.g. the `slo` of a workload plan (`planCapacity(w).slo`
 * has this shape: its computed tiers carry every field of a {@link BurnRateTierSpec}).
 */
export interface PlannedSlo {
  /** Availability target in (0.5, 1), e.g. 0.999. */
  readonly availability: number;
  /** SLO period in whole days. */
  readonly periodDays: number;
  /** The tiers to alert on. */
  readonly burnRateTiers: readonly BurnRateTierSpec[];
}

/** What an SLO is given as: stated explicitly, or taken from a plan (told apart by `burnRateTiers`). */
export type SloSpec = SloTarget | PlannedSlo;

/** Default SLO period of a {@link SloTarget}, days. */
export const DEFAULT_SLO_PERIOD_DAYS = 30;

/** True when `spec` carries planned tiers (`burnRateTiers`) rather than optional `tiers`. */
export function isPlannedSlo(spec: SloSpec): spec is PlannedSlo {
  return (spec as PlannedSlo | undefined)?.burnRateTiers !== undefined;
}

/**
 * The Workbook's table for a 30-day period: page 2 % in 1 h, page 5 % in 6 h, ticket 10 % in 3 d. The defaults are
 * these at 30 days for objectives ≥ 99.5 %; for other periods and objectives see `scaledTierSpecs`.
 */
export const DEFAULT_BURN_RATE_TIERS: readonly BurnRateTierSpec[] = [
  { severity: 'page', budgetFraction: 0.02, longWindowMinutes: 60 },
  { severity: 'page', budgetFraction: 0.05, longWindowMinutes: 360 },
  { severity: 'ticket', budgetFraction: 0.1, longWindowMinutes: 3 * MINUTES_PER_DAY },
];

/** Error budget as a ratio of events: 1 − SLO. */
export function errorBudgetRatio(availability: number): number {
  return withoutFloatNoise(1 - availability);
}

/** Error budget minutes = (1 − availability) × periodDays × 1,440. */
export function errorBudgetMinutes(availability: number, periodDays: number): number {
  return withoutFloatNoise(errorBudgetRatio(availability) * periodDays * MINUTES_PER_DAY);
}

/** Burn rate = observed error ratio ÷ (1 − SLO). */
export function burnRate(observedErrorRatio: number, availability: number): number {
  return observedErrorRatio / errorBudgetRatio(availability);
}

/**
 * The burn rate an alarm's error-ratio threshold stands for: threshold ÷ (1 − SLO), without float noise
 * (0.0144 at 99.9 % is exactly 14.4). The inverse of a tier's `errorRatioThreshold = burnRate × (1 − SLO)`.
 */
export function burnRateOfThreshold(errorRatioThreshold: number, availability: number): number {
  return withoutFloatNoise(burnRate(errorRatioThreshold, availability));
}

/**
 * The share of the period's error budget a burn rate spends within a long window: burn rate × window ÷
 * period, without float noise. The inverse of a tier's `burnRate = budgetFraction × period ÷ long window`.
 */
export function budgetFractionOfBurnRate(rate: number, longWindowMinutes: number, periodDays: number): number {
  return withoutFloatNoise((rate * longWindowMinutes) / (periodDays * MINUTES_PER_DAY));
}

/** Lists every problem in an SLO target and period (empty when valid). */
export function checkSlo(availability: unknown, periodDays: unknown, path = 'slo'): Problem[] {
  const problems: Problem[] = [];
  if (typeof availability !== 'number' || !Number.isFinite(availability) || availability <= 0.5 || availability >= 1) {
    problems.push({
      path: `${path}.availability`,
      value: availability,
      message: 'must be a number in (0.5, 1): 1.0 leaves no error budget, and below 0.5 burn-rate alerting is meaningless (e.g. 0.999)',
    });
  }
  if (typeof periodDays !== 'number' || !Number.isInteger(periodDays) || periodDays < SLO_PERIOD_DAYS.min || periodDays > SLO_PERIOD_DAYS.max) {
    problems.push({ path: `${path}.periodDays`, value: periodDays, message: SLO_PERIOD_MESSAGE });
  }
  return problems;
}

/** The SLO periods the library supports, days (inclusive): the tiers keep their meaning over this whole range. */
export const SLO_PERIOD_DAYS = { min: 7, max: 365 } as const;

/** The one message for a period outside {@link SLO_PERIOD_DAYS} (the workload, `SloAlarms` and `cdk-scale simulate`). */
export const SLO_PERIOD_MESSAGE =
  `must be a whole number of days from ${SLO_PERIOD_DAYS.min} to ${SLO_PERIOD_DAYS.max} (e.g. 28 or 30): the periods the ` +
  'burn-rate tiers are scaled and verified for';

/** Lists the problems of a tier preset (empty when valid or absent). */
export function checkTierPreset(preset: unknown, path = 'slo.tierPreset'): Problem[] {
  if (preset === undefined || (SLO_TIER_PRESETS as readonly unknown[]).includes(preset)) return [];
  return [{ path, value: preset, message: `must be one of ${SLO_TIER_PRESETS.map((p) => JSON.stringify(p)).join(', ')}` }];
}

/** Lists every problem in a set of tier specs for a period (empty when valid). */
export function checkTiers(tiers: readonly BurnRateTierSpec[], periodDays: number, path = 'slo.tiers'): Problem[] {
  const problems: Problem[] = [];
  if (tiers.length === 0) problems.push({ path, value: tiers, message: 'must hold at least one tier' });
  const periodMinutes = periodDays * MINUTES_PER_DAY;
  const names = new Set<string>();
  tiers.forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.severity !== 'page' && t.severity !== 'ticket') {
      problems.push({ path: `${p}.severity`, value: t.severity, message: "must be 'page' or 'ticket'" });
    }
    if ((t.budgetFraction === undefined) === (t.burnRate === undefined)) {
      problems.push({ path: p, value: { budgetFraction: t.budgetFraction, burnRate: t.burnRate }, message: 'give exactly one of budgetFraction and burnRate' });
    } else if (t.budgetFraction !== undefined && !(typeof t.budgetFraction === 'number' && t.budgetFraction > 0 && t.budgetFraction <= 1)) {
      problems.push({ path: `${p}.budgetFraction`, value: t.budgetFraction, message: 'must be a fraction in (0, 1] (e.g. 0.02 for 2 % of the budget)' });
    } else if (t.burnRate !== undefined && !(typeof t.burnRate === 'number' && Number.isFinite(t.burnRate) && t.burnRate > 0)) {
      problems.push({ path: `${p}.burnRate`, value: t.burnRate, message: 'must be a burn rate > 0 (e.g. 14.4)' });
    }
    const long = t.longWindowMinutes;
    if (!(Number.isInteger(long) && long >= 1 && long <= periodMinutes)) {
      problems.push({ path: `${p}.longWindowMinutes`, value: long, message: `must be a whole number of minutes from 1 to the period (${periodMinutes})` });
    }
    const short = t.shortWindowMinutes ?? (Number.isInteger(long) ? long / 12 : NaN);
    if (!(Number.isInteger(short) && short >= 1 && (!Number.isInteger(long) || short < long))) {
      problems.push({
        path: `${p}.shortWindowMinutes`,
        value: t.shortWindowMinutes ?? `${long} ÷ 12 = ${short}`,
        message: 'must be a whole number of minutes, at least 1 and shorter than the long window (set it explicitly when long ÷ 12 is not whole)',
      });
    }
    const name = t.name ?? defaultTierName(t);
    if (names.has(name)) problems.push({ path: `${p}.name`, value: name, message: 'tier names must be unique (give one a `name`)' });
    names.add(name);
  });
  return problems;
}

function defaultTierName(t: BurnRateTierSpec): string {
  return `${t.severity}-${formatWindow(t.longWindowMinutes)}`;
}

/**
 * Computes each tier's burn rate and error-ratio threshold.
 * Assumes `checkSlo` and `checkTiers` found nothing; callers validate first.
 */
export function computeTiers(
  availability: number,
  periodDays: number,
  tiers: readonly BurnRateTierSpec[] = scaledTierSpecs(availability, periodDays),
): BurnRateTier[] {
  const periodMinutes = periodDays * MINUTES_PER_DAY;
  return tiers.map((t) => {
    const rate =
      t.burnRate !== undefined ? withoutFloatNoise(t.burnRate) : withoutFloatNoise((t.budgetFraction! * periodMinutes) / t.longWindowMinutes);
    const threshold = withoutFloatNoise(rate * errorBudgetRatio(availability));
    return {
      name: t.name ?? defaultTierName(t),
      severity: t.severity,
      budgetFraction: t.budgetFraction ?? budgetFractionOfBurnRate(rate, t.longWindowMinutes, periodDays),
      longWindowMinutes: t.longWindowMinutes,
      shortWindowMinutes: t.shortWindowMinutes ?? t.longWindowMinutes / 12,
      burnRate: rate,
      errorRatioThreshold: threshold,
      canFire: threshold < 1,
    };
  });
}

/** Deploy policy by error budget remaining: > 50 % normal, > 10 % conservative, otherwise freeze. */
export type DeployPolicy = 'normal' | 'conservative' | 'freeze';

/** Error budget remaining over the period = 1 − (bad ÷ total) ÷ (1 − SLO). 1 when there was no traffic. */
export function errorBudgetRemaining(badEvents: number, totalEvents: number, availability: number): number {
  if (totalEvents <= 0) return 1;
  return 1 - badEvents / totalEvents / errorBudgetRatio(availability);
}

/** The guides' release policy for a remaining budget fraction. */
export function deployPolicy(remaining: number): DeployPolicy {
  if (remaining > 0.5) return 'normal';
  if (remaining > 0.1) return 'conservative';
  return 'freeze';
}

/** A tier that is valid but useless, reported as data (the construct turns it into a synth warning). */
export interface SloTierWarning {
  /** Stable code, the same as the plan's warning code. */
  readonly code: 'SLO_TIER_CANNOT_FIRE';
  /** The tier's name. */
  readonly tier: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * Lists the tiers that can never fire: their threshold error ratio (burn rate × (1 − SLO)) is ≥ 1,
 * and an error ratio never exceeds 1 (e.g. a 90 % SLO with the 14.4× tier needs 144 % errors).
 */
export function tierWarnings(availability: number, tiers: readonly BurnRateTier[]): SloTierWarning[] {
  return tiers
    .filter((t) => !t.canFire)
    .map((t) => ({
      code: 'SLO_TIER_CANNOT_FIRE' as const,
      tier: t.name,
      message:
        `tier ${t.name} can never fire: burn rate ${t.burnRate} × error budget ${errorBudgetRatio(availability)} = ` +
        `error ratio ${t.errorRatioThreshold} ≥ 1. Raise the SLO, lower the tier's budget fraction or lengthen its long window.`,
    }));
}
