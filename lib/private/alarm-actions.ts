/** The one action strategy of the library's alarms: notify a topic when the alarm fires and when it recovers. */
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';

/** Something that takes alarm and OK actions: a metric alarm or a composite alarm. */
export type ActionableAlarm = Pick<cw.AlarmBase, 'addAlarmAction' | 'addOkAction'>;

/** Sends `alarm`'s transitions into ALARM and back to OK to `topic`. */
export function notifyTopic(alarm: ActionableAlarm, topic: sns.ITopic): void {
  const action = new cwActions.SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
}
