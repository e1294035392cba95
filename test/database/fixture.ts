/**
 * Test fixture for the data-tier tests: a 3-AZ Network in a TestStack and a security group standing
 * in for the web tier (so these tests do not depend on WebTier).
 */
import { App } from 'aws-cdk-lib';
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
