/**
 * Every check of `SloAlarmsProps`, in one place: the SLO and its tiers (the pure checks of `./burn-rate` and
 * `./definitions`), the low-traffic gate, the no-traffic alarm, the SLI (its own problems, its region and
 * CloudWatch's metric-math alarm limits) and the alarm-name prefix. Every problem is reported in one
 * `PropsValidationError`.
 */
import { Stack, Token } from 'aws-cdk-lib';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import {
  BurnRateTier,
  BurnRateTierSpec,
  checkSlo,
  checkTierPreset,
  checkTiers,
  computeTiers,
  DEFAULT_SLO_PERIOD_DAYS,
  isPlannedSlo,
  SloSpec,
} from './burn-rate';
import { checkAlarmWindows, MAX_METRICS_PER_ALARM, MAX_NO_TRAFFIC_MINUTES } from './definitions';
import { scaledTierSpecs } from './tier-scaling';
import type { Sli } from './sli';
import type { SloAlarmsProps } from './slo-alarms';

/** The SLO of valid props, its tiers computed. */
export interface ResolvedSlo {
  readonly availability: number;
  readonly periodDays: number;
  /** Every tier, including those that cannot fire. */
  readonly tiers: readonly BurnRateTier[];
}

/**
 * Checks `props` of the `SloAlarms` at `scope` and returns its SLO with the tiers computed.
 * @throws PropsValidationError listing every problem found
 */
export function validateSloAlarmsProps(scope: Construct, props: SloAlarmsProps): ResolvedSlo {
  const problems = new ProblemCollector();
  const slo = resolveSlo(props.slo, problems);
  problems.number('minimumRequests', props.minimumRequests, { min: 0 });
  const nt = props.noTraffic ?? {};
  problems.integer('noTraffic.windowMinutes', nt.windowMinutes, { min: 1, max: MAX_NO_TRAFFIC_MINUTES });
  if (nt.hiddenBudgetShare !== undefined && !(typeof nt.hiddenBudgetShare === 'number' && nt.hiddenBudgetShare > 0 && nt.hiddenBudgetShare < 1)) {
    problems.add('noTraffic.hiddenBudgetShare', nt.hiddenBudgetShare, 'must be a share of the budget in (0, 1), e.g. 0.01');
  }
  if (nt.windowMinutes !== undefined && nt.hiddenBudgetShare !== undefined) {
    problems.add('noTraffic', { windowMinutes: nt.windowMinutes, hiddenBudgetShare: nt.hiddenBudgetShare }, 'give windowMinutes or hiddenBudgetShare, not both');
  }
  if (nt.minimumRequests !== undefined && !(Number.isFinite(nt.minimumRequests) && nt.minimumRequests > 0)) {
    problems.add('noTraffic.minimumRequests', nt.minimumRequests, 'must be a request count > 0 (1 means "a minute without any request")');
  }
  const budget = props.budgetAlarms;
  if (budget !== undefined && budget !== false) {
    const below = budget.remainingBelow;
    if (below !== undefined) {
      if (!Array.isArray(below) || below.length === 0) {
        problems.add('budgetAlarms.remainingBelow', below, 'must list at least one share of the budget in [0, 1), e.g. [0, 0.1]; use budgetAlarms: false for none');
      } else {
        below.forEach((r, i) => {
          if (!(typeof r === 'number' && r >= 0 && r < 1)) problems.add(`budgetAlarms.remainingBelow[${i}]`, r, 'must be a share of the budget in [0, 1) (0: overspent, 0.1: the freeze policy)');
        });
      }
    }
  }
  if (nt.severity !== undefined && nt.severity !== 'page' && nt.severity !== 'ticket') {
    problems.add('noTraffic.severity', nt.severity, "must be 'page' or 'ticket'");
  }
  problems.addAll(props.sli.problems);
  checkSliLimits(Stack.of(scope), props.sli, problems);
  if (props.alarmNamePrefix !== undefined && !Token.isUnresolved(props.alarmNamePrefix) && !/^[\w.\-/: ]{1,200}$/.test(props.alarmNamePrefix)) {
    problems.add('alarmNamePrefix', props.alarmNamePrefix, 'must be 1–200 letters, digits, spaces or . - _ / :');
  }
  throwIfProblems(scope, problems);
  return slo;
}

