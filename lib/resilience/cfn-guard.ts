/**
 * AWS CloudFormation Guard as a second policy engine beside cdk-nag: `@cdklabs/cdk-validator-cfnguard` runs the AWS
 * Control Tower proactive-control rules (cfn-guard 3, bundled) on every template at synth. Its findings are
 * acknowledged on their constructs with `cdk-validator-cfnguard::<guard rule name>` (`acknowledgeCfnGuard`): none of the
 * bundled rules reads `Metadata.guard.SuppressedRules`, and the plugin's own `disabledRules` would switch a rule off for
 * every resource. https://github.com/cdklabs/cdk-validator-cfnguard
 */
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { CfnGuardValidator, type CfnGuardValidatorProps } from '@cdklabs/cdk-validator-cfnguard';
import { StrictValidationPlugin } from './strict-validation-plugin';

/**
 * The cfn-guard plugin with severity `error` on every finding (see `StrictValidationPlugin`: otherwise one
 * acknowledgment passes the whole report) and a 64 MiB output buffer (a multi-stack app's JSON report exceeds the
 * default 1 MiB).
 */
export function cfnGuardPlugin(props: CfnGuardValidatorProps = {}): IPolicyValidationPlugin {
  return new StrictValidationPlugin(new CfnGuardValidator({ maxBuffer: 64 * 1024 * 1024, ...props }));
}
