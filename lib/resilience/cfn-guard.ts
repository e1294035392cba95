/**
 * AWS CloudFormation Guard as a second policy engine beside cdk-nag: `@cdklabs/cdk-validator-cfnguard` runs the AWS
 * Control Tower proactive-control rules (cfn-guard 3, bundled) on every template at synth. Its findings are
 * acknowledged on their constructs with `cdk-validator-cfnguard::<guard rule name>` (`acknowledgeCfnGuard`): none of the
 * bundled rules reads `Metadata.guard.SuppressedRules`, and the plugin's own `disabledRules` would switch a rule off for
 * every resource. https://github.com/cdklabs/cdk-validator-cfnguard
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
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
 * The Control Tower rules of `@cdklabs/cdk-validator-cfnguard`, run with three changes:
 * - each finding has severity `error` (`StrictValidationPlugin`: otherwise one acknowledgment passes the whole report);
 * - only the rule files that name a resource type present in the templates are run;
 * - each group of rule files naming the same of the templates' resource types reads only the resources of those types.
 *
 * cfn-guard parses every `--data` template once per rule file, so its time is (rule files) × (template bytes): 31 s
 * for 08-billion-users' 12 templates (1.7 MB, mostly alarms) and 101 rule files. Every bundled rule selects what it
 * checks by type (`Resources.*[ Type == %X ]`, the type a string in the rule file) and looks other resources up by
 * logical ID only for their existence and type (`query_for_resource`), so a template whose resources of other types
 * are reduced to their `Type` gives the same findings; they are reported against the original template (checked on
 * every example, with and without a domain, against the package's own unreduced run).
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
    const templates = context.templatePaths.map((p) => ({ path: p, template: JSON.parse(fs.readFileSync(p, 'utf8')) as Template }));
    const groups = ruleGroupsFor(resourceTypesOfTemplates(templates.map((t) => t.template)));
    const violations: PolicyViolation[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scale-guard-'));
    try {
      groups.forEach((group, g) => {
        const originals = new Map<string, string>();
        templates.forEach((t, i) => {
          const reduced = reduceTemplate(t.template, new Set(group.types));
          if (!reduced) return;
          const file = path.join(dir, `${g}-${i}-${path.basename(t.path)}`);
          fs.writeFileSync(file, JSON.stringify(reduced));
          originals.set(file, t.path);
        });
        if (originals.size === 0) return;
        const inner = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: group.files, maxBuffer: this.maxBuffer });
        const report = new StrictValidationPlugin(inner).validate({ ...context, templatePaths: [...originals.keys()] });
        violations.push(...report.violations.map((v) => ({
          ...v,
          violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: r.templatePath === undefined ? undefined : originals.get(r.templatePath) ?? r.templatePath })),
        })));
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return { success: violations.length === 0, violations };
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

/**
 * The rule files that name at least one of `types`, grouped by which of `types` they name (a template reduced to
 * these reads the same for every file of the group).
 */
export function ruleGroupsFor(types: ReadonlySet<string>): Array<{ readonly types: readonly string[]; readonly files: string[] }> {
  const groups = new Map<string, { types: string[]; files: string[] }>();
  for (const r of controlTowerRuleFiles()) {
    const named = r.types.filter((t) => types.has(t)).sort();
    if (named.length === 0) continue;
    const key = named.join(' ');
    const group = groups.get(key) ?? { types: named, files: [] };
    group.files.push(r.file);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Every resource type of the templates. */
export function resourceTypesOf(templatePaths: readonly string[]): Set<string> {
  return resourceTypesOfTemplates(templatePaths.map((p) => JSON.parse(fs.readFileSync(p, 'utf8')) as Template));
}

/**
 * The template as a rule file naming only `types` reads it, or undefined if it has no resource of these types: those
 * resources whole, every other resource only its `Type` (rules look other resources up by logical ID for their
 * existence and type), and the format version.
 */
export function reduceTemplate(template: Template, types: ReadonlySet<string>): Template | undefined {
  const resources = Object.entries(template.Resources ?? {});
  if (!resources.some(([, r]) => r.Type !== undefined && types.has(r.Type))) return undefined;
  return {
    ...(template.AWSTemplateFormatVersion ? { AWSTemplateFormatVersion: template.AWSTemplateFormatVersion } : {}),
    Resources: Object.fromEntries(resources.map(([id, r]) => [id, r.Type !== undefined && types.has(r.Type) ? r : { Type: r.Type }])),
  };
}

/** The part of a CloudFormation template the rules read. */
export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Resources?: Record<string, { readonly Type?: string }>;
}

function resourceTypesOfTemplates(templates: readonly Template[]): Set<string> {
  const types = new Set<string>();
  for (const t of templates) for (const r of Object.values(t.Resources ?? {})) if (r.Type) types.add(r.Type);
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
