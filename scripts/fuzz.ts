#!/usr/bin/env node
/**
 * `npm run fuzz [-- <samples> [--seed <n>] [--max-shard-regions <n>] [--large]]`: many random workloads from the
 * whole workload space (test/support/workload-arbitrary.ts) through validate → plan → synth (no cdk-nag, no
 * CloudFormation Validate), each stack measured against CloudFormation's template limits. Prints a summary: how
 * many were accepted, refused (by field) and synthesized, the largest use of every limit and the synth times.
 * Exit code 1 when a synth fails or a stack exceeds a limit (the workload is printed to replay it).
 *
 * Defaults: 200 samples, a random seed (printed), no shard budget (a 1,000-shard plan in three regions takes
 * about 30 s to synthesize).
 */
import * as fc from 'fast-check';
import type { Workload } from '../lib/capacity';
import { synthSample, type SampleOutcome } from '../test/support/sampled-synth';
import { CLOUDFORMATION_TEMPLATE_LIMITS, type LimitName } from '../test/support/stack-limits';
import { workloadArb } from '../test/support/workload-arbitrary';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const samples = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 200);
const seed = Number(option('--seed') ?? Math.floor(Math.random() * 2 ** 31));
const maxShardRegions = option('--max-shard-regions') !== undefined ? Number(option('--max-shard-regions')) : undefined;
const large = process.argv.includes('--large');

const refusedBy = new Map<string, number>();
const counts = { invalid: 0, refused: 0, 'over-budget': 0, synthesized: 0 };
const failures: string[] = [];
const largest = {} as Record<LimitName, { value: number; stack: string; shards: number }>;
const times: Array<{ ms: number; shards: number; regions: number }> = [];

process.stdout.write(`fuzz: ${samples} sampled workloads${large ? ' (large end)' : ''}, seed ${seed}${maxShardRegions !== undefined ? `, at most ${maxShardRegions} shards × regions` : ''}\n`);
const workloads = fc.sample(workloadArb({ large }), { numRuns: samples, seed });
workloads.forEach((workload: Workload, i) => {
  let outcome: SampleOutcome;
  try {
    outcome = synthSample(workload, { maxShardRegions });
  } catch (e) {
    failures.push(`sample ${i + 1}: synth failed: ${(e as Error).message.split('\n')[0]}\n  workload: ${JSON.stringify(workload)}`);
    return;
  }
  counts[outcome.kind]++;
  if (outcome.kind === 'refused') {
    for (const path of new Set(outcome.paths)) refusedBy.set(path, (refusedBy.get(path) ?? 0) + 1);
  }
  if (outcome.kind !== 'synthesized') return;
  const shards = outcome.plan.architecture.databaseShards;
  times.push({ ms: outcome.synthMs, shards, regions: outcome.plan.topology.regions.length });
  for (const f of outcome.footprints) {
    for (const limit of Object.keys(CLOUDFORMATION_TEMPLATE_LIMITS) as LimitName[]) {
      if (!largest[limit] || f[limit] > largest[limit].value) largest[limit] = { value: f[limit], stack: f.stack, shards };
    }
  }
  if (outcome.violations.length > 0) failures.push(`sample ${i + 1}: ${outcome.violations.join('; ')}\n  workload: ${JSON.stringify(workload)}`);
  if ((i + 1) % 20 === 0) process.stdout.write(`  ${i + 1}/${samples}\n`);
});

const pct = (n: number) => `${((100 * n) / samples).toFixed(0)} %`;
process.stdout.write(
  `\nsamples      ${samples}\n` +
  `invalid      ${counts.invalid} (${pct(counts.invalid)})\n` +
  `refused      ${counts.refused} (${pct(counts.refused)})${refusedBy.size ? `: ${[...refusedBy].map(([p, n]) => `${p} ${n}`).join(', ')}` : ''}\n` +
  `over budget  ${counts['over-budget']}\n` +
  `synthesized  ${counts.synthesized} (${pct(counts.synthesized)}), ${times.filter((t) => t.shards > 4).length} with shard-group stacks\n`,
);
if (times.length > 0) {
  const sorted = [...times].sort((a, b) => a.ms - b.ms);
  const slowest = sorted[sorted.length - 1];
  const most = [...times].sort((a, b) => b.shards - a.shards)[0];
  process.stdout.write(
    `synth time   median ${(sorted[Math.floor(sorted.length / 2)].ms / 1000).toFixed(1)} s, slowest ${(slowest.ms / 1000).toFixed(1)} s ` +
    `(${slowest.shards} shards × ${slowest.regions} regions); most shards ${most.shards} (${(most.ms / 1000).toFixed(1)} s)\n` +
    'largest use of each template limit:\n' +
    (Object.keys(CLOUDFORMATION_TEMPLATE_LIMITS) as LimitName[])
      .map((l) => `  ${l.padEnd(18)} ${String(largest[l].value).padStart(9)} of ${CLOUDFORMATION_TEMPLATE_LIMITS[l]} (${largest[l].stack}, ${largest[l].shards} shards)`)
      .join('\n') + '\n',
  );
}
if (failures.length > 0) {
  process.stdout.write(`\nFAIL: ${failures.length} sample(s)\n${failures.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('PASS: every accepted workload synthesized within the template limits\n');
