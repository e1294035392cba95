import {
  checkSlo,
  checkTiers,
  computeTiers,
  deployPolicy,
  errorBudgetMinutes,
  errorBudgetRemaining,
  burnRate,
  burnRateOfThreshold,
  budgetFractionOfBurnRate,
  isPlannedSlo,
  SloSpec,
} from '../../lib/slo/burn-rate';
import { formatWindow } from '../../lib/format';

describe('burn-rate tiers', () => {
  test('99.9 % over 30 days gives the Workbook thresholds exactly', () => {
    const tiers = computeTiers(0.999, 30);
    expect(tiers.map((t) => [t.name, t.longWindowMinutes, t.shortWindowMinutes, t.burnRate, t.errorRatioThreshold])).toEqual([
      ['page-1h', 60, 5, 14.4, 0.0144],
      ['page-6h', 360, 30, 6, 0.006],
      ['ticket-3d', 4320, 360, 1, 0.001],
    ]);
    expect(tiers.every((t) => t.canFire)).toBe(true);
  });

  test.each([28, 7])('a %i-day period keeps the windows and recomputes burn rate = fraction × period ÷ window', (days) => {
    const tiers = computeTiers(0.999, days);
    const minutes = days * 1440;
    expect(tiers[0].burnRate).toBeCloseTo((0.02 * minutes) / 60, 10);
    expect(tiers[1].burnRate).toBeCloseTo((0.05 * minutes) / 360, 10);
    expect(tiers[2].burnRate).toBeCloseTo((0.1 * minutes) / 4320, 10);
    expect(tiers[0].errorRatioThreshold).toBeCloseTo(tiers[0].burnRate * 0.001, 12);
  });

  test('28 days: the 1 h page burns at 13.44', () => {
    expect(computeTiers(0.999, 28)[0].burnRate).toBe(13.44);
  });

  test('a 90 % SLO cannot fire the 14.4 tier', () => {
    const [page1h, page6h] = computeTiers(0.9, 30);
    expect(page1h.errorRatioThreshold).toBeCloseTo(1.44, 10);
    expect(page1h.canFire).toBe(false);
    expect(page6h.canFire).toBe(true);
  });

  test('custom tiers take an explicit short window and name', () => {
    const [t] = computeTiers(0.99, 7, [{ severity: 'ticket', budgetFraction: 0.5, longWindowMinutes: 1440, shortWindowMinutes: 90, name: 'slow' }]);
    expect(t).toMatchObject({ name: 'slow', shortWindowMinutes: 90, burnRate: 3.5, errorRatioThreshold: 0.035 });
  });
});

describe('SLO validation', () => {
  test.each([1, 0.5, 0.3, 1.2, NaN, '0.99'])('rejects availability %p', (a) => {
    expect(checkSlo(a, 30)).toEqual([expect.objectContaining({ path: 'slo.availability', value: a })]);
  });

  test('accepts 0.999 over 30 days', () => {
    expect(checkSlo(0.999, 30)).toEqual([]);
  });

  test('rejects a fractional or out-of-range period', () => {
    expect(checkSlo(0.999, 0).map((p) => p.path)).toEqual(['slo.periodDays']);
    expect(checkSlo(0.999, 2.5).map((p) => p.path)).toEqual(['slo.periodDays']);
  });

  test('lists every tier problem with its path', () => {
    const problems = checkTiers(
      [
        { severity: 'page', budgetFraction: 0, longWindowMinutes: 60 },
        { severity: 'page', budgetFraction: 0.1, longWindowMinutes: 50 },
        { severity: 'page', budgetFraction: 0.1, longWindowMinutes: 60 * 24 * 40 },
      ],
      30,
    );
    expect(problems.map((p) => p.path)).toEqual([
      'slo.tiers[0].budgetFraction',
      'slo.tiers[1].shortWindowMinutes',
      'slo.tiers[2].longWindowMinutes',
    ]);
  });

  test('rejects duplicate tier names and an empty tier list', () => {
    expect(checkTiers([], 30)[0].message).toMatch(/at least one tier/);
    const dup = checkTiers(
      [
        { severity: 'page', budgetFraction: 0.02, longWindowMinutes: 60 },
        { severity: 'page', budgetFraction: 0.05, longWindowMinutes: 60 },
      ],
      30,
    );
    expect(dup[0].message).toMatch(/unique/);
  });
});

describe('error budget', () => {
  test('99.9 % over 30 days is 43.2 minutes; 99.99 % is 4.32', () => {
    expect(errorBudgetMinutes(0.999, 30)).toBe(43.2);
    expect(errorBudgetMinutes(0.9999, 30)).toBe(4.32);
  });

  test('burn rate is the error ratio over the budget', () => {
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 10);
  });

  test('remaining budget and the deploy policy', () => {
    expect(errorBudgetRemaining(0, 0, 0.999)).toBe(1);
    expect(errorBudgetRemaining(25, 100_000, 0.999)).toBeCloseTo(0.75, 10);
    expect(deployPolicy(0.75)).toBe('normal');
    expect(deployPolicy(0.5)).toBe('conservative');
    expect(deployPolicy(0.2)).toBe('conservative');
    expect(deployPolicy(0.1)).toBe('freeze');
    expect(deployPolicy(-0.4)).toBe('freeze');
  });

  test('windows render in their largest exact unit', () => {
    expect([5, 60, 360, 4320, 90].map(formatWindow)).toEqual(['5m', '1h', '6h', '3d', '90m']);
  });
});

describe('burn rate of a threshold and budget fraction of a burn rate (the inverses of computeTiers)', () => {
  test('the Workbook thresholds at 99.9 % are exactly 14.4×, 6× and 1×, without float noise', () => {
    expect([0.0144, 0.006, 0.001].map((t) => burnRateOfThreshold(t, 0.999))).toEqual([14.4, 6, 1]);
    expect(0.0144 / (1 - 0.999)).not.toBe(14.4);
  });

  test('the budget fraction a burn rate spends within its long window', () => {
    expect(budgetFractionOfBurnRate(14.4, 60, 30)).toBe(0.02);
    expect(budgetFractionOfBurnRate(6, 360, 30)).toBe(0.05);
    expect(budgetFractionOfBurnRate(1, 4320, 30)).toBe(0.1);
    expect(budgetFractionOfBurnRate(13.44, 60, 28)).toBe(0.02);
  });

  test.each([
    [0.999, 30],
    [0.9995, 28],
    [0.99, 7],
    [0.95, 90],
  ])('computeTiers round-trips through them at %f over %i days (to 12 significant digits)', (availability, days) => {
    for (const t of computeTiers(availability, days)) {
      const rate = burnRateOfThreshold(t.errorRatioThreshold, availability);
      expect(rate).toBeCloseTo(t.burnRate, 10);
      expect(budgetFractionOfBurnRate(rate, t.longWindowMinutes, days)).toBeCloseTo(t.budgetFraction, 10);
    }
  });
});

describe('SLO specs', () => {
  test('a planned SLO carries burnRateTiers, an explicit target does not', () => {
    const planned: SloSpec = { availability: 0.999, periodDays: 30, burnRateTiers: computeTiers(0.999, 30) };
    const target: SloSpec = { availability: 0.999, tiers: [{ severity: 'page', budgetFraction: 0.02, longWindowMinutes: 60 }] };
    expect(isPlannedSlo(planned)).toBe(true);
    expect(isPlannedSlo(target)).toBe(false);
    expect(isPlannedSlo(undefined as unknown as SloSpec)).toBe(false);
  });
});
