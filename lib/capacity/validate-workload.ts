/**
 * Workload validation: every problem at once, each with its field path, the value received and what is
 * allowed. Unknown fields are errors (a typo must not be silently ignored); field names are matched as own keys
 * only, so `__proto__`, `toString` or `constructor` are unknown fields like any other. Every number is bounded
 * so that every derived number of the plan stays finite, and every count exact (an integer ≤ 2⁵³); the bounds
 * are listed in docs/capacity-model.md.
 */
import { checkSlo, checkTierPreset } from '../slo/burn-rate';
import { AWS_REGION_PARTITIONS, isAwsRegion } from '../validation/aws-regions';
import { formatProblems, type Problem } from '../validation/problem';
import { ASYNC_DEFAULTS } from './async';
import { SQS_LIMITS } from './async-catalog';
import { findEc2InstanceType, EC2_INSTANCE_TYPES, RDS_INSTANCE_CLASSES, RDS_LIMITS, GIB } from './catalog';
import { STAGES, type Workload } from './workload';

/** One invalid field of a workload (the shared problem type: `path` is the field path). */
export type WorkloadProblem = Problem;

/** Thrown for an invalid workload; `problems` lists every one found. */
export class WorkloadValidationError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(formatProblems('Invalid workload', problems));
    this.name = 'WorkloadValidationError';
  }
}

/** The load forms of docs/capacity-model.md: the fields that select each, and the fields each needs. */
const LOAD_FORMS = [
  { name: 'daily active users', selector: 'dailyActiveUsers', needs: ['dailyActiveUsers', 'requestsPerUserPerDay'] },
  { name: 'total users × active share', selector: 'users', needs: ['users', 'dailyActiveFraction', 'requestsPerUserPerDay'] },
  { name: 'concurrent users at peak', selector: 'peakConcurrentUsers', needs: ['peakConcurrentUsers', 'requestsPerUserPerMinute'] },
  { name: 'monthly volume', selector: 'requestsPerMonth', needs: ['requestsPerMonth'] },
  { name: 'direct average', selector: 'averageQps', needs: ['averageQps'] },
  { name: 'direct peak', selector: 'peakQps', needs: ['peakQps'] },
] as const;

export type LoadFormSelector = (typeof LOAD_FORMS)[number]['selector'];

/**
 * The largest peak the plan sizes, in requests per second: far beyond any single service (a billion requests
 * a second), and low enough that every derived number is finite and every count exact.
 */
export const MAX_PEAK_QPS = 1e9;

/** The largest peak message rate the plan sizes, per second (as many as the largest request rate). */
export const MAX_PEAK_MESSAGES_PER_SECOND = 1e9;

/** The largest peak message throughput the plan sizes, bytes/s (1 TB/s): every event log count stays exact. */
export const MAX_PEAK_MESSAGE_BYTES_PER_SECOND = 1e12;

/**
 * The most database shards the patterns build per region: the bound of `architecture.databaseShards`, and the
 * plan refuses a stage that would build more. Every stack stays within CloudFormation's template limits at any
 * shard count (shards 5 and up go in shard-group stacks of 10, see shard-layout.ts); what 1,000 keeps within is
 * the region: CloudFormation's default 2,000 stacks per region (L-0485CB21; 1,000 shards take the regional
 * stack, 100 shard-group stacks and 1,000 nested stacks, one per shard's rotation application) and the
 * default network's data subnets (/22 per zone, 1,019 addresses each, ≈ 3,000 in 3 zones: a Multi-AZ writer
 * takes 2 and each replica 1). https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html (5 addresses of each subnet are reserved)
 */
export const MAX_DATABASE_SHARDS = 1000;

type Check = (value: unknown) => string | undefined;

