/** Subnet choices shared by the data-tier constructs. */
import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Isolated subnets when the VPC has them (a data store needs no route out), else private ones. */
export function defaultDataSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.isolatedSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

/** Distinct AZs of the selected subnets: [] when the selection is empty, undefined when not known at synth time. */
export function selectedAzs(vpc: ec2.IVpc, selection: ec2.SubnetSelection): string[] | undefined {
  let azs: string[];
  try {
    azs = vpc.selectSubnets(selection).availabilityZones;
  } catch {
    return [];
  }
  if (azs.some((az) => Token.isUnresolved(az))) return undefined;
  return [...new Set(azs)];
}
