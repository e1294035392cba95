/**
 * RegionalServiceStack: Network + WebTier + Database (per shard) + Cache + SloAlarms for one region, and the async
 * tier (WorkQueue + QueueWorkers, EventLog) when the plan builds it, sized from a plan. A secondary region gets a cross-region read replica of each primary database
 * (promotable for disaster recovery) instead of writers of its own. The first shards are built in this stack,
 * the others in shard-group stacks it creates and wires (lib/capacity/shard-layout.ts).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import { EventLog, QueueWorkers, WorkQueue } from '../lib/async';
import type { CapacityPlan } from '../lib/capacity/plan-types';
import { shardLayout, shardRangeOf, type ShardPlacement } from '../lib/capacity/shard-layout';
import { Cache } from '../lib/cache';
import { CrossRegionReadReplica, Database } from '../lib/database';
import { Network } from '../lib/network';
import { DrBackup, GameDay, RegionSwitch, ReplicaPromotion, SaturationAlarms } from '../lib/resilience';
import { Sli, SloAlarms } from '../lib/slo';
import { WebTier } from '../lib/web';
import { DatabaseShardGroupStack } from './database-shard-group-stack';
import { validateRegionalServiceStackProps } from './validate-regional-service-stack';

/** The DNS names a regional stack serves, in a hosted zone. */
export interface RegionalDomain {
  /** The zone holding the names (and validating the certificate), or its attributes to import it here. */
  readonly hostedZone: route53.IHostedZone | route53.HostedZoneAttributes;
  /** Fully qualified names the ALB's certificate covers; the first is this region's origin name. */
  readonly names: readonly string[];
  /**
   * Create an alias record for the first name pointing at this region's ALB.
   * @default true
   */
  readonly originRecord?: boolean;
}

/** Props of {@link RegionalServiceStack}. */
export interface RegionalServiceStackProps extends StackProps {
  /** The capacity plan every size comes from. */
  readonly plan: CapacityPlan;
  /** `primary` holds the writers; `secondary` holds cross-region replicas of them. */
  readonly role: 'primary' | 'secondary';
  /**
   * The writers to replicate (required for `secondary`): `primaryStack.databases`.
   * @default - none
   */
  readonly primaryDatabases?: readonly Database[];
  /**
   * DNS names and zone: an HTTPS listener with a DNS-validated certificate, and the origin record.
   * @default - no domain: an HTTP listener (with a warning) and no edge
   */
  readonly domain?: RegionalDomain;
  /**
   * Accept traffic only from CloudFront (origin-facing prefix list).
   * @default - `plan.architecture.edge`
   */
  readonly allowOnlyCloudFront?: boolean;
  /**
   * Machine image of the web instances.
   * @default - the latest Amazon Linux 2023 for the plan's architecture
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * User data of the web instances (install and start your application).
   * @default - none
   */
  readonly userData?: ec2.UserData;
  /**
   * Machine image of the queue workers.
   * @default - the latest Amazon Linux 2023 for the plan's worker architecture
   */
  readonly workerMachineImage?: ec2.IMachineImage;
  /**
   * User data of the queue workers (install and start the worker).
   * @default - none
   */
  readonly workerUserData?: ec2.UserData;

  // ---- Resilience (lib/resilience) ----
  /**
   * Name of the `DrBackupVault` in the plan's copy region (`plan.dr.backup.copyRegion`): a primary then backs its
   * writers up with AWS Backup and copies the snapshots there.
   * @default - no AWS Backup plan (RDS automated backups stay in the region)
   */
  readonly backupCopyVaultName?: string;
  /**
   * Name of a secondary's region switch (the switch metric's dimension and the alarm's name prefix).
   * @default - the stack name
   */
  readonly regionSwitchName?: string;
}

/** The event log's topic the patterns create: the web tier produces to it. */
export const EVENT_LOG_TOPIC = 'events';

