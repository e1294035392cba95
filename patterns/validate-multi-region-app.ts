/** Every check of MultiRegionApp's props, in one place. */
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../lib/private/validation';
import type { MultiRegionAppProps } from './multi-region-app';

export function validateMultiRegionAppProps(scope: Construct, props: MultiRegionAppProps): void {
  const problems = new ProblemCollector();
  const { plan, domain } = props;
  if (plan.architecture.edge) {
    problems.check('domain', domain, domain !== undefined,
      'the plan builds the edge (CloudFront reaches the origins over HTTPS, which needs a certificate, so a domain): give `domain`, ' +
        'or plan the workload with "architecture": { "edge": false }');
  }
  if (domain) {
    problems.hostname('domain.zoneName', domain.zoneName);
    if (domain.hostedZoneId !== undefined) {
      // Route 53 hosted zone IDs: "Z" and upper-case letters and digits (e.g. Z0123456789ABCDEFGHIJ).
      problems.check('domain.hostedZoneId', domain.hostedZoneId, /^Z[A-Z0-9]{1,31}$/.test(domain.hostedZoneId),
        'must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (Route 53 console, or `aws route53 list-hosted-zones`)');
    }
    if (domain.recordName !== undefined) problems.hostname('domain.recordName', `${domain.recordName}.${domain.zoneName}`);
  }
  throwIfProblems(scope, problems);
}
