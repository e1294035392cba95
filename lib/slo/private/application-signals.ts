/**
 * The native Application Signals SLO of `SloAlarms`: request-based, from the same bad and total counts, with
 * one burn-rate configuration per alarm window.
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-ServiceLevelObjectives.html
 */
import { Names, Stack } from 'aws-cdk-lib';
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import { withoutFloatNoise } from '../../format';
import { alarmWindowsMinutes } from '../definitions';
import { MetricDataQueryJson, metricDataQueries } from '../metric-data-queries';
import type { SloAlarms } from '../slo-alarms';

/** Creates `ServiceLevelObjective` in `slo`, described by `sloText`. */
export function createApplicationSignalsSlo(slo: SloAlarms, sloText: string): applicationsignals.CfnServiceLevelObjective {
  const stack = Stack.of(slo);
  return new applicationsignals.CfnServiceLevelObjective(slo, 'ServiceLevelObjective', {
    name: Names.uniqueResourceName(slo, { maxLength: 128, separator: '-' }).replace(/^[^0-9A-Za-z]+|[^0-9A-Za-z]+$/g, ''),
    description: sloText.slice(0, 1024),
    requestBasedSli: {
      requestBasedSliMetric: {
        monitoredRequestCountMetric: { badCountMetric: metricDataQueries(stack, slo.sli.badEvents, 60, 'bad').map(toCfnQuery) },
        totalRequestCountMetric: metricDataQueries(stack, slo.sli.totalEvents, 60, 'total').map(toCfnQuery),
      },
    },
    goal: {
      attainmentGoal: withoutFloatNoise(slo.availability * 100),
      interval: { rollingInterval: { duration: slo.periodDays, durationUnit: 'DAY' } },
    },
    burnRateConfigurations: alarmWindowsMinutes(slo.definitions).map((w) => ({ lookBackWindowMinutes: w })),
  });
}

/** A GetMetricData query in the resource's (camel-cased) property shape. */
function toCfnQuery(q: MetricDataQueryJson): applicationsignals.CfnServiceLevelObjective.MetricDataQueryProperty {
  return {
    id: q.Id,
    returnData: q.ReturnData,
    ...(q.Expression !== undefined ? { expression: q.Expression } : {}),
    ...(q.MetricStat
      ? {
          metricStat: {
            metric: {
              namespace: q.MetricStat.Metric.Namespace,
              metricName: q.MetricStat.Metric.MetricName,
              dimensions: q.MetricStat.Metric.Dimensions.map((x) => ({ name: x.Name, value: x.Value })),
            },
            period: q.MetricStat.Period,
            stat: q.MetricStat.Stat,
          },
        }
      : {}),
    ...(q.AccountId ? { accountId: q.AccountId } : {}),
  };
}
