import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { planCapacity } from '../../lib/capacity';
import { Network, NETWORK_WARNINGS } from '../../lib/network';
import { PropsValidationError } from '../../lib/validation';
import { newTestApp, TEST_AZS, TestStack } from '../support/app';

const SUBNET = 'AWS::EC2::Subnet';
const W3010 = 'CloudFormation-Validate::W3010';

/** The W3010 acknowledgments recorded on a construct itself (not its children). */
function w3010Acks(c: IConstruct): string[] {
  return c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules' && W3010 in (m.data as object)).map((m) => (m.data as any)[W3010]);
}

/** Every CfnSubnet of a created VPC. */
function cfnSubnets(vpc: ec2.IVpc): IConstruct[] {
  return [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets].map((s) => s.node.defaultChild!);
}

describe('Network defaults (TestStack, 3 AZs)', () => {
  let network: Network;
  let stack: Stack;
  let template: Template;
  beforeAll(() => {
    const app = newTestApp();
    stack = new TestStack(app);
    network = new Network(stack, 'Net');
    template = Template.fromStack(stack);
  });

  test('CloudFormation Validate W3010 (literal AZ) is acknowledged on each of the 9 subnet resources only, with a specific reason', () => {
    const subnets = cfnSubnets(network.vpc);
    expect(subnets).toHaveLength(9);
    for (const subnet of subnets) {
      expect(CfnResource.isCfnResource(subnet) && subnet.cfnResourceType).toBe(SUBNET);
      const [reason] = w3010Acks(subnet);
      expect(reason).toMatch(/literal AZ name is one of the stack's own availabilityZones/);
      expect(reason.length).toBeGreaterThan(30);
    }
    const elsewhere = network.node.findAll().filter((c) => !subnets.includes(c) && w3010Acks(c).length > 0);
    expect(elsewhere.map((c) => c.node.path)).toEqual([]);
  });

  test('one VPC with DNS, 3 tiers × 3 AZs = 9 subnets in the 3 stack AZs', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
    template.resourceCountIs(SUBNET, 9);
    for (const az of TEST_AZS) {
      for (const tier of ['Public', 'Private', 'Isolated']) {
        template.hasResourceProperties(SUBNET, {
          AvailabilityZone: az,
          Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: tier }]),
        });
      }
    }
    expect(network.availabilityZones).toEqual(TEST_AZS);
  });

  test('public subnets do not map public IPs; tiers use the documented names and sizes', () => {
    template.allResourcesProperties(SUBNET, { MapPublicIpOnLaunch: false });
    template.hasResourceProperties(SUBNET, { CidrBlock: Match.stringLikeRegexp('/24$'), Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Public' }]) });
    template.hasResourceProperties(SUBNET, { CidrBlock: Match.stringLikeRegexp('/19$'), Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Application' }]) });
    template.hasResourceProperties(SUBNET, { CidrBlock: Match.stringLikeRegexp('/22$'), Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Data' }]) });
  });

  test('a NAT gateway per AZ, each in a public subnet, and no warning', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    expect(network.natGatewayCount).toBe(3);
    const routes = template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } });
    expect(Object.keys(routes)).toHaveLength(3);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('flow logs of ALL traffic to a KMS-encrypted log group with 1-year retention', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      ResourceId: { Ref: Match.stringLikeRegexp('NetVpc') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NetFlowLogKey'), 'Arn'] },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    expect(network.flowLog).toBeInstanceOf(ec2.FlowLog);
    expect(network.flowLogGroup).toBeInstanceOf(logs.LogGroup);
  });

  test('the flow-log key rotates and lets only this region\'s CloudWatch Logs use it for log groups', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('an S3 gateway endpoint routed from the private and isolated subnets', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      RouteTableIds: Match.anyValue(),
    });
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(endpoint.Properties.RouteTableIds).toHaveLength(9);
  });

  test('tier selections pick three subnets of the right type, one per AZ', () => {
    const vpc = network.vpc;
    const pub = vpc.selectSubnets(network.publicSubnets);
    const app = vpc.selectSubnets(network.applicationSubnets);
    const data = vpc.selectSubnets(network.dataSubnets);
    expect(pub.subnets).toHaveLength(3);
    expect(pub.hasPublic).toBe(true);
    expect(app.subnets.every((s) => vpc.privateSubnets.includes(s))).toBe(true);
    expect(data.subnets.every((s) => vpc.isolatedSubnets.includes(s))).toBe(true);
    for (const sel of [pub, app, data]) expect(new Set(sel.availabilityZones).size).toBe(3);
  });
});

test('an environment-agnostic stack still gets 3 AZs, resolved by Fn::GetAZs at deploy time', () => {
  const app = newTestApp();
  const stack = new Stack(app, 'Agnostic');
  const network = new Network(stack, 'Net');
  expect(stack.availabilityZones).toHaveLength(2); // what a plain maxAzs VPC would get
  expect(network.availabilityZones.map((az) => stack.resolve(az))).toEqual(
    [0, 1, 2].map((i) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] })),
  );
  const template = Template.fromStack(stack);
  template.resourceCountIs(SUBNET, 9);
  template.resourceCountIs('AWS::EC2::NatGateway', 3);
  template.hasResourceProperties(SUBNET, { AvailabilityZone: { 'Fn::Select': [2, { 'Fn::GetAZs': '' }] } });
  // no literal AZ, nothing to acknowledge
  expect(network.node.findAll().filter((c) => w3010Acks(c).length > 0)).toEqual([]);
});

