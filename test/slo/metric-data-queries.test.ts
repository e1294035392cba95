import { Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { metricDataQueries } from '../../lib/slo/metric-data-queries';

describe('metricDataQueries', () => {
  const stack = new Stack(undefined, 'Q', { env: { account: '111111111111', region: 'us-east-1' } });
  const metric = (name: string, extra: Partial<cw.MetricProps> = {}) =>
    new cw.Metric({ namespace: 'Svc', metricName: name, statistic: 'Sum', period: Duration.minutes(5), dimensionsMap: { Api: 'checkout' }, ...extra });

  test('a metric-math tree becomes one query per node, the top one returned, every period the one given', () => {
    const ok = metric('Ok');
    const all = metric('All', { account: '222222222222' });
    const bad = new cw.MathExpression({ expression: 'total - FILL(good, 0)', usingMetrics: { total: all, good: ok } });
    expect(metricDataQueries(stack, bad, 60, 'bad')).toEqual([
      { Id: 'bad', Expression: 'total - FILL(good, 0)', ReturnData: true },
      {
        Id: 'total',
        MetricStat: { Metric: { Namespace: 'Svc', MetricName: 'All', Dimensions: [{ Name: 'Api', Value: 'checkout' }] }, Period: 60, Stat: 'Sum' },
        AccountId: '222222222222',
        ReturnData: false,
      },
      {
        Id: 'good',
        MetricStat: { Metric: { Namespace: 'Svc', MetricName: 'Ok', Dimensions: [{ Name: 'Api', Value: 'checkout' }] }, Period: 60, Stat: 'Sum' },
        ReturnData: false,
      },
    ]);
  });

  test('a plain metric is one returned query; its own account is left out', () => {
    expect(metricDataQueries(stack, metric('All', { account: '111111111111' }), 300, 'total')).toEqual([
      {
        Id: 'total',
        MetricStat: { Metric: { Namespace: 'Svc', MetricName: 'All', Dimensions: [{ Name: 'Api', Value: 'checkout' }] }, Period: 300, Stat: 'Sum' },
        ReturnData: true,
      },
    ]);
  });
});
