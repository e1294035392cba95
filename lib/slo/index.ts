/**
 * SLO alerting's public API: the burn-rate math, the alarm definitions and simulator, the template parser, the SLIs
 * and the constructs. Internals (expression builders, the metric-math evaluator, the budget readers' math, props
 * validation) are imported by path inside the library.
 */
export {
  type Severity,
  type BurnRateTierSpec,
  type BurnRateTier,
  type SloTarget,
  type PlannedSlo,
  type SloSpec,
  type DeployPolicy,
  type SloTierWarning,
  DEFAULT_SLO_PERIOD_DAYS,
  DEFAULT_BURN_RATE_TIERS,
  SLO_PERIOD_DAYS,
  isPlannedSlo,
  errorBudgetRatio,
  errorBudgetMinutes,
  errorBudgetRemaining,
  burnRate,
  burnRateOfThreshold,
  budgetFractionOfBurnRate,
  checkSlo,
  checkTiers,
  computeTiers,
  deployPolicy,
  tierWarnings,
} from './burn-rate';
export { type SloTierPreset, SLO_TIER_PRESETS, scaledTierSpecs, type TierScalingOptions } from './tier-scaling';
export {
  type AlarmStateName,
  type TreatMissingDataMode,
  type ComparisonOperatorName,
  type AlarmRuleExpr,
  type WindowAlarmDefinition,
  type TierAlarmDefinition,
  type ActionsSuppressorDefinition,
  type SeverityAlarmDefinition,
  type NoTrafficAlarmDefinition,
  type BudgetAlarmDefinition,
  type SloAlarmDefinitions,
  type NoTrafficOptions,
  type BudgetAlarmOptions,
  type AlarmDefinitionsInput,
  BUDGET_METRIC_NAMESPACE,
  BUDGET_REMAINING_METRIC,
  buildAlarmDefinitions,
  formatAlarmRule,
  parseAlarmRule,
} from './definitions';
export { type MinuteCounts, type SimulationInput, type AlertOutcome, type SimulationResult, simulateAlarms } from './simulator';
export {
  type Scenario,
  type ScenarioRow,
  type ScenarioReport,
  type ScenarioOptions,
  canonicalDefinitions,
  canonicalScenarios,
  runScenario,
  runCanonicalScenarios,
  canonicalScenariosJson,
  renderCanonicalScenarios,
} from './scenarios';
export {
  SLO_ALARM_METADATA_KEY,
  type SloAlarmMetadata,
  type ParsedSloAlarms,
  alarmDefinitionsFromTemplate,
  tiersFromDefinitions,
} from './template-parser';
export { parseSloAlarmLabel } from './alarm-label';
export * from './sli';
export * from './slo-alarms';
export * from './service-slos';