/** The SLO with defaults applied and its tiers computed; tiers stay empty while the SLO or its tiers are invalid. */
function resolveSlo(input: SloSpec, problems: ProblemCollector): ResolvedSlo {
  const planned = isPlannedSlo(input);
  const availability = input?.availability;
  const periodDays = planned ? input.periodDays : (input?.periodDays ?? DEFAULT_SLO_PERIOD_DAYS);
  const target = planned ? undefined : input;
  const tiersPath = planned ? 'slo.burnRateTiers' : 'slo.tiers';
  const sloProblems = checkSlo(availability, periodDays);
  problems.addAll(sloProblems);
  const presetProblems = checkTierPreset(target?.tierPreset);
  problems.addAll(presetProblems);
  if (target?.tiers !== undefined && target.tierPreset !== undefined) {
    problems.add('slo.tierPreset', target.tierPreset, 'applies to the default tiers only; give tiers or tierPreset, not both');
  }
  const defaults = !planned && target?.tiers === undefined;
  if (sloProblems.some((p) => p.path === 'slo.periodDays') || (defaults && (sloProblems.length || presetProblems.length))) {
    return { availability, periodDays, tiers: [] };
  }
  // Planned tiers carry their burn rate (and the fraction it implies): take the burn rate, the exact figure.
  const specs: readonly BurnRateTierSpec[] = planned
    ? input.burnRateTiers.map((t) => ({
        severity: t.severity,
        ...(t.burnRate !== undefined ? { burnRate: t.burnRate } : { budgetFraction: t.budgetFraction }),
        longWindowMinutes: t.longWindowMinutes,
        shortWindowMinutes: t.shortWindowMinutes,
        name: t.name,
      }))
    : (target?.tiers ?? scaledTierSpecs(availability, periodDays, { preset: target?.tierPreset }));
  const tierProblems = checkTiers(specs, periodDays, tiersPath);
  problems.addAll(tierProblems);
  if (sloProblems.length || tierProblems.length) return { availability, periodDays, tiers: [] };
  const tiers = computeTiers(availability, periodDays, specs);
  problems.addAll(checkAlarmWindows(tiers, tiersPath));
  if (tiers.every((t) => !t.canFire)) {
    problems.add('slo.tiers', tiers.map((t) => t.name), 'no tier can fire at this SLO (every threshold error ratio is ≥ 1): lower the burn rates or raise the SLO');
  }
  return { availability, periodDays, tiers };
}

/** Region, SEARCH / Metrics Insights and 10-metric limits for the SLI's alarms. */
function checkSliLimits(stack: Stack, sli: Sli, problems: ProblemCollector): void {
  const region = stack.region;
  if (sli.requiredRegion && !Token.isUnresolved(region) && region !== sli.requiredRegion) {
    problems.add(
      'sli',
      sli.kind,
      `${sli.kind} metrics exist only in ${sli.requiredRegion} (dimension Region=Global) and alarms cannot watch another region; ` +
        `this stack is in ${region}. Put the SloAlarms in a ${sli.requiredRegion} stack`,
    );
  }
  const leaves = new Map<string, cw.MetricStatConfig>();
  const expressionIds = new Set<string>(['(gated ratio)']);
  const visit = (m: cw.IMetric, id: string, path: string) => {
    const c = m.toMetricConfig();
    if (c.mathExpression) {
      expressionIds.add(id);
      const e = c.mathExpression.expression;
      if (/\bSEARCH\s*\(/i.test(e) || /^\s*SELECT\b/i.test(e)) {
        problems.add(path, e, 'alarms cannot use SEARCH expressions or Metrics Insights queries in metric math; reference each metric explicitly');
      }
      if (c.mathExpression.searchRegion || c.mathExpression.searchAccount) {
        problems.add(path, e, 'alarms cannot use cross-account or cross-region search expressions');
      }
      for (const [childId, child] of Object.entries(c.mathExpression.usingMetrics)) visit(child, childId, `${path}.${childId}`);
    } else if (c.metricStat) {
      leaves.set(id, c.metricStat);
      const r = c.metricStat.region;
      if (r && !Token.isUnresolved(r) && !Token.isUnresolved(region) && r !== region) {
        problems.add(path, r, `alarms cannot watch metrics in another region (this stack is in ${region})`);
      }
    }
  };
  visit(sli.badEvents, 'bad', 'sli.badEvents');
  visit(sli.totalEvents, 'total', 'sli.totalEvents');
  if (leaves.size > MAX_METRICS_PER_ALARM) {
    problems.add('sli', [...leaves.keys()], `a metric-math alarm can reference at most ${MAX_METRICS_PER_ALARM} metrics (hard limit); this SLI needs ${leaves.size}`);
  }
  if (expressionIds.size > MAX_METRICS_PER_ALARM) {
    problems.add('sli', expressionIds.size, `a metric-math alarm can hold at most ${MAX_METRICS_PER_ALARM} expressions; this SLI needs ${expressionIds.size} with the gate`);
  }
}
