/**
 * Network: a VPC across (by default) three Availability Zones with three subnet tiers, a NAT gateway
 * per AZ, VPC flow logs to a KMS-encrypted CloudWatch log group, an S3 gateway endpoint, and the interface
 * endpoints the plan's architecture needs (SQS with the queue tier).
 *
 * Tiers (subnet group names are a public contract):
 * - `Public` (public): the internet-facing load balancers and the NAT gateways;
 * - `Application` (private with egress): the web/app instances;
 * - `Data` (private isolated): databases and caches (no route to the internet).
 */
import { Annotations, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CapacityPlan } from '../capacity/plan-types';
import { networkSizing, type InterfaceEndpointService } from '../capacity/sizing';
import { acknowledgeCfnGuard, acknowledgeLiteralAvailabilityZone, acknowledgeVpcCidrIngress } from '../private/acknowledgments';
import { createLogGroupKey } from '../private/log-group-key';
import { DEFAULT_AZ_COUNT } from './private/defaults';
import { validateNetworkProps } from './validate-network';

/** Subnet group names of the three tiers (a public contract: renaming them replaces subnets). */
export const SUBNET_GROUP_NAMES = {
  public: 'Public',
  application: 'Application',
  data: 'Data',
} as const;

/** Warning IDs this construct emits (stable: safe to acknowledge). */
export const NETWORK_WARNINGS = {
  fewerNatGateways: 'cdk-scale-patterns:network:fewerNatGatewaysThanAzs',
  fewAzs: 'cdk-scale-patterns:network:fewerThanThreeAzs',
} as const;

/** CIDR prefix lengths of the three tiers, per AZ. */
export interface NetworkCidrMasks {
  /** Prefix length of each public subnet. @default 24 */
  readonly public?: number;
  /** Prefix length of each application (private with egress) subnet. @default 19 */
  readonly application?: number;
  /** Prefix length of each data (isolated) subnet. @default 22 */
  readonly data?: number;
}

/** Properties of a {@link Network}. */
export interface NetworkProps extends NetworkFromVpcOptions {
  /**
   * The capacity plan: `topology.availabilityZones` sets how many AZs the VPC spans, and the architecture the
   * interface endpoints it gets (`networkSizing(plan).interfaceEndpoints`: SQS when the plan builds the queue tier).
   * Explicit `availabilityZones` and `interfaceEndpoints` win.
   * @default - no plan: three AZs, no interface endpoint
   */
  readonly plan?: CapacityPlan;

  /**
   * An existing VPC to use instead of creating one. Nothing is created in it unless `flowLogs` is
   * true: no S3 gateway endpoint and no interface endpoint, even when the plan's architecture needs one (its owner
   * provides them; without an SQS endpoint the queue's traffic goes through the VPC's own egress path, which the plan's
   * `vpc-endpoints` cost line does not price). Its subnets are selected by type (public / private with egress /
   * isolated, falling back to private with egress for the data tier when it has no isolated subnets) unless the
   * selections below are given.
   * @default - a new VPC is created
   */
  readonly vpc?: ec2.IVpc;

  /**
   * AWS services the new VPC reaches through an interface VPC endpoint (AWS PrivateLink) instead of its NAT gateways:
   * `sqs` builds an SQS endpoint (`sqsEndpoint`) with a network interface in each AZ's application subnet, private DNS
   * on (SQS's regional name resolves to those interfaces inside the VPC), and a security group admitting HTTPS (443)
   * from the VPC's CIDR only. Applies only to a new VPC.
   * @default - the plan's (`networkSizing(plan).interfaceEndpoints`: `['sqs']` when it builds the queue tier); none
   * without a plan
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];

  /**
   * Availability Zone names the new VPC spans (at least 2, distinct).
   *
   * Default resolution, so that an offline, environment-agnostic synth still gets three AZs:
   * 1. the first N of `Stack.of(this).availabilityZones` when the stack knows at least N (a stack
   *    with a concrete env reads them from the context / AZ lookup; a test stack may override them);
   * 2. otherwise, when the stack's AZs are unresolved tokens (environment-agnostic stack, which
   *    only ever offers two), `Fn::Select [i, Fn::GetAZs '']` for i = 0..N-1: the region's first N
   *    AZs, resolved by CloudFormation at deploy time (deploy fails in a region with fewer AZs);
   * 3. otherwise (a concrete list shorter than N) all of them, with a warning.
   *
   * N is `plan.topology.availabilityZones`, or 3 without a plan.
   * @default - see above
   */
  readonly availabilityZones?: string[];

