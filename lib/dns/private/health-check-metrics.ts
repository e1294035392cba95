/** CloudWatch metrics of Route 53 health checks. */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { GLOBAL_SERVICES_REGION } from '../../validation';

/** A Route 53 health-check metric in namespace `AWS/Route53`, over 1 minute, in the only region that has it. */
export function healthCheckMetric(metricName: string, healthCheck: route53.IHealthCheck, props: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Route53',
    metricName,
    dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
    period: Duration.minutes(1),
    // Route 53 publishes health-check metrics in us-east-1 only:
    // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
    region: GLOBAL_SERVICES_REGION,
    ...props,
  });
}
