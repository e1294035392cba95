/** The SLI's two counts over one period, the ids every SLO expression uses for them. */
import type { Duration } from 'aws-cdk-lib';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type { Sli } from '../sli';

/** `{ bad, total }` of `sli` with every metric built with `period`, for an expression of that period. */
export function sliEventsOver(sli: Sli, period: Duration): { bad: cw.IMetric; total: cw.IMetric } {
  return { bad: sli.metricBadEvents(period), total: sli.metricTotalEvents(period) };
}
