/**
 * `cdk-scale budget`: the error budget of deployed SLOs from live CloudWatch data, as a deploy gate.
 * See docs/budget-and-review.md.
 */
import { newReadStats, readBudgets, discoverStackSlos } from '../../lib/cloudwatch';
import { checkSlo, SLO_PERIOD_MESSAGE } from '../../lib/slo/burn-rate';
import type { SloReadSpec } from '../../lib/slo/budget';
import { budgetExitCode, budgetReport, renderBudget } from '../../lib/slo/budget-report';
import { albDimensionValue, sloReadSpecFromCommandLine, type CommandLineSlo } from '../../lib/slo/sli-read-spec';
import { GLOBAL_SERVICES_REGION } from '../../lib/validation';
import { UserInputError } from '../workload-file';
import { awsCall, cloudWatchFor, distributionIdProblem, EXIT, numberOption, OptionValues, parseCommandArgs, reportFormat, runCommand } from './aws-command';

export const BUDGET_USAGE = `Usage: cdk-scale budget <what to read> [options]

Reads the SLOs' error budget from live CloudWatch data: events, bad events, SLI, budget remaining, each
burn-rate tier's windows now, and the deploy policy. A gate before \`cdk deploy\`.

What to read (one of):
  --stack <name>             The SLOs a deployed stack's SloAlarms created (found by the labels in their alarm
                             descriptions; <name> is the stack name or its construct id).
  --load-balancer <value>    An ALB: its LoadBalancer dimension (app/my-alb/50dc6c495c0c9188) or ARN.
  --distribution <id>        A CloudFront distribution (its metrics are read in us-east-1).
With --load-balancer or --distribution:
  --availability <a>         Availability SLO in (0.5, 1), e.g. 0.999.
  --latency-ms <ms>          Latency SLO: requests faster than <ms> ...
  --latency-percent <p>      ... for <p> % of them, in (50, 100), e.g. 95. Give both, or neither.
  --period <days>            SLO period in whole days, 7 to 365 (default 30).

Options:
  --region <region>          AWS region (default: the SDK chain: AWS_REGION, the profile's region).
  --profile <name>           AWS profile (default: the SDK chain: AWS_PROFILE, default).
  --format <f>               table (default), markdown or json (a stable contract: docs/budget-and-review.md).
  -h, --help                 Show this help.

Credentials and endpoint come from the SDK chain (AWS_ACCESS_KEY_ID…, SSO, roles, AWS_ENDPOINT_URL).

Exit codes: 0 normal (> 50 % of the budget left), 10 conservative (> 10 %), 11 freeze, 2 bad usage,
3 AWS error (credentials, access, throttling, endpoint), 4 no data at all.

Examples:
  cdk-scale budget --stack MyApp-Primary
  cdk-scale budget --load-balancer app/my-alb/50dc6c495c0c9188 --availability 0.999 --latency-ms 300 --latency-percent 95
  cdk-scale budget --distribution E2QWRUHAPOMQZL --availability 0.9995 --period 28 --format json`;

const OPTIONS = {
  stack: { type: 'string' },
  'load-balancer': { type: 'string' },
  distribution: { type: 'string' },
  availability: { type: 'string' },
  'latency-ms': { type: 'string' },
  'latency-percent': { type: 'string' },
  period: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `cdk-scale budget`; returns the exit code. */
export function budgetCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  let region: string | undefined;
  return runCommand('budget', async () => {
    const { values } = parseCommandArgs('budget', argv, OPTIONS);
    if (values.help) {
      out(`${BUDGET_USAGE}\n`);
      return EXIT.ok;
    }
    const format = reportFormat('budget', values.format);
    const fromFlags = commandLineSlos(values);
    const aws = await cloudWatchFor({ region: fromFlags?.some((s) => s.kind.startsWith('cloudfront')) ? (values.region ?? GLOBAL_SERVICES_REGION) : values.region, profile: values.profile });
    region = aws.region;
    const stats = newReadStats();
    let specs: SloReadSpec[];
    let problems: string[] = [];
    let source: string;
    if (fromFlags) {
      specs = fromFlags.map(sloReadSpecFromCommandLine);
      source = 'command line';
    } else {
      const stack = values.stack!;
      const found = await awsCall('DescribeAlarms', region, () => discoverStackSlos(aws.client, stack, stats));
      if (found.slos.length === 0) {
        const why = found.problems.length ? ` (${found.problems.join('; ')})` : '';
        throw new UserInputError(
          `budget: no SLO alarms of stack "${stack}" in ${region}${why}: check --stack (the stack name) and --region, and that the stack has SloAlarms deployed`,
        );
      }
      specs = found.slos;
      problems = found.problems;
      source = `stack ${stack}`;
    }
    const slos = await awsCall('GetMetricData', region, () => readBudgets(aws.client, specs, { nowMs: Date.now(), stats }));
    const report = budgetReport({ slos, source, region: region!, generatedAt: new Date().toISOString(), reads: { ...stats }, problems });
    out(renderBudget(report, format));
    for (const p of problems) process.stderr.write(`cdk-scale: warning: ${p}\n`);
    if (report.policy === 'no-data') {
      process.stderr.write(`cdk-scale: no data: the SLIs had no events in their period in ${region}; a new service has no budget to spend yet (or check the resource and --region)\n`);
    }
    return budgetExitCode(report.policy);
  }, () => region);
}

