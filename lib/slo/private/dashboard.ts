/**
 * The SLO dashboard of `SloAlarms`: the SLO and its tiers in words, the alerts' states, the SLI, the burn rate
 * per alarm window against the thresholds, and the error budget remaining over the period.
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { formatPercent, formatWindow } from '../../format';
import { burnRateOfThreshold, errorBudgetMinutes, errorBudgetRatio } from '../burn-rate';
import { alarmWindowsMinutes, BUDGET_PUBLISH_MINUTES, budgetGraphPeriodMinutes } from '../definitions';
import type { SloAlarms } from '../slo-alarms';
import { sliEventsOver } from './sli-events';

/** Creates the dashboard `Dashboard` in `slo` with its widgets; its alarms must exist already. */
export function createSloDashboard(slo: SloAlarms, sloText: string): cw.Dashboard {
  return new cw.Dashboard(slo, 'Dashboard', {
    periodOverride: cw.PeriodOverride.INHERIT,
    defaultInterval: Duration.days(Math.min(slo.periodDays, 7)),
    widgets: sloWidgets(slo, sloText),
  });
}

/** Adds the widgets of `slo` to a dashboard shared by several SLOs (one service, one dashboard). */
export function addSloWidgets(dashboard: cw.Dashboard, slo: SloAlarms, sloText: string): void {
  for (const row of sloWidgets(slo, sloText)) dashboard.addWidgets(...row);
}

/** The rows of widgets of one SLO, headed by `sloText`. */
export function sloWidgets(slo: SloAlarms, sloText: string): cw.IWidget[][] {
  const d = slo.definitions;
  const budget = errorBudgetRatio(slo.availability);
  const windows = alarmWindowsMinutes(d);
  const shortest = windows[0] ?? 5;
  const graphPeriod = budgetGraphPeriodMinutes(slo.periodDays);
  const tierRows = slo.tiers
    .map((t) => `| ${t.name} | ${t.severity} | ${formatPercent(t.budgetFraction)} | ${formatWindow(t.longWindowMinutes)} / ${formatWindow(t.shortWindowMinutes)} | ${t.burnRate}× | ${t.errorRatioThreshold} | ${t.canFire ? 'yes' : 'never fires'} |`)
    .join('\n');
  const running = new cw.MathExpression({
    expression: `100 * (1 - (RUNNING_SUM(bad) / RUNNING_SUM(total)) / ${budget})`,
    usingMetrics: sliEventsOver(slo.sli, Duration.minutes(graphPeriod)),
    period: Duration.minutes(graphPeriod),
    label: 'Error budget remaining since the start of the range (%)',
  });
  const alarms: cw.IAlarmRef[] = [
    ...(slo.pageAlarm ? [slo.pageAlarm] : []),
    ...(slo.ticketAlarm ? [slo.ticketAlarm] : []),
    ...Object.values(slo.tierAlarms),
    slo.noTrafficAlarm,
    ...Object.values(slo.budgetAlarms),
  ];
  const published = d.budget.some((b) => b.source === 'published');
  return [
    [
      new cw.TextWidget({
        markdown:
          `# ${sloText}\nError budget: ${errorBudgetMinutes(slo.availability, slo.periodDays)} min per ${slo.periodDays} d. ` +
          `Deploy policy: > 50 % remaining normal, > 10 % conservative, otherwise freeze.\n\n` +
          `| Tier | Severity | Budget | Windows | Burn rate | Error ratio > | Fires |\n|---|---|---|---|---|---|---|\n${tierRows}`,
        width: 18,
        height: 6,
      }),
      new cw.AlarmStatusWidget({ title: 'Alerts', alarms, width: 6, height: 6 }),
    ],
    [
      new cw.GraphWidget({
        title: `SLI: good events (%), ${formatWindow(shortest)}`,
        left: [slo.metricSli(Duration.minutes(shortest))],
        leftAnnotations: [{ value: slo.availability * 100, label: `SLO ${formatPercent(slo.availability)}` }],
        width: 24,
      }),
    ],
    // One graph per window: metrics of different periods cannot share ids in one graph.
    windows.map(
      (w) =>
        new cw.GraphWidget({
          title: `Burn rate over ${formatWindow(w)}`,
          left: [slo.metricBurnRate(Duration.minutes(w))],
          leftAnnotations: d.windowAlarms
            .filter((a) => a.windowMinutes === w)
            .map((a) => ({ value: burnRateOfThreshold(a.errorRatioThreshold, slo.availability), label: `${a.id} threshold` })),
          width: Math.max(4, Math.floor(24 / windows.length)),
        }),
    ),
    [
      new cw.SingleValueWidget({
        title: `Error budget remaining, last ${slo.periodDays} d (%)`,
        metrics: [slo.metricErrorBudgetRemaining()],
        setPeriodToTimeRange: true,
        start: `-P${slo.periodDays}D`,
        width: 6,
      }),
      new cw.GraphWidget({
        title: `Error budget remaining over the last ${slo.periodDays} d (%)`,
        left: [running],
        start: `-P${slo.periodDays}D`,
        leftAnnotations: [
          { value: 50, label: 'normal releases above' },
          { value: 10, label: 'freeze below' },
        ],
        width: 18,
      }),
    ],
    // The budget over the whole period as the budget alarms see it (published hourly beyond 7 days).
    ...(published
      ? [
          [
            new cw.GraphWidget({
              title: `Error budget remaining over the trailing ${slo.periodDays} d, published hourly (%)`,
              left: [
                new cw.MathExpression({
                  expression: '100 * remaining',
                  usingMetrics: { remaining: slo.metricBudgetRemaining() },
                  period: Duration.minutes(BUDGET_PUBLISH_MINUTES),
                  label: 'Error budget remaining (%)',
                }),
              ],
              leftAnnotations: [
                { value: 50, label: 'normal releases above' },
                { value: 10, label: 'freeze below' },
                { value: 0, label: 'exhausted' },
              ],
              start: `-P${Math.min(slo.periodDays, 90)}D`,
              width: 24,
            }),
          ],
        ]
      : []),
  ];
}
