/**
 * StrictValidationPlugin: runs a validation plugin whose violations carry no severity (such as
 * `@cdklabs/cdk-validator-cfnguard`) with severity `error` on each. aws-cdk-lib (2.276) recomputes a report's success
 * after acknowledgments as "no remaining violation of severity error or fatal", so without a severity a single
 * acknowledgment makes the whole report pass while its other findings stay open. The name, version and rule ids are
 * the wrapped plugin's: acknowledgments keep its namespace (e.g. `cdk-validator-cfnguard::<rule>`).
 */
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';

export class StrictValidationPlugin implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];

  constructor(private readonly inner: IPolicyValidationPlugin) {
    this.name = inner.name;
    this.version = inner.version;
    this.ruleIds = inner.ruleIds;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.inner.validate(context);
    return { ...report, violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })) };
  }
}