/** `lo < v ≤ hi` (or `lo ≤ v` with `inclusiveMin`), optionally whole. */
function range(lo: number, hi: number, options: { inclusiveMin?: boolean; integer?: boolean; unit?: string } = {}): Check {
  const what = options.integer ? 'a whole number' : 'a number';
  const text = `must be ${what} in ${options.inclusiveMin ? '[' : '('}${fmt(lo)}, ${fmt(hi)}]${options.unit ? ` ${options.unit}` : ''}`;
  return (v) =>
    isFiniteNumber(v) && (options.inclusiveMin ? v >= lo : v > lo) && v <= hi && (!options.integer || Number.isInteger(v)) ? undefined : text;
}
const fraction: Check = (v) => (isFiniteNumber(v) && v > 0 && v <= 1 ? undefined : 'must be a fraction in (0, 1]');
const closedFraction: Check = (v) => (isFiniteNumber(v) && v >= 0 && v <= 1 ? undefined : 'must be a fraction in [0, 1]');
const openFraction: Check = (v) => (isFiniteNumber(v) && v > 0 && v < 1 ? undefined : 'must be a fraction in (0, 1) (1 would mean every read is a hit)');
const hitShare: Check = (v) => (isFiniteNumber(v) && v >= 0 && v < 1 ? undefined : 'must be a fraction in [0, 1)');
const nonEmptyString: Check = (v) => (typeof v === 'string' && v.trim().length > 0 && v.length <= 100 ? undefined : 'must be a non-empty string of at most 100 characters');
const oneOf = (...allowed: string[]): Check => (v) =>
  typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`;

const ec2InstanceType: Check = (v) =>
  typeof v === 'string' && findEc2InstanceType(v)
    ? undefined
    : `must be an instance type of the catalog (${EC2_INSTANCE_TYPES.filter((t) => t.name.endsWith('.large')).map((t) => t.name.split('.')[0]).join(', ')} families, large to 16xlarge), e.g. "m7g.large"`;
const flag: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');

function fmt(n: number): string {
  return n >= 1e6 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : n.toLocaleString('en-US');
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Field checks per section; a section's unknown keys are rejected. */
const SECTIONS: Record<string, Record<string, Check>> = {
  traffic: {
    dailyActiveUsers: range(0, 1e10, { unit: 'users' }),
    users: range(0, 1e10, { unit: 'users' }),
    dailyActiveFraction: fraction,
    requestsPerUserPerDay: range(0, 1e6),
    peakConcurrentUsers: range(0, 1e10, { unit: 'users' }),
    requestsPerUserPerMinute: range(0, 1e4),
    requestsPerMonth: range(0, 1e16),
    averageQps: range(0, MAX_PEAK_QPS, { unit: 'QPS' }),
    peakQps: range(0, MAX_PEAK_QPS, { unit: 'QPS' }),
    peakFactor: range(1, 100, { inclusiveMin: true }),
    readFraction: closedFraction,
    writeFraction: closedFraction,
    averageResponseBytes: range(0, 1e9, { unit: 'bytes' }),
    peakConcurrentConnections: range(0, 1e10),
    cdnHitRate: hitShare,
  },
  compute: {
    requestsPerInstancePerSecond: range(1, 1e6, { inclusiveMin: true, unit: 'QPS' }),
    instanceType: (v) => ec2InstanceType(v),
    headroom: (v) => {
      if (v === 'survive-az-loss') return undefined;
      if (isObject(v)) return undefined; // checked as a section below
      return 'must be "survive-az-loss" or { "bufferFraction": 0.3 }';
    },
    targetUtilization: range(0.05, 1, { inclusiveMin: true }),
  },
  data: {
    users: range(0, 1e10, { unit: 'users' }),
    bytesPerUser: range(0, 1e12, { unit: 'bytes' }),
    bytesPerUserPerDay: range(0, 1e9, { unit: 'bytes' }),
    retentionDays: range(1, 36_500, { inclusiveMin: true, integer: true, unit: 'days' }),
    replicationFactor: range(1, 10, { inclusiveMin: true, integer: true }),
    backupCopies: range(0, 100, { inclusiveMin: true, integer: true }),
  },
  cache: {
    hitRate: openFraction,
    averageObjectBytes: range(0, 512 * 2 ** 20, { unit: 'bytes (a Valkey/Redis value holds at most 512 MiB)' }),
    ttlSeconds: range(0, 315_360_000, { unit: 'seconds (10 years)' }),
    sizing: oneOf('ttl', 'hot-set'),
    hotFraction: fraction,
    objects: range(0, 1e15),
  },
  database: {
    engine: oneOf('postgres', 'mysql'),
    instanceClass: (v) =>
      typeof v === 'string' && RDS_INSTANCE_CLASSES.some((c) => c.name === v)
        ? undefined
        : `must be an RDS class of the catalog (db.t4g micro to 2xlarge, db.m7g and db.r7g large to 16xlarge), e.g. "db.r7g.2xlarge"`,
    readQpsPerInstance: range(1, 1e7, { inclusiveMin: true, unit: 'QPS' }),
    writeQpsPerInstance: range(1, 1e7, { inclusiveMin: true, unit: 'QPS' }),
    workingSetFraction: fraction,
    maxBytesPerShard: range(1e9, RDS_LIMITS.maxAllocatedStorageGiB * GIB, {
      inclusiveMin: true,
      unit: 'bytes (an RDS volume holds at most 64 TiB)',
    }),
    connectionsPerInstance: range(1, 10_000, { inclusiveMin: true, integer: true }),
  },
  slo: {
    availability: () => undefined, // checked by checkSlo with the period
    periodDays: () => undefined,
    tierPreset: () => undefined, // checked by checkTierPreset
    latency: (v) => (isObject(v) ? undefined : 'must be an object { "thresholdMs": 200, "percent": 95 }'),
  },
  topology: {
    regions: () => undefined, // checked below
    availabilityZones: range(2, 6, { inclusiveMin: true, integer: true, unit: '(a VPC spans at least 2 zones; no region has more than 6)' }),
    mode: oneOf('active-passive', 'active-active'),
    regionCapacity: oneOf('full', 'survive-region-loss'),
  },
  architecture: {
    cache: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
    edge: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
    databaseShards: range(1, MAX_DATABASE_SHARDS, { inclusiveMin: true, integer: true }),
    readReplicasPerShard: range(0, RDS_LIMITS.maxReadReplicasPerSource, {
      inclusiveMin: true,
      integer: true,
      unit: '(RDS allows 15 read replicas per source)',
    }),
    queue: flag,
  },
  // The async tier (async.ts); its cross-field rules are in checkAsync.
  async: {
    messagesPerSecond: range(0, MAX_PEAK_MESSAGES_PER_SECOND, { unit: 'messages/s' }),
    messagesPerRequest: range(0, 1000),
    messageBytes: range(0, 1e9, { unit: 'bytes' }),
    messagesPerWorkerPerSecond: range(0.001, 1e7, { inclusiveMin: true, unit: 'messages/s' }),
    processingMillis: range(0, 1_800_000, { unit: 'ms (30 minutes: the visibility timeout, 6 × the processing time, stays within SQS\'s 12 hours)' }),
    workerInstanceType: (v) => ec2InstanceType(v),
    maxBacklogSeconds: range(1, SQS_LIMITS.maxRetentionSeconds, { inclusiveMin: true, integer: true, unit: 'seconds (SQS keeps a message at most 14 days)' }),
    retentionDays: range(1, 3650, { inclusiveMin: true, integer: true, unit: 'days' }),
    maxReceiveCount: range(SQS_LIMITS.minMaxReceiveCount, SQS_LIMITS.maxMaxReceiveCount, { inclusiveMin: true, integer: true, unit: '(SQS allows 1–1,000 receives)' }),
    eventLog: flag,
    consumerGroup: (v) => (typeof v === 'string' && /^[A-Za-z0-9._-]{1,249}$/.test(v)
      ? undefined
      : 'must be 1–249 letters, digits, ".", "_" or "-" (MSK publishes no consumer-lag metrics for a group whose name has a colon or non-ASCII characters)'),
  },
  dr: {
    rpoSeconds: range(0, 31_536_000, { inclusiveMin: true, unit: 'seconds (at most a year)' }),
    rtoSeconds: range(0, 31_536_000, { unit: 'seconds (at most a year)' }),
    backupRegion: () => undefined, // checked by checkDr with the topology
  },
  assumptions: {
    connectionsPerLoadBalancer: range(1, 1e9, { inclusiveMin: true }),
    cacheOpsPerShard: range(1, 1e8, { inclusiveMin: true }),
    bandwidthHeadroom: range(1, 100, { inclusiveMin: true }),
    requestsPerConnection: range(1, 1e6, { inclusiveMin: true }),
  },
};

const TOP_LEVEL = ['name', 'stage', ...Object.keys(SECTIONS)];

/** Lists every problem in a workload (empty when valid). Accepts any JSON value. */
export function checkWorkload(input: unknown): WorkloadProblem[] {
  const problems: WorkloadProblem[] = [];
  const add = (path: string, value: unknown, message: string) => problems.push({ path, value, message });

  if (!isObject(input)) {
    add('(workload)', input, 'must be a JSON object with at least a "traffic" section');
    return problems;
  }
  for (const key of Object.keys(input)) {
    if (!TOP_LEVEL.includes(key)) add(key, input[key], `unknown field; allowed: ${TOP_LEVEL.join(', ')}`);
  }
  if (input.name !== undefined) checkField(add, 'name', input.name, nonEmptyString);
  if (input.stage !== undefined) checkField(add, 'stage', input.stage, oneOf(...STAGES));

  for (const [section, fields] of Object.entries(SECTIONS)) {
    const value = input[section];
    if (value === undefined) {
      if (section === 'traffic') add('traffic', value, 'is required: give one load form (e.g. { "dailyActiveUsers": 1000000, "requestsPerUserPerDay": 20 })');
      continue;
    }
    if (!isObject(value)) {
      add(section, value, 'must be an object');
      continue;
    }
    for (const [key, v] of Object.entries(value)) {
      const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (!check) add(`${section}.${key}`, v, `unknown field; allowed: ${Object.keys(fields).join(', ')}`);
      else checkField(add, `${section}.${key}`, v, check);
    }
  }

  const traffic = isObject(input.traffic) ? input.traffic : {};
  if (isObject(input.traffic)) checkLoadForm(traffic, add);
  if (traffic.readFraction !== undefined && traffic.writeFraction !== undefined && isFiniteNumber(traffic.readFraction) && isFiniteNumber(traffic.writeFraction)) {
    if (Math.abs(traffic.readFraction + traffic.writeFraction - 1) > 1e-9) {
      add('traffic.writeFraction', traffic.writeFraction, `must equal 1 − readFraction (${1 - traffic.readFraction}); give only one of the two`);
    }
  }

  const compute = isObject(input.compute) ? input.compute : {};
  if (isObject(compute.headroom)) {
    for (const [key, v] of Object.entries(compute.headroom)) {
      if (key !== 'bufferFraction') add(`compute.headroom.${key}`, v, 'unknown field; allowed: bufferFraction');
    }
    const f = compute.headroom.bufferFraction;
    if (!(isFiniteNumber(f) && f >= 0 && f <= 10)) add('compute.headroom.bufferFraction', f, 'must be a number from 0 to 10 (0.3 adds 30 %)');
  }

  const slo = isObject(input.slo) ? input.slo : {};
  const sloProblems = checkSlo(slo.availability ?? 0.999, slo.periodDays ?? 30);
  for (const p of [...sloProblems, ...checkTierPreset(slo.tierPreset)]) add(p.path, p.value, p.message);
  if (isObject(slo.latency)) {
    const { thresholdMs, percent, ...rest } = slo.latency;
    for (const [key, v] of Object.entries(rest)) add(`slo.latency.${key}`, v, 'unknown field; allowed: thresholdMs, percent');
    if (!(isFiniteNumber(thresholdMs) && thresholdMs > 0)) add('slo.latency.thresholdMs', thresholdMs, 'must be a number of milliseconds > 0');
    if (!(isFiniteNumber(percent) && percent > 50 && percent < 100)) add('slo.latency.percent', percent, 'must be a percentage in (50, 100), e.g. 95');
  }

  const topology = isObject(input.topology) ? input.topology : {};
  checkTopology(topology, add);

  const cache = isObject(input.cache) ? input.cache : {};
  if (cache.sizing === 'hot-set' && cache.objects === undefined) {
    add('cache.objects', undefined, 'is required with "hot-set" sizing (the number of distinct cacheable objects)');
  }
  if (cache.sizing !== 'hot-set') {
    for (const key of ['objects', 'hotFraction']) {
      if (cache[key] !== undefined) add(`cache.${key}`, cache[key], 'applies only with "sizing": "hot-set"');
    }
  }

  const data = isObject(input.data) ? input.data : {};
  checkData(data, traffic, add);
  if (isObject(input.dr)) checkDr(input.dr, topology, add);
  checkAsync(input, traffic, add);
  return problems;
}

/** Validates a parsed JSON value and returns it typed; throws WorkloadValidationError listing every problem. */
export function parseWorkload(input: unknown): Workload {
  const problems = checkWorkload(input);
  if (problems.length > 0) throw new WorkloadValidationError(problems);
  return input as Workload;
}

/** The selector field of the workload's (single, valid) load form. */
export function loadFormOf(traffic: Record<string, unknown>): LoadFormSelector {
  const form = LOAD_FORMS.find((f) => traffic[f.selector] !== undefined);
  if (!form) throw new Error('no load form: validate the workload first');
  return form.selector;
}

function checkLoadForm(traffic: Record<string, unknown>, add: (p: string, v: unknown, m: string) => void): void {
  const present = LOAD_FORMS.filter((f) => traffic[f.selector] !== undefined);
  const formList = LOAD_FORMS.map((f) => `${f.name} (${f.needs.join(' + ')})`).join('; ');
  if (present.length === 0) {
    add('traffic', traffic, `needs exactly one load form: ${formList}`);
    return;
  }
  if (present.length > 1) {
    add('traffic', present.map((f) => f.selector), `gives ${present.length} load forms (${present.map((f) => f.name).join(', ')}); give exactly one`);
    return;
  }
  const form = present[0];
  for (const need of form.needs) {
    if (traffic[need] === undefined) add(`traffic.${need}`, undefined, `is required by the "${form.name}" load form`);
  }
  // Fields that belong to another form only: a sign of a mixed-up workload.
  const own = new Set<string>(form.needs);
  const formOnly = new Set<string>(LOAD_FORMS.flatMap((f) => f.needs));
  for (const key of formOnly) {
    if (!own.has(key) && traffic[key] !== undefined && !LOAD_FORMS.some((f) => f.selector === key)) {
      add(`traffic.${key}`, traffic[key], `does not belong to the "${form.name}" load form (${form.needs.join(' + ')})`);
    }
  }
  if ((form.selector === 'peakConcurrentUsers' || form.selector === 'peakQps') && traffic.peakFactor !== undefined) {
    add('traffic.peakFactor', traffic.peakFactor, `does not apply: the "${form.name}" form is already a peak`);
  }
  const peak = peakQpsOf(form.selector, traffic);
  // The direct peak has its own range (reported once, by its field's check).
  if (peak !== undefined && peak > MAX_PEAK_QPS && form.selector !== 'peakQps') {
    add(`traffic.${form.selector}`, traffic[form.selector],
      `gives a peak of ${peak.toExponential(2)} QPS; the plan sizes at most ${fmt(MAX_PEAK_QPS)} QPS (check the units of the "${form.name}" form)`);
  }
}

/** The peak QPS a valid load form gives (the plan's formula), or undefined while a field is invalid. */
function peakQpsOf(selector: LoadFormSelector, t: Record<string, unknown>): number | undefined {
  const n = (key: string, fallback?: number): number => (isFiniteNumber(t[key]) ? t[key] : fallback ?? NaN);
  const peakFactor = n('peakFactor', 3);
  const peak = {
    dailyActiveUsers: () => (n('dailyActiveUsers') * n('requestsPerUserPerDay') * peakFactor) / 86_400,
    users: () => (n('users') * n('dailyActiveFraction') * n('requestsPerUserPerDay') * peakFactor) / 86_400,
    peakConcurrentUsers: () => (n('peakConcurrentUsers') * n('requestsPerUserPerMinute')) / 60,
    requestsPerMonth: () => (n('requestsPerMonth') * peakFactor) / (30 * 86_400),
    averageQps: () => n('averageQps') * peakFactor,
    peakQps: () => n('peakQps'),
  }[selector]();
  return Number.isFinite(peak) ? peak : undefined;
}

function checkTopology(topology: Record<string, unknown>, add: (p: string, v: unknown, m: string) => void): void {
  const regions = topology.regions;
  if (regions !== undefined) {
    if (!Array.isArray(regions) || regions.length === 0) {
      add('topology.regions', regions, 'must be a non-empty array of AWS region names, primary first (e.g. ["us-east-1", "us-west-2"])');
    } else {
      regions.forEach((r, i) => {
        if (!isAwsRegion(r)) add(`topology.regions[${i}]`, r, 'must be the name of an AWS region, e.g. "us-east-1" or "eu-west-2"');
        else if (AWS_REGION_PARTITIONS.get(r) !== 'aws') {
          add(`topology.regions[${i}]`, r, `is in the ${AWS_REGION_PARTITIONS.get(r)} partition; the patterns build in the commercial partition (aws) only (CloudFront, its certificates and WAF live in us-east-1)`);
        }
      });
      const dupes = regions.filter((r, i) => regions.indexOf(r) !== i);
      if (dupes.length > 0) add('topology.regions', regions, `lists ${JSON.stringify(dupes[0])} twice; each region once`);
    }
  }
  const regionCount = Array.isArray(regions) ? regions.length : 1;
  if (topology.regionCapacity === 'survive-region-loss') {
    if (topology.mode !== 'active-active') add('topology.regionCapacity', 'survive-region-loss', 'needs "mode": "active-active" (in active-passive one region carries everything)');
    if (regionCount < 2) add('topology.regionCapacity', 'survive-region-loss', 'needs at least 2 regions in topology.regions');
  }
  if (topology.mode === 'active-active' && regionCount < 2) add('topology.mode', 'active-active', 'needs at least 2 regions in topology.regions');
}

function checkData(data: Record<string, unknown>, traffic: Record<string, unknown>, add: (p: string, v: unknown, m: string) => void): void {
  if (data.bytesPerUserPerDay !== undefined && data.retentionDays === undefined) {
    add('data.retentionDays', undefined, 'is required with bytesPerUserPerDay (how many days the data is kept)');
  }
  if (data.retentionDays !== undefined && data.bytesPerUserPerDay === undefined) {
    add('data.retentionDays', data.retentionDays, 'applies only with bytesPerUserPerDay');
  }
  const sized = data.bytesPerUser !== undefined || data.bytesPerUserPerDay !== undefined;
  if (sized && data.users === undefined && traffic.users === undefined && traffic.dailyActiveUsers === undefined) {
    add('data.users', undefined, 'is required: the traffic load form has no user count to default to');
  }
}

/** The DR copy region: a real commercial region other than the primary (the first of topology.regions). */
function checkDr(dr: Record<string, unknown>, topology: Record<string, unknown>, add: (p: string, v: unknown, m: string) => void): void {
  const region = dr.backupRegion;
  if (region === undefined) return;
  if (!isAwsRegion(region) || AWS_REGION_PARTITIONS.get(region) !== 'aws') {
    add('dr.backupRegion', region, 'must be the name of an AWS region of the commercial partition, e.g. "us-west-2"');
    return;
  }
  const primary = Array.isArray(topology.regions) && topology.regions.length > 0 ? topology.regions[0] : 'us-east-1';
  if (region === primary) add('dr.backupRegion', region, `must differ from the primary region (${primary}): a copy in the same region does not survive its loss`);
}

/** The async section's cross-field rules (docs/capacity-model.md, "Async tier"). */
function checkAsync(input: Record<string, any>, traffic: Record<string, unknown>, add: (p: string, v: unknown, m: string) => void): void {
  const a = isObject(input.async) ? input.async : undefined;
  const architecture = isObject(input.architecture) ? input.architecture : {};
  const hasRate = a !== undefined && (a.messagesPerSecond !== undefined || a.messagesPerRequest !== undefined);
  if (architecture.queue === true && !hasRate) {
    add('architecture.queue', true, 'needs a message rate: give async.messagesPerSecond or async.messagesPerRequest');
  }
  if (!a) return;
  if (!hasRate) add('async', a, 'needs a message rate: give async.messagesPerSecond (a peak) or async.messagesPerRequest');
  if (a.messagesPerSecond !== undefined && a.messagesPerRequest !== undefined) {
    add('async.messagesPerRequest', a.messagesPerRequest, 'give one message rate: messagesPerSecond or messagesPerRequest, not both');
  }
  if (a.messagesPerWorkerPerSecond !== undefined && a.processingMillis !== undefined) {
    add('async.processingMillis', a.processingMillis, 'give messagesPerWorkerPerSecond or processingMillis, not both');
  }
  const form = LOAD_FORMS.filter((f) => traffic[f.selector] !== undefined);
  const peakQps = form.length === 1 ? peakQpsOf(form[0].selector, traffic) : undefined;
  const peakMessages = isFiniteNumber(a.messagesPerSecond) ? a.messagesPerSecond
    : isFiniteNumber(a.messagesPerRequest) && peakQps !== undefined ? a.messagesPerRequest * peakQps : undefined;
  if (a.messagesPerRequest !== undefined && peakMessages !== undefined && peakMessages > MAX_PEAK_MESSAGES_PER_SECOND) {
    add('async.messagesPerRequest', a.messagesPerRequest,
      `gives a peak of ${peakMessages.toExponential(2)} messages/s (× ${peakQps!.toExponential(2)} peak QPS); the plan sizes at most ${fmt(MAX_PEAK_MESSAGES_PER_SECOND)}`);
  }
  // The throughput of a rate in range (an out-of-range rate is reported on its own field, not blamed on the size); a size
  // the workload does not give is named as the default it is, on the rate's field.
  const bytes = isFiniteNumber(a.messageBytes) ? a.messageBytes : ASYNC_DEFAULTS.messageBytes;
  if (peakMessages !== undefined && peakMessages >= 0 && peakMessages <= MAX_PEAK_MESSAGES_PER_SECOND && peakMessages * bytes > MAX_PEAK_MESSAGE_BYTES_PER_SECOND) {
    const throughput = `${(peakMessages * bytes).toExponential(2)} bytes/s; the plan sizes at most 1e12 (1 TB/s)`;
    if (a.messageBytes !== undefined) {
      add('async.messageBytes', a.messageBytes, `× ${peakMessages.toExponential(2)} peak messages/s gives ${throughput}`);
    } else {
      const rateField = a.messagesPerSecond !== undefined ? 'messagesPerSecond' : 'messagesPerRequest';
      add(`async.${rateField}`, a[rateField], `× async.messageBytes (not given: the default ${fmt(ASYNC_DEFAULTS.messageBytes)} bytes) gives ${throughput}`);
    }
  }
  const retentionSeconds = Math.min((isFiniteNumber(a.retentionDays) ? a.retentionDays : ASYNC_DEFAULTS.retentionDays) * 86_400, SQS_LIMITS.maxRetentionSeconds);
  if (isFiniteNumber(a.maxBacklogSeconds) && a.maxBacklogSeconds >= retentionSeconds) {
    add('async.maxBacklogSeconds', a.maxBacklogSeconds,
      `must be shorter than the queue's retention (${retentionSeconds} s, async.retentionDays up to 14): an older message is deleted, never processed`);
  }
  if (a.consumerGroup !== undefined && a.eventLog === false) {
    add('async.consumerGroup', a.consumerGroup, 'applies only with an event log (async.eventLog is false)');
  }
}

function checkField(add: (p: string, v: unknown, m: string) => void, path: string, value: unknown, check: Check): void {
  const message = check(value);
  if (message) add(path, value, message);
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
