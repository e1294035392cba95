/**
 * The budget publisher: where an SLO period is longer than any alarm can look back (CloudWatch: Period ×
 * EvaluationPeriods ≤ 7 days, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html),
 * a Lambda function run every hour reads the SLI's bad and total counts over the whole period with GetMetricData and
 * puts `ErrorBudgetRemaining` = 1 − (bad ÷ total) ÷ (1 − SLO), which the budget alarms watch.
 *
 * - One function per stack (`BudgetPublisher.of(stack)`); one EventBridge rule per SLO, at 5 minutes past every hour,
 *   whose input carries that SLO's queries, so the function needs no configuration of its own.
 * - GetMetricData with Period 3,600: "Data points with a period of 3600 seconds (1 hour) are available for 455 days"
 *   and a StartTime older than 63 days needs a period that is a multiple of 3,600
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html). 365 days is 8,760
 *   points per query, 17,520 for bad and total: one call holds them (100,800 at most), and sums of hourly counts are
 *   exact.
 * - Least privilege: cloudwatch:GetMetricData (no resource-level permissions exist for it), cloudwatch:PutMetricData
 *   only into the library's namespace (the `cloudwatch:namespace` condition key), and writing to its own log group.
 */
import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeCfnGuard } from '../../private/acknowledgments';
import { createLogGroupKey } from '../../private/log-group-key';
import { BUDGET_METRIC_NAMESPACE } from '../definitions';
import type { MetricDataQueryJson } from '../metric-data-queries';

/** What the publisher is told about one SLO (the rule's input). */
export interface BudgetPublisherEvent {
  /** The `Slo` dimension value of the published metric. */
  readonly slo: string;
  readonly periodDays: number;
  /** 1 − SLO. */
  readonly budget: number;
  readonly namespace: string;
  readonly metricName: string;
  /** GetMetricData queries with Period 3,600; `bad` and `total` are returned. */
  readonly queries: readonly MetricDataQueryJson[];
}

/**
 * The function's code (Node.js, CommonJS, the AWS SDK v3 the runtime includes). Kept in this string so it is inlined
 * in the template (no asset to bundle) and tested as is (`test/slo/budget-publisher.test.ts` runs it in a VM against
 * a stand-in CloudWatch client).
 */
export const BUDGET_PUBLISHER_CODE = `'use strict';
const { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } = require('@aws-sdk/client-cloudwatch');
const client = new CloudWatchClient({});
const HOUR = 3600000;
exports.handler = async (event) => {
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  const start = end - event.periodDays * 24 * HOUR;
  const sums = { bad: 0, total: 0 };
  let token;
  do {
    const r = await client.send(new GetMetricDataCommand({
      MetricDataQueries: event.queries, StartTime: new Date(start), EndTime: new Date(end), ScanBy: 'TimestampAscending', NextToken: token,
    }));
    for (const m of r.MetricDataResults || []) {
      if (m.StatusCode && m.StatusCode !== 'Complete' && m.StatusCode !== 'PartialData') throw new Error('GetMetricData ' + m.Id + ': ' + m.StatusCode);
      if (m.Id === 'bad' || m.Id === 'total') for (const v of m.Values || []) sums[m.Id] += v;
    }
    token = r.NextToken;
  } while (token);
  const remaining = sums.total > 0 ? Math.round((1 - sums.bad / sums.total / event.budget) * 1e9) / 1e9 + 0 : 1;
  await client.send(new PutMetricDataCommand({
    Namespace: event.namespace,
    MetricData: [{ MetricName: event.metricName, Dimensions: [{ Name: 'Slo', Value: event.slo }], Timestamp: new Date(end), Value: remaining, Unit: 'None' }],
  }));
  return { slo: event.slo, bad: sums.bad, total: sums.total, remaining };
};
`;

const ID = 'SloBudgetPublisher';

/** The stack's one budget publisher function. */
export class BudgetPublisher extends Construct {
  /** The stack's publisher, created on first use. */
  public static of(scope: Construct): BudgetPublisher {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as BudgetPublisher | undefined) ?? new BudgetPublisher(stack, ID);
  }

  public readonly function: lambda.Function;
  public readonly logGroup: logs.LogGroup;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // A year, encrypted with a customer managed key (CloudFormation Guard CT.CLOUDWATCH.PR.2 and PR.5).
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: createLogGroupKey(this, 'LogsKey', { description: 'Encrypts the logs of the SLO budget publisher', removalPolicy: RemovalPolicy.DESTROY }),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Reads SLI counts and puts the SLO error budget remaining (cdk-scale-patterns SloAlarms)',
      inlinePolicies: {
        PublishErrorBudget: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }),
            new iam.PolicyStatement({
              actions: ['cloudwatch:PutMetricData'],
              resources: ['*'],
              conditions: { StringEquals: { 'cloudwatch:namespace': BUDGET_METRIC_NAMESPACE } },
            }),
            new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.logGroupArn}:*`] }),
          ],
        }),
      },
    });
    const logGroupId = Stack.of(this).resolve(Stack.of(this).getLogicalId(this.logGroup.node.defaultChild as CfnElement)) as string;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudwatch:GetMetricData and cloudwatch:PutMetricData support no resource-level permissions, so their Resource must be "*"; ' +
        'PutMetricData is limited to the library\'s own namespace by the cloudwatch:namespace condition.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logGroupId}.Arn>:*]`,
      reason: 'The function\'s own log group: Lambda names its log streams at run time, so they can only be matched with a wildcard.',
    });
    this.function = new lambda.Function(this, 'Function', {
      description: 'Puts the error budget remaining of each SLO over its whole period, hourly (cdk-scale-patterns SloAlarms)',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(BUDGET_PUBLISHER_CODE),
      memorySize: 256,
      timeout: Duration.minutes(1),
      role,
      logGroup: this.logGroup,
    });
    acknowledgeCfnGuard(this.function, 'lambda_inside_vpc_check',
      'The function only calls the CloudWatch API (GetMetricData, PutMetricData) and reaches no resource in a VPC; outside one it needs no ' +
      'NAT gateway or interface endpoint to reach that API.');
  }

  /**
   * Runs the function for one SLO at 5 minutes past every hour (the last full hour's datapoints are in by then).
   * @returns the rule, created in `scope`
   */
  public schedule(scope: Construct, id: string, event: BudgetPublisherEvent): events.Rule {
    return new events.Rule(scope, id, {
      description: `Puts ${event.metricName} of SLO ${event.slo} every hour`.slice(0, 512),
      schedule: events.Schedule.cron({ minute: '5' }),
      targets: [new targets.LambdaFunction(this.function, { event: events.RuleTargetInput.fromObject(event), retryAttempts: 2 })],
    });
  }
}
