/**
 * The shape of one `cdk-scale` command: its options, its help text and what it does. `bin/cdk-scale.ts` parses the
 * command line and dispatches; each command lives in its own file under `bin/commands/` and is listed in `./index.ts`.
 */
import type { ParseArgsConfig } from 'util';

/** Option values as `util.parseArgs` returns them. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** One command of the CLI. */
export interface CliCommand {
  /** The word that selects it, e.g. `plan`. */
  readonly name: string;
  /** How it is called, for the command list, e.g. `plan <workload.json>`. */
  readonly synopsis: string;
  /** What it does, one or more lines (indented under the synopsis in `--help`). */
  readonly summary: string;
  /** Its own options (`util.parseArgs` configuration); an option name must mean the same in every command that has it. */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** The "Options for <name>:" block of `--help` (lines already indented). */
  readonly optionsHelp: string;
  /** Example invocations for `--help`. */
  readonly examples: readonly string[];
  /**
   * Runs the command; returns the exit code. Throws `UserInputError` for anything the user can fix (shown as one line,
   * exit code 2).
   */
  run(values: OptionValues, positionals: readonly string[], out: (s: string) => void): number;
}
