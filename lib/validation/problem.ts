/**
 * The one vocabulary of invalid input, shared by the workload validator, the SLO math and every construct:
 * a problem names where (a field path or prop name), what was received and what is allowed. Pure.
 */

/** One invalid input. */
export interface Problem {
  /** Field path or prop name, dotted for nested values (e.g. `traffic.peakQps`, `preWarm[0].minCapacity`). */
  readonly path: string;
  /** The value received. */
  readonly value: unknown;
  /** What is allowed, or how to fix it. */
  readonly message: string;
}

/** A received value for an error message: short, JSON-like, `missing` for undefined. */
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

/** `<header> (N problems):` then one `  - path: value — message` line per problem. */
export function formatProblems(header: string, problems: readonly Problem[]): string {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return `${header} (${count}):\n${problems.map((p) => `  - ${p.path}: ${describeValue(p.value)} — ${p.message}`).join('\n')}`;
}

/** Thrown for invalid construct props; `problems` lists every one found, never only the first. */
export class PropsValidationError extends Error {
  constructor(
    /** Path of the construct (or `Construct.method`) whose input is invalid. */
    public readonly constructPath: string,
    /** Every problem found. */
    public readonly problems: readonly Problem[],
  ) {
    super(formatProblems(`${constructPath}: invalid props`, problems));
    this.name = 'PropsValidationError';
  }
}
