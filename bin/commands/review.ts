/**
 * `cdk-scale review <workload.json>`: the capacity plan's assumptions against what production did over the
 * last N days, and the workload re-stated with the observed values. See docs/budget-and-review.md.
 */
import * as fs from 'fs';
import { discoverStackSlos, MAX_REVIEW_DAYS, newReadStats, readReviewObservations } from '../../lib/cloudwatch';
import { reviewExitCode, reviewPlan } from '../../lib/capacity/review';
import { renderReview } from '../../lib/capacity/review-report';
import { albDimensionValue } from '../../lib/slo/sli-read-spec';
import { GLOBAL_SERVICES_REGION } from '../../lib/validation';
import { planWorkloadFile, UserInputError } from '../workload-file';
import { awsCall, cloudWatchFor, distributionIdProblem, EXIT, numberOption, parseCommandArgs, reportFormat, runCommand } from './aws-command';

export const REVIEW_USAGE = `Usage: cdk-scale review <workload.json> <what to read> [options]

Compares the capacity plan of <workload.json> with what production did over the last N days (1-minute
CloudWatch data): peak and average QPS and the peak factor, instances in service and CPU at peak against the
plan's per-instance capacity, database connections, CPU and replica lag, cache hit rate and memory, and at
the CloudFront edge: every viewer request (the "(edge)" rows) and the CDN hit rate. Each row gets a verdict
(ok, under-provisioned, over-provisioned, no data) with the tolerance used.

What to read (at least one):
  --load-balancer <value>            The ALB (the origin's view): its LoadBalancer dimension
                                     (app/my-alb/50dc6c495c0c9188) or ARN.
  --distribution <id>                The CloudFront distribution (the edge's view; read in us-east-1, whatever
                                     --region is): Requests and CacheHitRate (an additional metric).
  --stack <name>                     Find the ALB and the distribution from the stack's deployed SLO alarms
                                     in the command's region (CloudFront SLO alarms live in us-east-1 stacks:
                                     with another region, give --distribution).
  --auto-scaling-group <name>        The web tier's Auto Scaling group (needs its group metrics enabled).
  --db-instance <id>                 A database instance (repeat for the replicas: their lag is read too).
  --cache-replication-group <id>     The ElastiCache replication group.

Options:
  --days <n>                 Days to review, 1 to ${MAX_REVIEW_DAYS} (default 14; 1-minute data is kept 15 days).
  --write-workload <file>    Write the workload with the observed values (then: cdk-scale plan <file>).
  --region <region>          AWS region (default: the SDK chain).
  --profile <name>           AWS profile (default: the SDK chain).
  --format <f>               table (default), markdown or json ({ assumptions[], suggestedWorkload }).
  -h, --help                 Show this help.

Exit codes: 0 no assumption under-provisioned, 10 at least one under-provisioned, 2 bad usage or workload,
3 AWS error (credentials, access, throttling, endpoint), 4 no data at all.

Example:
  cdk-scale review my-workload.json --load-balancer app/my-alb/50dc6c495c0c9188 --distribution E2QWRUHAPOMQZL \\
    --auto-scaling-group MyApp-Web-Asg --db-instance myapp-db --cache-replication-group myapp-cache --days 7`;

