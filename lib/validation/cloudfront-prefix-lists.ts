/** AWS data the pure plan and the web tier share: CloudFront's origin-facing prefix lists by region. Pure. */

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
