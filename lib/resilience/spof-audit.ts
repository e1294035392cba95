/**
 * SpofAudit: a synth-time validation plugin (the mechanism cdk-nag uses, `Validations.of(app).addPlugins(...)`) that
 * fails the synth on single points of failure in the templates: a single-AZ database, a cache without a replica and
 * automatic failover, an Auto Scaling group that cannot carry the plan's peak after losing its fullest zone, fewer NAT
 * gateways than zones, a load balancer in one AZ, DNS failover or latency records without health evaluation, and one
 * region when the plan's SLO or stage asks for more. Each finding is acknowledgeable on its construct with a reason,
 * like cdk-nag's: {@link acknowledgeSpof}.
 *
 * The rules read the synthesized CloudFormation, so they see what is deployed whoever built it (these patterns, your
 * own constructs, or escape hatches).
 */
import * as fs from 'fs';
import { Validations } from 'aws-cdk-lib';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { surviveAzLossCount } from '../capacity/plan-compute';

/**
 * Template metadata key marking an Auto Scaling group as the fleet that serves the plan's peak (`compute.instancesForPeak`):
 * the WebTier sets it; other groups (e.g. queue workers) are only checked for spanning two zones.
 */
export const SPOF_FLEET_METADATA_KEY = 'cdk-scale:fleet';

/** The plugin's name: the namespace of its acknowledgments (`cdk-scale-patterns-spof::<rule>`). */
export const SPOF_AUDIT_PLUGIN_NAME = 'cdk-scale-patterns-spof';

/** The rules, by name. */
export const SPOF_RULES = {
  /** A database writer (or a cross-region replica that would become one) without a standby in another AZ. */
  singleAzDatabase: 'SingleAzDatabase',
  /** A cache without a replica in another AZ and automatic failover. */
  cacheWithoutFailover: 'CacheWithoutFailover',
  /** An Auto Scaling group in one zone, or (the web fleet) whose maximum minus its fullest zone is below the plan's peak need. */
  groupCannotLoseZone: 'GroupCannotLoseZone',
  /** Fewer NAT gateways than zones: one NAT gateway carries every private subnet's egress, or some cross zones. */
  natGatewayNotPerZone: 'NatGatewayNotPerZone',
  /** A load balancer whose subnets are in one AZ. */
  loadBalancerInOneAz: 'LoadBalancerInOneAz',
  /** A failover or latency record with neither a health check nor EvaluateTargetHealth: Route 53 never routes around it. */
  dnsWithoutHealthEvaluation: 'DnsWithoutHealthEvaluation',
  /** One region, while the plan's SLO (≥ 99.99 %), stage (multi-region) or DR targets need another. */
  oneRegion: 'OneRegion',
} as const;

/** A rule name of {@link SPOF_RULES}. */
export type SpofRule = (typeof SPOF_RULES)[keyof typeof SPOF_RULES];

