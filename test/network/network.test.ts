import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { networkSizing, planCapacity } from '../../lib/capacity';
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

describe('the SQS interface endpoint (the plan\'s queue tier)', () => {
  const queuePlan = () => planCapacity({ traffic: { peakQps: 5000 }, async: { messagesPerSecond: 20_000 } });
  const INTERFACE = { VpcEndpointType: 'Interface' };

  function interfaceEndpoints(template: Template) {
    return Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: INTERFACE }));
  }

  test('the plan asks for it exactly when it builds the queue tier', () => {
    expect(networkSizing(queuePlan()).interfaceEndpoints).toEqual(['sqs']);
    expect(networkSizing(planCapacity({ traffic: { peakQps: 5000 } })).interfaceEndpoints).toEqual([]);
    const noQueue = planCapacity({ traffic: { peakQps: 5000 }, async: { messagesPerSecond: 20_000 }, architecture: { queue: false } });
    expect(networkSizing(noQueue).interfaceEndpoints).toEqual([]);
  });

  describe('from a plan with a queue tier', () => {
    let network: Network;
    let template: Template;
    beforeAll(() => {
      const app = newTestApp();
      const stack = new TestStack(app);
      network = new Network(stack, 'Net', { plan: queuePlan() });
      template = Template.fromStack(stack);
    });

    test('one SQS endpoint with private DNS, an interface in each AZ\'s application subnet', () => {
      const [endpoint, ...others] = interfaceEndpoints(template);
      expect(others).toEqual([]);
      expect(endpoint.Properties).toMatchObject({
        ServiceName: 'com.amazonaws.us-east-1.sqs',
        PrivateDnsEnabled: true,
        VpcId: { Ref: expect.stringMatching(/^NetVpc/) },
      });
      const application = network.vpc.selectSubnets({ subnetGroupName: 'Application' });
      expect(application.subnets.map((s) => s.availabilityZone)).toEqual(TEST_AZS);
      expect(endpoint.Properties.SubnetIds).toEqual(application.subnetIds.map((id) => Stack.of(network).resolve(id)));
      expect(network.sqsEndpoint).toBeInstanceOf(ec2.InterfaceVpcEndpoint);
      // The S3 gateway endpoint stays.
      template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 1);
    });

    test('its security group admits HTTPS (443) from the VPC\'s CIDR only, and allows no egress', () => {
      const [endpoint] = interfaceEndpoints(template);
      expect(endpoint.Properties.SecurityGroupIds).toHaveLength(1);
      const groupId = endpoint.Properties.SecurityGroupIds[0]['Fn::GetAtt'][0];
      const group = template.toJSON().Resources[groupId];
      expect(group.Type).toBe('AWS::EC2::SecurityGroup');
      expect(group.Properties.SecurityGroupIngress).toEqual([
        expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }),
      ]);
      // aws-cdk-lib's way of saying "no egress": one rule to 255.255.255.255/32 that matches nothing.
      expect(group.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
      // No other rule opens the group (no separate ingress resource).
      expect(Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
        (r) => JSON.stringify(r.Properties.GroupId).includes(groupId))).toEqual([]);
    });
  });

  test('the rule follows the VPC\'s CIDR; an IPAM-allocated one (known at deploy time) is referenced, and passes cdk-nag', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    new Network(stack, 'Net', { interfaceEndpoints: ['sqs'], ipAddresses: ec2.IpAddresses.cidr('10.8.0.0/16') });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ FromPort: 443, CidrIp: '10.8.0.0/16' })],
    });

    const nagApp = newTestApp({ nag: true });
    const ipamStack = new TestStack(nagApp, 'Ipam');
    new Network(ipamStack, 'Net', {
      interfaceEndpoints: ['sqs'],
      ipAddresses: ec2.IpAddresses.awsIpamAllocation({ ipv4IpamPoolId: 'ipam-pool-0123', ipv4NetmaskLength: 16, defaultSubnetIpv4NetmaskLength: 22 }),
    });
    Template.fromStack(ipamStack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ FromPort: 443, CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetVpc'), 'CidrBlock'] } })],
    });
    expect(() => nagApp.synth()).not.toThrow();
  });

  test('no endpoint without a queue tier, without a plan, or with `interfaceEndpoints: []`', () => {
    for (const props of [{ plan: planCapacity({ traffic: { peakQps: 5000 } }) }, {}, { plan: queuePlan(), interfaceEndpoints: [] }]) {
      const app = newTestApp();
      const stack = new TestStack(app);
      const network = new Network(stack, 'Net', props);
      expect(interfaceEndpoints(Template.fromStack(stack))).toEqual([]);
      expect(network.sqsEndpoint).toBeUndefined();
    }
  });

  test('explicit `interfaceEndpoints: [\'sqs\']` without a plan builds it', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    new Network(stack, 'Net', { interfaceEndpoints: ['sqs'] });
    expect(interfaceEndpoints(Template.fromStack(stack))).toHaveLength(1);
  });

  test('an existing VPC gets no endpoint, even from a plan with a queue tier; asking for one explicitly is refused', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
      vpcId: 'vpc-1', availabilityZones: TEST_AZS, privateSubnetIds: ['s-a1', 's-a2', 's-a3'],
    });
    const network = new Network(stack, 'Net', { vpc, plan: queuePlan() });
    expect(network.sqsEndpoint).toBeUndefined();
    expect(network.s3Endpoint).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(() => new Network(stack, 'Net2', { vpc, interfaceEndpoints: ['sqs'] }))
      .toThrow(/interfaceEndpoints: \["sqs"\] — applies only to a new VPC/);
  });

  test('an unknown or repeated service is refused, naming the prop and the value', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    expect(() => new Network(stack, 'Net', { interfaceEndpoints: ['sqs', 'sns' as 'sqs', 'sqs'] }))
      .toThrow(/interfaceEndpoints: \["sqs","sns","sqs"\] — lists no service it can build: \["sns"\]; use "sqs"[\s\S]*must not repeat a service/);
  });
});
