/** Runs the real `cdk-scale` binary (the package's bin, built by `npm run build`) as a user would. */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'dist', 'bin', 'cdk-scale.js');
const example = (name: string) => path.join(root, 'examples', name);

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
});

function run(...args: string[]) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scale-')), 'w.json');
  fs.writeFileSync(file, content);
  return file;
}

test('the build is importable as a library: main and types point at emitted JS and .d.ts; the patterns are their own entry point', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  expect(fs.existsSync(path.join(root, pkg.types))).toBe(true);
  const lib = require(path.join(root, pkg.exports['.'].default));
  for (const name of ['planCapacity', 'WebTier', 'Database', 'MultiAzDatabaseCluster', 'Cache', 'SloAlarms', 'Edge', 'DnsFailover', 'Network', 'PropsValidationError']) {
    expect(typeof lib[name]).toBe('function');
  }
  expect(lib.planCapacity({ traffic: { averageQps: 10 } }).stage).toBe('separate-db');
  // Internals stay internal; the library does not pull in the patterns.
  for (const name of ['ProblemCollector', 'withoutFloatNoise', 'GIB', 'gatedRatioExpression', 'collectProblems', 'MultiRegionApp']) expect(lib[name]).toBeUndefined();
  const patterns = require(path.join(root, pkg.exports['./patterns'].default));
  for (const name of ['MultiRegionApp', 'RegionalServiceStack', 'GlobalEdgeStack', 'DatabaseShardGroupStack']) expect(typeof patterns[name]).toBe('function');
  expect(fs.existsSync(path.join(root, pkg.exports['./patterns'].types))).toBe(true);
});

test("the README's composition example type-checks and synthesizes against the packed package, as a user installs it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scale-readme-'));
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop()!;
  const installed = path.join(dir, 'node_modules', 'cdk-scale-patterns');
  fs.mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', installed, '--strip-components=1']);
  // The package's dependencies (and the compiler), as npm would install them beside it.
  for (const dep of ['aws-cdk-lib', 'constructs', 'cdk-nag', '@cdklabs', '@aws-sdk', '@smithy', '@aws-crypto', 'tslib', 'typescript', '@types']) {
    fs.mkdirSync(path.dirname(path.join(dir, 'node_modules', dep)), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules', dep), path.join(dir, 'node_modules', dep));
  }
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Compose the building blocks'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)![1];
  expect(example).toContain("from 'cdk-scale-patterns'");
  fs.writeFileSync(path.join(dir, 'example.ts'), example);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, outDir: 'out', types: ['node'] },
    files: ['example.ts'],
  }));
  execFileSync(path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', dir], { cwd: dir, stdio: 'pipe' });
  const outdir = path.join(dir, 'cdk.out');
  execFileSync(process.execPath, [path.join(dir, 'out', 'example.js')], { cwd: dir, stdio: 'pipe', env: { ...process.env, CDK_OUTDIR: outdir } });
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Shop.template.json'), 'utf8'));
  const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
  for (const type of ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::CloudWatch::CompositeAlarm', 'AWS::SQS::Queue']) {
    expect(types).toContain(type);
  }
});

test('the published package holds every module its files require', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files = new Set<string>(pack.files.map((f: { path: string }) => f.path));
  expect(files).toContain('dist/bin/cdk-scale.js');
  // The README's links resolve on npm too: every docs/ page it links and the license it names.
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+)/g)) expect(files).toContain(link);
  expect(files).toContain('LICENSE');
  const missing: string[] = [];
  for (const file of [...files].filter((f) => f.endsWith('.js'))) {
    for (const [, spec] of fs.readFileSync(path.join(root, file), 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      if (!files.has(`${target}.js`) && !files.has(`${target}/index.js`) && !files.has(target)) missing.push(`${file} → ${spec}`);
    }
  }
  expect(missing).toEqual([]);
});

test('the package bin points at the built CLI', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  expect(path.join(root, pkg.bin['cdk-scale'])).toBe(bin);
});

test('plan prints an aligned table with humanised units', () => {
  const r = run('plan', example('06-multi-region.json'));
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Capacity plan: Global platform/);
  expect(r.stdout).toMatch(/peak\s+125,000 QPS/);
  expect(r.stdout).toMatch(/storage\s+24 TB \(120 TB with redundancy\)/);
  expect(r.stdout).toMatch(/total\s+\$\d{1,3}(,\d{3})+\/month/);
  expect(r.stdout).toContain('LOAD_BALANCER_RULE');
  // Aligned: every row's value starts at the same column.
  const lines = r.stdout.split('\n');
  const rows = lines.slice(2, lines.indexOf('', 2));
  const offset = rows[0].indexOf('multi-region');
  expect(rows.length).toBeGreaterThan(20);
  for (const row of rows) expect([row.slice(offset - 2, offset), row[offset] !== ' ']).toEqual(['  ', true]);
});

