#!/usr/bin/env node
/**
 * cdk-scale: the capacity plan, the SLO alarm simulator, and the error budget and plan review from live CloudWatch
 * data, on the command line. One file per command under `bin/commands/`; this file parses the command line, prints
 * help and turns user errors into one line and exit code 2 (budget and review parse their own options and have
 * exit codes of their own, see `cdk-scale budget --help`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, type ParseArgsConfig } from 'util';
import { COMMANDS, type CliCommand, type OptionValues } from './commands';
import { reportUnexpectedError } from './commands/aws-command';
import { budgetCommand } from './commands/budget';
import { reviewCommand } from './commands/review';
import { UserInputError } from './workload-file';

const COMMON_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
};

function usage(): string {
  const indent = (text: string, by: number) => text.split('\n').map((l, i) => (i === 0 ? l : `${' '.repeat(by)}${l}`)).join('\n');
  const commands = COMMANDS.map((c) => `  ${c.synopsis.padEnd(22)} ${indent(c.summary, 25)}`);
  return [
    'Usage: cdk-scale <command> [options]',
    '',
    'Commands:',
    ...commands,
    `  ${'budget'.padEnd(22)} The error budget of deployed SLOs from live CloudWatch data: a deploy gate`,
    `  ${''.padEnd(22)} (cdk-scale budget --help).`,
    `  ${'review <workload.json>'.padEnd(22)} The plan's assumptions against what production did (cdk-scale review --help).`,
    `  ${'help'.padEnd(22)} Show this help.`,
    '',
    'Options:',
    '  -v, --version          Print the version.',
    '  -h, --help             Show this help.',
    ...COMMANDS.flatMap((c) => ['', `Options for ${c.name}:`, c.optionsHelp]),
    '',
    'Exit codes: 0 success, 2 bad input (missing file, invalid JSON or workload, unknown option);',
    'budget and review have their own (cdk-scale budget --help).',
    '',
    'Examples:',
    ...COMMANDS.flatMap((c) => c.examples.map((e) => `  ${e}`)),
    '  cdk-scale budget --stack MyApp-Primary',
    '  cdk-scale review my-workload.json --load-balancer app/my-alb/50dc6c495c0c9188 --days 14',
  ].join('\n');
}

/** Every option of every command: an option name means the same in each command that has it. */
function allOptions(): NonNullable<ParseArgsConfig['options']> {
  const options = { ...COMMON_OPTIONS };
  for (const c of COMMANDS) {
    for (const [name, o] of Object.entries(c.options)) {
      if (options[name] && options[name].type !== o.type) throw new Error(`cdk-scale: option --${name} has two types`);
      options[name] = o;
    }
  }
  return options;
}

export function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s)): number | Promise<number> {
  // The live-data commands parse their own options (and answer asynchronously).
  if (argv[0] === 'budget') return budgetCommand(argv.slice(1), out);
  if (argv[0] === 'review') return reviewCommand(argv.slice(1), out);
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: allOptions() });
    const [name, ...rest] = positionals;
    if (values.version) {
      out(`${packageVersion()}\n`);
      return 0;
    }
    if (values.help || name === 'help' || name === undefined) {
      out(`${usage()}\n`);
      return name === undefined && !values.help ? 2 : 0;
    }
    const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UserInputError(`unknown command "${name}"; run cdk-scale --help`);
    const misplaced = Object.keys(values).filter((o) => !(o in COMMON_OPTIONS) && !(o in command.options) && values[o] !== undefined && values[o] !== false);
    if (misplaced.length > 0) {
      const list = misplaced.map((o) => `--${o}`);
      throw new UserInputError(`${list.join(' and ')} ${list.length > 1 ? 'do' : 'does'} not apply to "${name}"; run cdk-scale --help`);
    }
    return command.run(values as OptionValues, rest, out);
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
    return reportUnexpectedError(argv[0] ?? 'cdk-scale', e);
  }
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
