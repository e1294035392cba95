/**
 * GameDay: AWS FIS experiment templates for one region of the pattern, each stopped by the SLO page alarm's windows and
 * run by a least-privilege role of its own:
 * - `AzImpairment`: one AZ's power and network lost at once (instances stopped, no launches there, its application and
 *   data subnets cut off, the writers there failed over, the cache nodes there powered off), modelled on FIS's "AZ
 *   Availability: Power Interruption" scenario (https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html);
 * - `DatabaseFailover`: every writer rebooted with a Multi-AZ failover;
 * - `CacheFailover`: the cache's first shard fails over to its replica (ElastiCache TestFailover, through an SSM
 *   Automation document FIS starts);
 * - `WebCpuStress`: CPU stress on every web instance (the AWSFIS-Run-CPU-Stress SSM document).
 * What each proves and what the SLO should show: docs/resilience.md. Actions, targets and permissions:
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 *
 * Stop conditions: FIS takes CloudWatch alarm ARNs ("The Amazon Resource Name (ARN) of the CloudWatch alarm",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-fis-experimenttemplate-experimenttemplatestopcondition.html)
 * and documents metric alarms only; whether it accepts a composite alarm is not documented. So each experiment stops on
 * the long-window metric alarm of every page tier of the SLOs: the page composite is `ALARM(long) AND ALARM(short)` per
 * tier, so it cannot fire before one of these does; in a sustained burn the short window is in ALARM already when the
 * long one crosses, so the experiment stops when the page would, and a brief blip that the page ignores (short window
 * only) does not stop it.
 */
import { ArnFormat, Duration, Stack, Tags } from 'aws-cdk-lib';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { Cache } from '../cache/cache';
import type { Database } from '../database/database';
import type { Network } from '../network/network';
import type { SloAlarms } from '../slo/slo-alarms';
import type { WebTier } from '../web/web-tier';
import { acknowledgeWildcardResources } from '../private/acknowledgments';
import { validateGameDayProps } from './validate-game-day';

/** The FIS action's limit on the cache failover automation (its `maxDuration`), minutes. */
const CACHE_FAILOVER_MAX_MINUTES = 30;
/** How long the automation waits for the replication group to be available again: the limit less its 1-minute sleep and a minute's margin. */
const CACHE_FAILOVER_WAIT_SECONDS = (CACHE_FAILOVER_MAX_MINUTES - 2) * 60;

/** Tag key GameDay puts on the web tier's group (and its instances), the writers and the cache, for FIS targets and IAM conditions. */
export const GAME_DAY_TAG = 'cdk-scale:game-day';

const DESCRIBE_REASON =
  'Describe, list and tag:GetResources calls have no resource-level permissions: FIS resolves and watches the experiment\'s targets with them (read-only).';

/** FIS takes at most this many stop conditions per experiment template. */
export const MAX_STOP_CONDITIONS = 5;

/** Properties of {@link GameDay}. */
export interface GameDayProps {
  /** The region's network: the impaired AZ's application and data subnets. */
  readonly network: Network;
  /** The web tier: its instances and group. */
  readonly webTier: WebTier;
  /**
   * The database writers (one per shard).
   * @default - none: no database actions
   */
  readonly databases?: readonly Database[];
  /**
   * The cache tier.
   * @default - none: no cache actions or cache failover experiment
   */
  readonly cache?: Cache;
  /** The SLOs whose page stops every experiment (the long-window alarm of each page tier). */
  readonly slos: readonly SloAlarms[];
  /**
   * The AZ the impairment takes out (a name, e.g. `us-east-1a`, or a token of the network's AZs).
   * @default - the network's first AZ
   */
  readonly availabilityZone?: string;
  /**
   * How long the AZ impairment lasts (whole minutes, 1 min to 12 h).
   * @default Duration.minutes(10)
   */
  readonly impairmentDuration?: Duration;
  /**
   * How long the CPU stress runs (whole minutes, 1 min to 12 h).
   * @default Duration.minutes(5)
   */
  readonly cpuStressDuration?: Duration;
}

/** FIS experiment templates, with their roles, for one region. */
export class GameDay extends Construct {
  /** The experiment templates, by name (`AzImpairment`, `DatabaseFailover`, `CacheFailover`, `WebCpuStress`). */
  public readonly experiments: Readonly<Record<string, fis.CfnExperimentTemplate>>;
  /** The alarms that stop every experiment. */
  public readonly stopAlarms: readonly cw.IAlarm[];
  /** The AZ the impairment takes out. */
  public readonly availabilityZone: string;

