/**
 * A client-side evaluator for the CloudWatch metric-math subset the SLIs and SLO alarms use, so
 * `cdk-scale budget` can apply an SLI's expressions to raw metric series itself: CloudWatch returns no
 * `NextToken` for math expressions (long ranges would be cut), and emulators return them empty.
 *
 * Grammar (what `Sli` and `SloAlarms` emit, see lib/slo/sli.ts and docs/budget-and-review.md):
 * numbers, metric ids (`bad`, `target5xx`), `+ - * /`, unary minus, parentheses, comparisons
 * `> >= < <= == !=` (1 when true, 0 when false), `AND`/`&&`, `OR`/`||`, `FILL(x, value)` and
 * `IF(condition, a[, b])`. Anything else (SEARCH, METRICS(), RATE, FILL(x, REPEAT), ...) is refused with
 * a {@link MetricMathError} naming it.
 *
 * Semantics follow CloudWatch's on a time grid (every series has one slot per period):
 * - an operation between series is applied slot by slot; a slot missing in an operand is missing in the result;
 * - a scalar combines with every slot;
 * - `FILL(x, v)` puts `v` in every missing slot of `x`;
 * - `IF(c, a, b)` is `a` where `c` is non-zero, `b` where it is zero, missing where `c` is missing;
 *   `IF(c, a)` is missing where `c` is zero;
 * - division by zero gives a missing slot (CloudWatch returns no datapoint for it).
 *
 * Pure: no I/O, no aws-cdk-lib.
 */

/** A metric-math expression, parsed. */
export type MathNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'negate'; readonly operand: MathNode }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: MathNode; readonly right: MathNode }
  | { readonly kind: 'call'; readonly name: 'FILL' | 'IF'; readonly args: readonly MathNode[] };

/** The binary operators of the subset. */
export type BinaryOperator = '+' | '-' | '*' | '/' | '>' | '>=' | '<' | '<=' | '==' | '!=' | 'AND' | 'OR';

/** A series on a time grid: one slot per period, `undefined` where CloudWatch has no datapoint. */
export type Series = ReadonlyArray<number | undefined>;

/** An expression the evaluator cannot read or apply. */
export class MetricMathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricMathError';
  }
}

const FUNCTIONS = new Set(['FILL', 'IF']);

