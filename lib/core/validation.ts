/**
 * Up-front props validation shared by the constructs: collect EVERY problem, then throw ONE error
 * that names each prop, the value received and what is allowed.
 *
 * ```ts
 * const problems = collectProblems();
 * problems.integer('minCapacity', props.minCapacity, { min: 1 });
 * problems.check('healthCheckPath', path, path.startsWith('/'), 'must start with "/"');
 * throwIfProblems(this.node.path, problems);
 * ```
 *
 * Values that are unresolved tokens (`Token.isUnresolved`) are never reported: they are only known
 * at deploy time.
 */
import { Token } from 'aws-cdk-lib';

/** One invalid prop. */
export interface PropProblem {
  /** The prop's name (dotted path for nested props, e.g. `preWarm[0].minCapacity`). */
  readonly prop: string;
  /** The value received. */
  readonly value: unknown;
  /** What is allowed / how to fix it. */
  readonly message: string;
}

/** Thrown by {@link throwIfProblems}; `problems` lists every problem found. */
export class PropsValidationError extends Error {
  constructor(
    /** Path of the construct whose props are invalid. */
    public readonly constructPath: string,
    /** Every problem found. */
    public readonly problems: readonly PropProblem[],
  ) {
    super(
      `${constructPath}: invalid props (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.prop}: ${describeValue(p.value)} — ${p.message}`).join('\n'),
    );
    this.name = 'PropsValidationError';
  }
}

/** Renders a received value for an error message (short, JSON-like, tokens marked). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'function') return '[function]';
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Range options for numeric checks (inclusive bounds). */
export interface RangeOptions {
  /** Smallest allowed value. @default no lower bound */
  readonly min?: number;
  /** Largest allowed value. @default no upper bound */
  readonly max?: number;
}

/** Accumulates prop problems; see {@link collectProblems}. */
export class ProblemCollector {
  private readonly list: PropProblem[] = [];

  /** Every problem recorded so far. */
  public get problems(): readonly PropProblem[] {
    return this.list;
  }

  /** True when nothing was recorded. */
  public get isEmpty(): boolean {
    return this.list.length === 0;
  }

  /** Records a problem unconditionally (unless `value` is an unresolved token). */
  public add(prop: string, value: unknown, message: string): this {
    if (!isUnresolved(value)) this.list.push({ prop, value, message });
    return this;
  }

  /** Records `message` for `prop` when `ok` is false (unless `value` is an unresolved token). */
  public check(prop: string, value: unknown, ok: boolean, message: string): this {
    if (!ok) this.add(prop, value, message);
    return this;
  }

  /** Checks an optional finite number within inclusive bounds; `undefined` passes. */
  public number(prop: string, value: number | undefined, range: RangeOptions = {}): this {
    if (value === undefined || isUnresolved(value)) return this;
    if (!Number.isFinite(value) || (range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
      this.add(prop, value, `must be a finite number${rangeText(range)}`);
    }
    return this;
  }

  /** Checks an optional whole number within inclusive bounds; `undefined` passes. */
  public integer(prop: string, value: number | undefined, range: RangeOptions = {}): this {
    if (value === undefined || isUnresolved(value)) return this;
    if (!Number.isInteger(value) || (range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
      this.add(prop, value, `must be a whole number${rangeText(range)}`);
    }
    return this;
  }
}

/** Starts collecting problems for one construct's props. */
export function collectProblems(): ProblemCollector {
  return new ProblemCollector();
}

/**
 * Throws one {@link PropsValidationError} listing every problem, if there is any.
 * @param constructPath the construct's `node.path` (or any label naming it)
 */
export function throwIfProblems(constructPath: string, problems: ProblemCollector | readonly PropProblem[]): void {
  const list = problems instanceof ProblemCollector ? problems.problems : problems;
  if (list.length > 0) throw new PropsValidationError(constructPath, list);
}

function isUnresolved(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value);
}

function rangeText(range: RangeOptions): string {
  if (range.min !== undefined && range.max !== undefined) return ` between ${range.min} and ${range.max}`;
  if (range.min !== undefined) return ` ≥ ${range.min}`;
  if (range.max !== undefined) return ` ≤ ${range.max}`;
  return '';
}
