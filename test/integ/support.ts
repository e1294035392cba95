/**
 * Shared glue of the integ test apps (integ.*.ts): an App with the project's cdk.json context and
 * cdk-nag AwsSolutions, example plans, and IntegTest options for snapshot-only tests.
 *
 * Nothing is ever deployed: integ-runner only synthesizes these apps and compares the templates with the
 * committed `<name>.snapshot/` directories. Deployment and destruction are disabled in the test-case
 * manifest, so even `integ-runner --update-on-failed` without `--dry-run` deploys nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import type { IntegTestProps } from '@aws-cdk/integ-tests-alpha';

const ROOT = path.join(__dirname, '..', '..');

/** A public hosted zone imported by attributes: no lookup, no zone stack. */
export const HOSTED_ZONE = { zoneName: 'example.com', hostedZoneId: 'Z0123456789EXAMPLE' } as const;

/**
 * The App `cdk synth` builds: cdk.json's context (feature flags) applied after integ-runner's own context so the
 * project's flags win. The snapshot check compares templates: cdk-nag, CloudFormation Validate and cfn-guard run on
 * the same architectures in the example suites (test/patterns), so they are not run again here (they would double
 * the time of `npm test`).
 */
export function newIntegApp(): App {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'));
  // No construct stack traces in the metadata: they hold absolute paths and line numbers, which would churn
  // the committed snapshot (integ-runner compares templates only) and cost synth time.
  return new App({
    postCliContext: { ...cdkJson.context, 'aws:cdk:disable-creation-stack-traces': true },
    stackTraces: false,
    builtinCloudFormationValidation: false,
  });
}

/**
 * The newest cloud-assembly schema major the latest integ-runner (2.197.10, whose bundled toolkit-lib stops at
 * schema 53) can read. aws-cdk-lib 2.276 writes 55.0.0, which that toolkit rejects with "Cloud assembly schema
 * version mismatch" before comparing anything.
 */
const INTEG_RUNNER_MAX_SCHEMA_MAJOR = 53;

/**
 * Synthesizes the app; under integ-runner, then labels the assembly's manifests with the schema version
 * integ-runner reads (see INTEG_RUNNER_MAX_SCHEMA_MAJOR). Only the top-level `version` of manifest.json,
 * integ.json, cdk.out and the asset manifests changes: the templates integ-runner compares are exactly what
 * aws-cdk-lib wrote, and nothing is deployed from these assemblies (deploy is disabled in every test case). A plain `cdk synth` of an integ
 * app, or an integ-runner that reads schema 55, leaves the manifests untouched.
 *
 * integ-runner sets CDK_INTEG_ACCOUNT in the environment of every synth it runs.
 */
export function synthForIntegRunner(app: App): void {
  const assembly = app.synth();
  if (process.env.CDK_INTEG_ACCOUNT === undefined) return;
  for (const file of fs.readdirSync(assembly.directory)) {
    if (!(file === 'cdk.out' || file === 'manifest.json' || file === 'integ.json' || file.endsWith('.assets.json'))) continue;
    const filePath = path.join(assembly.directory, file);
    const manifest = JSON.parse(fs.readFileSync(filePath, 'utf8'));
    const major = typeof manifest.version === 'string' ? Number(manifest.version.split('.')[0]) : NaN;
    if (major > INTEG_RUNNER_MAX_SCHEMA_MAJOR) {
      manifest.version = `${INTEG_RUNNER_MAX_SCHEMA_MAJOR}.0.0`;
      fs.writeFileSync(filePath, JSON.stringify(manifest, undefined, 2));
    }
  }
}

/** The capacity plan of an example workload (examples/<file>). */
export { examplePlan } from '../support/examples';

/**
 * IntegTest options for snapshot-only tests: no deploy, no destroy, no update workflow, asset hashes ignored
 * in the diff. The assertion stack IntegTest always creates stays empty (there are no deployed assertions).
 */
export function snapshotOnly(app: App, id: string): Omit<IntegTestProps, 'testCases'> {
  const assertionStack = new Stack(app, `${id}Assertions`);
  return {
    assertionStack,
    stackUpdateWorkflow: false,
    diffAssets: false,
    cdkCommandOptions: {
      deploy: { enabled: false },
      destroy: { enabled: false },
    },
  };
}
