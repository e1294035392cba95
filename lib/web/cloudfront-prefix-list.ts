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
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../validation/cloudfront-prefix-lists';

export { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../validation/cloudfront-prefix-lists';

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
