/**
 * MultiRegionApp: the whole architecture from one plan. One RegionalServiceStack per region (the first
 * primary, the others secondary with cross-region database replicas), a GlobalEdgeStack when the stage
 * builds the edge, and Route 53 records: an alias to CloudFront, or failover / latency records to the
 * ALBs without the edge. Active-passive by default, active-active as an option.
 */
import { Stack, type Environment } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { ArchitecturePlan, CapacityPlan } from '../lib/capacity/plan-types';
import { GLOBAL_SERVICES_REGION } from '../lib/validation';
import { createEncryptedTopic, createTopicKey } from '../lib/private/topics';
import { DnsFailover, DnsRouting, type DnsHealthCheckOptions, type DnsTargetHealthOptions } from '../lib/dns';
import { DrBackupVault } from '../lib/resilience';
import { GlobalEdgeStack } from './global-edge-stack';
import { RegionalServiceStack } from './regional-service-stack';
import { validateMultiRegionAppProps } from './validate-multi-region-app';

/** The DNS domain of a {@link MultiRegionApp}. */
export interface MultiRegionDomain {
  /** The DNS zone, e.g. `example.com`. */
  readonly zoneName: string;
  /**
   * An existing public hosted zone's id (imported without a lookup).
   * @default - a new hosted zone in a `Zone` stack: delegate the domain to it, or certificate validation waits
   */
  readonly hostedZoneId?: string;
  /**
   * The public name's label in the zone.
   * @default 'app'
   */
  readonly recordName?: string;
}

/** Props of {@link MultiRegionApp}. */
export interface MultiRegionAppProps {
  /** The capacity plan every size comes from. */
  readonly plan: CapacityPlan;
  /**
   * The domain: HTTPS everywhere, the edge, and DNS records. Without it: HTTP ALBs (with a warning),
   * no edge, no DNS.
   * @default - none
   */
  readonly domain?: MultiRegionDomain;
  /**
   * Account for every stack.
   * @default - environment-agnostic account (synthesizes offline, no lookups)
   */
  readonly account?: string;
  /**
   * Machine image of the web instances.
   * @default - the latest Amazon Linux 2023 for the plan's architecture
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * User data of the web instances.
   * @default - none
   */
  readonly userData?: ec2.UserData;
  /**
   * Machine image of the queue workers (when the plan builds the queue tier).
   * @default - the latest Amazon Linux 2023 for the plan's worker architecture
   */
  readonly workerMachineImage?: ec2.IMachineImage;
  /**
   * User data of the queue workers.
   * @default - none
   */
  readonly workerUserData?: ec2.UserData;
  /**
   * Paths that accept writes (POST/PUT/PATCH/DELETE) behind the edge with two regions. CloudFront's origin group,
   * which fails reads over per request, takes GET/HEAD/OPTIONS only, so every other path is read-only at the edge;
   * these paths go to `origin.<zone>`, which Route 53 fails over on the region switch.
   * @default ['/api/*']
   */
  readonly writePathPatterns?: string[];
}

/** The whole architecture from one plan: its stacks are created in the scope given (an App or a Stage). */
export class MultiRegionApp extends Construct {
  /** The plan every size comes from. */
  public readonly plan: CapacityPlan;
  /** What is built: the plan's architecture (its stage's choices with the workload's `architecture` overrides). */
  public readonly architecture: ArchitecturePlan;
  /** How the regions share traffic: the plan's `topology.mode`. */
  public readonly mode: 'active-passive' | 'active-active';
  /** Regional stacks, primary first. */
  public readonly regionalStacks: readonly RegionalServiceStack[];
  /** The edge stack, when the plan builds the edge. */
  public readonly globalEdgeStack?: GlobalEdgeStack;
  /** The stack holding a created hosted zone. */
  public readonly zoneStack?: Stack;
  /**
   * The stack with Route 53 records to the ALBs: failover or latency records on the public name without the edge, and
   * on the origin name behind it (latency when active-active; failover gated by the region switch when active-passive).
   */
  public readonly dnsStack?: Stack;
  /** The stack of the vault receiving the database snapshot copies, in the plan's copy region (`plan.dr.backup.copyRegion`). */
  public readonly backupStack?: Stack;
  /** Every stack of the app (each regional stack followed by its shard-group stacks). */
  public readonly stacks: readonly Stack[];

