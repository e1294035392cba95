#!/usr/bin/env node
/**
 * Shard-layout benchmark (`npx tsx bench/shards.ts [30 300 3000]`, `BENCH_VALIDATE=1` to run the CloudFormation
 * Validate engine too): the 1 B-user example (examples/08-billion-users.json, two regions) with
 * `architecture.databaseShards` set to each count, synthesized in this process without cdk-nag. Prints, per
 * count, what the plan says, the synth time, the process's peak memory, the number of stacks and the largest use
 * of every CloudFormation template limit. A count above MAX_DATABASE_SHARDS is refused by the plan; the layout is
 * then measured anyway (the plan at the ceiling, its shard count raised) to show what the refusal guards.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App } from 'aws-cdk-lib';
import { MAX_DATABASE_SHARDS, parseWorkload, planCapacity, WorkloadValidationError } from '../lib/capacity';
import { MultiRegionApp } from '../patterns';
import { CDK_CONTEXT } from '../test/support/app';
import { largestFootprint, stackFootprints } from '../test/support/stack-limits';

const counts = process.argv.slice(2).map(Number);
const workload = parseWorkload(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', '08-billion-users.json'), 'utf8')));
const validate = process.env.BENCH_VALIDATE === '1';

for (const shards of counts.length > 0 ? counts : [30, 300, 3000]) {
  let verdict = 'accepted';
  let plan;
  try {
    plan = planCapacity({ ...workload, architecture: { databaseShards: shards } });
  } catch (e) {
    if (!(e instanceof WorkloadValidationError)) throw e;
    verdict = `refused (${e.problems.map((p) => p.path).join(', ')}); layout measured at ${shards} anyway`;
    const atCeiling = planCapacity({ ...workload, architecture: { databaseShards: MAX_DATABASE_SHARDS } });
    plan = { ...atCeiling, architecture: { ...atCeiling.architecture, databaseShards: shards } };
  }
  const t0 = performance.now();
  const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: validate });
  new MultiRegionApp(app, 'ScalePatterns', { plan, domain: { zoneName: 'example.com' } });
  const assembly = app.synth();
  const seconds = (performance.now() - t0) / 1000;
  const footprints = stackFootprints(assembly);
  const top = largestFootprint(footprints);
  fs.rmSync(assembly.directory, { recursive: true, force: true });
  process.stdout.write(
    `${shards} shards (${plan.architecture.readReplicasPerShard} replica(s) each, RDS Proxy ${plan.database.rdsProxyAdvised ? 'on' : 'off'}, ` +
    `${plan.topology.regions.length} regions${validate ? ', Validate on' : ''}): ${verdict}\n` +
    `  synth ${seconds.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, ${footprints.length} stacks\n` +
    `  largest: ${top.resources.value} resources (${top.resources.stack}), ${(top.bytes.value / 1000).toFixed(0)} kB (${top.bytes.stack}), ` +
    `${top.outputs.value} outputs, ${top.dynamicReferences.value} dynamic references\n`,
  );
}
