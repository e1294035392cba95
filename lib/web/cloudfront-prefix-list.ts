/**
 * CloudFront's origin-facing managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`),
 * referenced without a lookup so that synth stays offline.
 *
 * Why a table: CloudFormation has no intrinsic that resolves a prefix list by name, and
 * `ec2.PrefixList.fromLookup` needs a context lookup (AWS credentials at synth), which this library
 * must not require. A custom resource calling `ec2:DescribeManagedPrefixLists` would work but adds a
 * Lambda function and its findings to every stack. AWS-managed prefix list IDs are fixed per region
 * (the same in every account), so a region-keyed table is reliable; for an environment-agnostic
 * stack it is emitted as a CloudFormation mapping resolved with `Fn::FindInMap` on `AWS::Region`
 * (deploying to a region missing from the table fails at `FindInMap`, it never opens the ALB).
 * A region not in the table can pass the list explicitly (`cloudFrontPrefixList`, e.g. from
 * `ec2.PrefixList.fromLookup` or `fromPrefixListId`).
 */
import { CfnMapping, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Prefix list IDs of `com.amazonaws.global.cloudfront.origin-facing` per region.
 *
 * Source: the IDs AWS listed when it launched the managed prefix list (AWS Networking & Content
 * Delivery blog, "Limit access to your origins using the AWS-managed prefix list for Amazon
 * CloudFront", 2022), cross-checked against several independent public infrastructure repositories
 * (2022–2026). Check with `aws ec2 describe-managed-prefix-lists --filters
 * Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing --region <region>`.
 * Note: a rule referencing this list counts as ~55 rules against the security-group rule quota
 * (60 by default), so one security group can hold only one such rule.
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS: Readonly<Record<string, string>> = {
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'ap-northeast-3': 'pl-31a14458',
  'ap-south-1': 'pl-9aa247f3',
  'ap-southeast-1': 'pl-31a34658',
  'ap-southeast-2': 'pl-b8a742d1',
  'ca-central-1': 'pl-38a64351',
  'eu-central-1': 'pl-a3a144ca',
  'eu-north-1': 'pl-fab65393',
  'eu-west-1': 'pl-4fa04526',
  'eu-west-2': 'pl-93a247fa',
  'eu-west-3': 'pl-75b1541c',
  'sa-east-1': 'pl-5da64334',
  'us-east-1': 'pl-3b927c52',
  'us-east-2': 'pl-b6a144df',
  'us-west-1': 'pl-4ea04527',
  'us-west-2': 'pl-82a045eb',
};

const MAPPING_ID = 'CloudFrontOriginFacingPrefixLists';
const MAPPING_KEY = 'PrefixListId';

/**
 * The origin-facing prefix list ID for the stack of `scope`: a literal for a known concrete region,
 * `Fn::FindInMap` over a stack-level mapping for an unresolved region, undefined for a concrete
 * region missing from {@link CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS}.
 */
export function cloudFrontOriginFacingPrefixListId(scope: Construct): string | undefined {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) return CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[stack.region];
  const existing = stack.node.tryFindChild(MAPPING_ID);
  const mapping =
    existing instanceof CfnMapping
      ? existing
      : new CfnMapping(stack, MAPPING_ID, {
          mapping: Object.fromEntries(
            Object.entries(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).map(([region, id]) => [region, { [MAPPING_KEY]: id }]),
          ),
        });
  return mapping.findInMap(stack.region, MAPPING_KEY);
}
