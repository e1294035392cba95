/**
 * A CloudWatch server on 127.0.0.1 that speaks what @aws-sdk/client-cloudwatch speaks (AWS JSON 1.0,
 * awsQuery-compatible: `X-Amz-Target: GraniteServiceVersion20100801.<Action>`, epoch-second timestamps), so
 * tests run the real SDK client end to end. It implements GetMetricData, DescribeAlarms and ListMetrics the
 * way the API reference describes them, with the behaviours the reader must handle:
 *
 * - ≤ 500 queries per call, ids starting with a lowercase letter, StartTime < EndTime (400 ValidationError);
 * - periods checked against retention: StartTime older than 15 days needs a multiple of 300 s, older than
 *   63 days a multiple of 3,600 s, or the query returns NO data points (not an error), as CloudWatch does;
 * - MaxDatapoints and pagination (NextToken; PartialData on every page but the last); a smaller page size can
 *   be set to force pagination;
 * - faults injected per call: throttling (then success), access denied, a 500, a result marked PartialData.
 *
 * Data is stored per minute: a count (Sum/SampleCount/Average/Minimum/Maximum) or, for latency, a histogram
 * of sample values (SampleCount, Average, PR(:t), TC(t:)). Buckets start at StartTime, as in CloudWatch.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

// The SDK warns once per process on Node 20 (its 2027 versions need Node 22): not this suite's business.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface FakeMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** One minute of a metric: a value (with its sample count) or a histogram of sample values. */
type Minute = { sum: number; count: number; min: number; max: number; histogram?: Map<number, number> };

export type Fault =
  | { kind: 'throttle'; times: number }
  | { kind: 'access-denied' }
  | { kind: 'internal'; times: number }
  | { kind: 'partial'; metricName: string };

