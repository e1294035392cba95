/**
 * The machine-readable label `SloAlarms` appends to every alarm description, so tools that only see the deployed
 * alarms (`cdk-scale budget --stack`, through CloudWatch DescribeAlarms) know which SLO an alarm belongs to, its role,
 * target and period — the same labels as the `cdk-scale:slo-alarm` template metadata. Pure.
 *
 * Format: the description, a blank line, then `cdk-scale-patterns:slo-alarm {json}` on the last line.
 */
import type { SloAlarmMetadata } from './template-parser';

const MARKER = 'cdk-scale-patterns:slo-alarm ';

/** CloudWatch's limit on AlarmDescription (PutMetricAlarm, PutCompositeAlarm): 1,024 characters. */
export const MAX_ALARM_DESCRIPTION_LENGTH = 1024;

/**
 * `description` followed by the label; the human part is shortened (with "…") so the whole fits CloudWatch's 1,024
 * characters and the label stays whole.
 */
export function withSloAlarmLabel(description: string, label: SloAlarmMetadata): string {
  const suffix = `\n\n${MARKER}${JSON.stringify(label)}`;
  const room = MAX_ALARM_DESCRIPTION_LENGTH - suffix.length;
  const text = description.length <= room ? description : `${description.slice(0, Math.max(0, room - 1))}…`;
  return `${text}${suffix}`;
}

/** The label of a description written by {@link withSloAlarmLabel}, or undefined when it has none (or a broken one). */
export function parseSloAlarmLabel(description: string | undefined): SloAlarmMetadata | undefined {
  if (!description) return undefined;
  const at = description.lastIndexOf(MARKER);
  if (at < 0) return undefined;
  try {
    const label = JSON.parse(description.slice(at + MARKER.length)) as SloAlarmMetadata;
    const ok = typeof label.slo === 'string' && typeof label.id === 'string' && typeof label.availability === 'number' && typeof label.periodDays === 'number';
    return ok ? label : undefined;
  } catch {
    return undefined;
  }
}
