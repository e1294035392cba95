/** Reads a workload JSON file for the CLI and the CDK app (I/O stays out of the pure core). */
import * as fs from 'fs';
import { parseWorkload, planCapacity, WorkloadValidationError, type CapacityPlan, type Workload } from '../lib/capacity';

/** A problem the user can fix in their file or command line: shown without a stack trace. */
export class UserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserInputError';
  }
}

/** Reads and validates a workload file; every failure becomes one clear UserInputError. */
export function readWorkloadFile(file: string): Workload {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserInputError(code === 'ENOENT' ? `workload file not found: ${file}` : `cannot read workload file ${file}: ${code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserInputError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return parseWorkload(json);
  } catch (e) {
    if (e instanceof WorkloadValidationError) throw new UserInputError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * Reads a workload file and plans it: a workload the plan refuses (beyond a hard limit, an impossible DR target)
 * is a UserInputError naming the file, like an invalid one.
 */
export function planWorkloadFile(file: string): { readonly workload: Workload; readonly plan: CapacityPlan } {
  const workload = readWorkloadFile(file);
  try {
    return { workload, plan: planCapacity(workload) };
  } catch (e) {
    if (e instanceof WorkloadValidationError) throw new UserInputError(`${file}: ${e.message}`);
    throw e;
  }
}