/** Acknowledges a SPOF finding on `scope` (and everything under it) with the reason it is acceptable. */
export function acknowledgeSpof(scope: IConstruct, rule: SpofRule, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${SPOF_AUDIT_PLUGIN_NAME}::${rule}`, reason });
}

/** Props of {@link SpofAudit}. */
export interface SpofAuditProps {
  /**
   * The plan the app was built from: the peak a group must carry after losing a zone (`compute.instancesForPeak`),
   * and whether the SLO, stage or DR targets need a second region.
   * @default - no plan: a group must only span two zones, and the one-region rule is skipped
   */
  readonly plan?: CapacityPlan;
}

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, unknown> };
type Resources = Record<string, Resource>;

/** The SPOF audit plugin. */
export class SpofAudit implements IPolicyValidationPlugin {
  public readonly name = SPOF_AUDIT_PLUGIN_NAME;
  public readonly version = '1.0.0';
  public readonly ruleIds: string[] = Object.values(SPOF_RULES);
  private readonly plan?: CapacityPlan;

  constructor(props: SpofAuditProps = {}) {
    this.plan = props.plan;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    const regionsWithCompute = new Set<string>();
    const groups: Array<{ templatePath: string; logicalId: string }> = [];
    for (const stack of context.stackTemplates) {
      const template = JSON.parse(fs.readFileSync(stack.templatePath, 'utf8'));
      const resources: Resources = template.Resources ?? {};
      const found = auditTemplate(resources, this.plan);
      for (const f of found) add(violations, f.rule, f.message, { resourceLogicalId: f.logicalId, templatePath: stack.templatePath, locations: [f.location] });
      for (const [logicalId, r] of Object.entries(resources)) {
        if (r.Type !== 'AWS::AutoScaling::AutoScalingGroup') continue;
        regionsWithCompute.add(stack.region ?? 'unknown');
        groups.push({ templatePath: stack.templatePath, logicalId });
      }
    }
    const needed = this.plan ? regionsNeeded(this.plan) : undefined;
    if (needed && regionsWithCompute.size === 1) {
      for (const g of groups) {
        add(violations, SPOF_RULES.oneRegion, `${needed.why}, but every Auto Scaling group is in one region: losing it stops the service`,
          { resourceLogicalId: g.logicalId, templatePath: g.templatePath, locations: ['Properties'] });
      }
    }
    return { success: violations.length === 0, violations };
  }
}

/** Why the plan needs a second region, or undefined when one region is enough. */
function regionsNeeded(plan: CapacityPlan): { why: string } | undefined {
  if (plan.slo.availability >= 0.9999) return { why: `the SLO of ${plan.slo.availability} (four nines or more) is not reachable in one region` };
  if (plan.stage === 'multi-region') return { why: 'the plan\'s stage is multi-region' };
  const required = plan.dr.requiredStrategy;
  if (required !== null && required !== 'backup-and-restore') return { why: `the DR targets need ${required}` };
  return undefined;
}

const FIXES: Record<SpofRule, string> = {
  SingleAzDatabase: 'Make the instance Multi-AZ (Database multiAz, CrossRegionReadReplica multiAz: true, the defaults).',
  CacheWithoutFailover: 'Give every shard a replica and turn on Multi-AZ with automatic failover (Cache replicasPerShard ≥ 1, multiAz true).',
  GroupCannotLoseZone: 'Span at least two zones and size the maximum with the survive-az-loss headroom (the plan\'s compute.maxInstances).',
  NatGatewayNotPerZone: 'One NAT gateway per zone (Network natGateways, the default).',
  LoadBalancerInOneAz: 'Give the load balancer subnets in at least two AZs.',
  DnsWithoutHealthEvaluation: 'Attach a health check, or alias the record to a load balancer with EvaluateTargetHealth.',
  OneRegion: 'Add a second region (topology.regions), or acknowledge the risk with the reason.',
};

/** One violation per finding, so each resource is described with its own numbers. */
function add(violations: PolicyViolation[], rule: SpofRule, message: string, resource: PolicyViolation['violatingResources'][number]): void {
  violations.push({ ruleName: rule, description: `Single point of failure: ${message}`, fix: FIXES[rule], severity: 'error', violatingResources: [resource] });
}

/** One finding in one template. */
export interface SpofFinding {
  readonly rule: SpofRule;
  readonly logicalId: string;
  /** Where in the resource, e.g. `Properties/MultiAZ`. */
  readonly location: string;
  readonly message: string;
}

/** Every per-template finding (all rules but the one-region rule, which needs every stack). Pure. */
export function auditTemplate(resources: Resources, plan?: CapacityPlan): SpofFinding[] {
  const findings: SpofFinding[] = [];
  const azOfSubnet = (ref: unknown): string | undefined => {
    const id = refId(ref);
    const subnet = id ? resources[id] : undefined;
    return subnet?.Type === 'AWS::EC2::Subnet' ? JSON.stringify(subnet.Properties?.AvailabilityZone ?? null) : undefined;
  };
  const zonesOf = (subnets: unknown[]): number | undefined => {
    const azs = subnets.map(azOfSubnet);
    return azs.some((a) => a === undefined) ? undefined : new Set(azs).size;
  };

  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    const fleet = (r as { Metadata?: Record<string, unknown> }).Metadata?.[SPOF_FLEET_METADATA_KEY];
    switch (r.Type) {
      case 'AWS::RDS::DBInstance': {
        if (p.DBClusterIdentifier !== undefined) break; // a member of a cluster: the cluster's topology decides
        const source = p.SourceDBInstanceIdentifier;
        // An in-region replica names its writer in this template; a cross-region one names a writer elsewhere.
        const inRegionReplica = source !== undefined && referencedIds(source).some((x) => resources[x]?.Type === 'AWS::RDS::DBInstance');
        if (!inRegionReplica && !isTrue(p.MultiAZ)) {
          findings.push({
            rule: SPOF_RULES.singleAzDatabase, logicalId: id, location: 'Properties/MultiAZ',
            message: source === undefined
              ? 'a database writer without a Multi-AZ standby: losing its AZ or host stops every write'
              : 'a cross-region replica without a Multi-AZ standby: once promoted, it is a single-AZ writer',
          });
        }
        break;
      }
      case 'AWS::ElastiCache::ReplicationGroup': {
        const replicas = p.ReplicasPerNodeGroup ?? (p.NumCacheClusters !== undefined ? Number(p.NumCacheClusters) - 1 : undefined);
        if (!isTrue(p.AutomaticFailoverEnabled) || !isTrue(p.MultiAZEnabled) || (replicas !== undefined && Number(replicas) < 1)) {
          findings.push({ rule: SPOF_RULES.cacheWithoutFailover, logicalId: id, location: 'Properties',
            message: 'a cache replication group without a replica per shard and Multi-AZ automatic failover: a failed primary or AZ loses that shard' });
        }
        break;
      }
      case 'AWS::ElastiCache::CacheCluster':
        findings.push({ rule: SPOF_RULES.cacheWithoutFailover, logicalId: id, location: 'Properties', message: 'a single-node cache cluster: no replica to fail over to' });
        break;
      case 'AWS::AutoScaling::AutoScalingGroup': {
        const zones = Array.isArray(p.AvailabilityZones) ? new Set(p.AvailabilityZones.map((z: unknown) => JSON.stringify(z))).size
          : Array.isArray(p.VPCZoneIdentifier) ? zonesOf(p.VPCZoneIdentifier) : undefined;
        const max = Number(p.MaxSize);
        if (zones === undefined || !Number.isFinite(max)) break;
        if (zones < 2) {
          findings.push({ rule: SPOF_RULES.groupCannotLoseZone, logicalId: id, location: 'Properties/VPCZoneIdentifier', message: 'an Auto Scaling group in one zone' });
        } else if (plan && fleet === 'web') {
          const need = plan.compute.instancesForPeak;
          const left = max - Math.ceil(max / zones);
          if (left < need) {
            findings.push({
              rule: SPOF_RULES.groupCannotLoseZone, logicalId: id, location: 'Properties/MaxSize',
              message: `an Auto Scaling group of at most ${max} instances over ${zones} zones keeps ${left} after losing its fullest zone, ` +
                `below the ${need} the plan's peak needs (survive-az-loss sizes it to ${surviveAzLossCount(need, zones)})`,
            });
          }
        }
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
        const subnets: unknown[] = Array.isArray(p.Subnets) ? p.Subnets : Array.isArray(p.SubnetMappings) ? p.SubnetMappings.map((m: any) => m.SubnetId) : [];
        const zones = zonesOf(subnets);
        if (zones !== undefined && zones < 2) {
          findings.push({ rule: SPOF_RULES.loadBalancerInOneAz, logicalId: id, location: 'Properties/Subnets', message: 'a load balancer whose subnets are in one AZ' });
        }
        break;
      }
      case 'AWS::Route53::RecordSet': {
        const routed = p.Failover !== undefined || p.Region !== undefined;
        if (routed && p.HealthCheckId === undefined && !isTrue(p.AliasTarget?.EvaluateTargetHealth)) {
          findings.push({
            rule: SPOF_RULES.dnsWithoutHealthEvaluation, logicalId: id, location: 'Properties/HealthCheckId',
            message: `a ${p.Failover !== undefined ? `failover (${p.Failover})` : 'latency'} record with neither a health check nor EvaluateTargetHealth: Route 53 keeps answering with it when its endpoint is down`,
          });
        }
        break;
      }
    }
  }

  // NAT gateways: one per zone with subnets.
  const nats = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EC2::NatGateway');
  const subnetZones = new Set(Object.values(resources).filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => JSON.stringify(r.Properties?.AvailabilityZone ?? null)));
  if (nats.length > 0 && nats.length < subnetZones.size) {
    for (const [id] of nats) {
      findings.push({
        rule: SPOF_RULES.natGatewayNotPerZone, logicalId: id, location: 'Properties',
        message: nats.length === 1
          ? `one NAT gateway for ${subnetZones.size} zones: its zone going down cuts every private subnet's egress`
          : `${nats.length} NAT gateways for ${subnetZones.size} zones: some zones' egress depends on another zone`,
      });
    }
  }
  return findings;
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

function refId(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null && typeof (v as any).Ref === 'string' ? (v as any).Ref : undefined;
}

/** Logical ids a value references (Ref or Fn::GetAtt), anywhere inside it. */
function referencedIds(v: unknown): string[] {
  const ids: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) { x.forEach(walk); return; }
    if (typeof x !== 'object' || x === null) return;
    const ref = refId(x);
    if (ref) ids.push(ref);
    const att = (x as any)['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') ids.push(att[0]);
    Object.values(x).forEach(walk);
  };
  walk(v);
  return ids;
}
