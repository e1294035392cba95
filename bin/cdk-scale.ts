#!/usr/bin/env node
/**
 * cdk-scale: the capacity plan, the SLO alarm simulator, and (bin/commands/) the error budget and the plan
 * review from live CloudWatch data, on the command line.
 * User errors (missing file, bad JSON, invalid workload, bad option) print one message and exit 2.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { planCapacity } from '../lib/capacity';
import { buildAlarmDefinitions, checkSlo, computeTiers, renderCanonicalScenarios } from '../lib/slo';
import { explain, PLAN_FORMATS, renderPlan, type PlanFormat } from '../lib/capacity/report';
import { budgetCommand } from './commands/budget';
import { reviewCommand } from './commands/review';
import { readWorkloadFile, UserInputError } from './workload-file';

const USAGE = `Usage: cdk-scale <command> [options]

Commands:
  plan <workload.json>   Compute the capacity plan of a workload (format: docs/capacity-model.md).
  simulate               Replay the canonical SLO scenarios through the burn-rate alarms and print, per
                         alert, time to detect against the theoretical minimum, budget used, time to reset.
  budget                 The error budget of deployed SLOs from live CloudWatch data: a deploy gate
                         (cdk-scale budget --help).
  review <workload.json> The plan's assumptions against what production did (cdk-scale review --help).
  help                   Show this help.

Options:
  -v, --version          Print the version.

Options for plan:
  --format <f>           table (default: aligned, humanised units), markdown (for a pull request),
                         or json (the plan contract: exact numbers, derivations, warnings).
  --explain              Also print every derivation as a worked example (formula, inputs, result).
                         With --format json the derivations are already in the output.
  -h, --help             Show this help.

Options for simulate:
  --availability <a>     SLO target in (0.5, 1) (default 0.999).
  --period <days>        SLO period in days (default 30).

Exit codes: 0 success, 2 bad input (missing file, invalid JSON or workload, unknown option);
budget and review have their own (cdk-scale budget --help).

Examples:
  cdk-scale plan examples/04-cached.json
  cdk-scale plan my-workload.json --format markdown --explain
  cdk-scale plan my-workload.json --format json > plan.json
  cdk-scale simulate --availability 0.9995 --period 28
  cdk-scale budget --stack MyApp-Primary
  cdk-scale review my-workload.json --load-balancer app/my-alb/50dc6c495c0c9188 --days 14`;

export function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s)): number | Promise<number> {
  // The live-data commands parse their own options (and answer asynchronously).
  if (argv[0] === 'budget') return budgetCommand(argv.slice(1), out);
  if (argv[0] === 'review') return reviewCommand(argv.slice(1), out);
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        explain: { type: 'boolean', default: false },
        availability: { type: 'string' },
        period: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      out(`${packageVersion()}\n`);
      return 0;
    }
    if (values.help || command === 'help' || command === undefined) {
      out(`${USAGE}\n`);
      return command === undefined && !values.help ? 2 : 0;
    }
    const misplaced = command === 'simulate'
      ? [values.format !== undefined && '--format', values.explain && '--explain']
      : [values.availability !== undefined && '--availability', values.period !== undefined && '--period'];
    const wrong = misplaced.filter((o): o is string => typeof o === 'string');
    if (wrong.length > 0) throw new UserInputError(`${wrong.join(' and ')} ${wrong.length > 1 ? 'do' : 'does'} not apply to "${command}"; run cdk-scale --help`);
    if (command === 'simulate') return simulate(values.availability, values.period, out);
    if (command !== 'plan') throw new UserInputError(`unknown command "${command}"; run cdk-scale --help`);
    if (rest.length !== 1) throw new UserInputError(`plan takes exactly one workload file, got ${rest.length}; e.g. cdk-scale plan examples/04-cached.json`);
    const format = (values.format ?? 'table') as PlanFormat;
    if (!PLAN_FORMATS.includes(format)) throw new UserInputError(`--format must be one of ${PLAN_FORMATS.join(', ')}, got "${values.format}"`);

    const plan = planCapacity(readWorkloadFile(rest[0]));
    out(renderPlan(plan, format));
    if (format === 'json') out('\n');
    if (values.explain && format === 'markdown') out(`\n### How the plan was computed\n\n\`\`\`text\n${explain(plan)}\`\`\`\n`);
    else if (values.explain && format === 'table') out(`\n${explain(plan)}`);
    return 0;
  } catch (e) {
    if (e instanceof UserInputError) {
      process.stderr.write(`cdk-scale: ${e.message}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof TypeError && code?.startsWith('ERR_PARSE_ARGS')) {
      // Node's own messages quote unevenly and suggest `--` for positionals; say plainly what was wrong.
      const option = /option '([^']+)'/.exec(e.message)?.[1];
      const what = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option ? `unknown option ${option}` : e.message.replace(/\.$/, '');
      process.stderr.write(`cdk-scale: ${what}; run cdk-scale --help\n`);
      return 2;
    }
    throw e;
  }
}

function simulate(availabilityText: string | undefined, periodText: string | undefined, out: (s: string) => void): number {
  const availability = availabilityText === undefined ? 0.999 : Number(availabilityText);
  const periodDays = periodText === undefined ? 30 : Number(periodText);
  const problems = checkSlo(availability, periodDays, '');
  if (problems.length > 0) {
    const option = (path: string) => (path.endsWith('availability') ? '--availability' : '--period');
    throw new UserInputError(problems.map((p) => `${option(p.path)} ${String(p.value)}: ${p.message}`).join('\n'));
  }
  out(`${renderCanonicalScenarios(buildAlarmDefinitions({ availability, periodDays, tiers: computeTiers(availability, periodDays) }))}\n`);
  return 0;
}

/** The version in the package's package.json (one level above bin/, or above dist/bin/ once built). */
function packageVersion(): string {
  for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..')]) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

if (require.main === module) {
  // `cdk-scale plan x.json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  // The SDK warns on every run on Node 20 (its versions after January 2027 need Node 22); a CLI prints only its own messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
