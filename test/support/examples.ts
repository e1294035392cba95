/** The example workloads of examples/, planned: what most tests size their constructs from. */
import * as fs from 'fs';
import * as path from 'path';
import { parseWorkload, planCapacity, type CapacityPlan, type Workload } from '../../lib/capacity';

/** The repository's examples/ folder. */
export const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/** Path of an example file; `name` with or without `.json` (e.g. `04-cached`). */
export function examplePath(name: string): string {
  return path.join(EXAMPLES_DIR, name.endsWith('.json') ? name : `${name}.json`);
}

/** An example workload, validated. */
export function exampleWorkload(name: string): Workload {
  return parseWorkload(JSON.parse(fs.readFileSync(examplePath(name), 'utf8')));
}

/** The plan of an example workload. */
export function examplePlan(name: string): CapacityPlan {
  return planCapacity(exampleWorkload(name));
}