  /**
   * NAT gateways to create, between 1 and the number of AZs. Fewer than one per AZ saves money
   * but emits a warning: private subnets in an AZ without its own NAT gateway send their egress
   * through another AZ, and a single NAT gateway is a single point of failure. Zero is not offered:
   * the application tier is private *with egress* (SSM, package repositories, AWS APIs); build the
   * VPC yourself and pass it as `vpc` for an egress-less design.
   * @default - one per AZ
   */
  readonly natGateways?: number;

  /**
   * The new VPC's IPv4 address space.
   * @default ec2.IpAddresses.cidr('10.0.0.0/16')
   */
  readonly ipAddresses?: ec2.IIpAddresses;

  /**
   * Subnet sizes of the three tiers.
   * @default { public: 24, application: 19, data: 22 }
   */
  readonly cidrMasks?: NetworkCidrMasks;
}

/** Options of {@link Network.fromVpc}, shared by {@link NetworkProps}. */
export interface NetworkFromVpcOptions {
  /**
   * Whether to create VPC flow logs (to a KMS-encrypted CloudWatch log group).
   * @default - true for a new VPC, false for an existing `vpc` (its owner configures them)
   */
  readonly flowLogs?: boolean;

  /**
   * Which traffic the flow logs capture.
   * @default ec2.FlowLogTrafficType.ALL
   */
  readonly flowLogTrafficType?: ec2.FlowLogTrafficType;

  /**
   * Retention of the flow log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * KMS key encrypting the flow log group. A key you pass must already allow the CloudWatch Logs
   * service principal of this region to use it.
   * @default - a new customer managed key with rotation, whose policy allows CloudWatch Logs
   */
  readonly flowLogEncryptionKey?: kms.IKey;

  /**
   * What happens to the flow log group (and the key created for it) when removed from the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly flowLogRemovalPolicy?: RemovalPolicy;

  /**
   * Subnets of the public tier (load balancers).
   * @default { subnetType: PUBLIC } (for a new VPC: the `Public` group)
   */
  readonly publicSubnets?: ec2.SubnetSelection;

  /**
   * Subnets of the application tier (instances).
   * @default { subnetType: PRIVATE_WITH_EGRESS } (for a new VPC: the `Application` group)
   */
  readonly applicationSubnets?: ec2.SubnetSelection;

  /**
   * Subnets of the data tier (databases, caches).
   * @default { subnetType: PRIVATE_ISOLATED } (for a new VPC: the `Data` group); for an existing
   * VPC without isolated subnets, `{ subnetType: PRIVATE_WITH_EGRESS }`
   */
  readonly dataSubnets?: ec2.SubnetSelection;
}

/**
 * A VPC across the plan's Availability Zones, with public / application / data subnet tiers.
 */
export class Network extends Construct {
  /**
   * Wraps an existing VPC so the other building blocks can use it.
   * @param vpc the VPC (e.g. `ec2.Vpc.fromLookup(...)` or a VPC from another stack)
   */
  public static fromVpc(scope: Construct, id: string, vpc: ec2.IVpc, options: NetworkFromVpcOptions = {}): Network {
    return new Network(scope, id, { ...options, vpc });
  }

  /** The VPC (created or given). */
  public readonly vpc: ec2.IVpc;
  /** The VPC created by this construct; undefined when an existing VPC was given. */
  public readonly createdVpc?: ec2.Vpc;
  /** Availability Zones the network spans. */
  public readonly availabilityZones: string[];
  /** NAT gateways created (0 for an existing VPC). */
  public readonly natGatewayCount: number;
  /** The VPC flow log, when flow logs are on. */
  public readonly flowLog?: ec2.FlowLog;
  /** The flow logs' log group, when flow logs are on. */
  public readonly flowLogGroup?: logs.LogGroup;
  /** The KMS key encrypting the flow log group, when flow logs are on. */
  public readonly flowLogEncryptionKey?: kms.IKey;
  /** The S3 gateway endpoint (created with a new VPC only). */
  public readonly s3Endpoint?: ec2.GatewayVpcEndpoint;
  /**
   * The SQS interface endpoint, when `interfaceEndpoints` (or the plan) asks for it (created with a new VPC only). Its
   * `connections` hold its security group.
   */
  public readonly sqsEndpoint?: ec2.InterfaceVpcEndpoint;
  /** Selection of the public tier (internet-facing load balancers). */
  public readonly publicSubnets: ec2.SubnetSelection;
  /** Selection of the application tier (private with egress: instances). */
  public readonly applicationSubnets: ec2.SubnetSelection;
  /** Selection of the data tier (isolated: databases, caches). */
  public readonly dataSubnets: ec2.SubnetSelection;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    validateNetworkProps(this, props);

