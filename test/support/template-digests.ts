/**
 * Digests of the synthesized templates of every example workload, with and without a domain: the proof
 * that a refactoring leaves what users deploy unchanged (logical IDs are a public contract). One digest per
 * resource (so a failure names the resource that changed) and one per other template section.
 *
 * `npm run digests:update` rewrites test/fixtures/template-digests.json after an intended change; the
 * commit message says why.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MultiRegionApp } from '../../patterns';
import { newTestApp } from './app';
import { planCapacity } from '../../lib/capacity';
import { exampleWorkload, EXAMPLES_DIR } from './examples';

export const DIGESTS_FILE = path.join(__dirname, '..', 'fixtures', 'template-digests.json');

/** example file → variant (`domain`, `no-domain`) → stack construct path → `Resources/<logical id>` or section → digest. */
export type TemplateDigests = Record<string, Record<string, Record<string, Record<string, string>>>>;

const VARIANTS = {
  domain: { zoneName: 'example.com' },
  'no-domain': undefined,
} as const;

function digest(value: unknown): string {
  // Asset hashes follow aws-cdk-lib's bundled assets, not our code.
  const text = JSON.stringify(value).replace(/[0-9a-f]{64}/g, '[ASSET HASH]');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Digests of one template: every resource and every other top-level section. */
export function templateDigest(template: Record<string, any>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [section, body] of Object.entries(template)) {
    if (section === 'Resources') {
      for (const [logicalId, resource] of Object.entries(body as Record<string, unknown>)) out[`Resources/${logicalId}`] = digest(resource);
    } else {
      out[section] = digest(body);
    }
  }
  return out;
}

/** Synthesizes every example in both variants (no cdk-nag, no CloudFormation Validate: they do not change templates). */
export function computeTemplateDigests(): TemplateDigests {
  const result: TemplateDigests = {};
  for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
    result[file] = {};
    for (const [variant, domain] of Object.entries(VARIANTS)) {
      // Without a domain there is no edge (it needs HTTPS origins): plan it so, as `cdk synth -c domain=none` does.
      const workload = exampleWorkload(file);
      const plan = planCapacity(domain ? workload : { ...workload, architecture: { ...workload.architecture, edge: false } });
      const cdkApp = newTestApp();
      const app = new MultiRegionApp(cdkApp, 'ScalePatterns', { plan, domain });
      const assembly = cdkApp.synth();
      result[file][variant] = Object.fromEntries(
        app.stacks.map((s) => [s.node.path, templateDigest(assembly.getStackArtifact(s.artifactId).template)]),
      );
    }
  }
  return result;
}

/** Lines naming every difference between two digest sets (empty when equal). */
export function diffDigests(expected: TemplateDigests, actual: TemplateDigests): string[] {
  const lines: string[] = [];
  const keys = (a: object | undefined, b: object | undefined) => [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
  for (const file of keys(expected, actual)) {
    for (const variant of keys(expected[file], actual[file])) {
      for (const stack of keys(expected[file]?.[variant], actual[file]?.[variant])) {
        const e = expected[file]?.[variant]?.[stack];
        const a = actual[file]?.[variant]?.[stack];
        if (!e || !a) {
          lines.push(`${file} ${variant} ${stack}: stack ${e ? 'removed' : 'added'}`);
          continue;
        }
        for (const key of keys(e, a)) {
          if (e[key] !== a[key]) lines.push(`${file} ${variant} ${stack} ${key}: ${!(key in e) ? 'added' : !(key in a) ? 'removed' : 'changed'}`);
        }
      }
    }
  }
  return lines;
}