/** Parses an expression of the subset; throws {@link MetricMathError} naming what it cannot read. */
export function parseMetricMath(expression: string): MathNode {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i];
  const fail = (what: string): never => {
    throw new MetricMathError(`cannot evaluate metric math ${JSON.stringify(expression)}: ${what}`);
  };
  const expect = (t: string) => {
    if (tokens[i] !== t) fail(`expected "${t}" but found ${tokens[i] === undefined ? 'the end' : `"${tokens[i]}"`}`);
    i++;
  };
  const binaryLevel = (ops: readonly string[], next: () => MathNode) => (): MathNode => {
    let left = next();
    while (peek() !== undefined && ops.includes(peek()!.toUpperCase())) {
      const raw = tokens[i++].toUpperCase();
      const op = (raw === '&&' ? 'AND' : raw === '||' ? 'OR' : raw) as BinaryOperator;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };
  const primary = (): MathNode => {
    const t = tokens[i++];
    if (t === undefined) return fail('it ends too early');
    if (t === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (t === '-') return { kind: 'negate', operand: primary() };
    if (t === '+') return primary();
    if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { kind: 'number', value: Number(t) };
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) {
      if (peek() === '(') {
        const name = t.toUpperCase();
        if (!FUNCTIONS.has(name)) fail(`the function ${t}() is not supported (only FILL and IF)`);
        i++;
        const args: MathNode[] = [];
        if (peek() !== ')') {
          args.push(or());
          while (peek() === ',') {
            i++;
            if (name === 'FILL' && args.length === 1 && /^(REPEAT|LINEAR)$/i.test(peek() ?? '')) fail(`FILL(x, ${peek()}) is not supported (only a number)`);
            args.push(or());
          }
        }
        expect(')');
        if (name === 'FILL' && args.length !== 2) fail('FILL takes two arguments: FILL(x, value)');
        if (name === 'IF' && args.length !== 2 && args.length !== 3) fail('IF takes two or three arguments: IF(condition, a[, b])');
        return { kind: 'call', name: name as 'FILL' | 'IF', args };
      }
      if (/^(AND|OR)$/i.test(t)) fail(`"${t}" needs an operand before it`);
      if (/^(REPEAT|LINEAR)$/i.test(t)) fail(`${t} is not supported`);
      return { kind: 'ref', id: t };
    }
    return fail(`unexpected "${t}"`);
  };
  const unary = (): MathNode => primary();
  const multiplicative = binaryLevel(['*', '/'], unary);
  const additive = binaryLevel(['+', '-'], multiplicative);
  const comparison = binaryLevel(['>', '>=', '<', '<=', '==', '!='], additive);
  const and = binaryLevel(['AND', '&&'], comparison);
  const or = binaryLevel(['OR', '||'], and);

  if (tokens.length === 0) fail('it is empty');
  const node = or();
  if (i !== tokens.length) fail(`unexpected "${tokens[i]}"`);
  return node;
}

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|&&|\|\||[-+*/(),<>])|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))/y;
  let pos = 0;
  while (pos < expression.length) {
    if (/^\s*$/.test(expression.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(expression);
    if (!m) {
      throw new MetricMathError(`cannot evaluate metric math ${JSON.stringify(expression)}: unexpected ${JSON.stringify(expression.slice(pos).trim().slice(0, 10))}`);
    }
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    pos = re.lastIndex;
  }
  return tokens;
}

/** Every metric id an expression reads, in order of first use. */
export function referencedIds(node: MathNode): string[] {
  const ids: string[] = [];
  const visit = (n: MathNode) => {
    if (n.kind === 'ref') {
      if (!ids.includes(n.id)) ids.push(n.id);
    } else if (n.kind === 'negate') visit(n.operand);
    else if (n.kind === 'binary') {
      visit(n.left);
      visit(n.right);
    } else if (n.kind === 'call') n.args.forEach(visit);
  };
  visit(node);
  return ids;
}

type Value = number | Series;

/**
 * Evaluates a parsed expression on a grid of `length` slots; `lookup(id)` gives each referenced series (a
 * number for a constant). A scalar result is spread over the grid.
 */
export function evaluateMetricMath(node: MathNode, lookup: (id: string) => Value, length: number): Series {
  const v = evaluate(node, lookup, length);
  return typeof v === 'number' ? Array.from({ length }, () => v) : v;
}

function evaluate(node: MathNode, lookup: (id: string) => Value, length: number): Value {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref': {
      const v = lookup(node.id);
      if (typeof v !== 'number' && v.length !== length) {
        throw new MetricMathError(`series ${node.id} has ${v.length} slots, the grid ${length}`);
      }
      return v;
    }
    case 'negate':
      return map1(evaluate(node.operand, lookup, length), (x) => -x);
    case 'binary': {
      const f = BINARY[node.op];
      return map2(evaluate(node.left, lookup, length), evaluate(node.right, lookup, length), f, length);
    }
    case 'call': {
      const args = node.args.map((a) => evaluate(a, lookup, length));
      if (node.name === 'FILL') {
        const [x, fill] = args;
        if (typeof fill !== 'number') throw new MetricMathError('FILL(x, value): value must be a number');
        return typeof x === 'number' ? x : x.map((s) => (s === undefined ? fill : s));
      }
      const [cond, a, b] = args;
      const at = (v: Value | undefined, k: number) => (v === undefined ? undefined : typeof v === 'number' ? v : v[k]);
      if ([cond, a, b].every((v) => v === undefined || typeof v === 'number')) {
        return (cond as number) !== 0 ? (a as number) : (b as number | undefined) ?? NaN;
      }
      return Array.from({ length }, (_, k) => {
        const c = at(cond, k);
        if (c === undefined) return undefined;
        return c !== 0 ? at(a, k) : at(b, k);
      });
    }
  }
}

const BINARY: Record<BinaryOperator, (a: number, b: number) => number | undefined> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? undefined : a / b),
  '>': (a, b) => Number(a > b),
  '>=': (a, b) => Number(a >= b),
  '<': (a, b) => Number(a < b),
  '<=': (a, b) => Number(a <= b),
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
  AND: (a, b) => Number(a !== 0 && b !== 0),
  OR: (a, b) => Number(a !== 0 || b !== 0),
};

function map1(v: Value, f: (x: number) => number): Value {
  return typeof v === 'number' ? f(v) : v.map((x) => (x === undefined ? undefined : f(x)));
}

function map2(a: Value, b: Value, f: (x: number, y: number) => number | undefined, length: number): Value {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b) ?? NaN;
  return Array.from({ length }, (_, k) => {
    const x = typeof a === 'number' ? a : a[k];
    const y = typeof b === 'number' ? b : b[k];
    return x === undefined || y === undefined ? undefined : f(x, y);
  });
}