type Values = OptionValues<typeof OPTIONS>;

/** The SLOs given with --load-balancer / --distribution, checked; undefined with --stack. */
function commandLineSlos(v: Values): CommandLineSlo[] | undefined {
  const targets = (['stack', 'load-balancer', 'distribution'] as const).filter((k) => v[k] !== undefined);
  if (targets.length !== 1) {
    throw new UserInputError(
      targets.length === 0
        ? 'budget: say what to read: --stack <name>, --load-balancer <app/name/id> or --distribution <id>; run cdk-scale budget --help'
        : `budget: give only one of --stack, --load-balancer, --distribution (got ${targets.map((t) => `--${t}`).join(' and ')})`,
    );
  }
  const sloFlags = (['availability', 'latency-ms', 'latency-percent', 'period'] as const).filter((k) => v[k] !== undefined);
  if (v.stack !== undefined) {
    if (sloFlags.length > 0) throw new UserInputError(`budget: ${sloFlags.map((f) => `--${f}`).join(', ')} do(es) not apply to --stack: the deployed alarms carry their SLOs`);
    if (v.stack.trim() === '') throw new UserInputError('budget: --stack needs a stack name');
    return undefined;
  }
  if (v.distribution !== undefined && v.region !== undefined && v.region !== GLOBAL_SERVICES_REGION) {
    throw new UserInputError(`budget: CloudFront metrics exist only in ${GLOBAL_SERVICES_REGION}; drop --region ${v.region}`);
  }
  const problems: string[] = [];
  const check = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof UserInputError)) throw e;
      problems.push(e.message.replace(/^budget: /, ''));
      return undefined;
    }
  };
  const availability = check(() => numberOption('budget', 'availability', v.availability, (n) => n > 0.5 && n < 1, 'a number in (0.5, 1), e.g. 0.999'));
  const thresholdMs = check(() => numberOption('budget', 'latency-ms', v['latency-ms'], (n) => n > 0, 'a latency in milliseconds > 0, e.g. 300'));
  const percent = check(() => numberOption('budget', 'latency-percent', v['latency-percent'], (n) => n > 50 && n < 100, 'a percentage in (50, 100), e.g. 95'));
  const periodDays = check(() => numberOption('budget', 'period', v.period, (n) => checkSlo(0.999, n).length === 0, SLO_PERIOD_MESSAGE.replace(/^must be /, '')));
  if ((v['latency-ms'] === undefined) !== (v['latency-percent'] === undefined)) problems.push('give --latency-ms and --latency-percent together (e.g. --latency-ms 300 --latency-percent 95)');
  if (v.availability === undefined && v['latency-ms'] === undefined && v['latency-percent'] === undefined) problems.push('give --availability (e.g. 0.999) and/or --latency-ms with --latency-percent');
  let loadBalancer: string | undefined;
  if (v['load-balancer'] !== undefined) {
    loadBalancer = albDimensionValue(v['load-balancer']);
    if (!loadBalancer) problems.push(`--load-balancer must be an ALB's LoadBalancer dimension (app/<name>/<16 hex digits>, e.g. app/my-alb/50dc6c495c0c9188) or its ARN, got "${v['load-balancer']}"`);
  }
  const distributionProblem = v.distribution !== undefined ? distributionIdProblem(v.distribution) : undefined;
  if (distributionProblem) problems.push(distributionProblem);
  if (problems.length > 0) throw new UserInputError(`budget: ${problems.join('; ')}`);

  const period = periodDays ?? 30;
  const slos: CommandLineSlo[] = [];
  if (loadBalancer) {
    if (availability !== undefined) slos.push({ kind: 'alb-availability', loadBalancer, availability, periodDays: period });
    if (thresholdMs !== undefined) slos.push({ kind: 'alb-latency', loadBalancer, thresholdMs, availability: percent! / 100, periodDays: period });
  } else {
    const distributionId = v.distribution!;
    if (availability !== undefined) slos.push({ kind: 'cloudfront-availability', distributionId, availability, periodDays: period });
    if (thresholdMs !== undefined) slos.push({ kind: 'cloudfront-latency', distributionId, thresholdMs, availability: percent! / 100, periodDays: period });
  }
  return slos;
}
