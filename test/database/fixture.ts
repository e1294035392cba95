/**
 * Test fixture for the data-tier tests: a 3-AZ Network in a TestStack and a security group standing
 * in for the web tier (so these tests do not depend on WebTier).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Network } from '../../lib/network';
import { newTestApp, TestAppOptions, TestStack } from '../support/app';

export interface DataTierFixture {
  readonly app: App;
  readonly stack: TestStack;
  readonly network: Network;
  readonly vpc: ec2.IVpc;
  /** Stand-in for the web tier's instances. */
  readonly web: ec2.SecurityGroup;
}

export function dataTierFixture(options: TestAppOptions = {}): DataTierFixture {
  const app = newTestApp(options);
  const stack = new TestStack(app);
  const network = new Network(stack, 'Net');
  const web = new ec2.SecurityGroup(stack, 'WebInstances', {
    vpc: network.vpc,
    description: 'Stand-in for the web tier instances',
    allowAllOutbound: false,
  });
  return { app, stack, network, vpc: network.vpc, web };
}

/** One region of a {@link CrossRegionFixture}: its stack, Network and web-tier stand-in. */
export interface RegionFixture {
  readonly stack: Stack;
  readonly network: Network;
  readonly vpc: ec2.IVpc;
  /** Stand-in for the web tier's instances. */
  readonly web: ec2.SecurityGroup;
}

/** Two regions of one App, both stacks with `crossRegionReferences: true`. */
export interface CrossRegionFixture {
  readonly app: App;
  /** us-east-1. */
  readonly primary: RegionFixture;
  /** us-west-2. */
  readonly secondary: RegionFixture;
}

function regionFixture(app: App, id: string, region: string): RegionFixture {
  const stack = new TestStack(app, id, { region, crossRegionReferences: true });
  const network = new Network(stack, 'Net');
  const web = new ec2.SecurityGroup(stack, 'WebInstances', {
    vpc: network.vpc,
    description: 'Stand-in for the web tier instances',
    allowAllOutbound: false,
  });
  return { stack, network, vpc: network.vpc, web };
}

/** A primary region (us-east-1, a TestStack) and a secondary one (us-west-2), each with a 3-AZ Network. */
export function crossRegionFixture(options: TestAppOptions = {}): CrossRegionFixture {
  const app = newTestApp(options);
  return { app, primary: regionFixture(app, 'Primary', 'us-east-1'), secondary: regionFixture(app, 'Secondary', 'us-west-2') };
}
