/** How Route 53 record names resolve against their zone: shared by DnsFailover and its validation. */

/** `name` without one trailing dot. */
export function stripDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The name a record answers for, without the trailing dot, resolved like aws-cdk-lib's record sets:
 * a name ending with `.`, equal to the zone name or ending with `.<zone name>` is already complete;
 * anything else is relative to the zone.
 */
export function fullyQualifiedName(recordName: string | undefined, zoneName: string): string {
  const zone = stripDot(zoneName);
  if (recordName === undefined) return zone;
  if (recordName.endsWith('.')) return stripDot(recordName);
  return recordName === zone || recordName.endsWith(`.${zone}`) ? recordName : `${recordName}.${zone}`;
}
