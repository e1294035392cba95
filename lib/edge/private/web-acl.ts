/** The Edge's CloudFront-scope WAF WebACL: a per-client-IP rate rule answering 429, then AWS managed rule groups. */
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Options of {@link createEdgeWebAcl}. */
export interface EdgeWebAclOptions {
  /** CloudWatch metric name of the WebACL; each rule's metric name starts with it. */
  readonly metricName: string;
  /** Requests allowed per client IP within the window (validated by the Edge). */
  readonly rateLimit: number;
  /** The rate rule's evaluation window, seconds: 60, 120, 300 or 600 (validated by the Edge). */
  readonly rateLimitWindowSeconds: number;
  /** AWS managed rule groups (vendor `AWS`), evaluated in this order after the rate rule. */
  readonly managedRuleGroups: readonly string[];
}

/** The metric name of the rate rule: the `Rule` dimension of its WAF metrics. */
export function rateLimitRuleMetricName(webAclMetricName: string): string {
  return `${webAclMetricName}-RateLimit`;
}

/**
 * A CLOUDFRONT-scope WebACL allowing by default. The rate rule comes first so a flood is answered cheaply with 429
 * and a `Retry-After` of one window
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html).
 */
export function createEdgeWebAcl(scope: Construct, id: string, options: EdgeWebAclOptions): wafv2.CfnWebACL {
  const { metricName, rateLimitWindowSeconds: windowSeconds } = options;
  const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName: name,
  });
  const rules: wafv2.CfnWebACL.RuleProperty[] = [
    {
      name: 'RateLimitPerClientIp',
      priority: 0,
      statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: options.rateLimit, evaluationWindowSec: windowSeconds } },
      action: {
        block: {
          customResponse: {
            responseCode: 429,
            customResponseBodyKey: 'TooManyRequests',
            responseHeaders: [{ name: 'Retry-After', value: String(windowSeconds) }],
          },
        },
      },
      visibilityConfig: visibility(rateLimitRuleMetricName(metricName)),
    },
    ...options.managedRuleGroups.map((name, i): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority: i + 1,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(`${metricName}-${name}`.slice(0, 128)),
    })),
  ];
  return new wafv2.CfnWebACL(scope, id, {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    description: 'Edge WebACL - per client IP rate limit answering 429, then AWS managed rule groups',
    customResponseBodies: {
      TooManyRequests: { contentType: 'TEXT_PLAIN', content: 'Too many requests: slow down and retry later.' },
    },
    rules,
    visibilityConfig: visibility(metricName),
  });
}
