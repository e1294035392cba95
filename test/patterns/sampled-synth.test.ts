/**
 * Sampled synth property: a few random workloads the plan accepts (from the whole workload space, and from its
 * large end) synthesize, with every stack within CloudFormation's template limits. New samples every run; a
 * failure prints fast-check's seed to replay it. Kept cheap for `npm test` (3 samples, no cdk-nag or Validate,
 * at most 60 shards × regions each, as the 1 B-user example); `npm run fuzz` runs many more, without the shard budget.
 */
import * as fc from 'fast-check';
import { synthSample } from '../support/sampled-synth';
import { workloadArb } from '../support/workload-arbitrary';

const MAX_SHARD_REGIONS = 60;

test.each([
  ['the whole workload space', 2, workloadArb()],
  ['the large end (100 M+ daily users)', 1, workloadArb({ large: true })],
])('accepted workloads from %s synthesize with every stack within CloudFormation limits', (_what, numRuns, arb) => {
  fc.assert(fc.property(arb, (workload) => {
    const outcome = synthSample(workload, { maxShardRegions: MAX_SHARD_REGIONS });
    fc.pre(outcome.kind === 'synthesized');
    expect(outcome.violations).toEqual([]);
  }), { numRuns, maxSkipsPerRun: 1000 });
});