/** One node of a GetMetricData query tree: a metric-math expression or a metric statistic. */
export interface QueryTreeNode {
  readonly id: string;
  readonly expression?: string;
  readonly metricStat?: MetricStatKey;
}

/** A metric and statistic, without a period (the reader chooses periods). */
export interface MetricStatKey {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly stat: string;
}

/** A stable key for a metric and statistic: equal keys fetch the same series. */
export function metricStatKey(m: MetricStatKey): string {
  const dims = [...m.dimensions].sort((a, b) => a.name.localeCompare(b.name) || a.value.localeCompare(b.value));
  return JSON.stringify([m.namespace, m.metricName, dims.map((d) => [d.name, d.value]), m.stat]);
}

/**
 * The metric statistics a query tree rooted at `rootId` reads (its leaves), in order. Throws
 * {@link MetricMathError} for an id the tree lacks, a cycle, or an expression outside the subset.
 */
export function queryTreeLeaves(rootId: string, nodes: ReadonlyMap<string, QueryTreeNode>): MetricStatKey[] {
  const leaves = new Map<string, MetricStatKey>();
  const visit = (id: string, path: readonly string[]) => {
    const node = nodes.get(id);
    if (!node) throw new MetricMathError(`the expression ${path.length ? `of ${path[path.length - 1]} ` : ''}reads "${id}", which is not one of its queries`);
    if (path.includes(id)) throw new MetricMathError(`the queries refer to each other in a cycle: ${[...path, id].join(' → ')}`);
    if (node.metricStat) {
      leaves.set(metricStatKey(node.metricStat), node.metricStat);
      return;
    }
    if (node.expression === undefined) throw new MetricMathError(`query ${id} has neither an expression nor a metric`);
    for (const ref of referencedIds(parseMetricMath(node.expression))) visit(ref, [...path, id]);
  };
  visit(rootId, []);
  return [...leaves.values()];
}

/**
 * Evaluates the query `rootId` of a tree on a grid of `length` slots, given the series of each leaf
 * (by {@link metricStatKey}; a leaf CloudWatch returned nothing for is an all-missing series).
 */
export function evaluateQueryTree(
  rootId: string,
  nodes: ReadonlyMap<string, QueryTreeNode>,
  leafSeries: (key: string) => Series | undefined,
  length: number,
): Series {
  const memo = new Map<string, Series>();
  const empty: Series = Array.from({ length }, () => undefined);
  const valueOf = (id: string, path: readonly string[]): Series => {
    const cached = memo.get(id);
    if (cached) return cached;
    const node = nodes.get(id);
    if (!node) throw new MetricMathError(`the expression reads "${id}", which is not one of its queries`);
    if (path.includes(id)) throw new MetricMathError(`the queries refer to each other in a cycle: ${[...path, id].join(' → ')}`);
    let result: Series;
    if (node.metricStat) result = leafSeries(metricStatKey(node.metricStat)) ?? empty;
    else result = evaluateMetricMath(parseMetricMath(node.expression ?? ''), (ref) => valueOf(ref, [...path, id]), length);
    memo.set(id, result);
    return result;
  };
  return valueOf(rootId, []);
}

/** A metric-math query in the GetMetricData / CloudFormation `Metrics` shape (an alarm's `Metrics` entry). */
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

/**
 * Evaluates query `id` of an alarm's `Metrics` at one datapoint, `metric(query)` giving each MetricStat query's value
 * (undefined: no datapoint): what the alarm AS BUILT reads for given raw metric values. The same evaluator as the
 * series one above, on a grid of one slot.
 */
export function evaluateMetricQueries(
  queries: readonly MetricMathQuery[],
  id: string,
  metric: (query: MetricMathQuery & { MetricStat: NonNullable<MetricMathQuery['MetricStat']> }) => number | undefined,
): number | undefined {
  const byId = new Map(queries.map((q) => [q.Id, q]));
  const valueOf = (qid: string, path: readonly string[]): Series => {
    const q = byId.get(qid);
    if (!q) throw new MetricMathError(`no query with id ${JSON.stringify(qid)}`);
    if (q.MetricStat) return [metric(q as MetricMathQuery & { MetricStat: NonNullable<MetricMathQuery['MetricStat']> })];
    if (q.Expression === undefined) throw new MetricMathError(`query ${qid} has neither an expression nor a metric`);
    if (path.includes(qid)) throw new MetricMathError(`query ${qid} depends on itself: ${[...path, qid].join(' → ')}`);
    return evaluateMetricMath(parseMetricMath(q.Expression), (ref) => valueOf(ref, [...path, qid]), 1);
  };
  return valueOf(id, [])[0];
}
