import { evaluateMetricMath, evaluateMetricQueries, metricMathIdentifiers, parseMetricMath } from '../../lib/slo/metric-math';

describe('metric math (the subset the SLO alarms use)', () => {
  const v = (values: Record<string, number>) => (id: string) => values[id];

  test('arithmetic, precedence, unary minus, comparisons', () => {
    expect(evaluateMetricMath('a + b * 2 - -c / 4', v({ a: 1, b: 2, c: 8 }))).toBe(7);
    expect(evaluateMetricMath('(a + b) * 2', v({ a: 1, b: 2 }))).toBe(6);
    expect(['a > b', 'a < b', 'a >= a', 'a <= b', 'a == a', 'a != a'].map((e) => evaluateMetricMath(e, v({ a: 1, b: 2 })))).toEqual([0, 1, 1, 1, 1, 0]);
  });

  test('missing values propagate; FILL replaces them; IF picks a branch; ÷ 0 is missing', () => {
    expect(evaluateMetricMath('a + b', v({ a: 1 }))).toBeUndefined();
    expect(evaluateMetricMath('FILL(a, 0) + FILL(b, 0)', v({ a: 1 }))).toBe(1);
    expect(evaluateMetricMath('IF(total > 69, bad / total, 0)', v({ total: 69, bad: 69 }))).toBe(0);
    expect(evaluateMetricMath('IF(total > 69, bad / total, 0)', v({ total: 70, bad: 7 }))).toBe(0.1);
    expect(evaluateMetricMath('IF(total > 0, bad / total)', v({ total: 0, bad: 0 }))).toBeUndefined();
    expect(evaluateMetricMath('IF(t > 0, 1, 0)', v({}))).toBeUndefined();
    expect(evaluateMetricMath('bad / total', v({ bad: 1, total: 0 }))).toBeUndefined();
  });

  test('identifiers, and errors for what is outside the subset', () => {
    expect(metricMathIdentifiers('FILL(requests, 0) + FILL(elb5xx, 0) - FILL(elb502, 0)')).toEqual(['requests', 'elb5xx', 'elb502']);
    expect(() => parseMetricMath('SUM(METRICS())')).toThrow(/unsupported function SUM/);
    expect(() => parseMetricMath('a +')).toThrow(/unexpected end/);
    expect(() => parseMetricMath('a b')).toThrow(/trailing "b"/);
    expect(() => parseMetricMath('FILL(a)')).toThrow(/FILL takes 2 arguments/);
    expect(() => parseMetricMath('a $ b')).toThrow(/cannot read/);
  });

  test('queries: expressions over expressions over metrics', () => {
    const stat = (name: string) => ({ Metric: { Namespace: 'N', MetricName: name }, Period: 60, Stat: 'Sum' });
    const queries = [
      { Id: 'ratio', Expression: 'IF(total > 0, bad / total, 0)', ReturnData: true },
      { Id: 'bad', Expression: 'FILL(f, 0)', ReturnData: false },
      { Id: 'total', Expression: 'FILL(r, 0) + FILL(f, 0)', ReturnData: false },
      { Id: 'f', MetricStat: stat('Failed'), ReturnData: false },
      { Id: 'r', MetricStat: stat('Ok'), ReturnData: false },
    ];
    expect(evaluateMetricQueries(queries, 'ratio', (q) => ({ Failed: 1, Ok: 3 })[q.MetricStat.Metric.MetricName])).toBe(0.25);
    expect(evaluateMetricQueries(queries, 'ratio', () => undefined)).toBe(0);
    expect(() => evaluateMetricQueries(queries, 'nope', () => 1)).toThrow(/no query with id "nope"/);
    expect(() => evaluateMetricQueries([{ Id: 'x', Expression: 'x + 1' }], 'x', () => 1)).toThrow(/depends on itself/);
  });
});
