/** Checks of names AWS defines, shared by the workload validator and the constructs. Pure. */

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}\\.?$)(?:${LABEL}\\.)+[A-Za-z]{2,63}\\.?$`);

/**
 * A DNS host name: two or more labels of letters, digits and inner hyphens (1–63 characters each), an
 * alphabetic top-level label, at most 253 characters; one trailing dot (fully qualified) is accepted.
 * With `wildcard`, a leading `*.` is accepted too (CloudFront alternate domain names, certificates).
 */
export function isHostname(name: unknown, options: { readonly wildcard?: boolean } = {}): name is string {
  if (typeof name !== 'string') return false;
  const bare = options.wildcard && name.startsWith('*.') ? name.slice(2) : name;
  return HOSTNAME.test(bare);
}

/** What {@link isHostname} accepts, in words. */
export const HOSTNAME_RULE = 'must be a DNS host name such as app.example.com (labels of letters, digits and hyphens)';

/** HTTP `token` characters (RFC 9110 §5.6.2): what a header field name is made of. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * The longest header name an ALB `http-header` listener-rule condition matches (Elastic Load Balancing
 * `HttpHeaderConditionConfig.HttpHeaderName`: "The maximum size is 40 characters").
 */
export const ALB_HEADER_NAME_MAX_LENGTH = 40;

/** An HTTP header field name an ALB listener rule can match: token characters, at most 40. */
export function isAlbHeaderName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= ALB_HEADER_NAME_MAX_LENGTH && TOKEN.test(name);
}

/** What {@link isAlbHeaderName} accepts, in words. */
export const ALB_HEADER_NAME_RULE = `must be an HTTP header name (token characters such as letters, digits and hyphens), at most ${ALB_HEADER_NAME_MAX_LENGTH} characters (an ALB listener rule matches no longer name)`;
