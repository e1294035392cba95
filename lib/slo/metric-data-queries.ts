/**
 * A metric or metric-math tree as CloudWatch GetMetricData queries (the SDK's shape): what the assembly
 * metadata records for the SLI and what the Application Signals SLO is given. Only reads the metrics; the
 * one aws-cdk-lib call is resolving dimension tokens against the stack.
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html
 */
import { type Stack, Token } from 'aws-cdk-lib';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';

/** A CloudWatch GetMetricData query (the SDK's shape), as recorded in the assembly metadata. */
export interface MetricDataQueryJson {
  readonly Id: string;
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: Array<{ Name: string; Value: string }> };
    readonly Period: number;
    readonly Stat: string;
  };
  readonly AccountId?: string;
  readonly ReturnData: boolean;
}

/**
 * Renders a metric (or metric-math tree) as GetMetricData queries with every period set to `periodSeconds`;
 * the top query gets `topId` and ReturnData true. Tokens are resolved against `stack`.
 */
export function metricDataQueries(stack: Stack, metric: cw.IMetric, periodSeconds: number, topId: string): MetricDataQueryJson[] {
  const out: MetricDataQueryJson[] = [];
  const seen = new Set<string>();
  const visit = (m: cw.IMetric, id: string, top: boolean) => {
    if (seen.has(id)) return;
    seen.add(id);
    const c = m.toMetricConfig();
    if (c.mathExpression) {
      out.push({ Id: id, Expression: c.mathExpression.expression, ReturnData: top });
      for (const [childId, child] of Object.entries(c.mathExpression.usingMetrics)) visit(child, childId, false);
    } else if (c.metricStat) {
      const s = c.metricStat;
      out.push({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: s.namespace,
            MetricName: s.metricName,
            Dimensions: (s.dimensions ?? []).map((d) => ({ Name: d.name, Value: stack.resolve(d.value) })),
          },
          Period: periodSeconds,
          Stat: s.statistic,
        },
        ...(s.account && !Token.isUnresolved(s.account) && s.account !== stack.account ? { AccountId: s.account } : {}),
        ReturnData: top,
      });
    }
  };
  visit(metric, topId, true);
  return out;
}
