/**
 * What each synthesized stack uses of CloudFormation's per-template limits
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html): resources,
 * outputs, parameters, mappings, dynamic references and template bytes. Shared by the example suites, the
 * layout tests, the sampled synth property test and `npm run fuzz`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** CloudFormation's hard per-template limits (the template-size limit is aws-cdk-lib's 1e6-byte check of 1 MB). */
export const CLOUDFORMATION_TEMPLATE_LIMITS = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  mappings: 200,
  dynamicReferences: 60,
  bytes: 1_000_000,
} as const;

export type LimitName = keyof typeof CLOUDFORMATION_TEMPLATE_LIMITS;

/** One stack's use of each limit. */
export type StackFootprint = { readonly stack: string } & Record<LimitName, number>;

/** The footprint of every stack of an assembly. */
export function stackFootprints(assembly: CloudAssembly): StackFootprint[] {
  return assembly.stacksRecursively.map((artifact) => {
    const file = path.join(assembly.directory, artifact.templateFile);
    const text = fs.readFileSync(file, 'utf8');
    const template = JSON.parse(text);
    const count = (section: string) => Object.keys(template[section] ?? {}).length;
    return {
      stack: artifact.stackName,
      resources: count('Resources'),
      outputs: count('Outputs'),
      parameters: count('Parameters'),
      mappings: count('Mappings'),
      dynamicReferences: (text.match(/\{\{resolve:/g) ?? []).length,
      bytes: Buffer.byteLength(text),
    };
  });
}

/** The limits a footprint exceeds, as `stack: resources 512 > 500` lines (empty when within every limit). */
export function limitViolations(footprints: readonly StackFootprint[]): string[] {
  return footprints.flatMap((f) =>
    (Object.keys(CLOUDFORMATION_TEMPLATE_LIMITS) as LimitName[])
      .filter((limit) => f[limit] > CLOUDFORMATION_TEMPLATE_LIMITS[limit])
      .map((limit) => `${f.stack}: ${limit} ${f[limit]} > ${CLOUDFORMATION_TEMPLATE_LIMITS[limit]}`));
}

/** The largest use of each limit over the footprints, and the stack using it. */
export function largestFootprint(footprints: readonly StackFootprint[]): Record<LimitName, { stack: string; value: number }> {
  const out = {} as Record<LimitName, { stack: string; value: number }>;
  for (const limit of Object.keys(CLOUDFORMATION_TEMPLATE_LIMITS) as LimitName[]) {
    const top = footprints.reduce((a, b) => (b[limit] > a[limit] ? b : a));
    out[limit] = { stack: top.stack, value: top[limit] };
  }
  return out;
}
