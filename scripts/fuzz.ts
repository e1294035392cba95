#!/usr/bin/env node
/**
 * `npm run fuzz [-- <samples> [--seed <n>] [--max-shard-regions <n>] [--large]]`: many random workloads from the
 * whole workload space (test/support/workload-arbitrary.ts) through validate → plan → synth (no cdk-nag, no
 * CloudFormation Validate), each stack measured against CloudFormation's template limits. Prints a summary: how
 * many were accepted, refused (by field) and synthesized, the largest use of every limit and the synth times.
 * Exit code 1 when a synth fails or a stack exceeds a limit (the workload is printed to replay it).
 *
 * Defaults: 200 samples, a random seed (printed), no shard budget (a 1,000-shard plan in three regions takes
 * about 30 s to synthesize). aws-cdk-lib keeps every token it ever created in a process-wide map, so the samples
 * run in a worker process that is replaced whenever its heap passes 1.5 GB.
 */
import { fork } from 'child_process';
import * as fc from 'fast-check';
import { synthSample } from '../test/support/sampled-synth';
import { CLOUDFORMATION_TEMPLATE_LIMITS, type LimitName, type StackFootprint } from '../test/support/stack-limits';
import { workloadArb } from '../test/support/workload-arbitrary';

/** What a worker reports for one sample. */
type Result =
  | { readonly i: number; readonly kind: 'invalid' | 'over-budget' }
  | { readonly i: number; readonly kind: 'refused'; readonly paths: readonly string[] }
  | { readonly i: number; readonly kind: 'failed'; readonly error: string }
  | {
    readonly i: number; readonly kind: 'synthesized'; readonly shards: number; readonly regions: number; readonly ms: number;
    readonly footprints: readonly StackFootprint[]; readonly violations: readonly string[];
  };

const WORKER_HEAP_BYTES = 1.5 * 2 ** 30;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const samples = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 200);
const seed = Number(option('--seed') ?? Math.floor(Math.random() * 2 ** 31));
const maxShardRegions = option('--max-shard-regions') !== undefined ? Number(option('--max-shard-regions')) : undefined;
const large = process.argv.includes('--large');
// The same seed draws the same workloads in the parent and in every worker.
const workloads = fc.sample(workloadArb({ large }), { numRuns: samples, seed });

if (option('--worker-from') !== undefined) {
  // Worker: synthesize from the given index on; report each sample; stop when the heap is large.
  for (let i = Number(option('--worker-from')); i < samples; i++) {
    let result: Result;
    try {
      const o = synthSample(workloads[i], { maxShardRegions });
      result = o.kind === 'synthesized'
        ? { i, kind: o.kind, shards: o.plan.architecture.databaseShards, regions: o.plan.topology.regions.length, ms: o.synthMs, footprints: o.footprints, violations: o.violations }
        : o.kind === 'refused' ? { i, kind: o.kind, paths: o.paths } : { i, kind: o.kind };
    } catch (e) {
      result = { i, kind: 'failed', error: (e as Error).message.split('\n')[0] };
    }
    process.send!(result);
    if (process.memoryUsage().heapUsed > WORKER_HEAP_BYTES) break;
  }
  process.disconnect();
} else {
  void main();
}

async function main(): Promise<void> {
  process.stdout.write(`fuzz: ${samples} sampled workloads${large ? ' (large end)' : ''}, seed ${seed}${maxShardRegions !== undefined ? `, at most ${maxShardRegions} shards × regions` : ''}\n`);
  const results: Result[] = [];
  while (results.length < samples) {
    const from = results.length;
    await new Promise<void>((resolve, reject) => {
      const worker = fork(__filename, [...process.argv.slice(2), '--seed', String(seed), '--worker-from', String(from)]);
      worker.on('message', (r: Result) => {
        results.push(r);
        if (results.length % 20 === 0) process.stdout.write(`  ${results.length}/${samples}\n`);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fuzz worker exited with code ${code}`))));
    });
  }
  summarize(results);
}

function summarize(results: readonly Result[]): void {
  const count = (kind: Result['kind']) => results.filter((r) => r.kind === kind).length;
  const refusedBy = new Map<string, number>();
  for (const r of results) if (r.kind === 'refused') for (const p of new Set(r.paths)) refusedBy.set(p, (refusedBy.get(p) ?? 0) + 1);
  const synthesized = results.filter((r): r is Extract<Result, { kind: 'synthesized' }> => r.kind === 'synthesized');
  const failures = results.flatMap((r) => {
    const problem = r.kind === 'failed' ? `synth failed: ${r.error}` : r.kind === 'synthesized' && r.violations.length > 0 ? r.violations.join('; ') : undefined;
    return problem ? [`sample ${r.i + 1}: ${problem}\n  workload: ${JSON.stringify(workloads[r.i])}`] : [];
  });
  const pct = (n: number) => `${((100 * n) / samples).toFixed(0)} %`;
  process.stdout.write(
    `\nsamples      ${samples}\n` +
    `invalid      ${count('invalid')} (${pct(count('invalid'))})\n` +
    `refused      ${count('refused')} (${pct(count('refused'))})${refusedBy.size ? `: ${[...refusedBy].map(([p, n]) => `${p} ${n}`).join(', ')}` : ''}\n` +
    `over budget  ${count('over-budget')}\n` +
    `synthesized  ${synthesized.length} (${pct(synthesized.length)}), ${synthesized.filter((r) => r.shards > 4).length} with shard-group stacks\n`,
  );
  if (synthesized.length > 0) {
    const byTime = [...synthesized].sort((a, b) => a.ms - b.ms);
    const slowest = byTime[byTime.length - 1];
    const most = [...synthesized].sort((a, b) => b.shards - a.shards)[0];
    const largest = (limit: LimitName) => synthesized
      .flatMap((r) => r.footprints.map((f) => ({ value: f[limit], stack: f.stack, shards: r.shards })))
      .reduce((a, b) => (b.value > a.value ? b : a));
    process.stdout.write(
      `synth time   median ${(byTime[Math.floor(byTime.length / 2)].ms / 1000).toFixed(1)} s, slowest ${(slowest.ms / 1000).toFixed(1)} s ` +
      `(${slowest.shards} shards × ${slowest.regions} regions); most shards ${most.shards} × ${most.regions} regions (${(most.ms / 1000).toFixed(1)} s)\n` +
      'largest use of each template limit:\n' +
      (Object.keys(CLOUDFORMATION_TEMPLATE_LIMITS) as LimitName[])
        .map((l) => {
          const top = largest(l);
          return `  ${l.padEnd(18)} ${String(top.value).padStart(9)} of ${CLOUDFORMATION_TEMPLATE_LIMITS[l]} (${top.stack}, ${top.shards} shards)`;
        })
        .join('\n') + '\n',
    );
  }
  if (failures.length > 0) {
    process.stdout.write(`\nFAIL: ${failures.length} sample(s)\n${failures.join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write('PASS: every accepted workload synthesized within the template limits\n');
}
