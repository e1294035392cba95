/**
 * A scalar evaluator for the CloudWatch metric-math expressions the SLO alarms use, so the SLI written in a
 * synthesized template (its `bad` and `total` expressions over raw metrics) can be evaluated for given metric values:
 * tests prove what an alarm AS BUILT reads in a scenario, and the simulator can be fed raw metrics. Pure.
 *
 * Supported: numbers, query ids, + − × ÷, unary −, parentheses, comparisons (> < >= <= == !=, 1 or 0), `FILL(m, v)`
 * and `IF(condition, a[, b])`. A missing value (a metric without a datapoint) propagates through arithmetic; FILL
 * replaces it (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html). Division by
 * zero gives a missing value.
 */

/** A metric-math query in the GetMetricData / CloudFormation `Metrics` shape. */
export interface MetricMathQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions?: ReadonlyArray<{ Name: string; Value: unknown }> };
    readonly Period: number;
    readonly Stat: string;
  };
  readonly ReturnData?: boolean;
}

/** A parsed metric-math expression. */
export type MetricMathNode =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'id'; readonly id: string }
  | { readonly k: 'neg'; readonly a: MetricMathNode }
  | { readonly k: 'bin'; readonly op: string; readonly a: MetricMathNode; readonly b: MetricMathNode }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly MetricMathNode[] };

const FUNCTIONS = new Set(['FILL', 'IF']);

/** Parses an expression; throws with the position on anything outside the supported subset. */
export function parseMetricMath(expression: string): MetricMathNode {
  const tokens = tokenize(expression);
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`metric math: ${what} at token ${i} in ${JSON.stringify(expression)}`);
  };
  const peek = () => tokens[i];
  const expect = (t: string) => (tokens[i] === t ? i++ : fail(`expected ${t}`));
  const comparison = (): MetricMathNode => {
    const a = additive();
    const op = peek();
    if (op === '>' || op === '<' || op === '>=' || op === '<=' || op === '==' || op === '!=') {
      i++;
      return { k: 'bin', op, a, b: additive() };
    }
    return a;
  };
  const additive = (): MetricMathNode => {
    let a = multiplicative();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++];
      a = { k: 'bin', op, a, b: multiplicative() };
    }
    return a;
  };
  const multiplicative = (): MetricMathNode => {
    let a = unary();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[i++];
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): MetricMathNode => {
    if (peek() === '-') {
      i++;
      return { k: 'neg', a: unary() };
    }
    return primary();
  };
  const primary = (): MetricMathNode => {
    const t = tokens[i++];
    if (t === undefined) return fail('unexpected end');
    if (t === '(') {
      const e = comparison();
      expect(')');
      return e;
    }
    if (/^[0-9.]/.test(t)) {
      const v = Number(t);
      return Number.isFinite(v) ? { k: 'num', v } : fail(`bad number ${t}`);
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() !== '(') return { k: 'id', id: t };
      const fn = t.toUpperCase();
      if (!FUNCTIONS.has(fn)) return fail(`unsupported function ${t}`);
      i++;
      const args: MetricMathNode[] = [comparison()];
      while (peek() === ',') {
        i++;
        args.push(comparison());
      }
      expect(')');
      if (fn === 'FILL' && args.length !== 2) fail('FILL takes 2 arguments');
      if (fn === 'IF' && (args.length < 2 || args.length > 3)) fail('IF takes 2 or 3 arguments');
      return { k: 'call', fn, args };
    }
    return fail(`unexpected ${JSON.stringify(t)}`);
  };
  const node = comparison();
  if (i !== tokens.length) fail(`trailing ${JSON.stringify(tokens[i])}`);
  return node;
}

function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|[-+*/(),<>]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`metric math: cannot read ${JSON.stringify(text.slice(pos, pos + 20))} in ${JSON.stringify(text)}`);
    out.push(m[1] ?? m[2] ?? m[3]);
    pos = re.lastIndex;
  }
  return out;
}

/** Every id an expression references. */
export function metricMathIdentifiers(expression: string): string[] {
  const ids = new Set<string>();
  const visit = (n: MetricMathNode) => {
    if (n.k === 'id') ids.add(n.id);
    else if (n.k === 'neg') visit(n.a);
    else if (n.k === 'bin') {
      visit(n.a);
      visit(n.b);
    } else if (n.k === 'call') n.args.forEach(visit);
  };
  visit(parseMetricMath(expression));
  return [...ids];
}

/** Evaluates an expression; `value(id)` gives each referenced id's value (undefined: missing). */
export function evaluateMetricMath(expression: string | MetricMathNode, value: (id: string) => number | undefined): number | undefined {
  const node = typeof expression === 'string' ? parseMetricMath(expression) : expression;
  const ev = (n: MetricMathNode): number | undefined => {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'id':
        return value(n.id);
      case 'neg': {
        const a = ev(n.a);
        return a === undefined ? undefined : -a;
      }
      case 'call': {
        if (n.fn === 'FILL') return ev(n.args[0]) ?? ev(n.args[1]);
        const c = ev(n.args[0]);
        if (c === undefined) return undefined;
        return c !== 0 ? ev(n.args[1]) : n.args.length === 3 ? ev(n.args[2]) : undefined;
      }
      case 'bin': {
        const a = ev(n.a);
        const b = ev(n.b);
        if (a === undefined || b === undefined) return undefined;
        switch (n.op) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return b === 0 ? undefined : a / b;
          case '>':
            return a > b ? 1 : 0;
          case '<':
            return a < b ? 1 : 0;
          case '>=':
            return a >= b ? 1 : 0;
          case '<=':
            return a <= b ? 1 : 0;
          case '==':
            return a === b ? 1 : 0;
          default:
            return a !== b ? 1 : 0;
        }
      }
    }
  };
  return ev(node);
}

/**
 * Evaluates query `id` of a set of metric-math queries (an alarm's `Metrics`), with `metric(query)` giving the value
 * of each MetricStat query (undefined: no datapoint).
 */
export function evaluateMetricQueries(
  queries: readonly MetricMathQuery[],
  id: string,
  metric: (query: MetricMathQuery & { MetricStat: NonNullable<MetricMathQuery['MetricStat']> }) => number | undefined,
): number | undefined {
  const byId = new Map(queries.map((q) => [q.Id, q]));
  const parsed = new Map<string, MetricMathNode>();
  const visiting = new Set<string>();
  const value = (qid: string): number | undefined => {
    const q = byId.get(qid);
    if (!q) throw new Error(`metric math: no query with id ${JSON.stringify(qid)}`);
    if (q.MetricStat) return metric(q as MetricMathQuery & { MetricStat: NonNullable<MetricMathQuery['MetricStat']> });
    if (q.Expression === undefined) throw new Error(`metric math: query ${qid} has neither Expression nor MetricStat`);
    if (visiting.has(qid)) throw new Error(`metric math: query ${qid} depends on itself`);
    visiting.add(qid);
    if (!parsed.has(qid)) parsed.set(qid, parseMetricMath(q.Expression));
    const v = evaluateMetricMath(parsed.get(qid)!, value);
    visiting.delete(qid);
    return v;
  };
  return value(id);
}
