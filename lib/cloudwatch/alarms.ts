/** DescribeAlarms and ListMetrics, every page. */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  ListMetricsCommand,
  type CompositeAlarm,
  type DimensionFilter,
  type Metric,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { ReadStats } from './metric-data';

/** Every metric and composite alarm (whose name starts with `prefix`, when given). */
export async function describeAllAlarms(
  client: CloudWatchClient,
  stats: ReadStats,
  prefix?: string,
): Promise<{ metricAlarms: MetricAlarm[]; compositeAlarms: CompositeAlarm[] }> {
  const metricAlarms: MetricAlarm[] = [];
  const compositeAlarms: CompositeAlarm[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        ...(prefix ? { AlarmNamePrefix: prefix } : {}),
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    stats.otherCalls++;
    metricAlarms.push(...(out.MetricAlarms ?? []));
    compositeAlarms.push(...(out.CompositeAlarms ?? []));
    nextToken = out.NextToken || undefined;
  } while (nextToken);
  return { metricAlarms, compositeAlarms };
}

/** Every metric of `namespace` named `metricName` (matching `dimensions`, when given). */
export async function listAllMetrics(
  client: CloudWatchClient,
  stats: ReadStats,
  namespace: string,
  metricName: string,
  dimensions?: DimensionFilter[],
): Promise<Metric[]> {
  const metrics: Metric[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new ListMetricsCommand({ Namespace: namespace, MetricName: metricName, ...(dimensions ? { Dimensions: dimensions } : {}), ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    stats.otherCalls++;
    metrics.push(...(out.Metrics ?? []));
    nextToken = out.NextToken || undefined;
  } while (nextToken);
  return metrics;
}
