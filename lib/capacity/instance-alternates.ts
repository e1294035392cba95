/**
 * A second instance type for the web tier's Auto Scaling group, so one type's capacity shortage in an AZ does not stop
 * a scale-out (AWS Control Tower CT.AUTOSCALING.PR.6: a mixed instances policy with several types). Pure data.
 *
 * Each alternate has the catalog family's vCPUs, memory and CPU architecture (the same AMI boots on both), and is on
 * the list of Nitro types that encrypt traffic between instances (CT.AUTOSCALING.PR.11):
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/data-protection.html#encryption-transit
 * m7gd and c7gd are the m7g and c7g with local NVMe storage; m7a is the AMD counterpart of the Intel m7i.
 * https://aws.amazon.com/ec2/instance-types/
 */

/** Catalog family → the family of its same-size alternate. */
export const ALTERNATE_INSTANCE_FAMILIES: Readonly<Record<string, string>> = {
  m7g: 'm7gd',
  c7g: 'c7gd',
  m7i: 'm7a',
};

/** The alternates of an instance type (e.g. `m7g.large` → [`m7gd.large`]); none for a family without one. */
export function alternateInstanceTypes(instanceType: string): string[] {
  const [family, size] = instanceType.split('.');
  const alternate = ALTERNATE_INSTANCE_FAMILIES[family];
  return alternate && size ? [`${alternate}.${size}`] : [];
}
