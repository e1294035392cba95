import { computeTiers, DEFAULT_BURN_RATE_TIERS, tierWarnings } from '../../lib/slo/burn-rate';
import {
  alarmsInRule,
  alarmWindowsMinutes,
  budgetGraphPeriodMinutes,
  buildAlarmDefinitions,
  checkAlarmWindows,
  formatAlarmRule,
  budgetAlarmId,
  budgetAlarms,
  budgetFitsOneAlarm,
  gatedRatioExpression,
  minimumRequestsOverWindow,
  noTrafficHiddenShare,
  noTrafficMinutes,
  tierBlindBelowRequestsPerMinute,
  windowGate,
  parseAlarmRule,
  parseGatedRatioExpression,
  windowAlarmId,
} from '../../lib/slo/definitions';
import { tiersFromDefinitions } from '../../lib/slo/template-parser';

describe('alarm definitions', () => {
  const defs = buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30) });

  test('the Workbook tiers need one alarm per (window, threshold): 6, the 6 h window twice', () => {
    expect(defs.windowAlarms.map((w) => [w.id, w.windowMinutes, w.errorRatioThreshold, w.minimumRequests])).toEqual([
      ['burn-1h-x14.4', 60, 0.0144, 69],
      ['burn-5m-x14.4', 5, 0.0144, 69],
      ['burn-6h-x6', 360, 0.006, 166],
      ['burn-30m-x6', 30, 0.006, 166],
      ['burn-3d-x1', 4320, 0.001, 1000],
      ['burn-6h-x1', 360, 0.001, 1000],
    ]);
    for (const w of defs.windowAlarms) {
      expect(w).toMatchObject({ evaluationPeriods: 1, datapointsToAlarm: 1, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching' });
    }
  });

  test('each tier ANDs its long and short alarm; severities OR their tiers; the ticket is suppressed by the page', () => {
    expect(defs.tiers.map((t) => formatAlarmRule(t.rule))).toEqual([
      '(ALARM("burn-1h-x14.4") AND ALARM("burn-5m-x14.4"))',
      '(ALARM("burn-6h-x6") AND ALARM("burn-30m-x6"))',
      '(ALARM("burn-3d-x1") AND ALARM("burn-6h-x1"))',
    ]);
    expect(formatAlarmRule(defs.page!.rule)).toBe('(ALARM("tier-page-1h") OR ALARM("tier-page-6h"))');
    expect(formatAlarmRule(defs.ticket!.rule)).toBe('ALARM("tier-ticket-3d")');
    expect(defs.ticket!.actionsSuppressor).toEqual({ alarm: 'page', waitPeriodSeconds: 60, extensionPeriodSeconds: 60 });
    expect(defs.page!.actionsSuppressor).toBeUndefined();
    expect(defs.noTraffic).toEqual({
      id: 'no-traffic',
      periodMinutes: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      minimumRequests: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'breaching',
      severity: 'ticket',
    });
    expect(defs.budget).toEqual([
      {
        id: 'budget-exhausted',
        source: 'published',
        remainingBelow: 0,
        periodMinutes: 60,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 0,
        comparisonOperator: 'LessThanThreshold',
        treatMissingData: 'missing',
        severity: 'ticket',
      },
    ]);
  });

  test('tiers sharing a window AND a threshold share one alarm', () => {
    const tiers = computeTiers(0.99, 30, [
      { severity: 'page', budgetFraction: 0.02, longWindowMinutes: 60, shortWindowMinutes: 5, name: 'a' },
      { severity: 'ticket', budgetFraction: 0.02, longWindowMinutes: 60, shortWindowMinutes: 10, name: 'b' },
    ]);
    const d = buildAlarmDefinitions({ availability: 0.99, periodDays: 30, tiers, minimumRequestsPerMinute: 2 });
    expect(d.windowAlarms.map((w) => [w.id, w.minimumRequests])).toEqual([
      ['burn-1h-x14.4', 120],
      ['burn-5m-x14.4', 10],
      ['burn-10m-x14.4', 20],
    ]);
    expect(d.tiers.map((t) => t.longWindowAlarm)).toEqual(['burn-1h-x14.4', 'burn-1h-x14.4']);
  });

  test('a (custom) tier that can never fire gets no alarm and a warning; only-ticket SLOs have no page', () => {
    const tiers = computeTiers(0.9, 30, DEFAULT_BURN_RATE_TIERS);
    const d = buildAlarmDefinitions({ availability: 0.9, periodDays: 30, tiers, noTraffic: { severity: 'page', windowMinutes: 30 } });
    expect(d.tiers.map((t) => t.name)).toEqual(['page-6h', 'ticket-3d']);
    expect(tierWarnings(0.9, tiers)).toEqual([expect.objectContaining({ code: 'SLO_TIER_CANNOT_FIRE', tier: 'page-1h', message: expect.stringMatching(/can never fire.*≥ 1/) })]);
    expect(d.noTraffic).toMatchObject({ severity: 'page', periodMinutes: 1, evaluationPeriods: 30, datapointsToAlarm: 30 });
    expect(tierWarnings(0.9, computeTiers(0.9, 30))).toEqual([]);
    const onlyTicket = buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30).filter((t) => t.severity === 'ticket') });
    expect(onlyTicket.page).toBeUndefined();
    expect(onlyTicket.ticket!.actionsSuppressor).toBeUndefined();
  });

  test('CloudWatch limits: a window over 7 days (Period × EvaluationPeriods) is rejected', () => {
    const tiers = computeTiers(0.999, 30, [{ severity: 'ticket', budgetFraction: 0.5, longWindowMinutes: 14 * 1440, shortWindowMinutes: 1440 }]);
    expect(checkAlarmWindows(tiers)).toEqual([
      { path: 'slo.tiers[0].longWindowMinutes', value: 20160, message: expect.stringMatching(/7 days \(604,800 s\)/) },
    ]);
    expect(checkAlarmWindows(computeTiers(0.999, 30))).toEqual([]);
  });

  test('the gate expression renders and parses back', () => {
    expect(gatedRatioExpression(60)).toBe('IF(total > 60, bad / total, 0)');
    expect(parseGatedRatioExpression('IF(total > 4320, bad / total, 0)')).toEqual({ minimumRequests: 4320, badId: 'bad', totalId: 'total' });
    expect(parseGatedRatioExpression('IF(total > 2.5, bad / other, 0)')).toBeUndefined();
    expect(parseGatedRatioExpression('bad / total')).toBeUndefined();
  });

  test('composite alarm rules parse with precedence, NOT, TRUE/FALSE and round-trip', () => {
    const text = 'ALARM("a") AND (OK("b") OR NOT INSUFFICIENT_DATA("c")) OR FALSE';
    const rule = parseAlarmRule(text);
    expect(formatAlarmRule(rule)).toBe('((ALARM("a") AND (OK("b") OR (NOT INSUFFICIENT_DATA("c")))) OR FALSE)');
    expect(parseAlarmRule(formatAlarmRule(rule))).toEqual(rule);
    expect(alarmsInRule(rule)).toEqual(['a', 'b', 'c']);
    expect(() => parseAlarmRule('ALARM("a") AND')).toThrow(/unexpected end/);
    expect(() => parseAlarmRule('ALARM(a)')).toThrow(/cannot read/);
  });

  test('the budget graph keeps ≤ 1,440 points at ≥ 1 h resolution', () => {
    expect(budgetGraphPeriodMinutes(30)).toBe(60);
    expect(budgetGraphPeriodMinutes(365)).toBe(420);
    expect((365 * 1440) / budgetGraphPeriodMinutes(365)).toBeLessThanOrEqual(1440);
  });
});