test('the plan sets the AZ count; fewer NAT gateways (and AZs) than advised warn', () => {
  const plan = planCapacity({ traffic: { peakQps: 2000 }, topology: { availabilityZones: 2 } });
  const app = newTestApp();
  const stack = new TestStack(app);
  const network = new Network(stack, 'Net', { plan, natGateways: 1 });
  expect(network.availabilityZones).toEqual(TEST_AZS.slice(0, 2));
  const template = Template.fromStack(stack);
  template.resourceCountIs(SUBNET, 6);
  template.resourceCountIs('AWS::EC2::NatGateway', 1);
  const annotations = Annotations.fromStack(stack);
  annotations.hasWarning('/Test/Net', Match.stringLikeRegexp('one NAT gateway is a single point of failure'));
  annotations.hasWarning('/Test/Net', Match.stringLikeRegexp(`spans 2 Availability Zone`));
  expect(NETWORK_WARNINGS.fewerNatGateways).toMatch(/NatGateways/);
});

test('explicit AZs, NAT count and CIDR win over the plan and defaults', () => {
  const plan = planCapacity({ traffic: { peakQps: 2000 } });
  const app = newTestApp();
  const stack = new TestStack(app);
  const network = new Network(stack, 'Net', {
    plan,
    availabilityZones: ['us-east-1b', 'us-east-1c'],
    natGateways: 2,
    ipAddresses: ec2.IpAddresses.cidr('10.8.0.0/16'),
    flowLogRetention: logs.RetentionDays.THREE_MONTHS,
    flowLogTrafficType: ec2.FlowLogTrafficType.REJECT,
  });
  const template = Template.fromStack(stack);
  template.resourceCountIs(SUBNET, 6);
  template.resourceCountIs('AWS::EC2::NatGateway', 2);
  template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.8.0.0/16' });
  template.hasResourceProperties(SUBNET, { AvailabilityZone: 'us-east-1b' });
  expect(Object.keys(template.findResources(SUBNET, { Properties: { AvailabilityZone: 'us-east-1a' } }))).toHaveLength(0);
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  // explicit AZs are the caller's literals: the Network does not acknowledge W3010 for them
  expect(network.node.findAll().filter((c) => w3010Acks(c).length > 0)).toEqual([]);
});

describe('an existing VPC', () => {
  const attrs = {
    vpcId: 'vpc-1234',
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    publicSubnetIds: ['s-p1', 's-p2', 's-p3'],
    privateSubnetIds: ['s-a1', 's-a2', 's-a3'],
    publicSubnetRouteTableIds: ['rt-p1', 'rt-p2', 'rt-p3'],
    privateSubnetRouteTableIds: ['rt-a1', 'rt-a2', 'rt-a3'],
  };

  test('Network.fromVpc creates nothing by default and falls back to private subnets for data', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', attrs);
    const network = Network.fromVpc(stack, 'Net', vpc);
    expect(network.vpc).toBe(vpc);
    expect(network.flowLog).toBeUndefined();
    expect(network.createdVpc).toBeUndefined();
    expect(vpc.selectSubnets(network.dataSubnets).subnetIds).toEqual(['s-a1', 's-a2', 's-a3']);
    expect(vpc.selectSubnets(network.publicSubnets).subnetIds).toEqual(['s-p1', 's-p2', 's-p3']);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
  });

  test('flowLogs: true adds flow logs to the existing VPC', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', attrs);
    new Network(stack, 'Net', { vpc, flowLogs: true });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: 'vpc-1234', ResourceType: 'VPC' });
  });
});

describe('validation', () => {
  test('every problem is reported at once, naming the prop and the value', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    let error: unknown;
    try {
      new Network(stack, 'Net', { availabilityZones: ['us-east-1a'], natGateways: 0, cidrMasks: { public: 30 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/Test\/Net: invalid props \(3 problems\)/);
    expect(message).toMatch(/availabilityZones: \["us-east-1a"\] — must list at least 2/);
    expect(message).toMatch(/natGateways: 0 — must be a whole number between 1 and 1/);
    expect(message).toMatch(/cidrMasks.public: 30 — must be a whole number between 16 and 28/);
  });

  test('several bad props at once yield one PropsValidationError naming each, before anything is created', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'] });
    let error: unknown;
    try {
      new Network(stack, 'Net', {
        vpc,
        flowLogs: true,
        availabilityZones: ['us-east-1a'],
        natGateways: 1.5,
        cidrMasks: { public: 15, application: 29, data: 22.5 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems.map((p) => p.path)).toEqual([
      'availabilityZones',
      'natGateways',
      'cidrMasks',
      'availabilityZones',
      'natGateways',
      'cidrMasks.public',
      'cidrMasks.application',
      'cidrMasks.data',
    ]);
    expect(stack.node.tryFindChild('Net')?.node.children ?? []).toHaveLength(0);
  });

  test('a plan with a single AZ is refused with the plan field named', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const plan = planCapacity({ traffic: { peakQps: 2000 } });
    const onePerAz = { ...plan, topology: { ...plan.topology, availabilityZones: 1 } };
    expect(() => new Network(stack, 'Net', { plan: onePerAz })).toThrow(
      /plan\.topology\.availabilityZones: 1 — must be a whole number ≥ 2/,
    );
  });

  test('more NAT gateways than AZs, repeated AZs', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    expect(() => new Network(stack, 'Net', { availabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1b'], natGateways: 4 }))
      .toThrow(/must not repeat an Availability Zone[\s\S]*natGateways: 4 — must be a whole number between 1 and 3/);
  });

  test('new-VPC props are rejected with an existing vpc', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'] });
    expect(() => new Network(stack, 'Net', { vpc, natGateways: 2, availabilityZones: ['us-east-1a', 'us-east-1b'] }))
      .toThrow(/natGateways: 2 — applies only to a new VPC/);
  });
});