  private readonly stack: Stack;
  private readonly tagValue: string;

  constructor(scope: Construct, id: string, props: GameDayProps) {
    super(scope, id);
    this.stopAlarms = pageStopAlarms(props.slos);
    validateGameDayProps(this, props, this.stopAlarms.length);
    this.stack = Stack.of(this);
    this.availabilityZone = props.availabilityZone ?? props.network.availabilityZones[0];
    this.tagValue = this.node.path;
    const impairment = isoMinutes(props.impairmentDuration ?? Duration.minutes(10));
    const stress = props.cpuStressDuration ?? Duration.minutes(5);

    Tags.of(props.webTier.autoScalingGroup).add(GAME_DAY_TAG, this.tagValue, { applyToLaunchedInstances: true });
    if (props.cache) Tags.of(props.cache.replicationGroup).add(GAME_DAY_TAG, this.tagValue);
    // The DB instance resources only (not their secrets and rotation functions).

    // The writers are selected by tag, not by ARN: those of shard-group stacks are not referenced from this stack.
    const writers = (props.databases ?? []).map((d) => d.primary);
    for (const w of writers) Tags.of(w.node.defaultChild!).add(GAME_DAY_TAG, this.tagValue);
    const experiments: Record<string, fis.CfnExperimentTemplate> = {};

    // ---- AZ impairment ----
    {
      const role = this.role('AzImpairmentRole', 'the AZ impairment');
      const az = this.availabilityZone;
      const subnets = [props.network.applicationSubnets, props.network.dataSubnets]
        .flatMap((s) => props.network.vpc.selectSubnets(s).subnets)
        .filter((s) => s.availabilityZone === az);
      this.allowInstances(role, ['ec2:StopInstances', 'ec2:StartInstances']);
      this.grant(role, {
        sid: 'InjectCapacityErrorsIntoTheGroup',
        actions: ['ec2:InjectApiError'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'ec2:FisActionId': 'aws:ec2:asg-insufficient-instance-capacity-error' },
          'ForAllValues:ArnLike': { 'ec2:FisTargetArns': props.webTier.autoScalingGroup.autoScalingGroupArn },
        },
      }, 'ec2:InjectApiError has no resource type: the statement is limited to this FIS action (ec2:FisActionId) against this group (ec2:FisTargetArns).');
      this.grant(role, { sid: 'DescribeTargets', actions: ['ec2:DescribeInstances', 'autoscaling:DescribeAutoScalingGroups'], resources: ['*'] }, DESCRIBE_REASON);
      this.allowNetworkDisruption(role, props.network, subnets.map((s) => this.arn('ec2', 'subnet', s.subnetId)));
      const actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty> = {
        StopInstances: {
          actionId: 'aws:ec2:stop-instances',
          description: `Stop the web instances in ${az} (power loss); restart them after the impairment`,
          parameters: { startInstancesAfterDuration: impairment, completeIfInstancesTerminated: 'true' },
          targets: { Instances: 'WebInstancesInAz' },
        },
        BlockLaunches: {
          actionId: 'aws:ec2:asg-insufficient-instance-capacity-error',
          description: `The group cannot launch in ${az}: it must replace capacity in the other zones`,
          parameters: { duration: impairment, availabilityZoneIdentifiers: az, percentage: '100' },
          targets: { AutoScalingGroups: 'WebGroup' },
        },
        IsolateSubnets: {
          actionId: 'aws:network:disrupt-connectivity',
          description: `Deny all traffic in and out of the application and data subnets of ${az}`,
          parameters: { duration: impairment, scope: 'all' },
          targets: { Subnets: 'SubnetsInAz' },
        },
      };
      const targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty> = {
        WebInstancesInAz: {
          resourceType: 'aws:ec2:instance', selectionMode: 'ALL', resourceTags: { [GAME_DAY_TAG]: this.tagValue },
          filters: [{ path: 'State.Name', values: ['running'] }, { path: 'Placement.AvailabilityZone', values: [az] }],
        },
        WebGroup: { resourceType: 'aws:ec2:autoscaling-group', selectionMode: 'ALL', resourceTags: { [GAME_DAY_TAG]: this.tagValue } },
        SubnetsInAz: { resourceType: 'aws:ec2:subnet', selectionMode: 'ALL', resourceArns: subnets.map((s) => this.arn('ec2', 'subnet', s.subnetId)) },
      };
      if (writers.length > 0) {
        this.allowRdsReboot(role);
        actions.FailOverWritersInAz = {
          actionId: 'aws:rds:reboot-db-instances',
          description: `Fail over the writers whose primary is in ${az} (network isolation alone does not make RDS fail over)`,
          parameters: { forceFailover: 'true' },
          targets: { DBInstances: 'WritersInAz' },
        };
        targets.WritersInAz = { resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceTags: { [GAME_DAY_TAG]: this.tagValue }, filters: [{ path: 'AvailabilityZone', values: [az] }] };
      }
      if (props.cache) {
        this.grant(role, { sid: 'InterruptCachePower', actions: ['elasticache:InterruptClusterAzPower'], resources: [this.replicationGroupArn(props.cache)] });
        this.grant(role, { sid: 'FindTheCache', actions: ['elasticache:DescribeReplicationGroups', 'tag:GetResources'], resources: ['*'] }, DESCRIBE_REASON);
        actions.InterruptCacheNodesInAz = {
          actionId: 'aws:elasticache:replicationgroup-interrupt-az-power',
          description: `Power off the cache nodes in ${az}: a primary there fails over to its replica`,
          parameters: { duration: impairment },
          targets: { ReplicationGroups: 'Cache' },
        };
        // The action targets by tag ("Targeting by resourceArns is not supported") and takes the AZ as a target parameter.
        targets.Cache = { resourceType: 'aws:elasticache:replicationgroup', selectionMode: 'ALL', resourceTags: { [GAME_DAY_TAG]: this.tagValue }, parameters: { availabilityZoneIdentifier: az } };
      }
      experiments.AzImpairment = this.experiment('AzImpairment', role, {
        description: `AZ impairment of ${az} for ${impairment}: the service keeps its SLO on the other zones`,
        actions, targets,
        // A writer or cache primary may not be in this AZ: skip empty targets rather than fail the experiment.
        experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'skip' },
      });
    }

    // ---- Database failover ----
    if (writers.length > 0) {
      const role = this.role('DatabaseFailoverRole', 'the database failover');
      this.allowRdsReboot(role);
      experiments.DatabaseFailover = this.experiment('DatabaseFailover', role, {
        description: 'Reboot every writer with a Multi-AZ failover: writes pause for the failover, the SLO holds',
        actions: { FailOverWriters: { actionId: 'aws:rds:reboot-db-instances', parameters: { forceFailover: 'true' }, targets: { DBInstances: 'Writers' } } },
        targets: { Writers: { resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceTags: { [GAME_DAY_TAG]: this.tagValue } } },
      });
    }

    // ---- Cache primary failover (ElastiCache TestFailover through SSM Automation) ----
    if (props.cache) {
      experiments.CacheFailover = this.cacheFailover(props.cache);
    }

    // ---- CPU stress on the web tier ----
    {
      const role = this.role('WebCpuStressRole', 'the web CPU stress');
      const document = this.stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: 'AWSFIS-Run-CPU-Stress' });
      this.grant(role, { sid: 'RunTheStressDocument', actions: ['ssm:SendCommand'], resources: [document] });
      this.allowInstances(role, ['ssm:SendCommand']);
      this.grant(role, { sid: 'FollowTheCommand', actions: ['ssm:ListCommands', 'ssm:CancelCommand', 'ec2:DescribeInstances'], resources: ['*'] },
        'ssm:ListCommands, ssm:CancelCommand and ec2:DescribeInstances have no resource-level permissions: FIS follows (and on a stop cancels) the command it sent.');
      experiments.WebCpuStress = this.experiment('WebCpuStress', role, {
        description: `CPU stress on every web instance for ${isoMinutes(stress)}: the CPU tracking policy scales out, the SLO holds`,
        actions: {
          StressCpu: {
            actionId: 'aws:ssm:send-command',
            parameters: {
              documentArn: document,
              documentParameters: JSON.stringify({ DurationSeconds: String(stress.toSeconds()), InstallDependencies: 'True' }),
              duration: isoMinutes(stress.plus(Duration.minutes(1))),
            },
            targets: { Instances: 'WebInstances' },
          },
        },
        targets: {
          WebInstances: { resourceType: 'aws:ec2:instance', selectionMode: 'ALL', resourceTags: { [GAME_DAY_TAG]: this.tagValue }, filters: [{ path: 'State.Name', values: ['running'] }] },
        },
      });
    }
    this.experiments = experiments;
  }

  /** A role FIS assumes for this account's experiments only (confused-deputy conditions). */
  private role(id: string, what: string): iam.Role {
    const role = new iam.Role(this, id, {
      description: `${this.node.path}: AWS FIS runs ${what} with this role`,
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.stack.account },
          ArnLike: { 'aws:SourceArn': this.stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
        },
      }),
    });
    return role;
  }

  /** Adds a statement to `role`; a wildcard resource is acknowledged (cdk-nag IAM5) with `wildcardReason`. */
  private grant(role: iam.Role, statement: iam.PolicyStatementProps, wildcardReason?: string): void {
    role.addToPolicy(new iam.PolicyStatement(statement));
    if (wildcardReason) acknowledgeWildcardResources(role, statement.resources ?? [], wildcardReason);
  }

  /** `actions` on this game day's web instances only (by their tag). */
  private allowInstances(role: iam.Role, actions: string[]): void {
    this.grant(role, {
      sid: `${actions[0].split(':')[0].toUpperCase()}OnTheWebInstances`,
      actions,
      resources: [this.arn('ec2', 'instance', '*')],
      conditions: { StringEquals: { [`aws:ResourceTag/${GAME_DAY_TAG}`]: this.tagValue } },
    }, 'The Auto Scaling group launches and replaces the instances, so their IDs are unknown: the statement is limited to instances carrying this game day\'s tag (aws:ResourceTag).');
  }

  private allowRdsReboot(role: iam.Role): void {
    this.grant(role, {
      sid: 'RebootTheWriters', actions: ['rds:RebootDBInstance'], resources: [this.stack.formatArn({ service: 'rds', resource: 'db', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      conditions: { StringEquals: { [`aws:ResourceTag/${GAME_DAY_TAG}`]: this.tagValue } },
    }, 'The writers of the shard-group stacks are not referenced from this stack: the statement is limited to DB instances carrying ' +
      'this game day\'s tag, which only the writers get (not their read replicas).');
    this.grant(role, { sid: 'FindTheWriters', actions: ['rds:DescribeDBInstances', 'tag:GetResources'], resources: ['*'] }, DESCRIBE_REASON);
  }

  /**
   * aws:network:disrupt-connectivity: FIS creates a network ACL tagged managedByFIS in the VPC, swaps it onto the target
   * subnets, and deletes it afterwards (the statements of AWSFaultInjectionSimulatorNetworkAccess, scoped to this VPC
   * and these subnets).
   */
  private allowNetworkDisruption(role: iam.Role, network: Network, subnetArns: string[]): void {
    const acl = this.arn('ec2', 'network-acl', '*');
    const managed = { 'aws:RequestTag/managedByFIS': 'true' };
    const aclReason = 'FIS creates the network ACL during the experiment, so its ID is unknown: creating and tagging it require the tag ' +
      'managedByFIS=true, and filling, swapping and deleting it act on ACLs carrying that tag.';
    this.grant(role, { sid: 'CreateTheFisAcl', actions: ['ec2:CreateNetworkAcl'], resources: [acl], conditions: { StringEquals: managed } }, aclReason);
    this.grant(role, { sid: 'CreateTheFisAclInThisVpc', actions: ['ec2:CreateNetworkAcl'], resources: [this.arn('ec2', 'vpc', network.vpc.vpcId)] });
    this.grant(role, {
      sid: 'TagTheFisAcl', actions: ['ec2:CreateTags'], resources: [acl], conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', ...managed } },
    }, aclReason);
    this.grant(role, {
      sid: 'FillAndDeleteTheFisAcl', actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], resources: [acl],
      conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } },
    }, aclReason);
    this.grant(role, { sid: 'SwapTheSubnetsAcl', actions: ['ec2:ReplaceNetworkAclAssociation'], resources: [...subnetArns, acl] }, aclReason);
    this.grant(role, {
      sid: 'DescribeTheNetwork',
      actions: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'],
      resources: ['*'],
    }, DESCRIBE_REASON);
  }

  private cacheFailover(cache: Cache): fis.CfnExperimentTemplate {
    const rgArn = this.replicationGroupArn(cache);
    const automationRole = new iam.Role(this, 'CacheFailoverAutomationRole', {
      description: `${this.node.path}: SSM Automation fails the cache's first shard over (ElastiCache TestFailover)`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.stack.account } } }),
    });
    this.grant(automationRole, { sid: 'FailOverTheCache', actions: ['elasticache:TestFailover'], resources: [rgArn] });
    this.grant(automationRole, { sid: 'WatchTheCache', actions: ['elasticache:DescribeReplicationGroups'], resources: ['*'] }, DESCRIBE_REASON);
    const document = new ssm.CfnDocument(this, 'CacheFailoverDocument', {
      documentType: 'Automation',
      content: {
        schemaVersion: '0.3',
        description: 'Fails one shard of the cache over to a replica (ElastiCache TestFailover) and waits until the replication group is available again.',
        assumeRole: '{{ AutomationAssumeRole }}',
        parameters: {
          AutomationAssumeRole: { type: 'String', default: automationRole.roleArn },
          ReplicationGroupId: { type: 'String', default: cache.replicationGroup.ref },
          NodeGroupId: { type: 'String', default: '0001', description: 'The shard to fail over (0001 is the first).' },
        },
        mainSteps: [
          { name: 'TestFailover', action: 'aws:executeAwsApi', inputs: { Service: 'elasticache', Api: 'TestFailover', ReplicationGroupId: '{{ ReplicationGroupId }}', NodeGroupId: '{{ NodeGroupId }}' } },
          { name: 'LetTheFailoverStart', action: 'aws:sleep', inputs: { Duration: 'PT1M' } },
          {
            // 1 min + 28 min: the whole document ends within the FIS action's maxDuration (30 min) below.
            name: 'WaitUntilAvailable', action: 'aws:waitForAwsResourceProperty', timeoutSeconds: CACHE_FAILOVER_WAIT_SECONDS,
            inputs: { Service: 'elasticache', Api: 'DescribeReplicationGroups', ReplicationGroupId: '{{ ReplicationGroupId }}', PropertySelector: '$.ReplicationGroups[0].Status', DesiredValues: ['available'] },
          },
        ],
      },
    });
    const documentArn = this.stack.formatArn({ service: 'ssm', resource: 'document', resourceName: document.ref });
    const role = this.role('CacheFailoverRole', 'the cache failover');
    this.grant(role, {
      sid: 'StartTheFailoverAutomation', actions: ['ssm:StartAutomationExecution'],
      resources: [documentArn, this.stack.formatArn({ service: 'ssm', resource: 'automation-definition', resourceName: `${document.ref}:*` })],
    }, 'Any version of this one automation document ($DEFAULT, $LATEST or a number).');
    this.grant(role, {
      sid: 'FollowTheAutomation', actions: ['ssm:GetAutomationExecution', 'ssm:StopAutomationExecution'],
      resources: [this.stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' })],
    }, 'The execution ID exists only once FIS starts the automation; FIS follows it and stops it when a stop condition fires.');
    // FIS starts the automation with the automation role: passed to SSM only.
    this.grant(role, {
      sid: 'PassTheAutomationRoleToSsm', actions: ['iam:PassRole'], resources: [automationRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    });
    return this.experiment('CacheFailover', role, {
      description: 'Fail the cache\'s first shard over to its replica: reads fall back to the database briefly, the SLO holds',
      actions: {
        FailOverFirstShard: {
          actionId: 'aws:ssm:start-automation-execution',
          parameters: { documentArn, documentParameters: '{}', maxDuration: `PT${CACHE_FAILOVER_MAX_MINUTES}M` },
        },
      },
      targets: {},
    });
  }

  private experiment(
    id: string, role: iam.Role,
    spec: Pick<fis.CfnExperimentTemplateProps, 'description' | 'actions' | 'targets' | 'experimentOptions'>,
  ): fis.CfnExperimentTemplate {
    return new fis.CfnExperimentTemplate(this, id, {
      ...spec,
      description: spec.description.slice(0, 512),
      roleArn: role.roleArn,
      stopConditions: this.stopAlarms.map((a) => ({ source: 'aws:cloudwatch:alarm', value: a.alarmArn })),
      tags: { Name: `${this.node.path}/${id}` },
    });
  }

  private arn(service: string, resource: string, resourceName: string): string {
    return this.stack.formatArn({ service, resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }

  private replicationGroupArn(cache: Cache): string {
    return this.stack.formatArn({ service: 'elasticache', resource: 'replicationgroup', resourceName: cache.replicationGroup.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}

/** The long-window alarm of every page tier of `slos`: the page composite cannot fire before one of them does. */
export function pageStopAlarms(slos: readonly SloAlarms[]): cw.IAlarm[] {
  return slos.flatMap((slo) =>
    slo.definitions.tiers.filter((t) => t.severity === 'page').map((t) => slo.windowAlarms[t.longWindowAlarm]).filter((a): a is cw.Alarm => a !== undefined),
  );
}

/** A duration as ISO 8601 whole minutes (FIS's format), e.g. `PT10M`. */
function isoMinutes(d: Duration): string {
  return `PT${d.toMinutes()}M`;
}
