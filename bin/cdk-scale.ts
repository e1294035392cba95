#!/usr/bin/env node
/**
 * cdk-scale: the capacity plan and the SLO alarm simulator on the command line.
 * User errors (missing file, bad JSON, invalid workload, bad option) print one message and exit 2.
 */
import { parseArgs } from 'util';
import { planCapacity } from '../lib/capacity';
import { explain, PLAN_FORMATS, renderPlan, type PlanFormat } from '../lib/capacity/report';
import { readWorkloadFile, UserInputError } from './workload-file';

const USAGE = `Usage: cdk-scale <command> [options]

Commands:
  plan <workload.json>   Compute the capacity plan of a workload (format: SPEC in the README).
  help                   Show this help.

Options for plan:
  --format <f>           table (default: aligned, humanised units), markdown (for a pull request),
                         or json (the plan contract: exact numbers, derivations, warnings).
  --explain              Also print every derivation as a worked example (formula, inputs, result).
                         With --format json the derivations are already in the output.
  -h, --help             Show this help.

Exit codes: 0 success, 2 bad input (missing file, invalid JSON or workload, unknown option).

Examples:
  cdk-scale plan examples/04-cached.json
  cdk-scale plan my-workload.json --format markdown --explain
  cdk-scale plan my-workload.json --format json > plan.json`;

export function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s)): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || command === 'help' || command === undefined) {
      out(`${USAGE}\n`);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (command !== 'plan') throw new UserInputError(`unknown command "${command}"; run cdk-scale --help`);
    if (rest.length !== 1) throw new UserInputError(`plan takes exactly one workload file, got ${rest.length}; e.g. cdk-scale plan examples/04-cached.json`);
    const format = (values.format ?? 'table') as PlanFormat;
    if (!PLAN_FORMATS.includes(format)) throw new UserInputError(`--format must be one of ${PLAN_FORMATS.join(', ')}, got "${values.format}"`);

    const plan = planCapacity(readWorkloadFile(rest[0]));
    out(renderPlan(plan, format));
    if (format === 'json') out('\n');
    if (values.explain && format !== 'json') out(`\n${explain(plan)}`);
    return 0;
  } catch (e) {
    if (e instanceof UserInputError) {
      process.stderr.write(`cdk-scale: ${e.message}\n`);
      return 2;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cdk-scale: ${e.message}; run cdk-scale --help\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  // `cdk-scale plan x.json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.exitCode = main(process.argv.slice(2));
}
