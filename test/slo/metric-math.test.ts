import {
  evaluateMetricMath,
  evaluateMetricQueries,
  evaluateQueryTree,
  MetricMathError,
  metricStatKey,
  parseMetricMath,
  queryTreeLeaves,
  referencedIds,
  type QueryTreeNode,
  type Series,
} from '../../lib/slo/metric-math';

const u = undefined;

function run(expression: string, series: Record<string, Series | number>, length = 3): Series {
  return evaluateMetricMath(parseMetricMath(expression), (id) => {
    if (!(id in series)) throw new Error(`no ${id}`);
    return series[id];
  }, length);
}

describe('the expressions the SLIs and alarms emit', () => {
  test('ALB availability: FILL(target5xx, 0) + FILL(elb5xx, 0); a missing count is 0', () => {
    expect(run('FILL(target5xx, 0) + FILL(elb5xx, 0)', { target5xx: [1, u, u], elb5xx: [2, 3, u] })).toEqual([3, 3, 0]);
  });

  test('the gated ratio IF(total > 60, bad / total, 0)', () => {
    expect(run('IF(total > 60, bad / total, 0)', { total: [100, 60, u], bad: [5, 30, 1] })).toEqual([0.05, 0, u]);
  });

  test('latency: FILL(responses, 0) * (100 - FILL(fastPct, 100)) / 100 is the count of slow responses', () => {
    expect(run('FILL(responses, 0) * (100 - FILL(fastPct, 100)) / 100', { responses: [1000, u, 200], fastPct: [95, u, u] })).toEqual([50, 0, 0]);
  });

  test('CloudFront: requests * FILL(errorRate, 0) / 100 turns a percentage into a count; no requests, no datapoint', () => {
    expect(run('requests * FILL(errorRate, 0) / 100', { requests: [2000, u, 10], errorRate: [1.5, 3, u] })).toEqual([30, u, 0]);
  });

  test('custom good/total: total - FILL(good, 0)', () => {
    expect(run('total - FILL(good, 0)', { total: [10, 10, u], good: [9, u, 1] })).toEqual([1, 10, u]);
  });
});

describe('operators', () => {
  test.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['12 / 4 / 3', 1],
    ['-2 * 3', -6],
    ['2 * -3', -6],
    ['1e3 / 4', 250],
    ['.5 * 4', 2],
    ['2 > 1', 1],
    ['2 >= 2', 1],
    ['2 < 1', 0],
    ['2 <= 1', 0],
    ['2 == 2', 1],
    ['2 != 2', 0],
    ['1 > 0 AND 0 > 1', 0],
    ['1 > 0 OR 0 > 1', 1],
    ['1 && 1', 1],
    ['0 || 0', 0],
    ['1 + 1 > 1 AND 3 > 2', 1],
    ['IF(1, 5, 6)', 5],
    ['IF(0, 5, 6)', 6],
    ['if(0, 5, 6)', 6],
  ])('%s = %d', (expression, expected) => {
    expect(run(expression, {}, 1)).toEqual([expected]);
  });

  test('a scalar combines with every slot; a missing slot stays missing', () => {
    expect(run('100 * a', { a: [1, u, 3] })).toEqual([100, u, 300]);
    expect(run('a - b', { a: [1, u, 3], b: [1, 1, u] })).toEqual([0, u, u]);
  });

  test('division by zero gives no datapoint', () => {
    expect(run('a / b', { a: [1, 2, 3], b: [0, 2, 0] })).toEqual([u, 1, u]);
  });

  test('IF with two arguments drops the slots where the condition is 0; a missing condition is missing', () => {
    expect(run('IF(a > 1, a)', { a: [1, 2, u] })).toEqual([u, 2, u]);
    expect(run('IF(a, b, c)', { a: [1, 0, u], b: [10, 10, 10], c: 7 })).toEqual([10, 7, u]);
  });

  test('FILL fills only missing slots, with any number', () => {
    expect(run('FILL(a, 100)', { a: [u, 5, u] })).toEqual([100, 5, 100]);
  });

  test('referencedIds lists each id once in order of use', () => {
    expect(referencedIds(parseMetricMath('IF(total > 5, bad / total, FILL(x, 0))'))).toEqual(['total', 'bad', 'x']);
  });
});

