/**
 * The one validation path of the constructs: each construct's `validate…` function records every problem on
 * a {@link ProblemCollector}, then {@link throwIfProblems} throws ONE `PropsValidationError` listing them all.
 * Values only known at deploy time (unresolved tokens) are never reported. No check here calls an aws-cdk-lib
 * method that throws on bad input (e.g. `Duration.toSeconds()` on 7.5 s): a bad value is a problem, not a crash.
 *
 * ```ts
 * const problems = new ProblemCollector();
 * problems.integer('minCapacity', props.minCapacity, { min: 1 });
 * problems.seconds('healthCheckInterval', props.healthCheckInterval, { min: 5, max: 300 });
 * throwIfProblems(scope, problems);
 * ```
 */
import { Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AWS_REGIONS, isAwsRegion } from '../validation/aws-regions';
import { PropsValidationError, type Problem } from '../validation/problem';
import { ALB_HEADER_NAME_RULE, HOSTNAME_RULE, isAlbHeaderName, isHostname } from '../validation/rules';

/** Inclusive bounds of a numeric check. */
export interface RangeOptions {
  /** Smallest allowed value. @default no lower bound */
  readonly min?: number;
  /** Largest allowed value. @default no upper bound */
  readonly max?: number;
}

/** Bounds of a duration check, in seconds, and the message when out of them. */
export interface SecondsOptions extends RangeOptions {
  /** What to say when the value is not allowed. @default "must be a whole number of seconds between <min> and <max>" */
  readonly message?: string;
}

/** Accumulates the problems of one construct's props. */
export class ProblemCollector {
  private readonly list: Problem[] = [];

  /** Every problem recorded so far. */
  public get problems(): readonly Problem[] {
    return this.list;
  }

  /** Records a problem (unless `value` is an unresolved token). */
  public add(path: string, value: unknown, message: string): this {
    if (!isUnresolved(value)) this.list.push({ path, value, message });
    return this;
  }

  /** Records every problem of a list (e.g. from the pure SLO checks). */
  public addAll(problems: readonly Problem[]): this {
    for (const p of problems) this.add(p.path, p.value, p.message);
    return this;
  }

  /** Records `message` when `ok` is false. */
  public check(path: string, value: unknown, ok: boolean, message: string): this {
    return ok ? this : this.add(path, value, message);
  }

  /** An optional finite number within inclusive bounds; `undefined` passes. */
  public number(path: string, value: number | undefined, range: RangeOptions = {}): this {
    if (value === undefined || isUnresolved(value)) return this;
    return this.check(path, value, Number.isFinite(value) && inRange(value, range), `must be a finite number${rangeText(range)}`);
  }

  /** An optional whole number within inclusive bounds; `undefined` passes. */
  public integer(path: string, value: number | undefined, range: RangeOptions = {}): this {
    if (value === undefined || isUnresolved(value)) return this;
    return this.check(path, value, Number.isInteger(value) && inRange(value, range), `must be a whole number${rangeText(range)}`);
  }

  /** An optional value among `allowed`; `undefined` passes. */
  public oneOf<T>(path: string, value: T | undefined, allowed: readonly T[]): this {
    if (value === undefined) return this;
    return this.check(path, value, allowed.includes(value), `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  /** An optional Duration of whole seconds within bounds; `undefined` and unresolved durations pass. */
  public seconds(path: string, value: Duration | undefined, options: SecondsOptions = {}): this {
    const s = secondsOf(value);
    if (s === undefined) return this;
    const ok = Number.isInteger(s) && inRange(s, options);
    return this.check(path, `${s} s`, ok, options.message ?? `must be a whole number of seconds${rangeText(options)}`);
  }

  /** An optional AWS region name; `undefined` passes. */
  public region(path: string, value: string | undefined): this {
    if (value === undefined) return this;
    return this.check(path, value, isAwsRegion(value), `must be an AWS region such as us-west-2 (one of ${AWS_REGIONS.length} known to aws-cdk-lib)`);
  }

  /** An optional DNS host name (`wildcard`: a leading `*.` allowed); `undefined` passes. */
  public hostname(path: string, value: string | undefined, options: { readonly wildcard?: boolean } = {}): this {
    if (value === undefined) return this;
    return this.check(path, value, isHostname(value, options), `${HOSTNAME_RULE}${options.wildcard ? ' (a leading *. is allowed)' : ''}`);
  }

  /** An optional HTTP header name an ALB listener rule can match; `undefined` passes. */
  public albHeaderName(path: string, value: string | undefined): this {
    if (value === undefined) return this;
    return this.check(path, value, isAlbHeaderName(value), ALB_HEADER_NAME_RULE);
  }
}

/**
 * Throws one `PropsValidationError` listing every problem, if there is any.
 * @param where the construct whose props are invalid, or a label such as `Construct.method`
 */
export function throwIfProblems(where: IConstruct | string, problems: ProblemCollector | readonly Problem[]): void {
  const list = problems instanceof ProblemCollector ? problems.problems : problems;
  if (list.length > 0) throw new PropsValidationError(typeof where === 'string' ? where : where.node.path, list);
}

/** Seconds of a duration, fractional allowed; undefined when absent or unresolved. Never throws. */
export function secondsOf(value: Duration | undefined): number | undefined {
  if (value === undefined || value.isUnresolved()) return undefined;
  return value.toSeconds({ integral: false });
}

/**
 * The name a problem gives a sized value: the explicit prop when it was given, else the plan field it came from
 * (`plan.<planField>`), so the error points at what the user wrote.
 * @param hasPlan false when there is no plan to name (the prop's own name is used)
 */
export function sizedPropName(explicit: unknown, prop: string, planField: string, hasPlan = true): string {
  return explicit !== undefined || !hasPlan ? prop : `plan.${planField}`;
}

/** True for a value that is a number and known at synth time. */
export function isConcrete(n: number | undefined): n is number {
  return n !== undefined && !Token.isUnresolved(n);
}

function isUnresolved(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value);
}

function inRange(value: number, range: RangeOptions): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

function rangeText(range: RangeOptions): string {
  if (range.min !== undefined && range.max !== undefined) return ` between ${range.min} and ${range.max}`;
  if (range.min !== undefined) return ` ≥ ${range.min}`;
  if (range.max !== undefined) return ` ≤ ${range.max}`;
  return '';
}