/** One region of the architecture, every size from the plan. */
export class RegionalServiceStack extends Stack {
  /** The plan the stack was sized from. */
  public readonly plan: CapacityPlan;
  /** `primary` (writers) or `secondary` (cross-region replicas). */
  public readonly role: 'primary' | 'secondary';
  /** VPC across the plan's AZs. */
  public readonly network: Network;
  /** ALB + Auto Scaling group. */
  public readonly webTier: WebTier;
  /** The certificate of the ALB's HTTPS listener, when a domain is given. */
  public readonly certificate?: acm.Certificate;
  /** The database writers, one per shard, shard 1 first, in this stack or its shard-group stacks (primary role). */
  public readonly databases: readonly Database[];
  /** Cross-region replicas of the primary's writers, shard 1 first (secondary role). */
  public readonly drReplicas: readonly CrossRegionReadReplica[];
  /** The stacks holding the shards after the first `SHARDS_IN_REGIONAL_STACK` (4), group 1 first; none until then. */
  public readonly shardGroupStacks: readonly DatabaseShardGroupStack[];
  /** The ElastiCache tier, when built. */
  public readonly cache?: Cache;
  /** Availability SLO alarms on the ALB. */
  public readonly availabilitySlo: SloAlarms;
  /** Latency SLO alarms on the ALB, when the plan has a latency objective. */
  public readonly latencySlo?: SloAlarms;
  /** Saturation alarms of every tier, thresholds from the plan, to the SLO ticket topic. */
  public readonly saturation: SaturationAlarms;
  /** FIS experiment templates of this region, stopped by the SLO pages. */
  public readonly gameDay: GameDay;
  /** AWS Backup of the writers with cross-region copies (primary, with `backupCopyVaultName`). */
  public readonly drBackup?: DrBackup;
  /** The region switch: promotes the DR replicas and fails the origin name over (secondary). */
  public readonly regionSwitch?: RegionSwitch;
  /** The work queue the web tier sends to, when the plan builds the queue tier (`architecture.queue`). */
  public readonly workQueue?: WorkQueue;
  /** The workers consuming the work queue, with it. */
  public readonly queueWorkers?: QueueWorkers;
  /** The event log (Amazon MSK), when the plan builds it (`architecture.eventLog`). */
  public readonly eventLog?: EventLog;

