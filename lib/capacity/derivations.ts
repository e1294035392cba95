import type { Derivation } from './plan-types';

/** Collects each derived number with its formula and inputs, in the order the plan computes them. */
export class DerivationLog {
  private readonly entries: Derivation[] = [];

  /** Records a derivation and returns its result, so a formula reads as one expression. */
  record<T extends number | string>(
    field: string,
    formula: string,
    inputs: Record<string, number | string>,
    result: T,
    unit: string,
    note?: string,
  ): T {
    this.entries.push({ field, formula, inputs, result, unit, ...(note ? { note } : {}) });
    return result;
  }

  list(): Derivation[] {
    return [...this.entries];
  }
}