  constructor(scope: Construct, id: string, props: MultiRegionAppProps) {
    super(scope, id);
    const { plan, domain } = props;
    this.plan = plan;
    validateMultiRegionAppProps(this, props);
    this.mode = plan.topology.mode;
    this.architecture = plan.architecture;

    const regions = plan.topology.regions;
    const env = (region: string): Environment => ({ account: props.account, region });
    const crossRegion = regions.length > 1 || regions[0] !== GLOBAL_SERVICES_REGION;
    const stackName = (suffix: string) => `${id}-${suffix}`;
    const stacks: Stack[] = [];

    let zone: route53.IHostedZone | route53.HostedZoneAttributes | undefined;
    if (domain?.hostedZoneId) {
      zone = { zoneName: domain.zoneName, hostedZoneId: domain.hostedZoneId };
    } else if (domain) {
      this.zoneStack = new Stack(scope, `${id}Zone`, { stackName: stackName('Zone'), env: env(GLOBAL_SERVICES_REGION), crossRegionReferences: crossRegion });
      zone = new route53.PublicHostedZone(this.zoneStack, 'Zone', { zoneName: domain.zoneName });
      stacks.push(this.zoneStack);
    }
    const zoneIn = (stack: Stack): route53.IHostedZone =>
      'node' in zone! ? zone : route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', zone!);

    const publicName = domain ? `${domain.recordName ?? 'app'}.${domain.zoneName}` : undefined;
    // Active-active behind the edge: one origin name, latency-routed by Route 53 to the nearest ALB.
    const latencyOrigin = domain ? `origin.${domain.zoneName}` : undefined;
    const activeActive = this.mode === 'active-active' && regions.length > 1;
    const originName = (region: string) => `origin-${region}.${domain!.zoneName}`;

    // ---- Disaster-recovery backups: a vault in the copy region, deployed before the primary that copies to it ----
    const copyRegion = plan.dr.backup.copyRegion;
    const backupVaultName = copyRegion ? stackName('DrBackups') : undefined;
    if (copyRegion) {
      this.backupStack = new Stack(scope, `${id}Backup`, {
        stackName: stackName('Backup'),
        description: `cdk-scale-patterns DR backup vault in ${copyRegion} (${plan.name ?? plan.stage})`,
        env: env(copyRegion),
      });
      new DrBackupVault(this.backupStack, 'DrBackupVault', { backupVaultName: backupVaultName! });
      stacks.push(this.backupStack);
    }

    const regional: RegionalServiceStack[] = [];
    regions.forEach((region, i) => {
      const suffix = i === 0 ? 'Primary' : `Secondary${i === 1 ? '' : i}`;
      const stack = new RegionalServiceStack(scope, `${id}${suffix}`, {
        stackName: stackName(suffix),
        description: `cdk-scale-patterns ${i === 0 ? 'primary' : 'secondary'} region ${region} (${plan.name ?? plan.stage})`,
        env: env(region),
        crossRegionReferences: crossRegion,
        plan,
        role: i === 0 ? 'primary' : 'secondary',
        primaryDatabases: i === 0 ? undefined : regional[0].databases,
        machineImage: props.machineImage,
        userData: props.userData,
        workerMachineImage: props.workerMachineImage,
        workerUserData: props.workerUserData,
        // The certificate covers this region's origin name, the latency-routed origin and the public name
        // (Route 53 failover / latency records point the public name at the ALBs when there is no edge).
        domain: domain && zone ? { hostedZone: zone, names: [originName(region), latencyOrigin!, publicName!] } : undefined,
        backupCopyVaultName: i === 0 ? backupVaultName : undefined,
        regionSwitchName: i === 0 ? undefined : stackName(suffix),
      });
      if (i === 0 && this.backupStack) stack.addStackDependency(this.backupStack);
      regional.push(stack);
    });
    this.regionalStacks = regional;
    // Each regional stack, then the shard-group stacks it wires (none until the plan builds more shards than
    // the regional stack holds).
    stacks.push(...regional.flatMap((r) => [r, ...r.shardGroupStacks]));

    // Behind the edge, active-passive: Route 53 fails origin.<zone> over from the primary's ALB to the secondary's when the
    // region switch says so, so writes (which CloudFront's origin group cannot fail over) follow a regional failover.
    const originFailover = Boolean(domain && zone && this.architecture.edge && !activeActive && regional.length > 1);
    if (domain && zone && this.architecture.edge) {
      const edgeStack = new GlobalEdgeStack(scope, `${id}Edge`, {
        stackName: stackName('Edge'),
        env: env(GLOBAL_SERVICES_REGION),
        crossRegionReferences: crossRegion,
        plan,
        hostedZone: zone,
        domainName: publicName!,
        guardRegions: [...regions],
        origins: activeActive
          ? [{ domainName: latencyOrigin!, region: regions[0], originGuard: regional[0].webTier }]
          : regional.slice(0, 2).map((r, i) => ({ domainName: originName(regions[i]), region: regions[i], originGuard: r.webTier })),
        failoverDomainName: originFailover ? latencyOrigin : undefined,
        writePathPatterns: props.writePathPatterns,
      });
      // Edge protects the ALBs it names; every other region's ALB must require the origin-verify header too.
      const named = activeActive ? regional.slice(0, 1) : regional.slice(0, 2);
      for (const r of regional) if (!named.includes(r)) edgeStack.edge.originVerifySecret.protect(r.webTier);
      this.globalEdgeStack = edgeStack;
      stacks.push(edgeStack);
    }
    if (domain && zone && regional.length > 1 && (activeActive || !this.architecture.edge || originFailover)) {
      const dnsStack = new Stack(scope, `${id}Dns`, { stackName: stackName('Dns'), env: env(GLOBAL_SERVICES_REGION), crossRegionReferences: crossRegion });
      // Failover is primary/secondary; latency spreads over every region.
      const endpoints = (activeActive ? regional : regional.slice(0, 2)).map((r) => ({ region: r.region, loadBalancer: r.webTier.loadBalancer }));
      // Behind the edge the ALBs admit only CloudFront: Route 53 checkers cannot probe them, so the latency
      // records follow each ALB's own target health (EvaluateTargetHealth) instead of health checks.
      const health: DnsHealthCheckOptions | DnsTargetHealthOptions = this.architecture.edge
        ? { healthChecks: false }
        : {
          alarmTopic: createEncryptedTopic(dnsStack, 'HealthAlarms', {
            key: createTopicKey(dnsStack, 'HealthAlarmsKey', { description: 'Encrypts the Route 53 health-check alarm topic', publishers: ['cloudwatch-alarms'] }),
            displayName: 'Route 53 health checks of the regional endpoints',
          }),
        };
      // Behind the edge, active-passive: the failover follows the secondary's region switch (whose alarm must exist first).
      const regionSwitch = originFailover ? regional[1].regionSwitch!.alarmIdentifier : undefined;
      if (originFailover) dnsStack.addStackDependency(regional[1]);
      new DnsFailover(dnsStack, 'Dns', {
        hostedZone: zoneIn(dnsStack),
        // Behind the edge the records are CloudFront's origin name; without it they are the public name.
        recordName: this.architecture.edge ? latencyOrigin! : publicName!,
        routing: activeActive
          ? DnsRouting.latency({ ...health, endpoints })
          : regionSwitch
            ? DnsRouting.failover({ healthChecks: false, primary: endpoints[0], secondary: endpoints[1], regionSwitch })
            : DnsRouting.failover({ ...health, primary: endpoints[0], secondary: endpoints[1] }),
      });
      this.dnsStack = dnsStack;
      stacks.push(dnsStack);
    }
    this.stacks = stacks;
  }
}