  constructor(scope: Construct, id: string, props: RegionalServiceStackProps) {
    super(scope, id, props);
    const { plan } = props;
    this.plan = plan;
    this.role = props.role;
    validateRegionalServiceStackProps(this, props);
    const built = plan.architecture;

    this.network = new Network(this, 'Network', { plan });
    const hostedZone = props.domain && ('node' in props.domain.hostedZone
      ? props.domain.hostedZone
      : route53.HostedZone.fromHostedZoneAttributes(this, 'HostedZone', props.domain.hostedZone));
    if (props.domain && hostedZone) {
      const [first, ...rest] = props.domain.names;
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: first,
        subjectAlternativeNames: rest.length > 0 ? [...rest] : undefined,
        validation: acm.CertificateValidation.fromDns(hostedZone),
      });
    }
    this.webTier = new WebTier(this, 'Web', {
      network: this.network,
      plan,
      certificate: this.certificate ? elbv2.ListenerCertificate.fromCertificateManager(this.certificate) : undefined,
      allowOnlyCloudFront: props.allowOnlyCloudFront ?? built.edge,
      machineImage: props.machineImage,
      userData: props.userData,
    });
    if (props.domain && hostedZone && (props.domain.originRecord ?? true)) {
      new route53.ARecord(this, 'OriginRecord', {
        zone: hostedZone,
        recordName: props.domain.names[0],
        target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.webTier.loadBalancer)),
      });
    }

    const clients = [this.webTier];
    // One shard: the writer and its replicas (primary), or the cross-region replica of the primary's writer.
    const buildShard: ShardBuilder = (scope, shard, shardClients) => {
      const i = shard - 1;
      if (props.role === 'primary') {
        return new Database(scope, shardId('Database', i), { vpc: this.network.vpc, vpcSubnets: this.network.dataSubnets, plan, readReplicas: built.readReplicasPerShard, clients: shardClients });
      }
      const db = props.primaryDatabases![i];
      return new CrossRegionReadReplica(scope, shardId('DatabaseReplica', i), {
        source: db.primary, vpc: this.network.vpc, vpcSubnets: this.network.dataSubnets, plan, engine: db.engine, instanceEngine: db.instanceEngine, port: db.port, clients: shardClients,
      });
    };
    const layout = shardLayout(props.role === 'primary' ? built.databaseShards : props.primaryDatabases!.length);
    // Group 0, in this stack, where the shards have always been built.
    const shards = layout.filter((p) => p.group === 0).map((p) => buildShard(this, p.shard, clients));
    if (built.cache) {
      this.cache = new Cache(this, 'Cache', { vpc: this.network.vpc, vpcSubnets: this.network.dataSubnets, plan, clients });
    }

    // Both SLOs of the service share one page route, one ticket route and one dashboard (the availability SLO's, so
    // the construct ids of the deployed topics stay as they were).
    this.availabilitySlo = new SloAlarms(this, 'AvailabilitySlo', { slo: plan.slo, sli: Sli.albAvailability(this.webTier.loadBalancer) });
    if (plan.slo.latency) {
      this.latencySlo = new SloAlarms(this, 'LatencySlo', {
        slo: { availability: plan.slo.latency.percent / 100, periodDays: plan.slo.periodDays, tierPreset: plan.slo.tierPreset },
        sli: Sli.albLatency(this.webTier.loadBalancer, plan.slo.latency.thresholdMs),
        pageTopic: this.availabilitySlo.pageTopic,
        ticketTopic: this.availabilitySlo.ticketTopic,
        dashboard: this.availabilitySlo.dashboard ?? false,
      });
    }

    // ---- The async tier (lib/async): a work queue and its workers, an event log; alarms to the ticket topic ----
    const tickets = this.availabilitySlo.ticketTopic;
    if (built.queue) {
      this.workQueue = new WorkQueue(this, 'WorkQueue', { plan, alarmTopic: tickets });
      this.queueWorkers = new QueueWorkers(this, 'Workers', {
        network: this.network, queue: this.workQueue, plan, machineImage: props.workerMachineImage, userData: props.workerUserData,
      });
      this.workQueue.grantSendMessages(this.webTier.instanceRole);
      // The workers belong to the application tier: they reach its data stores like the web instances.
      // (This stack's shards here; the shard-group stacks' below.)
      for (const shard of shards) {
        if (shard instanceof Database) shard.allowFrom(this.queueWorkers, 'Queue workers');
        else shard.connections.allowDefaultPortFrom(this.queueWorkers, 'Queue workers');
      }
      this.cache?.allowFrom(this.queueWorkers, 'Queue workers');
    }
    if (built.eventLog) {
      const group = plan.async?.consumerGroup ?? undefined;
      this.eventLog = new EventLog(this, 'EventLog', {
        vpc: this.network.vpc, vpcSubnets: this.network.dataSubnets, plan, alarmTopic: tickets,
        topics: [{ name: EVENT_LOG_TOPIC, consumerGroups: group ? [group] : [] }],
        clients: [this.webTier, ...(this.queueWorkers ? [this.queueWorkers] : [])],
      });
      this.eventLog.grantProduce(this.webTier.instanceRole, EVENT_LOG_TOPIC);
      if (this.queueWorkers && group) this.eventLog.grantConsume(this.queueWorkers.instanceRole, EVENT_LOG_TOPIC, group);
    }

    // Groups 1, 2, …: a stack each, wired to this stack's VPC, subnets, alarm topic and database clients.
    const groups = buildShardGroups(this, props, layout.filter((p) => p.group > 0), buildShard, [this.webTier, ...(this.queueWorkers ? [this.queueWorkers] : [])]);
    this.shardGroupStacks = groups.stacks;
    shards.push(...groups.shards);
    this.databases = shards.filter((s): s is Database => s instanceof Database);
    this.drReplicas = shards.filter((s): s is CrossRegionReadReplica => s instanceof CrossRegionReadReplica);

    // ---- Resilience: saturation alarms, game days, DR backups and the region switch (lib/resilience) ----
    // Each stack watches (and promotes) its own shards: nothing in this stack refers into a shard-group stack.
    const inStack = <T extends Construct>(list: readonly T[], stack: Stack) => list.filter((s) => Stack.of(s) === stack);
    this.saturation = new SaturationAlarms(this, 'Saturation', {
      plan,
      ticketTopic: this.availabilitySlo.ticketTopic,
      webTier: this.webTier,
      databases: inStack(this.databases, this),
      drReplicas: inStack(this.drReplicas, this),
      cache: this.cache,
    });
    for (const group of this.shardGroupStacks) {
      new SaturationAlarms(group, 'Saturation', {
        plan, ticketTopic: group.alarmTopic!, databases: inStack(this.databases, group), drReplicas: inStack(this.drReplicas, group), dashboard: false,
      });
    }
    this.gameDay = new GameDay(this, 'GameDay', {
      network: this.network,
      webTier: this.webTier,
      databases: this.databases,
      cache: this.cache,
      slos: [this.availabilitySlo, ...(this.latencySlo ? [this.latencySlo] : [])],
    });
    if (props.role === 'primary' && props.backupCopyVaultName) {
      this.drBackup = new DrBackup(this, 'DrBackup', { plan, databases: this.databases, copyVaultName: props.backupCopyVaultName });
    }
    if (props.role === 'secondary') {
      this.regionSwitch = new RegionSwitch(this, 'RegionSwitch', {
        plan, replicas: inStack(this.drReplicas, this), switchName: props.regionSwitchName ?? this.stackName, notificationTopic: this.availabilitySlo.pageTopic,
        groupStackNames: this.shardGroupStacks.map((g) => g.stackName),
      });
      for (const group of this.shardGroupStacks) {
        new ReplicaPromotion(group, 'RegionSwitch', { regionSwitch: this.regionSwitch, plan, replicas: inStack(this.drReplicas, group) });
      }
    }
  }
}

