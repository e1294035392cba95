/**
 * Finds the SLOs a deployed stack's `SloAlarms` created (`cdk-scale budget --stack NAME`), from the labels
 * at the end of their AlarmDescription (lib/slo/alarm-label.ts):
 *
 * 1. DescribeAlarms with AlarmNamePrefix `NAME-`: CloudFormation names the window alarms
 *    `<stack name>-<logical id>-<suffix>` when the construct gives no name.
 * 2. For each SLO found, DescribeAlarms with the prefix CDK gives the tier composites it names itself (the
 *    SLO's construct path without separators, e.g. `PrimarySlo` for `Primary/Slo`).
 * 3. When step 1 finds none (alarms named with `alarmNamePrefix`), every alarm of the region is listed and the
 *    SLOs kept that have an alarm whose name starts with `NAME-` or whose SLO path starts with `NAME/` (so
 *    NAME may also be the stack's construct id).
 */
import type { CloudWatchClient, CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { parseSloAlarmLabel } from '../slo/alarm-label';
import { DeployedSlos, slosFromAlarms } from '../slo/deployed-slos';
import { describeAllAlarms } from './alarms';
import type { ReadStats } from './metric-data';

/** What discovery found and how. */
export interface Discovery extends DeployedSlos {
  /** Labelled alarms read. */
  readonly alarms: number;
}

/** The SLOs of the stack named `stack` (see the module comment). */
export async function discoverStackSlos(client: CloudWatchClient, stack: string, stats: ReadStats): Promise<Discovery> {
  const byName = new Map<string, MetricAlarm | CompositeAlarm>();
  const metric: MetricAlarm[] = [];
  const composite: CompositeAlarm[] = [];
  const keep = (found: { metricAlarms: MetricAlarm[]; compositeAlarms: CompositeAlarm[] }, accept: (a: MetricAlarm | CompositeAlarm) => boolean) => {
    for (const [list, into] of [[found.metricAlarms, metric], [found.compositeAlarms, composite]] as const) {
      for (const a of list) {
        if (!a.AlarmName || byName.has(a.AlarmName) || !parseSloAlarmLabel(a.AlarmDescription) || !accept(a)) continue;
        byName.set(a.AlarmName, a);
        (into as Array<MetricAlarm | CompositeAlarm>).push(a);
      }
    }
  };
  keep(await describeAllAlarms(client, stats, `${stack}-`), () => true);
  if (metric.length > 0) {
    const paths = [...new Set(metric.map((a) => parseSloAlarmLabel(a.AlarmDescription)!.slo))];
    for (const path of paths) {
      const prefix = path.replace(/[^A-Za-z0-9]/g, '');
      keep(await describeAllAlarms(client, stats, prefix), (a) => parseSloAlarmLabel(a.AlarmDescription)!.slo === path);
    }
  } else {
    const all = await describeAllAlarms(client, stats);
    const sloOf = (a: MetricAlarm | CompositeAlarm) => parseSloAlarmLabel(a.AlarmDescription)?.slo;
    const paths = new Set(
      [...all.metricAlarms, ...all.compositeAlarms]
        .filter((a) => sloOf(a) !== undefined && (a.AlarmName?.startsWith(`${stack}-`) || sloOf(a)!.startsWith(`${stack}/`)))
        .map((a) => sloOf(a)!),
    );
    keep(all, (a) => paths.has(sloOf(a)!));
  }
  return { ...slosFromAlarms(metric, composite), alarms: byName.size };
}
