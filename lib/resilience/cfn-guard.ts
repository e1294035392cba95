/**
 * AWS CloudFormation Guard as a second policy engine beside cdk-nag: `@cdklabs/cdk-validator-cfnguard` runs the AWS
 * Control Tower proactive-control rules (cfn-guard 3, bundled) on every template at synth. Its findings are
 * acknowledged on their constructs with `cdk-validator-cfnguard::<guard rule name>` (`acknowledgeCfnGuard`): none of the
 * bundled rules reads `Metadata.guard.SuppressedRules`, and the plugin's own `disabledRules` would switch a rule off for
 * every resource. https://github.com/cdklabs/cdk-validator-cfnguard
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { StrictValidationPlugin } from './strict-validation-plugin';

/** The plugin's name, which is also the namespace of its acknowledgments. */
export const CFN_GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

/** Options of {@link CfnGuardPlugin}. */
export interface CfnGuardPluginProps {
  /**
   * Buffer for cfn-guard's JSON report, bytes (a multi-stack app's report exceeds the package's 1 MiB default).
   * @default 64 MiB
   */
  readonly maxBuffer?: number;
}

/**
 * The Control Tower rules of `@cdklabs/cdk-validator-cfnguard`, run with two changes:
 * - each finding has severity `error` (`StrictValidationPlugin`: otherwise one acknowledgment passes the whole report);
 * - only the rule files that name a resource type present in the templates are run. Every bundled rule selects the
 *   resources it checks by type (`let RESOURCE_TYPE = "AWS::..."`), so the others cannot fail; skipping them halves
 *   cfn-guard's time (06-multi-region: 99 of 237 rule files, the same findings).
 */
export class CfnGuardPlugin implements IPolicyValidationPlugin {
  public readonly name = CFN_GUARD_PLUGIN_NAME;
  public readonly version?: string;
  private readonly maxBuffer: number;

  constructor(props: CfnGuardPluginProps = {}) {
    this.maxBuffer = props.maxBuffer ?? 64 * 1024 * 1024;
    this.version = new CfnGuardValidator({ controlTowerRulesEnabled: false }).version;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const rules = controlTowerRulesFor(resourceTypesOf(context.templatePaths));
    if (rules.length === 0) return { success: true, violations: [] };
    const inner = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer: this.maxBuffer });
    return new StrictValidationPlugin(inner).validate(context);
  }
}

/** The cfn-guard plugin of the compliance checks (see {@link CfnGuardPlugin}). */
export function cfnGuardPlugin(props: CfnGuardPluginProps = {}): IPolicyValidationPlugin {
  return new CfnGuardPlugin(props);
}

/** The bundled Control Tower rule files, each with the resource types it names. */
export function controlTowerRuleFiles(): ReadonlyArray<{ readonly file: string; readonly types: readonly string[] }> {
  if (!ruleFiles) {
    const root = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
    ruleFiles = listGuardFiles(root).map((file) => ({ file, types: [...new Set(fs.readFileSync(file, 'utf8').match(RESOURCE_TYPE) ?? [])] }));
  }
  return ruleFiles;
}

/** The rule files that name at least one of `types`. */
export function controlTowerRulesFor(types: ReadonlySet<string>): string[] {
  return controlTowerRuleFiles().filter((r) => r.types.some((t) => types.has(t))).map((r) => r.file);
}

/** Every resource type of the templates. */
export function resourceTypesOf(templatePaths: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const p of templatePaths) {
    const resources = JSON.parse(fs.readFileSync(p, 'utf8')).Resources ?? {};
    for (const r of Object.values(resources) as Array<{ Type?: string }>) if (r.Type) types.add(r.Type);
  }
  return types;
}

const RESOURCE_TYPE = /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g;
let ruleFiles: Array<{ file: string; types: string[] }> | undefined;

function listGuardFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listGuardFiles(p) : p.endsWith('.guard') ? [p] : [];
  });
}
