#!/usr/bin/env node
/**
 * Synth benchmark (`npx tsx bench/synth.ts`): wall time of `npx cdk synth --quiet` of the reference app
 * (bin/app.ts, default workload examples/04-cached.json) against the same architecture written by hand with
 * plain aws-cdk-lib (bench/hand-written-app.ts). Both run through the CDK CLI with cdk.json's context, so
 * cdk-nag AwsSolutions and the CloudFormation Validate engine run in both.
 *
 * One warm-up run each, then RUNS runs each, interleaved (reference, hand-written, reference, ...), each into
 * its own output directory under a temp folder. Prints median/min/max seconds per app, the ratio of the
 * medians (reference ÷ hand-written), the resource count per stack of both, and PASS/FAIL against the targets.
 *
 * Env: BENCH_RUNS (default 5). Exit code 1 when a target is missed or a synth fails.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const ROOT = path.join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_SECONDS = 20;
const TARGET_RATIO = 1.2;

interface Subject {
  readonly name: string;
  /** Extra CDK CLI arguments (the app to run). */
  readonly args: readonly string[];
  readonly wall: number[];
  readonly cpu: number[];
  lastOut?: string;
}

const subjects: Subject[] = [
  // Without CloudFormation Guard (the hand-written app runs cdk-nag and CloudFormation Validate only).
  { name: 'reference (bin/app.ts)', args: ['-c', 'cfnGuard=false'], wall: [], cpu: [] },
  { name: 'hand-written (bench/)', args: ['--app', 'npx tsx bench/hand-written-app.ts'], wall: [], cpu: [] },
];

/** CPU seconds (user + sys) of this process's terminated, waited-for children (Linux /proc; NaN elsewhere). */
function childrenCpuSeconds(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

function synth(subject: Subject, outDir: string): Promise<{ wall: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuSeconds();
    const t0 = performance.now();
    const child = spawn('npx', ['cdk', 'synth', '--quiet', ...subject.args, '-o', outDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      const cpu = childrenCpuSeconds() - cpu0;
      if (code !== 0) reject(new Error(`${subject.name}: cdk synth exited with ${code}\n${output}`));
      else resolve({ wall, cpu });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x: number) => (Number.isNaN(x) ? '  n/a' : x.toFixed(2).padStart(6));

/** Resource count per stack, keyed by the stack's role (the part after the app prefix). */
function resourceCounts(outDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of fs.readdirSync(outDir).filter((f) => f.endsWith('.template.json')).sort()) {
    const template = JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8'));
    const role = file.replace('.template.json', '').replace(/^(ScalePatterns|HandWritten)/, '');
    counts.set(role, Object.keys(template.Resources ?? {}).length);
  }
  return counts;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scale-bench-'));
  let run = 0;
  const loadStart = os.loadavg()[0];
  const once = async (s: Subject, record: boolean) => {
    const out = path.join(tmp, `out-${run++}`);
    const r = await synth(s, out);
    s.lastOut = out;
    if (record) {
      s.wall.push(r.wall);
      s.cpu.push(r.cpu);
    }
    process.stderr.write(`  ${record ? 'run    ' : 'warm-up'} ${s.name.padEnd(24)} ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU\n`);
  };
  try {
    console.log(`Synth benchmark: npx cdk synth --quiet (cdk-nag AwsSolutions + CloudFormation Validate on), ${os.cpus().length} CPU(s), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const s of subjects) await once(s, false);
    for (let i = 0; i < RUNS; i++) for (const s of subjects) await once(s, true);

    console.log(`\n${'app'.padEnd(26)} ${'median'.padStart(6)} ${'min'.padStart(6)} ${'max'.padStart(6)}   (seconds wall, ${RUNS} runs)   median CPU s`);
    for (const s of subjects) {
      console.log(`${s.name.padEnd(26)} ${fmt(median(s.wall))} ${fmt(Math.min(...s.wall))} ${fmt(Math.max(...s.wall))}                               ${fmt(median(s.cpu))}`);
    }
    const [ref, hand] = subjects;
    const ratio = median(ref.wall) / median(hand.wall);
    const cpuRatio = median(ref.cpu) / median(hand.cpu);
    console.log(`ratio of medians (reference ÷ hand-written): ${ratio.toFixed(2)} wall, ${Number.isNaN(cpuRatio) ? 'n/a' : cpuRatio.toFixed(2)} CPU`);

    const refCounts = resourceCounts(ref.lastOut!);
    const handCounts = resourceCounts(hand.lastOut!);
    console.log(`\n${'stack'.padEnd(10)} ${'reference'.padStart(9)} ${'hand-written'.padStart(12)}   (resources per template)`);
    for (const role of new Set([...refCounts.keys(), ...handCounts.keys()])) {
      console.log(`${role.padEnd(10)} ${String(refCounts.get(role) ?? '-').padStart(9)} ${String(handCounts.get(role) ?? '-').padStart(12)}`);
    }

    const busy = Math.max(loadStart, os.loadavg()[0]) > os.cpus().length;
    if (busy) {
      console.log(`\nnote: the machine was busy (load average above ${os.cpus().length}): wall times are noisy, the CPU ratio is the steadier figure.`);
    }
    const timeOk = median(ref.wall) <= TARGET_SECONDS;
    const ratioOk = ratio <= TARGET_RATIO;
    console.log(`\n${timeOk ? 'PASS' : 'FAIL'}  reference synth median ${median(ref.wall).toFixed(2)} s (target ≤ ${TARGET_SECONDS} s)`);
    console.log(`${ratioOk ? 'PASS' : 'FAIL'}  ratio ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})`);
    // The ratio means something only when both apps build the same resources.
    const roles = new Set([...refCounts.keys(), ...handCounts.keys()]);
    const sameResources = [...roles].every((role) => refCounts.get(role) === handCounts.get(role));
    console.log(`${sameResources ? 'PASS' : 'FAIL'}  the same resource count per stack`);
    if (!timeOk || !ratioOk || !sameResources) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