describe('window arithmetic', () => {
  test('the low-traffic gate scales the per-minute rate by the window, without float noise', () => {
    expect(minimumRequestsOverWindow(1, 60)).toBe(60);
    expect(minimumRequestsOverWindow(0.5, 5)).toBe(2.5);
    expect(minimumRequestsOverWindow(0.7, 360)).toBe(252);
    expect(0.7 * 360).not.toBe(252);
    expect(minimumRequestsOverWindow(0, 4320)).toBe(0);
  });

  test('window alarm ids name the window and the burn rate of the threshold', () => {
    expect(windowAlarmId(60, 0.0144, 0.999)).toBe('burn-1h-x14.4');
    expect(windowAlarmId(4320, 0.001, 0.999)).toBe('burn-3d-x1');
    expect(windowAlarmId(5, 0.00336, 0.999)).toBe('burn-5m-x3.36');
  });

  test('the distinct alarm windows, shortest first', () => {
    const defs = buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30) });
    expect(alarmWindowsMinutes(defs)).toEqual([5, 30, 60, 360, 4320]);
    const low = buildAlarmDefinitions({ availability: 0.9, periodDays: 30, tiers: computeTiers(0.9, 30) });
    expect(alarmWindowsMinutes(low)).toEqual([1, 9, 30, 360, 4320]);
  });

  test('tiersFromDefinitions recovers the tiers the definitions were built from', () => {
    const tiers = computeTiers(0.999, 30);
    expect(tiersFromDefinitions(buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers }))).toEqual(tiers);
    const low = computeTiers(0.9, 30, DEFAULT_BURN_RATE_TIERS);
    expect(tiersFromDefinitions(buildAlarmDefinitions({ availability: 0.9, periodDays: 30, tiers: low }))).toEqual(low.filter((t) => t.canFire));
  });

  test.each([
    [0.9995, 28],
    [0.99, 7],
  ])('tiersFromDefinitions recovers burn rates and budget fractions to 12 significant digits (%f over %i days)', (availability, days) => {
    const tiers = computeTiers(availability, days);
    const read = tiersFromDefinitions(buildAlarmDefinitions({ availability, periodDays: days, tiers }));
    read.forEach((r, i) => {
      expect(r).toMatchObject({ name: tiers[i].name, errorRatioThreshold: tiers[i].errorRatioThreshold, longWindowMinutes: tiers[i].longWindowMinutes });
      expect(r.burnRate).toBeCloseTo(tiers[i].burnRate, 10);
      expect(r.budgetFraction).toBeCloseTo(tiers[i].budgetFraction, 10);
    });
  });
});

