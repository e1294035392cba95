/**
 * The AWS regions and their partitions, as data so the pure core can check region names offline.
 * Source: aws-cdk-lib's region facts (`RegionInfo.regions`); test/validation/aws-regions.test.ts fails when the two
 * disagree (after an aws-cdk-lib upgrade: copy the new list here).
 */
export const AWS_REGION_PARTITIONS: ReadonlyMap<string, string> = new Map([
  ['af-south-1', 'aws'],
  ['ap-east-1', 'aws'],
  ['ap-east-2', 'aws'],
  ['ap-northeast-1', 'aws'],
  ['ap-northeast-2', 'aws'],
  ['ap-northeast-3', 'aws'],
  ['ap-south-1', 'aws'],
  ['ap-south-2', 'aws'],
  ['ap-southeast-1', 'aws'],
  ['ap-southeast-2', 'aws'],
  ['ap-southeast-3', 'aws'],
  ['ap-southeast-4', 'aws'],
  ['ap-southeast-5', 'aws'],
  ['ap-southeast-6', 'aws'],
  ['ap-southeast-7', 'aws'],
  ['ca-central-1', 'aws'],
  ['ca-west-1', 'aws'],
  ['cn-north-1', 'aws-cn'],
  ['cn-northwest-1', 'aws-cn'],
  ['eu-central-1', 'aws'],
  ['eu-central-2', 'aws'],
  ['eu-isoe-west-1', 'aws-iso-e'],
  ['eu-north-1', 'aws'],
  ['eu-south-1', 'aws'],
  ['eu-south-2', 'aws'],
  ['eu-west-1', 'aws'],
  ['eu-west-2', 'aws'],
  ['eu-west-3', 'aws'],
  ['eusc-de-east-1', 'aws-eusc'],
  ['il-central-1', 'aws'],
  ['me-central-1', 'aws'],
  ['me-south-1', 'aws'],
  ['me-west-1', 'aws'],
  ['mx-central-1', 'aws'],
  ['sa-east-1', 'aws'],
  ['us-east-1', 'aws'],
  ['us-east-2', 'aws'],
  ['us-gov-east-1', 'aws-us-gov'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-iso-east-1', 'aws-iso'],
  ['us-iso-west-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['us-isob-west-1', 'aws-iso-b'],
  ['us-isof-east-1', 'aws-iso-f'],
  ['us-isof-south-1', 'aws-iso-f'],
  ['us-west-1', 'aws'],
  ['us-west-2', 'aws'],
]);

/** Every region name, sorted. */
export const AWS_REGIONS: readonly string[] = [...AWS_REGION_PARTITIONS.keys()];

/**
 * The region of AWS's global services: CloudFront's viewer certificates, CloudFront-scope WAF WebACLs, and the
 * CloudWatch metrics of CloudFront (`Region=Global`) and Route 53 health checks all live here.
 */
export const GLOBAL_SERVICES_REGION = 'us-east-1';

/** True for the name of a real AWS region (see {@link AWS_REGIONS}). */
export function isAwsRegion(name: unknown): name is string {
  return typeof name === 'string' && AWS_REGION_PARTITIONS.has(name);
}