test('--format json prints the plan contract', () => {
  const r = run('plan', example('04-cached.json'), '--format', 'json');
  expect(r.code).toBe(0);
  const plan = JSON.parse(r.stdout);
  for (const field of ['averageQps', 'peakQps', 'peakReadQps', 'peakWriteQps', 'peakEgressBytesPerSecond']) expect(typeof plan.traffic[field]).toBe('number');
  expect(plan.compute).toMatchObject({ instanceType: 'm7g.large', minInstances: expect.any(Number), maxInstances: expect.any(Number) });
  expect(plan.cache.nodeType).toMatch(/^cache\./);
  expect(plan.slo.burnRateTiers).toHaveLength(3);
  expect(plan.derivations.length).toBeGreaterThan(20);
  expect(plan.stage).toBe('cached');
});

test('--format markdown prints a table for a pull request; --explain adds the derivations', () => {
  const r = run('plan', example('03-load-balanced.json'), '--format', 'markdown', '--explain');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^## Capacity plan: Growing web app/);
  expect(r.stdout).toContain('|---|---|---|');
  expect(r.stdout).toMatch(/compute\.instancesForPeak\n\s+= ⌈peak QPS ÷ requests per instance⌉\n\s+with peakQps = 231\.48\d*, regions = 1, requestsPerInstancePerSecond = 250\n\s+= 1 instances/);
});

test('--format markdown --explain fences the derivations, so they render as written in a pull request', () => {
  const r = run('plan', example('03-load-balanced.json'), '--format', 'markdown', '--explain');
  expect(r.stdout).toMatch(/\n### How the plan was computed\n\n```text\nHow the plan was computed[\s\S]*\n```\n$/);
});

test('--version prints the package version', () => {
  const r = run('--version');
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
});

test('--help documents every option', () => {
  const r = run('--help');
  expect(r.code).toBe(0);
  for (const option of ['plan <workload.json>', '--format', 'table', 'markdown', 'json', '--explain', '--version', 'Exit codes']) expect(r.stdout).toContain(option);
});

test.each([
  ['a missing file', ['plan', '/nonexistent/w.json'], /workload file not found: \/nonexistent\/w\.json/],
  ['bad JSON', ['plan', tempFile('{ "traffic": ')], /is not valid JSON/],
  ['an invalid workload', ['plan', tempFile('{ "traffic": { "averageQps": -3, "peakQps": 1 }, "slo": { "availability": 1 } }')], /Invalid workload \(3 problems\)[\s\S]*traffic\.averageQps: -3[\s\S]*slo\.availability: 1/],
  ['a valid workload the plan refuses (an RPO of 0 across regions)',
    ['plan', tempFile('{ "traffic": { "averageQps": 100 }, "topology": { "regions": ["us-east-1", "us-west-2"] }, "dr": { "rpoSeconds": 0, "rtoSeconds": 600 } }')],
    /w\.json: Invalid workload \(1 problem\):\n {2}- dr\.rpoSeconds: 0 — an RPO of 0 needs synchronous replication/],
  ['an unknown format', ['plan', example('01-single-server.json'), '--format', 'yaml'], /--format must be one of table, markdown, json, got "yaml"/],
  ['an unknown option', ['plan', '--frmat', 'json'], /^cdk-scale: unknown option --frmat; run cdk-scale --help\n$/],
  ['an unknown command', ['deploy'], /unknown command "deploy"/],
  ['no file', ['plan'], /plan takes exactly one workload file/],
  ['an option of another command', ['simulate', '--explain'], /--explain does not apply to "simulate"/],
  ['simulate options given to plan', ['plan', 'x.json', '--period', '7'], /--period does not apply to "plan"/],
  ['a period outside 7–365 days (the workload\'s own message)', ['simulate', '--period', '1'], /^cdk-scale: --period 1: must be a whole number of days from 7 to 365 \(e\.g\. 28 or 30\)/],
  ['a workload period outside 7–365 days (the same message)', ['plan', tempFile('{ "traffic": { "averageQps": 3 }, "slo": { "periodDays": 1 } }')], /slo\.periodDays: 1 — must be a whole number of days from 7 to 365 \(e\.g\. 28 or 30\)/],
  ['an unknown tier preset', ['simulate', '--tiers', 'five'], /--tiers five: must be one of "three-tier", "four-tier"/],
  ['a bad ingestion delay', ['simulate', '--ingestion-delay', '1.5'], /--ingestion-delay 1\.5: must be a whole number of minutes from 0 to 60/],
  ['an unknown simulate format', ['simulate', '--format', 'markdown'], /--format must be one of table, json for simulate, got "markdown"/],
  ['--stack without --app', ['simulate', '--stack', 'X'], /--stack needs --app/],
  ['a missing assembly', ['simulate', '--app', '/nonexistent/cdk.out'], /--app \/nonexistent\/cdk\.out: no such directory/],
  ['a directory that is no assembly', ['simulate', '--app', os.tmpdir()], /no manifest\.json; is it a cloud assembly\?/],
])('%s → one clear message, exit code 2, no stack trace', (_what, args, message) => {
  const r = run(...args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
});

test('every example workload plans: one per stage, and the guides\' 1 B-user example', () => {
  const stages = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json')).map((f) => {
    const r = run('plan', example(f), '--format', 'json');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout).stage;
  });
  // 07 is an async example (a queue tier and an event log) at the cached stage; 08 the guides' 1 B-user example.
  expect(stages).toEqual(['single-server', 'separate-db', 'load-balanced', 'cached', 'sharded', 'multi-region', 'cached', 'multi-region']);
});