/** Builds shard `shard` (1-based) in `scope`, reachable from `clients`. */
type ShardBuilder = (scope: Construct, shard: number, clients: ec2.IConnectable[]) => Database | CrossRegionReadReplica;

/**
 * The shards of groups 1, 2, …, each group in a DatabaseShardGroupStack child of the regional stack. The VPC,
 * subnets, web tier security group and alarm topic are cross-stack references to the regional stack (outputs it
 * publishes once, whatever the shard count), so the group stacks depend on it and never the reverse.
 *
 * The clients (the web tier, and the queue workers when built) reach these shards through one egress rule per data
 * subnet and database port, not one per shard: a security group holds 60 outbound rules by default and never
 * more than 1,000 (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 * Each shard's own security group still admits only the clients' security groups.
 */
function buildShardGroups(
  regional: RegionalServiceStack, props: RegionalServiceStackProps, placements: readonly ShardPlacement[], buildShard: ShardBuilder,
  regionalClients: readonly ec2.IConnectable[],
): { stacks: DatabaseShardGroupStack[]; shards: Array<Database | CrossRegionReadReplica> } {
  const stacks = new Map<number, DatabaseShardGroupStack>();
  const shards: Array<Database | CrossRegionReadReplica> = [];
  if (placements.length === 0) return { stacks: [], shards };
  // Ingress from the clients' security groups, without an egress rule on them per shard.
  const clients: ec2.IConnectable[] = regionalClients.flatMap((c) => c.connections.securityGroups.map((sg) => ({ connections: new ec2.Connections({ peer: sg }) })));
  for (const p of placements) {
    let stack = stacks.get(p.group);
    if (!stack) {
      const { first, last } = shardRangeOf(p.group);
      stack = new DatabaseShardGroupStack(regional, `ShardGroup${p.group}`, {
        stackName: `${regional.stackName}-ShardGroup${p.group}`,
        description: `cdk-scale-patterns database shards ${first}-${last} of ${regional.stackName} (${props.role})`,
        env: props.env,
        crossRegionReferences: props.crossRegionReferences,
        terminationProtection: props.terminationProtection,
        analyticsReporting: props.analyticsReporting,
        tags: props.tags,
        group: p.group,
        role: props.role,
        alarmTopic: regional.availabilitySlo.ticketTopic,
      });
      stacks.set(p.group, stack);
    }
    shards.push(buildShard(stack, p.shard, clients));
  }
  const ports = new Set(shards.flatMap((s) => (s instanceof Database ? [s.port, s.proxyPort] : [s.port])).filter((x): x is number => x !== undefined));
  const { subnets } = regional.network.vpc.selectSubnets(regional.network.dataSubnets);
  for (const client of regionalClients) {
    for (const subnet of subnets) {
      for (const port of ports) {
        client.connections.allowTo(ec2.Peer.ipv4(subnet.ipv4CidrBlock), ec2.Port.tcp(port), 'Database shards of the shard-group stacks, in the data subnets');
      }
    }
  }
  return { stacks: [...stacks.values()], shards };
}

/** Shard 1 keeps the plain id, so growing from one shard to several replaces nothing. */
function shardId(base: string, index: number): string {
  return index === 0 ? base : `${base}Shard${index + 1}`;
}
