/** Every command of the CLI, in the order `--help` lists them. */
import type { CliCommand } from './command';
import { planCommand } from './plan';
import { simulateCommand } from './simulate';

export type { CliCommand, OptionValues } from './command';

export const COMMANDS: readonly CliCommand[] = [planCommand, simulateCommand];