const OPTIONS = {
  'load-balancer': { type: 'string' },
  distribution: { type: 'string' },
  stack: { type: 'string' },
  'auto-scaling-group': { type: 'string' },
  'db-instance': { type: 'string', multiple: true },
  'cache-replication-group': { type: 'string' },
  days: { type: 'string' },
  'write-workload': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `cdk-scale review`; returns the exit code. */
export function reviewCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  let region: string | undefined;
  return runCommand('review', async () => {
    const { values, positionals } = parseCommandArgs('review', argv, OPTIONS, 1);
    if (values.help) {
      out(`${REVIEW_USAGE}\n`);
      return EXIT.ok;
    }
    const format = reportFormat('review', values.format);
    if (positionals.length !== 1) throw new UserInputError('review: give the workload file, e.g. cdk-scale review my-workload.json --load-balancer app/my-alb/50dc6c495c0c9188');
    const problems: string[] = [];
    let days = 14;
    try {
      days = numberOption('review', 'days', values.days, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_REVIEW_DAYS, `a whole number of days from 1 to ${MAX_REVIEW_DAYS} (1-minute data is kept 15 days)`) ?? 14;
    } catch (e) {
      problems.push((e as Error).message.replace(/^review: /, ''));
    }
    const dbInstances = (values['db-instance'] as unknown as string[] | undefined) ?? [];
    let loadBalancer: string | undefined;
    if (values['load-balancer'] !== undefined) {
      loadBalancer = albDimensionValue(values['load-balancer']);
      if (!loadBalancer) problems.push(`--load-balancer must be an ALB's LoadBalancer dimension (app/<name>/<16 hex digits>) or its ARN, got "${values['load-balancer']}"`);
    }
    if (values['load-balancer'] !== undefined && values.stack !== undefined) problems.push('give --load-balancer or --stack, not both');
    let distribution = values.distribution;
    const distributionProblem = distribution !== undefined ? distributionIdProblem(distribution) : undefined;
    if (distributionProblem) problems.push(distributionProblem);
    const empty = (name: string, v: string | undefined) => v !== undefined && v.trim() === '' && problems.push(`--${name} needs a value`);
    empty('stack', values.stack);
    empty('auto-scaling-group', values['auto-scaling-group']);
    empty('cache-replication-group', values['cache-replication-group']);
    if (dbInstances.some((d) => !/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(d))) problems.push(`--db-instance must be a DB instance identifier (letters, digits, hyphens), got ${JSON.stringify(dbInstances)}`);
    const regional = values['load-balancer'] !== undefined || values.stack !== undefined || values['auto-scaling-group'] !== undefined || dbInstances.length > 0 || values['cache-replication-group'] !== undefined;
    if (!regional && distribution === undefined) {
      problems.push('say what to read: --load-balancer (or --stack), --distribution, --auto-scaling-group, --db-instance, --cache-replication-group');
    }
    if (problems.length > 0) throw new UserInputError(`review: ${problems.join('; ')}`);
    const { workload, plan } = planWorkloadFile(positionals[0]);

    // With only a distribution, nothing is read in a regional endpoint: default to CloudFront's region.
    const aws = await cloudWatchFor({ region: values.region ?? (regional ? undefined : GLOBAL_SERVICES_REGION), profile: values.profile });
    region = aws.region;
    const stats = newReadStats();
    if (values.stack !== undefined) {
      const found = await awsCall('DescribeAlarms', region, () => resourcesOfStack(aws.client, values.stack!, stats));
      ({ loadBalancer, distribution } = pickStackResources(values.stack, found, distribution, region));
    }
    const nowMs = Date.now();
    // CloudFront's metrics are in us-east-1 only: a second client when the command's region is another.
    const edgeInRegion = distribution !== undefined && region === GLOBAL_SERVICES_REGION;
    const targets = { loadBalancer, autoScalingGroup: values['auto-scaling-group'], dbInstances, cacheReplicationGroup: values['cache-replication-group'], days };
    const regionalObservations = await awsCall('GetMetricData', region, () =>
      readReviewObservations(aws.client, { ...targets, distribution: edgeInRegion ? distribution : undefined }, { nowMs, stats }),
    );
    let edgeObservations = {};
    if (distribution !== undefined && !edgeInRegion) {
      const edge = await cloudWatchFor({ region: GLOBAL_SERVICES_REGION, profile: values.profile });
      edgeObservations = await awsCall('GetMetricData', GLOBAL_SERVICES_REGION, () => readReviewObservations(edge.client, { distribution, days }, { nowMs, stats }));
    }
    const review = reviewPlan(workload, plan, { ...regionalObservations, ...edgeObservations });
    const end = Math.floor(nowMs / 60_000) * 60_000;
    const report = {
      workload: plan.name ?? positionals[0],
      days,
      from: new Date(end - days * 86_400_000).toISOString(),
      to: new Date(end).toISOString(),
      region,
      ...(distribution !== undefined ? { distribution, cloudFrontRegion: GLOBAL_SERVICES_REGION } : {}),
      reads: { ...stats },
      ...review,
    };
    if (values['write-workload'] !== undefined) {
      try {
        fs.writeFileSync(values['write-workload'], `${JSON.stringify(review.suggestedWorkload, null, 2)}\n`);
      } catch (e) {
        throw new UserInputError(`review: cannot write ${values['write-workload']}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    out(renderReview(report, format));
    const code = reviewExitCode(review.assumptions);
    const where = distribution !== undefined && region !== GLOBAL_SERVICES_REGION ? `${region} (CloudFront: ${GLOBAL_SERVICES_REGION})` : region;
    if (code === EXIT.noData) process.stderr.write(`cdk-scale: no data: none of the resources given published metrics in the last ${days} d in ${where}; check the identifiers and --region\n`);
    return code;
  }, () => region);
}

/** The ALBs and CloudFront distributions of a stack's SLO alarms (their LoadBalancer and DistributionId dimensions). */
async function resourcesOfStack(client: Parameters<typeof discoverStackSlos>[0], stack: string, stats: Parameters<typeof discoverStackSlos>[2]): Promise<{ loadBalancers: string[]; distributions: string[] }> {
  const found = await discoverStackSlos(client, stack, stats);
  const loadBalancers = new Set<string>();
  const distributions = new Set<string>();
  for (const slo of found.slos) {
    for (const n of slo.nodes.values()) {
      const m = n.metricStat;
      const dimension = (name: string) => m?.dimensions.find((x) => x.name === name)?.value;
      if (m?.namespace === 'AWS/ApplicationELB' && dimension('LoadBalancer')) loadBalancers.add(dimension('LoadBalancer')!);
      if (m?.namespace === 'AWS/CloudFront' && dimension('DistributionId')) distributions.add(dimension('DistributionId')!);
    }
  }
  return { loadBalancers: [...loadBalancers], distributions: [...distributions] };
}

/**
 * What `--stack` contributes: its one ALB, and its one distribution unless --distribution gave one. Refused
 * when it contributes nothing, or is ambiguous (SLOs on several ALBs or distributions).
 */
function pickStackResources(
  stack: string,
  found: { loadBalancers: string[]; distributions: string[] },
  given: string | undefined,
  region: string,
): { loadBalancer: string | undefined; distribution: string | undefined } {
  const several = (what: string, values: string[], flag: string) =>
    new UserInputError(`review: stack "${stack}" has SLOs on ${values.length} ${what} (${values.join(', ')}); give ${flag}`);
  if (found.loadBalancers.length > 1) throw several('ALBs', found.loadBalancers, '--load-balancer');
  if (given === undefined && found.distributions.length > 1) throw several('CloudFront distributions', found.distributions, '--distribution');
  const loadBalancer = found.loadBalancers[0];
  const fromStack = given === undefined ? found.distributions[0] : undefined;
  if (loadBalancer === undefined && fromStack === undefined) {
    const edgeHint = given === undefined && region !== GLOBAL_SERVICES_REGION ? ` (CloudFront SLO alarms live in ${GLOBAL_SERVICES_REGION} stacks)` : '';
    throw new UserInputError(
      `review: no SLO alarms on an ALB${given === undefined ? ' or a CloudFront distribution' : ''} found for stack "${stack}" in ${region}${edgeHint}; give --load-balancer${given === undefined ? ' or --distribution' : ''}`,
    );
  }
  return { loadBalancer, distribution: given ?? fromStack };
}
