/** The pure core's region table against aws-cdk-lib's region facts (which we did not write). */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AWS_REGION_PARTITIONS, AWS_REGIONS, isAwsRegion } from '../../lib/validation/aws-regions';

test('the region table is aws-cdk-lib\'s list of regions with their partitions (after an aws-cdk-lib upgrade, copy the new list)', () => {
  const facts = new Map(RegionInfo.regions.map((r) => [r.name, r.partition]));
  expect(new Map(AWS_REGION_PARTITIONS)).toEqual(facts);
  expect(AWS_REGIONS).toEqual([...facts.keys()]);
});

test('real regions pass, look-alikes do not', () => {
  expect(['us-east-1', 'eu-central-2', 'il-central-1'].every(isAwsRegion)).toBe(true);
  expect(['us-east-99', 'US-EAST-1', 'us-east-1 ', '', undefined, 7].some(isAwsRegion)).toBe(false);
});