export interface FakeAlarm {
  readonly AlarmName: string;
  readonly AlarmArn?: string;
  readonly AlarmDescription?: string;
  readonly Threshold?: number;
  readonly Metrics?: unknown[];
  readonly AlarmRule?: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export class FakeCloudWatch {
  private server?: http.Server;
  private readonly data = new Map<string, { metric: FakeMetric; minutes: Map<number, Minute> }>();
  private readonly alarms: FakeAlarm[] = [];
  private faults: Fault[] = [];
  /** Every request: action, parsed body, and the region it was signed for (SigV4's credential scope). */
  public readonly requests: Array<{ action: string; body: any; region?: string }> = [];
  /** Data points per page at most (on top of the caller's MaxDatapoints). */
  public pageSize = 100_800;
  /** Alarms per DescribeAlarms page at most. */
  public alarmPageSize = 100;
  /** The server's clock. */
  public now = () => Date.now();

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      req.on('end', () => this.handle(String(req.headers['x-amz-target'] ?? ''), body, res, region));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.endpoint;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Forgets data, alarms, faults and requests. */
  reset(): void {
    this.data.clear();
    this.alarms.length = 0;
    this.faults = [];
    this.requests.length = 0;
    this.pageSize = 100_800;
    this.alarmPageSize = 100;
  }

  /** Adds `value` (a count) to the minute of `timestampMs`. */
  put(metric: FakeMetric, timestampMs: number, value: number): void {
    const m = this.minute(metric, timestampMs);
    m.sum += value;
    m.count += 1;
    m.min = Math.min(m.min, value);
    m.max = Math.max(m.max, value);
  }

  /** Adds `count` samples of `value` (e.g. a response time) to the minute of `timestampMs`. */
  putSamples(metric: FakeMetric, timestampMs: number, value: number, count: number): void {
    const m = this.minute(metric, timestampMs);
    m.histogram ??= new Map();
    m.histogram.set(value, (m.histogram.get(value) ?? 0) + count);
    m.sum += value * count;
    m.count += count;
    m.min = Math.min(m.min, value);
    m.max = Math.max(m.max, value);
  }

  /** Puts `perMinute(t)` for every minute in [fromMs, toMs) (undefined or 0 skips the minute). */
  fill(metric: FakeMetric, fromMs: number, toMs: number, perMinute: (t: number) => number | undefined, options: { keepZeros?: boolean } = {}): void {
    for (let t = Math.floor(fromMs / MINUTE) * MINUTE; t < toMs; t += MINUTE) {
      const v = perMinute(t);
      if (v === undefined || (v === 0 && !options.keepZeros)) continue;
      this.put(metric, t, v);
    }
  }

  addAlarm(alarm: FakeAlarm): void {
    this.alarms.push({ AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarm.AlarmName}`, ...alarm });
  }

  /** Injects a fault into the next calls. */
  inject(fault: Fault): void {
    this.faults.push(fault);
  }

  count(action: string): number {
    return this.requests.filter((r) => r.action === action).length;
  }

  private minute(metric: FakeMetric, timestampMs: number): Minute {
    const key = metricKey(metric.namespace, metric.metricName, metric.dimensions);
    const entry = this.data.get(key) ?? { metric, minutes: new Map() };
    this.data.set(key, entry);
    const t = Math.floor(timestampMs / MINUTE) * MINUTE;
    const m = entry.minutes.get(t) ?? { sum: 0, count: 0, min: Infinity, max: -Infinity };
    entry.minutes.set(t, m);
    return m;
  }

  private handle(target: string, raw: string, res: http.ServerResponse, region?: string): void {
    const action = target.split('.').pop() ?? '';
    let body: any = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return this.error(res, 400, 'SerializationException', 'bad JSON');
    }
    this.requests.push({ action, body, region });
    const fault = this.faults[0];
    if (fault?.kind === 'access-denied') {
      return this.error(res, 400, 'AccessDeniedException', `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:${action}`, 'AccessDenied');
    }
    if (fault?.kind === 'throttle' || fault?.kind === 'internal') {
      if (--fault.times <= 0) this.faults.shift();
      return fault.kind === 'throttle'
        ? this.error(res, 400, 'ThrottlingException', 'Rate exceeded', 'Throttling')
        : this.error(res, 500, 'InternalServiceFault', 'Internal error', 'InternalServiceError', 'Receiver');
    }
    try {
      switch (action) {
        case 'GetMetricData':
          return this.send(res, this.getMetricData(body));
        case 'DescribeAlarms':
          return this.send(res, this.describeAlarms(body));
        case 'ListMetrics':
          return this.send(res, this.listMetrics(body));
        default:
          return this.error(res, 400, 'InvalidAction', `unknown action ${action}`);
      }
    } catch (e) {
      if (e instanceof ValidationError) return this.error(res, 400, 'InvalidParameterValueException', e.message, 'InvalidParameterValue');
      throw e;
    }
  }

  private getMetricData(body: any): unknown {
    const queries: any[] = body.MetricDataQueries ?? [];
    if (queries.length > 500) throw new ValidationError('The collection MetricDataQueries must not have a size greater than 500.');
    for (const q of queries) if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? '')) throw new ValidationError(`Invalid metric data query id ${q.Id}`);
    const start = body.StartTime * 1000;
    const end = body.EndTime * 1000;
    if (!(start < end)) throw new ValidationError('The parameter EndTime must be greater than StartTime.');
    const now = this.now();
    const partialFor = this.faults.find((f) => f.kind === 'partial') as { metricName: string } | undefined;
    // Every data point, query by query, ascending: the order pages are cut from.
    const points: Array<{ id: string; t: number; v: number }> = [];
    for (const q of queries) {
      if (q.Expression !== undefined) continue; // the reader never asks for math; CloudWatch would not paginate it
      const stat = q.MetricStat;
      const period = stat.Period as number;
      const age = now - start;
      if ((age > 63 * DAY && period % 3600 !== 0) || (age > 15 * DAY && period % 300 !== 0)) continue; // retention: no data
      const dims = Object.fromEntries((stat.Metric.Dimensions ?? []).map((d: any) => [d.Name, d.Value]));
      const entry = this.data.get(metricKey(stat.Metric.Namespace, stat.Metric.MetricName, dims));
      if (!entry) continue;
      for (let b = start; b < end; b += period * 1000) {
        const minutes: Minute[] = [];
        for (let t = b; t < Math.min(b + period * 1000, end); t += MINUTE) {
          const m = entry.minutes.get(t);
          if (m) minutes.push(m);
        }
        if (minutes.length === 0) continue;
        const v = aggregate(minutes, stat.Stat);
        if (v !== undefined) points.push({ id: q.Id, t: b, v });
      }
    }
    const offset = body.NextToken ? Number(body.NextToken) : 0;
    const size = Math.min(this.pageSize, body.MaxDatapoints ?? 100_800);
    const page = points.slice(offset, offset + size);
    const more = offset + size < points.length;
    const results = queries.map((q) => {
      const mine = page.filter((p) => p.id === q.Id);
      const partial = partialFor && q.MetricStat?.Metric?.MetricName === partialFor.metricName;
      return {
        Id: q.Id,
        Label: q.MetricStat?.Metric?.MetricName,
        Timestamps: (body.ScanBy === 'TimestampDescending' || !body.ScanBy ? [...mine].reverse() : mine).map((p) => p.t / 1000),
        Values: (body.ScanBy === 'TimestampDescending' || !body.ScanBy ? [...mine].reverse() : mine).map((p) => p.v),
        StatusCode: more || partial ? 'PartialData' : 'Complete',
        ...(partial && !more ? { Messages: [{ Code: 'MaxQueryTimeRangeExceed', Value: 'the data is partial' }] } : {}),
      };
    });
    return { MetricDataResults: results, Messages: [], ...(more ? { NextToken: String(offset + size) } : {}) };
  }

  private describeAlarms(body: any): unknown {
    const types: string[] = body.AlarmTypes ?? ['MetricAlarm'];
    const prefix: string | undefined = body.AlarmNamePrefix;
    const matching = this.alarms.filter((a) => !prefix || a.AlarmName.startsWith(prefix));
    const offset = body.NextToken ? Number(body.NextToken) : 0;
    const size = Math.min(this.alarmPageSize, body.MaxRecords ?? 50);
    const page = matching.slice(offset, offset + size);
    const more = offset + size < matching.length;
    return {
      MetricAlarms: types.includes('MetricAlarm') ? page.filter((a) => a.AlarmRule === undefined) : [],
      CompositeAlarms: types.includes('CompositeAlarm') ? page.filter((a) => a.AlarmRule !== undefined) : [],
      ...(more ? { NextToken: String(offset + size) } : {}),
    };
  }

  private listMetrics(body: any): unknown {
    const wanted: Array<{ Name: string; Value?: string }> = body.Dimensions ?? [];
    const metrics = [...this.data.values()]
      .map((e) => e.metric)
      .filter((m) => (!body.Namespace || m.namespace === body.Namespace) && (!body.MetricName || m.metricName === body.MetricName))
      .filter((m) => wanted.every((d) => d.Name in m.dimensions && (d.Value === undefined || m.dimensions[d.Name] === d.Value)));
    const offset = body.NextToken ? Number(body.NextToken) : 0;
    const page = metrics.slice(offset, offset + 2);
    return {
      Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })) })),
      ...(offset + 2 < metrics.length ? { NextToken: String(offset + 2) } : {}),
    };
  }

  private send(res: http.ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fake' });
    res.end(JSON.stringify(body));
  }

  private error(res: http.ServerResponse, status: number, type: string, message: string, queryCode?: string, fault = 'Sender'): void {
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': 'fake',
      ...(queryCode ? { 'x-amzn-query-error': `${queryCode};${fault}` } : {}),
    });
    res.end(JSON.stringify({ __type: type, message }));
  }
}

class ValidationError extends Error {}

function metricKey(namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>): string {
  return JSON.stringify([namespace, metricName, Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b))]);
}

function aggregate(minutes: Minute[], stat: string): number | undefined {
  const count = minutes.reduce((n, m) => n + m.count, 0);
  const sum = minutes.reduce((n, m) => n + m.sum, 0);
  switch (stat) {
    case 'Sum':
      return sum;
    case 'SampleCount':
      return count;
    case 'Average':
      return count ? sum / count : undefined;
    case 'Minimum':
      return Math.min(...minutes.map((m) => m.min));
    case 'Maximum':
      return Math.max(...minutes.map((m) => m.max));
  }
  const pr = /^PR\(:([0-9.]+)\)$/.exec(stat);
  const tc = /^TC\(([0-9.]+):\)$/.exec(stat);
  if (pr || tc) {
    const threshold = Number((pr ?? tc)![1]);
    let samples = 0;
    let atOrBelow = 0;
    for (const m of minutes) {
      for (const [v, n] of m.histogram ?? new Map([[m.sum / Math.max(1, m.count), m.count]])) {
        samples += n;
        if (v <= threshold) atOrBelow += n;
      }
    }
    if (samples === 0) return undefined;
    return pr ? (100 * atOrBelow) / samples : samples - atOrBelow;
  }
  throw new ValidationError(`unsupported statistic ${stat}`);
}
