/**
 * What `cdk-scale budget` and `review` share: option parsing that reports every mistake as one line (exit 2),
 * the CloudWatch client from the SDK chain plus --region/--profile, and AWS failures as one line naming what
 * to do (exit 3). Never a stack trace (set CDK_SCALE_DEBUG=1 to see one).
 */
import { parseArgs, type ParseArgsConfig } from 'util';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AwsProblem, classifyAwsError, createCloudWatchClient } from '../../lib/cloudwatch';
import { REPORT_FORMATS, type ReportFormat } from '../../lib/slo/budget-report';
import { UserInputError } from '../workload-file';

/** Exit codes shared by the commands. */
export const EXIT = { ok: 0, usage: 2, aws: 3, noData: 4, internal: 1 } as const;

/** The parsed values of options declared as `{ name: { type } }`. */
export type OptionValues<T> = { [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : string };

/** Parses a command's options strictly; a mistake becomes a UserInputError naming it. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: readonly string[],
  options: T,
  positionals = 0,
): { values: OptionValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: positionals > 0, strict: true }) as { values: OptionValues<T>; positionals: string[] };
    if (parsed.positionals.length > positionals) {
      throw new UserInputError(`${command} takes ${positionals === 0 ? 'no file argument' : `${positionals} file argument`}, got ${JSON.stringify(parsed.positionals)}; run cdk-scale ${command} --help`);
    }
    return parsed;
  } catch (e) {
    const { code, message } = e as NodeJS.ErrnoException;
    // Not `instanceof TypeError`: Node's parseArgs errors may come from another realm (e.g. under jest).
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      const option = /option '([^']+)'/i.exec(message)?.[1]?.split(' ')[0];
      const what =
        code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option ? `unknown option ${option}`
          : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option ? `option ${option} needs a value`
            : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' ? `unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? ''}`.trim()
              : message.replace(/\.$/, '');
      throw new UserInputError(`${command}: ${what}; run cdk-scale ${command} --help`);
    }
    throw e;
  }
}

/** `--format`, checked. */
export function reportFormat(command: string, given: string | undefined): ReportFormat {
  const format = (given ?? 'table') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UserInputError(`${command}: --format must be one of ${REPORT_FORMATS.join(', ')}, got "${given}"`);
  return format;
}

/** A number option checked by `ok`; `what` says what is allowed (e.g. "a number in (0.5, 1), e.g. 0.999"). */
export function numberOption(command: string, name: string, text: string | undefined, ok: (n: number) => boolean, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || !ok(n)) throw new UserInputError(`${command}: --${name} must be ${what}, got "${text}"`);
  return n;
}

/**
 * The problem with a `--distribution` value, or undefined: a CloudFront distribution id as CloudFront shows it
 * (`E` then upper-case letters and digits, e.g. E2QWRUHAPOMQZL). Shared by `budget` and `review`.
 */
export function distributionIdProblem(value: string): string | undefined {
  return /^E[A-Z0-9]{5,20}$/.test(value) ? undefined : `--distribution must be a CloudFront distribution id (e.g. E2QWRUHAPOMQZL), got "${value}"`;
}

/** Where requests go, for error messages. */
export function endpointDescription(region: string | undefined): string {
  return process.env.AWS_ENDPOINT_URL_CLOUDWATCH ?? process.env.AWS_ENDPOINT_URL ?? `the CloudWatch endpoint of ${region ?? 'the configured region'}`;
}

/** The client and its resolved region (a missing region or profile is reported here, as exit 3). */
export async function cloudWatchFor(flags: { region?: string; profile?: string }): Promise<{ client: CloudWatchClient; region: string }> {
  if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(flags.region)) throw new UserInputError(`--region must be an AWS region name such as us-east-1, got "${flags.region}"`);
  if (flags.profile !== undefined && flags.profile.trim() === '') throw new UserInputError('--profile needs a profile name');
  const client = createCloudWatchClient({ region: flags.region, profile: flags.profile });
  try {
    return { client, region: await client.config.region() };
  } catch (e) {
    throw classifyAwsError(e, 'configuration', endpointDescription(flags.region)) ?? e;
  }
}

/** Runs one phase of AWS calls; an AWS failure becomes an AwsProblem naming `action` (e.g. DescribeAlarms). */
export async function awsCall<T>(action: string, region: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw classifyAwsError(e, action, endpointDescription(region)) ?? e;
  }
}

/** Runs a command: exit codes and one-line errors (see the module comment). */
export async function runCommand(command: string, body: () => Promise<number>, region: () => string | undefined = () => undefined): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UserInputError) {
      process.stderr.write(`cdk-scale: ${e.message}\n`);
      return EXIT.usage;
    }
    const problem = e instanceof AwsProblem ? e : classifyAwsError(e, 'GetMetricData', endpointDescription(region()));
    if (problem) {
      process.stderr.write(`cdk-scale: ${problem.message}\n`);
      return EXIT.aws;
    }
    return reportUnexpectedError(command, e);
  }
}

/** An error no command expects (a bug): one line, the stack trace with CDK_SCALE_DEBUG=1; exit {@link EXIT.internal}. */
export function reportUnexpectedError(command: string, e: unknown): number {
  if (process.env.CDK_SCALE_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
  process.stderr.write(`cdk-scale: ${command} failed unexpectedly: ${String((e as Error).message ?? e).split('\n')[0]} (a bug: please report it; CDK_SCALE_DEBUG=1 shows the stack trace)\n`);
  return EXIT.internal;
}