test('simulate prints the canonical scenarios: analytic figure, simulated without and with ingestion delay', () => {
  const r = run('simulate');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Alarm simulator: SLO 99\.9 % over 30 d/);
  expect(r.stdout).toMatch(/100 % errors for 30 min\s+page-1h\s+1 min\s+1 min\s+3 min/);
  expect(r.stdout).toMatch(/traffic stops[\s\S]*no-traffic\s+3 min\s+3 min\s+5 min/);
  expect(run('simulate', '--ingestion-delay', '0').stdout).not.toContain('Fires, +');
  expect(run('simulate', '--tiers', 'four-tier').stdout).toMatch(/ticket-1d/);
});

describe('simulate --app: the alarms of a synthesized stack', () => {
  let outdir: string;
  beforeAll(() => {
    // A small cloud assembly: one stack with a 28-day SLO on a custom SLI (no lookups, synthesized in-process).
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scale-app-'));
    const { App, Stack } = require('aws-cdk-lib');
    const cw = require('aws-cdk-lib/aws-cloudwatch');
    const { Sli, SloAlarms } = require(path.join(root, 'dist', 'lib'));
    // No CloudFormation Validate: the 'Empty' stack below is empty on purpose (a stack without SLOs).
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1' } });
    const m = (metricName: string) => new cw.Metric({ namespace: 'Shop', metricName, statistic: 'Sum' });
    new SloAlarms(stack, 'Checkout', { slo: { availability: 0.999, periodDays: 28 }, sli: Sli.custom({ bad: m('Failed'), total: m('Orders') }), dashboard: false });
    new Stack(app, 'Empty', { env: { region: 'us-east-1' } }).node.addMetadata('x', 'y');
    // A stage: its stacks live in a nested assembly.
    const { Stage } = require('aws-cdk-lib');
    const staged = new Stack(new Stage(app, 'Prod'), 'Api', { env: { region: 'us-east-1' } });
    new SloAlarms(staged, 'Latency', { slo: { availability: 0.95, periodDays: 7 }, sli: Sli.custom({ bad: m('Slow'), total: m('Orders') }), dashboard: false });
    app.synth();
  });

  test('replays every SloAlarms of the stack, read back from its template: the same as the defaults for its SLO', () => {
    const r = run('simulate', '--app', outdir, '--stack', 'Shop');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Alarm simulator: Shop Shop\/Checkout, SLO 99\.9 % over 28 d/);
    const defaults = run('simulate', '--period', '28').stdout;
    expect(r.stdout.split('\n').slice(1)).toEqual(defaults.split('\n').slice(1));
  });

  test('without --stack: every SloAlarms of every stack, stages included', () => {
    const r = run('simulate', '--app', outdir, '--ingestion-delay', '0');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Alarm simulator:'))).toEqual([
      expect.stringMatching(/^Alarm simulator: Shop Shop\/Checkout, SLO 99\.9 % over 28 d/),
      expect.stringMatching(/^Alarm simulator: Prod-Api Prod\/Api\/Latency, SLO 95 % over 7 d/),
    ]);
    expect(run('simulate', '--app', outdir, '--stack', 'Prod/Api').stdout).toMatch(/^Alarm simulator: Prod-Api /);
  });

  test('--format json for machines', () => {
    const r = run('simulate', '--app', outdir, '--format', 'json');
    expect(r.code).toBe(0);
    const [report] = JSON.parse(r.stdout);
    expect(report).toMatchObject({ slo: 'Shop Shop/Checkout', availability: 0.999, periodDays: 28, ingestionDelayMinutes: 2 });
    const outage = report.scenarios.find((s: { id: string }) => s.id === 'full-outage');
    expect(outage.alerts.find((a: { alert: string }) => a.alert === 'page')).toMatchObject({ analyticMinutes: 1, timeToDetectMinutes: 1, timeToDetectWithDelayMinutes: 3 });
  });

  test.each([
    ['an unknown stack', ['--stack', 'Nope'], /--stack Nope: no such stack in .*; it has Shop, Empty, ProdApi/],
    ['a stack without SloAlarms', ['--stack', 'Empty'], /no SloAlarms in stack Empty/],
    ['SLO options with --app', ['--period', '28'], /--period does not apply with --app: the SLO and its alarms come from the template/],
  ])('%s → one clear line, exit code 2', (_what, args, message) => {
    const r = run('simulate', '--app', outdir, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

test('simulate takes another SLO and rejects a bad one with exit code 2', () => {
  expect(run('simulate', '--availability', '0.99', '--period', '28').stdout).toMatch(/SLO 99 % over 28 d/);
  const bad = run('simulate', '--availability', '1');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--availability 1: must be a number in \(0\.5, 1\)/);
});
