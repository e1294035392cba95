/**
 * The addresses of the network the patterns build (lib/network/network.ts, `Network` with its default masks), for the
 * plan's checks that what it sizes fits the subnets it is built in. Pure: the masks are repeated here (the construct
 * side imports aws-cdk-lib), and test/capacity/async.test.ts checks them against the built Network.
 *
 * Every EC2 instance takes a primary private IPv4 address from its subnet's range (EC2 API, RunInstances
 * `PrivateIpAddress`: "a value from the IPv4 address range of the subnet"), and every MSK broker an elastic network
 * interface in its client subnet (CloudFormation AWS::MSK::Cluster BrokerNodeGroupInfo `ClientSubnets`: "Amazon MSK
 * creates elastic network interfaces (ENIs) inside these subnets"). AWS reserves 5 addresses of every subnet
 * (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html). Checked 2026-11-30.
 */

/** The default prefix length of each subnet tier, one subnet per AZ (lib/network/network.ts). */
export const DEFAULT_SUBNET_PREFIX = {
  /** Private with egress: the web instances and the queue workers. */
  application: 19,
  /** Isolated: the databases, the cache nodes and the event log's brokers. */
  data: 22,
} as const;

/** Addresses AWS reserves in every subnet (the first four and the last). */
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

/** Usable addresses of one subnet of prefix length `prefix`: 2^(32 − prefix) − 5 (8,187 in a /19, 1,019 in a /22). */
export function usableSubnetAddresses(prefix: number): number {
  return 2 ** (32 - prefix) - RESERVED_ADDRESSES_PER_SUBNET;
}
