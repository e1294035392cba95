/** Every check of GlobalEdgeStack's props, in one place. */
import { Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../lib/private/validation';
import { GLOBAL_SERVICES_REGION } from '../lib/validation';
import type { GlobalEdgeStackProps } from './global-edge-stack';

export function validateGlobalEdgeStackProps(scope: Construct, props: GlobalEdgeStackProps): void {
  const problems = new ProblemCollector();
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region)) {
    problems.check('env.region', region, region === GLOBAL_SERVICES_REGION,
      `a GlobalEdgeStack must be in ${GLOBAL_SERVICES_REGION}: CloudFront certificates, CloudFront-scope WAF and CloudFront metrics live there`);
  }
  problems.hostname('domainName', props.domainName);
  throwIfProblems(scope, problems);
}
