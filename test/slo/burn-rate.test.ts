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
  checkTierPreset,
  DEFAULT_BURN_RATE_TIERS,
  isPlannedSlo,
  SLO_PERIOD_MESSAGE,
  SloSpec,
} from '../../lib/slo/burn-rate';
import { longestWindowForOutage, scaledTierSpecs } from '../../lib/slo/tier-scaling';
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

  // docs/slo-alerting.md, "Periods and objectives": the table for 99.9 % (four-tier preset adds ticket-fast).
  const WINDOWS: Array<[number, string[]]> = [
    [7, ['page-14m 14/1 ×14.4', 'page-84m 84/7 ×6', 'ticket-1008m 1008/84 ×1', 'ticket-336m 336/28 ×3']],
    [28, ['page-56m 56/5 ×14.4', 'page-336m 336/28 ×6', 'ticket-4032m 4032/336 ×1', 'ticket-1344m 1344/112 ×3']],
    [30, ['page-1h 60/5 ×14.4', 'page-6h 360/30 ×6', 'ticket-3d 4320/360 ×1', 'ticket-1d 1440/120 ×3']],
    [90, ['page-1h 60/5 ×14.4', 'page-6h 360/30 ×6', 'ticket-7d 10080/840 ×1', 'ticket-3d 4320/360 ×3']],
    [365, ['page-1h 60/5 ×14.4', 'page-6h 360/30 ×6', 'ticket-7d 10080/840 ×1']],
  ];
  test.each(WINDOWS)('%i days at 99.9 %%: page windows scale down below 30 d, the ticket is 0.1 × P capped at 7 d', (days, expected) => {
    const tiers = computeTiers(0.999, days, scaledTierSpecs(0.999, days, { preset: 'four-tier' }));
    expect(tiers.map((t) => `${t.name} ${t.longWindowMinutes}/${t.shortWindowMinutes} ×${t.burnRate}`)).toEqual(expected);
    expect(computeTiers(0.999, days).map((t) => t.name)).toEqual(expected.slice(0, 3).map((e) => e.split(' ')[0]));
  });

  test.each([
    [7, [0.02, 0.05, 0.1]],
    [28, [0.02, 0.05, 0.1]],
    [90, [0.00666666666667, 0.0166666666667, 0.0777777777778]],
    [365, [0.00164383561644, 0.00410958904110, 0.0191780821918]],
  ])('budget fractions at %i days: the Workbook\'s 2 / 5 / 10 %% up to 30 d, smaller beyond (windows are not scaled up)', (days, fractions) => {
    expect(computeTiers(0.999, days).map((t) => t.budgetFraction)).toEqual(fractions);
  });

  test.each([
    // objective: page-fast, page-slow burn
    [0.9, 'page-9m 9/1 ×5 e=0.5', 5],
    [0.95, 'page-9m 9/1 ×10 e=0.5', 6],
    [0.99, 'page-34m 34/3 ×14.4 e=0.144', 6],
    [0.995, 'page-1h 60/5 ×14.4 e=0.072', 6],
  ])('low objectives at 30 d: page thresholds ≤ 0.5 and a fast page a full outage crosses in < 5 min (%f)', (availability, fast, slowBurn) => {
    const [f, slow, ticket] = computeTiers(availability, 30);
    expect(`${f.name} ${f.longWindowMinutes}/${f.shortWindowMinutes} ×${f.burnRate} e=${f.errorRatioThreshold}`).toBe(fast);
    expect(f.errorRatioThreshold * f.longWindowMinutes).toBeLessThan(5);
    expect(slow.burnRate).toBe(slowBurn);
    expect(ticket).toMatchObject({ burnRate: 1, longWindowMinutes: 4320, errorRatioThreshold: Number((1 - availability).toPrecision(12)) });
    expect(computeTiers(availability, 30).every((t) => t.canFire)).toBe(true);
  });

  test('the fourth tier is dropped where its capped window reaches the slow ticket\'s (P ≥ 210 d)', () => {
    expect(scaledTierSpecs(0.999, 209, { preset: 'four-tier' })).toHaveLength(4);
    expect(scaledTierSpecs(0.999, 210, { preset: 'four-tier' })).toHaveLength(3);
  });

  test('a faster outage page on request: outagePageMinutes shortens the fast page', () => {
    expect(scaledTierSpecs(0.995, 30, { outagePageMinutes: 4 })[0]).toMatchObject({ longWindowMinutes: 55, burnRate: 14.4 });
    expect(longestWindowForOutage(0.5, 5)).toBe(9);
    expect(longestWindowForOutage(0.0144, 5)).toBe(347);
  });

  test('the first design (fixed fractions and windows, recomputed burn) was wrong: the Workbook table at other periods', () => {
    // Kept as DEFAULT_BURN_RATE_TIERS for reference: at 7 d its ticket burns at 0.23× (fires on a sustainable burn).
    expect(computeTiers(0.999, 7, DEFAULT_BURN_RATE_TIERS)[2].burnRate).toBe(0.233333333333);
    expect(computeTiers(0.999, 90, DEFAULT_BURN_RATE_TIERS)[2].burnRate).toBe(3);
    expect(computeTiers(0.9, 30, DEFAULT_BURN_RATE_TIERS)[0]).toMatchObject({ errorRatioThreshold: 1.44, canFire: false });
  });

  test('a tier stated by its burn rate: the fraction follows from the window', () => {
    const [t] = computeTiers(0.99, 30, [{ severity: 'ticket', burnRate: 2, longWindowMinutes: 1440, shortWindowMinutes: 120 }]);
    expect(t).toMatchObject({ burnRate: 2, errorRatioThreshold: 0.02, budgetFraction: 0.0666666666667 });
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

  test.each([0, 1, 6, 2.5, 366, 7.5, '30'])('rejects period %p with the one message the workload and the CLI share', (days) => {
    expect(checkSlo(0.999, days)).toEqual([{ path: 'slo.periodDays', value: days, message: SLO_PERIOD_MESSAGE }]);
    expect(SLO_PERIOD_MESSAGE).toMatch(/^must be a whole number of days from 7 to 365/);
  });

  test.each([7, 28, 30, 90, 365])('accepts %i days', (days) => {
    expect(checkSlo(0.999, days)).toEqual([]);
  });

  test('tier presets', () => {
    expect(checkTierPreset(undefined)).toEqual([]);
    expect(checkTierPreset('four-tier')).toEqual([]);
    expect(checkTierPreset('five')).toEqual([{ path: 'slo.tierPreset', value: 'five', message: 'must be one of "three-tier", "four-tier"' }]);
  });

  test('lists every tier problem with its path', () => {
    const problems = checkTiers(
      [
        { severity: 'page', budgetFraction: 0, longWindowMinutes: 60 },
        { severity: 'page', budgetFraction: 0.1, longWindowMinutes: 50 },
        { severity: 'page', budgetFraction: 0.1, longWindowMinutes: 60 * 24 * 40 },
        { severity: 'page', budgetFraction: 0.1, burnRate: 2, longWindowMinutes: 120, name: 'both' },
        { severity: 'page', longWindowMinutes: 120, name: 'neither' },
        { severity: 'page', burnRate: -1, longWindowMinutes: 120, name: 'negative' },
      ],
      30,
    );
    expect(problems.map((p) => p.path)).toEqual([
      'slo.tiers[0].budgetFraction',
      'slo.tiers[1].shortWindowMinutes',
      'slo.tiers[2].longWindowMinutes',
      'slo.tiers[3]',
      'slo.tiers[4]',
      'slo.tiers[5].burnRate',
    ]);
    expect(problems[3].message).toBe('give exactly one of budgetFraction and burnRate');
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
