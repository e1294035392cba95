/**
 * Workload validation: every problem at once, each with its field path, the value received and
 * what is allowed. Unknown fields are errors (a typo must not be silently ignored).
 */
import { checkSlo, checkTiers, DEFAULT_BURN_RATE_TIERS } from '../slo/burn-rate';
import { findEc2InstanceType, EC2_INSTANCE_TYPES, RDS_LIMITS, GIB } from './catalog';
import { STAGES, type Workload } from './workload';

export interface WorkloadProblem {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/** Thrown for an invalid workload; `problems` lists every one found. */
export class WorkloadValidationError extends Error {
  constructor(public readonly problems: readonly WorkloadProblem[]) {
    super(
      `Invalid workload (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.path}: ${describeValue(p.value)} — ${p.message}`).join('\n'),
    );
    this.name = 'WorkloadValidationError';
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** The load forms of SPEC-capacity.md: the fields that select each, and the fields each needs. */
const LOAD_FORMS = [
  { name: 'daily active users', selector: 'dailyActiveUsers', needs: ['dailyActiveUsers', 'requestsPerUserPerDay'] },
  { name: 'total users × active share', selector: 'users', needs: ['users', 'dailyActiveFraction', 'requestsPerUserPerDay'] },
  { name: 'concurrent users at peak', selector: 'peakConcurrentUsers', needs: ['peakConcurrentUsers', 'requestsPerUserPerMinute'] },
  { name: 'monthly volume', selector: 'requestsPerMonth', needs: ['requestsPerMonth'] },
  { name: 'direct average', selector: 'averageQps', needs: ['averageQps'] },
  { name: 'direct peak', selector: 'peakQps', needs: ['peakQps'] },
] as const;

export type LoadFormSelector = (typeof LOAD_FORMS)[number]['selector'];

type Check = (value: unknown) => string | undefined;

const positive: Check = (v) => (isFiniteNumber(v) && v > 0 ? undefined : 'must be a finite number > 0');
const positiveInteger: Check = (v) => (isFiniteNumber(v) && Number.isInteger(v) && v >= 1 ? undefined : 'must be a whole number ≥ 1');
const nonNegativeInteger: Check = (v) => (isFiniteNumber(v) && Number.isInteger(v) && v >= 0 ? undefined : 'must be a whole number ≥ 0');
const fraction: Check = (v) => (isFiniteNumber(v) && v > 0 && v <= 1 ? undefined : 'must be a fraction in (0, 1]');
const openFraction: Check = (v) => (isFiniteNumber(v) && v > 0 && v < 1 ? undefined : 'must be a fraction in (0, 1) (1 would mean every read is a hit)');
const hitShare: Check = (v) => (isFiniteNumber(v) && v >= 0 && v < 1 ? undefined : 'must be a fraction in [0, 1)');
const atLeastOne: Check = (v) => (isFiniteNumber(v) && v >= 1 ? undefined : 'must be a finite number ≥ 1');
const nonEmptyString: Check = (v) => (typeof v === 'string' && v.trim().length > 0 ? undefined : 'must be a non-empty string');
const oneOf = (...allowed: string[]): Check => (v) =>
  typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Field checks per section; a section's unknown keys are rejected. */
const SECTIONS: Record<string, Record<string, Check>> = {
  traffic: {
    dailyActiveUsers: positive,
    users: positive,
    dailyActiveFraction: fraction,
    requestsPerUserPerDay: positive,
    peakConcurrentUsers: positive,
    requestsPerUserPerMinute: positive,
    requestsPerMonth: positive,
    averageQps: positive,
    peakQps: positive,
    peakFactor: atLeastOne,
    readFraction: (v) => (isFiniteNumber(v) && v >= 0 && v <= 1 ? undefined : 'must be a fraction in [0, 1]'),
    writeFraction: (v) => (isFiniteNumber(v) && v >= 0 && v <= 1 ? undefined : 'must be a fraction in [0, 1]'),
    averageResponseBytes: positive,
    peakConcurrentConnections: positive,
    cdnHitRate: hitShare,
  },
  compute: {
    requestsPerInstancePerSecond: positive,
    instanceType: (v) =>
      typeof v === 'string' && findEc2InstanceType(v)
        ? undefined
        : `must be an instance type of the catalog (${EC2_INSTANCE_TYPES.filter((t) => t.name.endsWith('.large')).map((t) => t.name.split('.')[0]).join(', ')} families, large to 16xlarge), e.g. "m7g.large"`,
    headroom: (v) => {
      if (v === 'survive-az-loss') return undefined;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return undefined; // checked as a section below
      return 'must be "survive-az-loss" or { "bufferFraction": 0.3 }';
    },
    targetUtilization: fraction,
  },
  data: {
    users: positive,
    bytesPerUser: positive,
    bytesPerUserPerDay: positive,
    retentionDays: positive,
    replicationFactor: positiveInteger,
    backupCopies: nonNegativeInteger,
  },
  cache: {
    hitRate: openFraction,
    averageObjectBytes: positive,
    ttlSeconds: positive,
    sizing: oneOf('ttl', 'hot-set'),
    hotFraction: fraction,
    objects: positive,
  },
  database: {
    engine: oneOf('postgres', 'mysql'),
    readQpsPerInstance: positive,
    writeQpsPerInstance: positive,
    maxBytesPerShard: (v) =>
      isFiniteNumber(v) && v > 0 && v <= RDS_LIMITS.maxAllocatedStorageGiB * GIB
        ? undefined
        : `must be a number of bytes in (0, ${RDS_LIMITS.maxAllocatedStorageGiB * GIB}] (an RDS volume holds at most 64 TiB)`,
    connectionsPerInstance: positiveInteger,
  },
  slo: {
    availability: () => undefined, // checked by checkSlo with the period
    periodDays: () => undefined,
    latency: (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object { "thresholdMs": 200, "percent": 95 }'),
  },
  topology: {
    regions: () => undefined, // checked below
    availabilityZones: (v) => (isFiniteNumber(v) && Number.isInteger(v) && v >= 1 && v <= 6 ? undefined : 'must be a whole number from 1 to 6'),
    mode: oneOf('active-passive', 'active-active'),
    regionCapacity: oneOf('full', 'survive-region-loss'),
  },
  assumptions: {
    connectionsPerLoadBalancer: positive,
    cacheOpsPerShard: positive,
    bandwidthHeadroom: atLeastOne,
    requestsPerConnection: atLeastOne,
  },
};

const TOP_LEVEL = ['name', 'stage', ...Object.keys(SECTIONS)];
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

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
      const check = fields[key];
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
  for (const p of sloProblems) add(p.path, p.value, p.message);
  if (sloProblems.length === 0 && checkTiers(DEFAULT_BURN_RATE_TIERS, slo.periodDays ?? 30).length > 0) {
    const longest = Math.max(...DEFAULT_BURN_RATE_TIERS.map((t) => t.longWindowMinutes)) / 1440;
    add('slo.periodDays', slo.periodDays, `must be at least ${longest} days: the default ticket tier looks back ${longest} days`);
  }
  if (isObject(slo.latency)) {
    const { thresholdMs, percent, ...rest } = slo.latency;
    for (const [key, v] of Object.entries(rest)) add(`slo.latency.${key}`, v, 'unknown field; allowed: thresholdMs, percent');
    if (!(isFiniteNumber(thresholdMs) && thresholdMs > 0)) add('slo.latency.thresholdMs', thresholdMs, 'must be a number of milliseconds > 0');
    if (!(isFiniteNumber(percent) && percent > 50 && percent < 100)) add('slo.latency.percent', percent, 'must be a percentage in (50, 100), e.g. 95');
  }

  const topology = isObject(input.topology) ? input.topology : {};
  checkTopology(topology, compute, add);

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
}

function checkTopology(topology: Record<string, unknown>, compute: Record<string, unknown>, add: (p: string, v: unknown, m: string) => void): void {
  const regions = topology.regions;
  if (regions !== undefined) {
    if (!Array.isArray(regions) || regions.length === 0) {
      add('topology.regions', regions, 'must be a non-empty array of AWS region names, primary first (e.g. ["us-east-1", "us-west-2"])');
    } else {
      regions.forEach((r, i) => {
        if (typeof r !== 'string' || !REGION_PATTERN.test(r)) add(`topology.regions[${i}]`, r, 'must be an AWS region name like "us-east-1" or "eu-west-2"');
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
  const azs = topology.availabilityZones ?? 3;
  const headroom = compute.headroom ?? 'survive-az-loss';
  if (headroom === 'survive-az-loss' && isFiniteNumber(azs) && azs < 2) {
    add('topology.availabilityZones', azs, 'must be at least 2 with the "survive-az-loss" headroom (one zone cannot survive its own loss)');
  }
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

function checkField(add: (p: string, v: unknown, m: string) => void, path: string, value: unknown, check: Check): void {
  const message = check(value);
  if (message) add(path, value, message);
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
