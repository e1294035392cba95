/** `cdk-scale plan <workload.json>`: the capacity plan as a table, markdown or JSON, optionally with its derivations. */
import { explain, PLAN_FORMATS, renderPlan, type PlanFormat } from '../../lib/capacity/report';
import { planWorkloadFile, UserInputError } from '../workload-file';
import type { CliCommand } from './command';

export const planCommand: CliCommand = {
  name: 'plan',
  synopsis: 'plan <workload.json>',
  summary: 'Compute the capacity plan of a workload (format: docs/capacity-model.md).',
  options: {
    format: { type: 'string' },
    explain: { type: 'boolean' },
  },
  optionsHelp: [
    '  --format <f>           table (default: aligned, humanised units), markdown (for a pull request),',
    '                         or json (the plan contract: exact numbers, derivations, warnings).',
    '  --explain              Also print every derivation as a worked example (formula, inputs, result).',
    '                         With --format json the derivations are already in the output.',
  ].join('\n'),
  examples: ['cdk-scale plan examples/04-cached.json', 'cdk-scale plan my-workload.json --format markdown --explain', 'cdk-scale plan my-workload.json --format json > plan.json'],
  run(values, positionals, out) {
    if (positionals.length !== 1) throw new UserInputError(`plan takes exactly one workload file, got ${positionals.length}; e.g. cdk-scale plan examples/04-cached.json`);
    const format = (values.format ?? 'table') as PlanFormat;
    if (!PLAN_FORMATS.includes(format)) throw new UserInputError(`--format must be one of ${PLAN_FORMATS.join(', ')}, got "${values.format}"`);
    const { plan } = planWorkloadFile(positionals[0]);
    out(renderPlan(plan, format));
    if (format === 'json') out('\n');
    if (values.explain && format === 'markdown') out(`\n### How the plan was computed\n\n\`\`\`text\n${explain(plan)}\`\`\`\n`);
    else if (values.explain && format === 'table') out(`\n${explain(plan)}`);
    return 0;
  },
};
