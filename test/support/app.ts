/**
 * Test Apps see exactly what users synthesize: the context (feature flags) comes from cdk.json.
 * Unit tests skip the ~10 s CloudFormation Validate engine; the compliance suites turn it on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, StackProps, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CapacityPlan } from '../../lib/capacity';
import { cfnGuardPlugin, SpofAudit } from '../../lib/resilience';

const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));

/** The context `cdk synth` uses: recommended feature flags plus the project's own. */
export const CDK_CONTEXT: Record<string, unknown> = cdkJson.context;

/** Three explicit AZs so an environment-agnostic stack gets three offline. */
export const TEST_AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

export interface TestAppOptions {
  /** Run the built-in CloudFormation Validate engine at synth. @default false */
  readonly validate?: boolean;
  /** Register cdk-nag AwsSolutions as a validation plugin (synth throws on unacknowledged findings). @default false */
  readonly nag?: boolean;
  /** Register AWS CloudFormation Guard (Control Tower rules): seconds per synth, so the example suites only. @default false */
  readonly guard?: boolean;
  /** Register the SPOF audit, judging against this plan. @default - no SPOF audit */
  readonly spof?: CapacityPlan;
}

export function newTestApp(options: TestAppOptions = {}): App {
  const app = new App({
    // Annotations stay on the constructs (Annotations.fromStack reads them); they are just not printed as a
    // validation report at every synth, so a passing `npm test` prints nothing.
    context: { ...CDK_CONTEXT, '@aws-cdk/core:annotationsInValidationReport': false },
    builtinCloudFormationValidation: options.validate ?? false,
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (options.guard) Validations.of(app).addPlugins(cfnGuardPlugin());
  if (options.spof) Validations.of(app).addPlugins(new SpofAudit({ plan: options.spof }));
  return app;
}

/** Props of a {@link TestStack}: a stack's props plus the region, the short way. */
export interface TestStackProps extends StackProps {
  /** @default 'us-east-1' (ignored when `env` is given) */
  readonly region?: string;
}

/**
 * The one test stack: in a region (us-east-1 unless told) with three concrete AZs (`<region>a/b/c`), without
 * an account (no lookups).
 */
export class TestStack extends Stack {
  constructor(app: App, id = 'Test', props: TestStackProps = {}) {
    const { region, ...rest } = props;
    super(app, id, { env: { region: region ?? 'us-east-1' }, ...rest });
  }
  get availabilityZones(): string[] {
    return Token.isUnresolved(this.region) ? TEST_AZS : ['a', 'b', 'c'].map((suffix) => `${this.region}${suffix}`);
  }
}
