/**
 * One sampled workload through the whole pipeline: validate, plan, build the MultiRegionApp, synthesize (no
 * cdk-nag, no CloudFormation Validate), and measure every stack against CloudFormation's template limits. Shared
 * by the sampled synth property test and `npm run fuzz`.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { checkWorkload, planCapacity, WorkloadValidationError, type CapacityPlan, type Workload } from '../../lib/capacity';
import { MultiRegionApp } from '../../patterns';
import { newTestApp } from './app';
import { limitViolations, stackFootprints, type StackFootprint } from './stack-limits';

export type SampleOutcome =
  | { readonly kind: 'invalid' }
  | { readonly kind: 'refused'; readonly paths: readonly string[] }
  | { readonly kind: 'over-budget'; readonly plan: CapacityPlan }
  | {
    readonly kind: 'synthesized';
    readonly plan: CapacityPlan;
    readonly footprints: readonly StackFootprint[];
    /** Limits a stack exceeds (empty when every stack is within every limit). */
    readonly violations: readonly string[];
    readonly synthMs: number;
  };

export interface SampleOptions {
  /**
   * Skip plans whose database shards × regions exceed this (synth time grows with it: about 10 ms each).
   * @default no limit
   */
  readonly maxShardRegions?: number;
}

/** Plans and synthesizes one workload; a synth error (anything but a plan refusal) is thrown. */
export function synthSample(workload: Workload, options: SampleOptions = {}): SampleOutcome {
  if (checkWorkload(workload).length > 0) return { kind: 'invalid' };
  let plan: CapacityPlan;
  try {
    plan = planCapacity(workload);
  } catch (e) {
    if (e instanceof WorkloadValidationError) return { kind: 'refused', paths: e.problems.map((p) => p.path) };
    throw e;
  }
  if (plan.architecture.databaseShards * plan.topology.regions.length > (options.maxShardRegions ?? Infinity)) return { kind: 'over-budget', plan };
  const t0 = performance.now();
  const cdkApp = newTestApp();
  new MultiRegionApp(cdkApp, 'Sample', { plan, domain: { zoneName: 'example.com' } });
  const assembly = cdkApp.synth();
  const synthMs = performance.now() - t0;
  const footprints = stackFootprints(assembly);
  fs.rmSync(assembly.directory, { recursive: true, force: true });
  return { kind: 'synthesized', plan, footprints, violations: limitViolations(footprints), synthMs };
}