    if (props.vpc) {
      this.vpc = props.vpc;
      this.availabilityZones = props.vpc.availabilityZones;
      this.natGatewayCount = 0;
      this.publicSubnets = props.publicSubnets ?? { subnetType: ec2.SubnetType.PUBLIC };
      this.applicationSubnets = props.applicationSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
      this.dataSubnets =
        props.dataSubnets ??
        { subnetType: props.vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS };
    } else {
      this.availabilityZones = props.availabilityZones ?? this.defaultAvailabilityZones(props.plan);
      const azCount = this.availabilityZones.length;
      if (azCount < DEFAULT_AZ_COUNT) {
        Annotations.of(this).addWarningV2(
          NETWORK_WARNINGS.fewAzs,
          `The VPC spans ${azCount} Availability Zone(s): losing one leaves ${azCount - 1}. Three AZs let the ` +
            'service survive an AZ failure with two thirds of its capacity.',
        );
      }
      this.natGatewayCount = props.natGateways ?? azCount;
      if (this.natGatewayCount < azCount) {
        Annotations.of(this).addWarningV2(
          NETWORK_WARNINGS.fewerNatGateways,
          `${this.natGatewayCount} NAT gateway(s) for ${azCount} Availability Zones: ` +
            (this.natGatewayCount === 1
              ? 'one NAT gateway is a single point of failure (its AZ going down cuts every private subnet\'s egress). '
              : 'private subnets in AZs without their own NAT gateway route egress through another AZ. ') +
            'Use one NAT gateway per AZ (the default) for production.',
        );
      }
      const masks = props.cidrMasks ?? {};
      const vpc = new ec2.Vpc(this, 'Vpc', {
        ipAddresses: props.ipAddresses ?? ec2.IpAddresses.cidr('10.0.0.0/16'),
        availabilityZones: this.availabilityZones,
        natGateways: this.natGatewayCount,
        subnetConfiguration: [
          { name: SUBNET_GROUP_NAMES.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: masks.public ?? 24, mapPublicIpOnLaunch: false },
          { name: SUBNET_GROUP_NAMES.application, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: masks.application ?? 19 },
          { name: SUBNET_GROUP_NAMES.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: masks.data ?? 22 },
        ],
      });
      this.createdVpc = vpc;
      if (!props.availabilityZones) this.acknowledgeLiteralAzs(vpc);
      // aws-cdk-lib's provider that empties the default security group (@aws-cdk/aws-ec2:restrictDefaultSecurityGroup).
      const provider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
      if (provider) {
        acknowledgeCfnGuard(provider, 'lambda_inside_vpc_check',
          'aws-cdk-lib\'s deploy-time provider that removes the default security group\'s rules: it only calls the EC2 API, ' +
          'runs during deployments, and has no VPC option (it would need this VPC\'s NAT to reach the API it configures).');
      }
      this.vpc = vpc;
      this.s3Endpoint = vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
      this.publicSubnets = props.publicSubnets ?? { subnetGroupName: SUBNET_GROUP_NAMES.public };
      this.applicationSubnets = props.applicationSubnets ?? { subnetGroupName: SUBNET_GROUP_NAMES.application };
      this.dataSubnets = props.dataSubnets ?? { subnetGroupName: SUBNET_GROUP_NAMES.data };
      const interfaceEndpoints = props.interfaceEndpoints ?? (props.plan ? networkSizing(props.plan).interfaceEndpoints : []);
      if (interfaceEndpoints.includes('sqs')) this.sqsEndpoint = this.addSqsEndpoint(vpc);
    }

