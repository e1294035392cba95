/**
 * The budget publisher's code, exactly as inlined in the template, run in a VM against a stand-in for the AWS SDK's
 * CloudWatch client (the Lambda runtime provides the real one).
 */
import * as vm from 'vm';
import { BUDGET_PUBLISHER_CODE, type BudgetPublisherEvent } from '../../lib/slo/private/budget-publisher';

interface Sent {
  readonly command: string;
  readonly input: Record<string, any>;
}

function load(pages: Array<Record<string, any>>) {
  const sent: Sent[] = [];
  const command = (name: string) =>
    class {
      constructor(public readonly input: Record<string, any>) {}
      get name() {
        return name;
      }
    };
  const sdk = {
    GetMetricDataCommand: command('GetMetricData'),
    PutMetricDataCommand: command('PutMetricData'),
    CloudWatchClient: class {
      async send(c: { name: string; input: Record<string, any> }) {
        sent.push({ command: c.name, input: c.input });
        return c.name === 'GetMetricData' ? pages.shift() : {};
      }
    },
  };
  const module = { exports: {} as { handler?: (e: BudgetPublisherEvent) => Promise<any> } };
  const require = (id: string) => {
    if (id !== '@aws-sdk/client-cloudwatch') throw new Error(`unexpected require ${id}`);
    return sdk;
  };
  vm.runInNewContext(BUDGET_PUBLISHER_CODE, { module, exports: module.exports, require, Date, Math });
  return { handler: module.exports.handler!, sent };
}

const event: BudgetPublisherEvent = {
  slo: 'Shop/Checkout',
  periodDays: 30,
  budget: 0.001,
  namespace: 'CdkScalePatterns/SLO',
  metricName: 'ErrorBudgetRemaining',
  queries: [
    { Id: 'bad', Expression: 'FILL(f, 0)', ReturnData: true },
    { Id: 'f', MetricStat: { Metric: { Namespace: 'Shop', MetricName: 'Failed', Dimensions: [] }, Period: 3600, Stat: 'Sum' }, ReturnData: false },
    { Id: 'total', MetricStat: { Metric: { Namespace: 'Shop', MetricName: 'Orders', Dimensions: [] }, Period: 3600, Stat: 'Sum' }, ReturnData: true },
  ],
};

test('sums hourly bad and total over the period (every page), puts 1 − (bad ÷ total) ÷ (1 − SLO) at the last full hour', async () => {
  const { handler, sent } = load([
    { MetricDataResults: [{ Id: 'bad', Values: [10, 5], StatusCode: 'Complete' }, { Id: 'total', Values: [10_000, 20_000], StatusCode: 'PartialData' }], NextToken: 'next' },
    { MetricDataResults: [{ Id: 'bad', Values: [5], StatusCode: 'Complete' }, { Id: 'total', Values: [10_000], StatusCode: 'Complete' }] },
  ]);
  const before = Date.now();
  const result = await handler(event);
  expect(result).toEqual({ slo: 'Shop/Checkout', bad: 20, total: 40_000, remaining: 0.5 });
  const [get1, get2, put] = sent;
  expect([get1.command, get2.command, put.command]).toEqual(['GetMetricData', 'GetMetricData', 'PutMetricData']);
  const end = Math.floor(before / 3_600_000) * 3_600_000;
  expect(get1.input).toMatchObject({ MetricDataQueries: event.queries, ScanBy: 'TimestampAscending', NextToken: undefined });
  expect([get1.input.StartTime.getTime(), get1.input.EndTime.getTime()]).toEqual([end - 30 * 86_400_000, end]);
  expect(get2.input.NextToken).toBe('next');
  expect(put.input).toEqual({
    Namespace: 'CdkScalePatterns/SLO',
    MetricData: [{ MetricName: 'ErrorBudgetRemaining', Dimensions: [{ Name: 'Slo', Value: 'Shop/Checkout' }], Timestamp: new Date(end), Value: 0.5, Unit: 'None' }],
  });
});

test('a budget spent exactly reads 0, not −2e-16 (the strict < 0 alarm stays quiet); no traffic reads 1', async () => {
  expect((await load([{ MetricDataResults: [{ Id: 'bad', Values: [7] }, { Id: 'total', Values: [7000] }] }]).handler(event)).remaining).toBe(0);
  expect((await load([{ MetricDataResults: [{ Id: 'bad', Values: [] }, { Id: 'total', Values: [] }] }]).handler(event)).remaining).toBe(1);
  expect((await load([{ MetricDataResults: [{ Id: 'bad', Values: [30] }, { Id: 'total', Values: [10_000] }] }]).handler(event)).remaining).toBe(-2);
});

test('a failed query is an error (the alarm then sees no data and reports INSUFFICIENT_DATA), nothing is put', async () => {
  const { handler, sent } = load([{ MetricDataResults: [{ Id: 'bad', Values: [], StatusCode: 'Forbidden' }] }]);
  await expect(handler(event)).rejects.toThrow(/GetMetricData bad: Forbidden/);
  expect(sent.map((s) => s.command)).toEqual(['GetMetricData']);
});

test('the code fits CloudFormation\'s inline ZipFile limit (4,096 characters)', () => {
  expect(BUDGET_PUBLISHER_CODE.length).toBeLessThanOrEqual(4096);
});
