/**
 * Reads the stack templates of a synthesized cloud assembly (`cdk.out`): its manifest.json lists the stacks
 * (artifacts of type `aws:cloudformation:stack`) and the template file of each. I/O for the CLI only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserInputError } from './workload-file';

/** One stack of the assembly. */
export interface AssemblyStack {
  /** The artifact id (what `cdk synth` prints, e.g. `MyApp-Primary`). */
  readonly artifactId: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The construct path, e.g. `Primary` or `Stage/Primary`. */
  readonly displayName: string;
  /** The parsed template. */
  readonly template: unknown;
}

interface Manifest {
  readonly artifacts?: Record<string, { type?: string; displayName?: string; properties?: { templateFile?: string; stackName?: string } }>;
}

/**
 * The stacks of the assembly in `dir`, or only the one named `stack` (artifact id, stack name or display name).
 * @throws UserInputError when the directory, its manifest or the stack is missing
 */
export function readAssemblyStacks(dir: string, stack?: string): AssemblyStack[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UserInputError(`--app ${dir}: no such directory; give the cloud assembly cdk synth wrote (e.g. cdk.out)`);
  }
  if (!fs.existsSync(manifestFile)) throw new UserInputError(`--app ${dir}: no manifest.json; is it a cloud assembly? (run cdk synth first)`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (e) {
    throw new UserInputError(`${manifestFile} is not valid JSON: ${(e as Error).message}`);
  }
  const stacks: AssemblyStack[] = [];
  const nested: AssemblyStack[] = [];
  for (const [artifactId, a] of Object.entries(manifest.artifacts ?? {})) {
    if (a.type === 'cdk:cloud-assembly') {
      // A stage: its stacks are in a nested assembly directory named by the artifact's properties.directoryName.
      const sub = (a.properties as { directoryName?: string } | undefined)?.directoryName;
      if (sub && fs.existsSync(path.join(dir, sub, 'manifest.json'))) nested.push(...readAssemblyStacks(path.join(dir, sub)));
      continue;
    }
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) continue;
    const file = path.join(dir, a.properties.templateFile);
    let template: unknown;
    try {
      template = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UserInputError(`cannot read the template of ${artifactId} (${file}): ${(e as Error).message}`);
    }
    stacks.push({ artifactId, stackName: a.properties.stackName ?? artifactId, displayName: a.displayName ?? artifactId, template });
  }
  const all = [...stacks, ...nested];
  if (stack === undefined) return all;
  const found = all.filter((s) => s.artifactId === stack || s.stackName === stack || s.displayName === stack);
  if (found.length === 0) {
    throw new UserInputError(`--stack ${stack}: no such stack in ${dir}; it has ${all.map((s) => s.artifactId).join(', ') || 'no stacks'}`);
  }
  return found.slice(0, 1);
}