    if (props.flowLogs ?? !props.vpc) {
      const removalPolicy = props.flowLogRemovalPolicy ?? RemovalPolicy.RETAIN;
      const key =
        props.flowLogEncryptionKey ??
        createLogGroupKey(this, 'FlowLogKey', { description: `Encrypts the VPC flow logs of ${this.node.path}`, removalPolicy });
      this.flowLogEncryptionKey = key;
      this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
        encryptionKey: key,
        retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy,
      });
      this.flowLog = new ec2.FlowLog(this, 'FlowLog', {
        resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
        destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
        trafficType: props.flowLogTrafficType ?? ec2.FlowLogTrafficType.ALL,
      });
    }
  }

  /**
   * The SQS interface endpoint: a network interface in each AZ's application subnet (the instances that send and receive
   * are there; `selectSubnets` keeps one subnet per AZ), private DNS on, so the SDKs' default `sqs.<region>.amazonaws.com`
   * resolves to those interfaces inside the VPC and the queue's traffic no longer crosses the NAT gateways. SQS accepts
   * only HTTPS through a VPC endpoint, and its private DNS name must be enabled to send from the VPC
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-internetwork-traffic-privacy.html,
   * checked 2026-11-30); private DNS needs the VPC's DNS support and DNS hostnames, which the VPC has
   * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html, `PrivateDnsEnabled`).
   *
   * The security group admits HTTPS from the VPC's CIDR and nothing else, and allows no egress (an endpoint interface
   * only answers). Not narrower (e.g. the web and worker groups only): with private DNS on, every SQS call from this VPC
   * resolves to the endpoint, so a client left out would lose SQS altogether rather than fall back to the NAT gateways.
   */
  private addSqsEndpoint(vpc: ec2.Vpc): ec2.InterfaceVpcEndpoint {
    const securityGroup = new ec2.SecurityGroup(this, 'SqsEndpointSecurityGroup', {
      vpc,
      description: 'The SQS interface endpoint: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    // The VPC's CIDR as a literal where the template states it (`IpAddresses.cidr`, the default); an IPAM-allocated one is
    // known only at deploy time (Fn::GetAtt), which cdk-nag's EC23 rule cannot evaluate.
    const statedCidr = (vpc.node.defaultChild as ec2.CfnVPC).cidrBlock;
    const vpcCidr = statedCidr !== undefined && !Token.isUnresolved(statedCidr) ? statedCidr : vpc.vpcCidrBlock;
    securityGroup.addIngressRule(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(443), 'HTTPS to SQS from inside the VPC');
    if (Token.isUnresolved(vpcCidr)) acknowledgeVpcCidrIngress(securityGroup);
    return vpc.addInterfaceEndpoint('SqsEndpoint', {
      service: ec2.InterfaceVpcEndpointAwsService.SQS,
      subnets: this.applicationSubnets,
      privateDnsEnabled: true,
      securityGroups: [securityGroup],
      open: false,
    });
  }

  /** The AZ names to use when none are given (see {@link NetworkProps.availabilityZones}). */
  private defaultAvailabilityZones(plan: CapacityPlan | undefined): string[] {
    const wanted = plan ? networkSizing(plan).availabilityZones : DEFAULT_AZ_COUNT;
    const stack = Stack.of(this);
    const stackAzs = stack.availabilityZones;
    if (stackAzs.length >= wanted) return stackAzs.slice(0, wanted);
    if (stackAzs.every((az) => Token.isUnresolved(az))) {
      return Array.from({ length: wanted }, (_, i) => Fn.select(i, Fn.getAzs()));
    }
    return [...stackAzs];
  }

  /**
   * CloudFormation Validate W3010 flags every subnet whose `AvailabilityZone` is a literal. With default
   * AZs, those literals are the stack's own availabilityZones: acknowledged on each such subnet resource
   * (not on the Network: explicit `availabilityZones` are the caller's choice to acknowledge).
   */
  private acknowledgeLiteralAzs(vpc: ec2.Vpc): void {
    for (const subnet of [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets]) {
      if (Token.isUnresolved(subnet.availabilityZone)) continue;
      acknowledgeLiteralAvailabilityZone(subnet.node.defaultChild ?? subnet);
    }
  }
}