describe('what it refuses, with a message naming it', () => {
  test.each([
    ['SEARCH(\'{AWS/EC2} CPUUtilization\', \'Average\')', /SEARCH\(\) is not supported/],
    ['RATE(m1)', /RATE\(\) is not supported/],
    ['FILL(m1, REPEAT)', /FILL\(x, REPEAT\) is not supported/],
    ['FILL(m1)', /FILL takes two arguments/],
    ['IF(m1)', /IF takes two or three arguments/],
    ['m1 +', /ends too early/],
    ['(m1', /expected "\)"/],
    ['m1 m2', /unexpected "m2"/],
    ['m1 % 2', /unexpected "%/],
    ['', /empty/],
    ['AND m1', /needs an operand/],
  ])('%s', (expression, message) => {
    expect(() => parseMetricMath(expression)).toThrow(MetricMathError);
    expect(() => parseMetricMath(expression)).toThrow(message);
  });
});

describe('query trees (an alarm\'s Metrics)', () => {
  const lb = [{ name: 'LoadBalancer', value: 'app/x/1' }];
  const stat = (metricName: string, s = 'Sum') => ({ namespace: 'AWS/ApplicationELB', metricName, dimensions: lb, stat: s });
  const nodes = new Map<string, QueryTreeNode>([
    ['ratio', { id: 'ratio', expression: 'IF(total > 1, bad / total, 0)' }],
    ['bad', { id: 'bad', expression: 'FILL(target5xx, 0) + FILL(elb5xx, 0)' }],
    ['total', { id: 'total', expression: 'FILL(requests, 0) + FILL(elb5xx, 0)' }],
    ['target5xx', { id: 'target5xx', metricStat: stat('HTTPCode_Target_5XX_Count') }],
    ['elb5xx', { id: 'elb5xx', metricStat: stat('HTTPCode_ELB_5XX_Count') }],
    ['requests', { id: 'requests', metricStat: stat('RequestCount') }],
  ]);

  test('leaves are each metric statistic once', () => {
    expect(queryTreeLeaves('ratio', nodes).map((m) => m.metricName)).toEqual(['RequestCount', 'HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count']);
    expect(queryTreeLeaves('total', nodes).map((m) => m.metricName)).toEqual(['RequestCount', 'HTTPCode_ELB_5XX_Count']);
  });

  test('the key ignores dimension order', () => {
    const a = { namespace: 'N', metricName: 'M', stat: 'Sum', dimensions: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] };
    expect(metricStatKey(a)).toBe(metricStatKey({ ...a, dimensions: [...a.dimensions].reverse() }));
    expect(metricStatKey(a)).not.toBe(metricStatKey({ ...a, stat: 'Average' }));
  });

  test('evaluates bad and total from the leaf series', () => {
    const data = new Map<string, Series>([
      [metricStatKey(stat('RequestCount')), [100, u, 50]],
      [metricStatKey(stat('HTTPCode_ELB_5XX_Count')), [u, 4, u]],
      [metricStatKey(stat('HTTPCode_Target_5XX_Count')), [1, u, u]],
    ]);
    expect(evaluateQueryTree('bad', nodes, (k) => data.get(k), 3)).toEqual([1, 4, 0]);
    expect(evaluateQueryTree('total', nodes, (k) => data.get(k), 3)).toEqual([100, 4, 50]);
    expect(evaluateQueryTree('ratio', nodes, (k) => data.get(k), 3)).toEqual([0.01, 1, 0]);
    // A leaf CloudWatch returned nothing for reads as all missing (FILLed to 0 here).
    expect(evaluateQueryTree('bad', nodes, () => undefined, 3)).toEqual([0, 0, 0]);
  });

  test('an unknown id or a cycle is an error naming it', () => {
    const broken = new Map<string, QueryTreeNode>([['a', { id: 'a', expression: 'b + 1' }]]);
    expect(() => queryTreeLeaves('a', broken)).toThrow(/reads "b", which is not one of its queries/);
    const cycle = new Map<string, QueryTreeNode>([
      ['a', { id: 'a', expression: 'b + 1' }],
      ['b', { id: 'b', expression: 'a * 2' }],
    ]);
    expect(() => queryTreeLeaves('a', cycle)).toThrow(/cycle: a → b → a/);
    expect(() => evaluateQueryTree('a', cycle, () => undefined, 1)).toThrow(/cycle/);
  });
});

describe('evaluateMetricQueries: an alarm\'s Metrics at one datapoint', () => {
  test('expressions over expressions over metrics; unknown ids and cycles are refused', () => {
    const stat = (name: string) => ({ Metric: { Namespace: 'N', MetricName: name }, Period: 60, Stat: 'Sum' });
    const queries = [
      { Id: 'ratio', Expression: 'IF(total > 0, bad / total, 0)', ReturnData: true },
      { Id: 'bad', Expression: 'FILL(f, 0)', ReturnData: false },
      { Id: 'total', Expression: 'FILL(r, 0) + FILL(f, 0)', ReturnData: false },
      { Id: 'f', MetricStat: stat('Failed'), ReturnData: false },
      { Id: 'r', MetricStat: stat('Ok'), ReturnData: false },
    ];
    expect(evaluateMetricQueries(queries, 'ratio', (q) => ({ Failed: 1, Ok: 3 })[q.MetricStat.Metric.MetricName as 'Failed' | 'Ok'])).toBe(0.25);
    expect(evaluateMetricQueries(queries, 'ratio', () => undefined)).toBe(0);
    expect(() => evaluateMetricQueries(queries, 'nope', () => 1)).toThrow(/no query with id "nope"/);
    expect(() => evaluateMetricQueries([{ Id: 'x', Expression: 'x + 1' }], 'x', () => 1)).toThrow(/depends on itself/);
  });
});