describe('gates, no-traffic and budget alarms sized from the objective', () => {
  test('the gate is ⌊1 ÷ threshold⌋: more requests than one failure needs to cross the threshold; a floor may raise it', () => {
    expect([0.0144, 0.006, 0.001, 0.5, 0.00144, 0.0001].map((t) => windowGate(t, 60))).toEqual([69, 166, 1000, 2, 694, 10000]);
    expect(windowGate(0.0144, 60, 2)).toBe(120);
    expect(windowGate(0.0144, 5, 2)).toBe(69);
    // 99.9 %'s fast page cannot fire below 69 requests in its 5-minute window: 13.8 requests per minute.
    expect(tierBlindBelowRequestsPerMinute(69, 5)).toBe(13.8);
  });

  test.each([
    // period, SLO, W, hidden share (W + 2) ÷ budget minutes
    [30, 0.999, 1, 0.0694444444444],
    [30, 0.99, 2, 0.00925925925926],
    [30, 0.9, 41, 0.00995370370370],
    [365, 0.999, 3, 0.00951293759513],
    [7, 0.9999, 1, 2.97619047619],
    [365, 0.9, 523, 0.00998858447489],
  ])('no-traffic W at %i d / %f = ⌊1 %% of the budget in minutes⌋ − 2, at least 1', (days, availability, w, share) => {
    expect(noTrafficMinutes(availability, days)).toBe(w);
    expect(noTrafficHiddenShare(availability, days, w)).toBe(share);
  });

  test('no-traffic W is at most 1,440 (one day of 1-minute datapoints) and can be set', () => {
    expect(noTrafficMinutes(0.6, 365, 0.5)).toBe(1440);
    expect(buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30), noTraffic: { windowMinutes: 15 } }).noTraffic.evaluationPeriods).toBe(15);
    expect(buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30), noTraffic: { hiddenBudgetShare: 0.1 } }).noTraffic.evaluationPeriods).toBe(2);
  });

  test('budget alarms: one window alarm over the period up to 7 days, the published metric beyond', () => {
    expect([7, 8].map(budgetFitsOneAlarm)).toEqual([true, false]);
    expect(budgetAlarms(0.99, 7, [0.1, 0, 0.1])).toEqual([
      expect.objectContaining({ id: 'budget-exhausted', source: 'window', periodMinutes: 10080, threshold: 0.01, comparisonOperator: 'GreaterThanThreshold', minimumRequests: 0, treatMissingData: 'notBreaching' }),
      expect.objectContaining({ id: 'budget-below-10pct', source: 'window', threshold: 0.009 }),
    ]);
    expect(budgetAlarms(0.99, 28, [0.1])).toEqual([
      expect.objectContaining({ id: 'budget-below-10pct', source: 'published', periodMinutes: 60, threshold: 0.1, comparisonOperator: 'LessThanThreshold', treatMissingData: 'missing' }),
    ]);
    expect([0, 0.1, 0.25].map(budgetAlarmId)).toEqual(['budget-exhausted', 'budget-below-10pct', 'budget-below-25pct']);
    expect(buildAlarmDefinitions({ availability: 0.999, periodDays: 30, tiers: computeTiers(0.999, 30), budget: false }).budget).toEqual([]);
  });
});
