#!/usr/bin/env node
/**
 * Benchmark baseline: the reference app (bin/app.ts, examples/04-cached.json, synthesized with `-c cfnGuard=false`)
 * written by hand with plain aws-cdk-lib (no import from lib/ or patterns/), the sizes and thresholds hard-coded from
 * `npx cdk-scale plan examples/04-cached.json --format json`: the network, web, database and cache tiers, the edge, the
 * SLO alarms with their budget publisher, the saturation alarms and dashboard, and the game-day FIS experiments. Same
 * stacks, the same count of each resource type per stack (bench/synth.ts compares the totals), same cdk-nag plugin,
 * same cdk.json context (so the same CloudFormation Validate run).
 *
 *   npx cdk synth --quiet --app "npx tsx bench/hand-written-app.ts"
 *
 * Not shipped: cdk-nag findings are acknowledged on the constructs the reference acknowledges them on.
 */
import { App, ArnFormat, CfnElement, Duration, Fn, RemovalPolicy, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';

// ---- sizes from the plan of examples/04-cached.json (hard-coded on purpose) ----
const AZS = 3;
const INSTANCE_TYPE = 'm7g.large';
const MIN_INSTANCES = 5;
const MAX_INSTANCES = 15;
const TARGET_REQUESTS_PER_INSTANCE_PER_MINUTE = 10_500;
const DB_INSTANCE_CLASS = 'r7g.4xlarge';
const DB_READ_REPLICAS = 1;
const DB_ALLOCATED_GIB = 466;
const DB_MAX_ALLOCATED_GIB = 932;
const CACHE_NODE_TYPE = 'cache.m7g.large';
const CACHE_SHARDS = 1;
const CACHE_REPLICAS_PER_SHARD = 1;
const CACHE_HIT_RATE_PERCENT = 90;
/** ⌈0.8 × plan.database.maxConnectionsPerInstance (5,000)⌉. */
const DB_CONNECTIONS_ALARM = 4000;
const AVAILABILITY = 0.999;
const LATENCY_PERCENT = 95;
const LATENCY_THRESHOLD_MS = 200;
interface Tier {
  readonly name: string;
  readonly severity: 'page' | 'ticket';
  readonly long: number;
  readonly short: number;
  readonly burn: number;
}
/** Burn-rate tiers of a 30-day SLO at 99.9 %: name, severity, long/short window minutes, burn rate. */
const TIERS_999: readonly Tier[] = [
  { name: 'page-1h', severity: 'page', long: 60, short: 5, burn: 14.4 },
  { name: 'page-6h', severity: 'page', long: 360, short: 30, burn: 6 },
  { name: 'ticket-3d', severity: 'ticket', long: 4320, short: 360, burn: 1 },
];
/** At 95 %: the fast page capped at an error ratio of 0.5 and shortened so a full outage pages within 5 minutes. */
const TIERS_95: readonly Tier[] = [
  { name: 'page-9m', severity: 'page', long: 9, short: 1, burn: 10 },
  { name: 'page-6h', severity: 'page', long: 360, short: 30, burn: 6 },
  { name: 'ticket-3d', severity: 'ticket', long: 4320, short: 360, burn: 1 },
];
/** Budget publisher (30-day periods exceed what one alarm can see): reads bad/total hourly over the period, puts the budget left. */
const BUDGET_NAMESPACE = 'CdkScalePatterns/SLO';
const PUBLISHER_CODE = `const { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } = require('@aws-sdk/client-cloudwatch');
const c = new CloudWatchClient({});
exports.handler = async (e) => {
  const end = Math.floor(Date.now() / 3600000) * 3600000;
  const r = await c.send(new GetMetricDataCommand({ MetricDataQueries: e.queries, StartTime: new Date(end - e.periodDays * 86400000), EndTime: new Date(end) }));
  const sum = (id) => (r.MetricDataResults.find((m) => m.Id === id)?.Values ?? []).reduce((a, b) => a + b, 0);
  const value = sum('total') > 0 ? 1 - sum('bad') / sum('total') / e.budget : 1;
  await c.send(new PutMetricDataCommand({ Namespace: e.namespace, MetricData: [{ MetricName: 'ErrorBudgetRemaining', Dimensions: [{ Name: 'Slo', Value: e.slo }], Timestamp: new Date(end), Value: value }] }));
};`;

/** Lets CloudWatch Logs use `key` for this account's log groups in the key's region (encryption-context condition). */
function allowCloudWatchLogs(key: kms.Key): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${stack.region}:${stack.account}:log-group:*` } },
  }));
}

function budgetPublisher(stack: Stack): lambda.Function {
  const existing = stack.node.tryFindChild('BudgetPublisher') as lambda.Function | undefined;
  if (existing) return existing;
  // Its logs under a key of their own, kept a year, as the reference does.
  const logsKey = new kms.Key(stack, 'BudgetPublisherLogsKey', { description: 'Encrypts the logs of the SLO budget publisher', enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
  allowCloudWatchLogs(logsKey);
  const logGroup = new logs.LogGroup(stack, 'BudgetPublisherLogs', { encryptionKey: logsKey, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(stack, 'BudgetPublisherRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    inlinePolicies: {
      Publish: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }),
          new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': BUDGET_NAMESPACE } } }),
          new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.logGroupArn}:*`] }),
        ],
      }),
    },
  });
  ack(role, ['AwsSolutions-IAM5[Resource::*]', `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(logGroup.node.defaultChild as CfnElement))}.Arn>:*]`]);
  return new lambda.Function(stack, 'BudgetPublisher', {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline(PUBLISHER_CODE),
    memorySize: 256, timeout: Duration.minutes(1), role, logGroup,
  });
}

const DOMAIN = 'example.com';
const PUBLIC_NAME = `app.${DOMAIN}`;
const ORIGIN_NAME = `origin-us-east-1.${DOMAIN}`;
const ORIGIN_VERIFY_SECRET_NAME = 'HandWritten-Edge/origin-verify';
const ORIGIN_VERIFY_VALUE = `{{resolve:secretsmanager:${ORIGIN_VERIFY_SECRET_NAME}:SecretString}}`;
const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = 'pl-3b927c52'; // us-east-1
const env = { region: 'us-east-1' };

function ack(scope: Construct, ids: string[]): void {
  for (const id of ids) {
    Validations.of(scope).acknowledge({ id, reason: 'Benchmark baseline only (never deployed): mirrors the reference app, whose constructs justify this finding.' });
  }
}

/** A string as cdk-nag names it in a finding ID: Fn::Join flattened, `<LogicalId>` for a Ref, `<LogicalId.Attr>` for a GetAtt. */
function nagName(stack: Stack, value: string): string {
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as { 'Ref'?: string; 'Fn::GetAtt'?: string[]; 'Fn::Join'?: [string, unknown[]] };
    if (o['Fn::Join']) return o['Fn::Join'][1].map(render).join(o['Fn::Join'][0]);
    if (o.Ref) return `<${o.Ref}>`;
    if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'].join('.')}>`;
    throw new Error(`nagName: cannot render ${JSON.stringify(v)}`);
  };
  return render(stack.resolve(value));
}

// ---- SLO alarms (multi-window burn rate), hand-written ----
interface SliMetrics {
  /** Description of the SLI. */
  readonly title: string;
  /** Bad events and total events for a window, as metrics keyed by their ids. */
  readonly bad: (period: Duration) => { expression: string; using: Record<string, cw.IMetric>; label: string };
  readonly total: (period: Duration) => { expression: string; using: Record<string, cw.IMetric>; label: string };
  /** Request count for the no-traffic alarm. */
  readonly requests: (period: Duration) => cw.IMetric;
  /** The tiers for this objective. */
  readonly tiers: readonly Tier[];
  /** Minutes without requests that fire the no-traffic alarm (1 % of the budget, less 2). */
  readonly noTrafficMinutes: number;
  /** GetMetricData queries of bad and total per hour, for the budget publisher. */
  readonly queries: Array<Record<string, unknown>>;
}

function windowLabel(minutes: number): string {
  return minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

function sloAlarms(
  stack: Stack,
  id: string,
  availability: number,
  sli: SliMetrics,
  topics?: { page: sns.ITopic; ticket: sns.ITopic },
): { page: sns.ITopic; ticket: sns.ITopic; pageLongWindows: cw.IAlarm[] } {
  const budget = 1 - availability;
  const title = `SLO ${+(availability * 100).toFixed(3)} % over 30 d (${sli.title})`;
  let page = topics?.page;
  let ticket = topics?.ticket;
  if (!page || !ticket) {
    const key = new kms.Key(stack, `${id}TopicKey`, { description: `Encrypts the SLO topics of ${id}`, enableKeyRotation: true });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    page = new sns.Topic(stack, `${id}PageTopic`, { displayName: `SLO pages: ${title}`, masterKey: key, enforceSSL: true });
    ticket = new sns.Topic(stack, `${id}TicketTopic`, { displayName: `SLO tickets: ${title}`, masterKey: key, enforceSSL: true });
  }
  const TIERS = sli.tiers;
  const ratio = (minutes: number, gate: number) => {
    const period = Duration.minutes(minutes);
    const bad = sli.bad(period);
    const total = sli.total(period);
    return new cw.MathExpression({
      expression: `IF(total > ${gate}, bad / total, 0)`,
      label: `Error ratio (${windowLabel(minutes)})`,
      period,
      usingMetrics: {
        bad: new cw.MathExpression({ expression: bad.expression, usingMetrics: bad.using, label: bad.label, period }),
        total: new cw.MathExpression({ expression: total.expression, usingMetrics: total.using, label: total.label, period }),
      },
    });
  };
  const tierAlarms: Record<string, cw.CompositeAlarm> = {};
  /** The long-window alarm of each page tier: the game-day experiments stop on these. */
  const pageLongWindows: cw.IAlarm[] = [];
  const graphs: cw.IWidget[] = [];
  for (const tier of TIERS) {
    const threshold = +(tier.burn * budget).toPrecision(6);
    const windows = [tier.long, tier.short].map((minutes) => {
      graphs.push(new cw.GraphWidget({
        title: `Burn rate over ${windowLabel(minutes)}`, width: 4,
        left: [new cw.MathExpression({ expression: `r / ${budget}`, usingMetrics: { r: ratio(minutes, 0) }, label: `Burn rate (${windowLabel(minutes)})`, period: Duration.minutes(minutes) })],
        leftAnnotations: [{ value: tier.burn, label: `burn ${tier.burn}x threshold` }],
      }));
      return new cw.Alarm(stack, `${id}burn${windowLabel(minutes)}x${tier.burn}`, {
        alarmDescription: `${title}: error ratio over the last ${windowLabel(minutes)} > ${threshold} (${tier.burn}x burn rate). Window alarm of tier ${tier.name}.`,
        metric: ratio(minutes, Math.floor(1 / threshold)),
        threshold,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
    });
    if (tier.severity === 'page') pageLongWindows.push(windows[0]);
    tierAlarms[tier.name] = new cw.CompositeAlarm(stack, `${id}tier${tier.name}`, {
      alarmDescription: `${title}: tier ${tier.name} (${tier.severity}), burn rate ${tier.burn}x over ${windowLabel(tier.long)} and ${windowLabel(tier.short)}.`,
      alarmRule: cw.AlarmRule.allOf(...windows.map((a) => cw.AlarmRule.fromAlarm(a, cw.AlarmState.ALARM))),
    });
  }
  const pageAlarm = new cw.CompositeAlarm(stack, `${id}page`, {
    alarmDescription: `${title}: PAGE, the error budget is burning fast.`,
    alarmRule: cw.AlarmRule.anyOf(...TIERS.filter((t) => t.severity === 'page').map((t) => cw.AlarmRule.fromAlarm(tierAlarms[t.name], cw.AlarmState.ALARM))),
  });
  pageAlarm.addAlarmAction(new cwActions.SnsAction(page));
  pageAlarm.addOkAction(new cwActions.SnsAction(page));
  const ticketAlarm = new cw.CompositeAlarm(stack, `${id}ticket`, {
    alarmDescription: `${title}: TICKET, the error budget is burning slowly. Suppressed while the page is in ALARM.`,
    alarmRule: cw.AlarmRule.anyOf(...TIERS.filter((t) => t.severity === 'ticket').map((t) => cw.AlarmRule.fromAlarm(tierAlarms[t.name], cw.AlarmState.ALARM))),
    actionsSuppressor: pageAlarm,
    actionsSuppressorExtensionPeriod: Duration.seconds(60),
    actionsSuppressorWaitPeriod: Duration.seconds(60),
  });
  ticketAlarm.addAlarmAction(new cwActions.SnsAction(ticket));
  ticketAlarm.addOkAction(new cwActions.SnsAction(ticket));
  const noTraffic = new cw.Alarm(stack, `${id}notraffic`, {
    alarmDescription: `${title}: no request for ${sli.noTrafficMinutes} min, or no data.`,
    metric: sli.requests(Duration.minutes(1)),
    threshold: 1,
    comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: sli.noTrafficMinutes,
    datapointsToAlarm: sli.noTrafficMinutes,
    treatMissingData: cw.TreatMissingData.BREACHING,
  });
  noTraffic.addAlarmAction(new cwActions.SnsAction(ticket));
  noTraffic.addOkAction(new cwActions.SnsAction(ticket));
  // Budget exhausted over the 30-day period: the hourly publisher, and an alarm on what it puts.
  new events.Rule(stack, `${id}BudgetSchedule`, {
    schedule: events.Schedule.cron({ minute: '5' }),
    targets: [new eventTargets.LambdaFunction(budgetPublisher(stack), {
      event: events.RuleTargetInput.fromObject({ slo: `${stack.stackName}/${id}`, periodDays: 30, budget, namespace: BUDGET_NAMESPACE, queries: sli.queries }),
    })],
  });
  const budgetAlarm = new cw.Alarm(stack, `${id}budgetexhausted`, {
    alarmDescription: `${title}: the error budget of the last 30 d is overspent.`,
    metric: new cw.Metric({ namespace: BUDGET_NAMESPACE, metricName: 'ErrorBudgetRemaining', dimensionsMap: { Slo: `${stack.stackName}/${id}` }, statistic: 'Minimum', period: Duration.hours(1) }),
    threshold: 0,
    comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cw.TreatMissingData.MISSING,
  });
  budgetAlarm.addAlarmAction(new cwActions.SnsAction(ticket));
  budgetAlarm.addOkAction(new cwActions.SnsAction(ticket));
  budgetAlarm.addInsufficientDataAction(new cwActions.SnsAction(ticket));
  if (!topics) {
    const dashboard = new cw.Dashboard(stack, `${id}Dashboard`, { start: '-P7D', periodOverride: cw.PeriodOverride.INHERIT });
    dashboard.addWidgets(
      new cw.TextWidget({ markdown: `# ${title}\n${TIERS.map((t) => `| ${t.name} | ${t.severity} | ${t.burn}x |`).join('\n')}`, width: 18, height: 6 }),
      new cw.AlarmStatusWidget({ title: 'Alerts', alarms: [pageAlarm, ticketAlarm, ...Object.values(tierAlarms), noTraffic], width: 6, height: 6 }),
    );
    const bad = sli.bad(Duration.minutes(5));
    const total = sli.total(Duration.minutes(5));
    dashboard.addWidgets(new cw.GraphWidget({
      title: 'SLI: good events (%), 5m', width: 24,
      left: [new cw.MathExpression({
        expression: '100 * (1 - bad / total)', label: 'SLI (% good)',
        usingMetrics: {
          bad: new cw.MathExpression({ expression: bad.expression, usingMetrics: bad.using, label: bad.label }),
          total: new cw.MathExpression({ expression: total.expression, usingMetrics: total.using, label: total.label }),
        },
      })],
      leftAnnotations: [{ value: availability * 100, label: 'SLO' }],
    }));
    dashboard.addWidgets(...graphs);
  }
  return { page, ticket, pageLongWindows };
}

// ---- stacks ----
class ZoneStack extends Stack {
  public readonly zone: route53.PublicHostedZone;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: DOMAIN });
  }
}

class RegionalStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { zone: route53.IHostedZone }) {
    super(scope, id, props);
    const zone = props.zone;

    // Network: 3 AZs, NAT per AZ, flow logs (KMS), S3 gateway endpoint.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      availabilityZones: Array.from({ length: AZS }, (_, i) => Fn.select(i, Fn.getAzs())),
      natGateways: AZS,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Application', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
      ],
    });
    vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const flowLogKey = new kms.Key(this, 'FlowLogKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    allowCloudWatchLogs(flowLogKey);
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', { encryptionKey: flowLogKey, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
    });
    const publicSubnets = { subnetGroupName: 'Public' };
    const appSubnets = { subnetGroupName: 'Application' };
    const dataSubnets = { subnetGroupName: 'Data' };

    // Certificate for the origin names.
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: ORIGIN_NAME,
      subjectAlternativeNames: [`origin.${DOMAIN}`, PUBLIC_NAME],
      validation: acm.CertificateValidation.fromDns(zone),
    });

    // Web tier: ALB (HTTPS, CloudFront-only, access logs) + ASG.
    const albSg = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', { vpc, allowAllOutbound: false, description: 'ALB' });
    albSg.addIngressRule(ec2.Peer.prefixList(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST), ec2.Port.tcp(443), 'CloudFront origin-facing servers only');
    const alb = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc, vpcSubnets: publicSubnets, internetFacing: true, securityGroup: albSg, dropInvalidHeaderFields: true,
    });
    const accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    ack(accessLogs, ['AwsSolutions-S1']);
    alb.logAccessLogs(accessLogs);
    const listener = alb.addListener('HttpsListener', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate)],
      sslPolicy: elbv2.SslPolicy.TLS13_RES,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' }),
    });
    const instanceSg = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', { vpc, allowAllOutbound: false, description: 'Web instances: ingress from the ALB only' });
    instanceSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS out');
    const role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    ack(role, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]']);
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType: new ec2.InstanceType(INSTANCE_TYPE),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      role,
      securityGroup: instanceSg,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(20, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
    });
    const notificationsKey = new kms.Key(this, 'NotificationsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    notificationsKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:CallerAccount': this.account, 'kms:ViaService': `sns.${this.region}.${this.urlSuffix}` },
        ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${this.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling` },
      },
    }));
    const notifications = new sns.Topic(this, 'NotificationsTopic', { masterKey: notificationsKey, enforceSSL: true });
    const asg = new autoscaling.AutoScalingGroup(this, 'AutoScalingGroup', {
      vpc, vpcSubnets: appSubnets, launchTemplate,
      minCapacity: MIN_INSTANCES, maxCapacity: MAX_INSTANCES,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({ additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB], gracePeriod: Duration.minutes(5) }),
      defaultInstanceWarmup: Duration.minutes(2),
      groupMetrics: [autoscaling.GroupMetrics.all()],
      maxHealthyPercentage: 110,
      minHealthyPercentage: 90,
      notifications: [{ topic: notifications }],
    });
    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: { path: '/healthz/ready', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 2, healthyHttpCodes: '200' },
    });
    listener.addAction('OriginHeaderRule', {
      priority: 1,
      conditions: [elbv2.ListenerCondition.httpHeader('X-Origin-Verify', [ORIGIN_VERIFY_VALUE])],
      action: elbv2.ListenerAction.forward([targetGroup]),
    });
    asg.scaleOnRequestCount('RequestCountTracking', { targetRequestsPerMinute: TARGET_REQUESTS_PER_INSTANCE_PER_MINUTE });
    asg.scaleOnCpuUtilization('CpuTracking', { targetUtilizationPercent: 70 });
    new route53.ARecord(this, 'OriginRecord', {
      zone, recordName: ORIGIN_NAME, target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(alb)),
    });

    // Database: Multi-AZ PostgreSQL writer + read replica(s), rotation, TLS parameter group.
    const dbSg = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', { vpc, allowAllOutbound: false, description: 'PostgreSQL: ingress from clients on 5433' });
    const subnetGroup = new rds.SubnetGroup(this, 'DatabaseSubnetGroup', { vpc, vpcSubnets: dataSubnets, description: 'PostgreSQL subnets' });
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of('17.9', '17') });
    const parameterGroup = new rds.ParameterGroup(this, 'DatabaseParameters', { engine, description: 'TLS required', parameters: { 'rds.force_ssl': '1' } });
    const instanceType = new ec2.InstanceType(DB_INSTANCE_CLASS);
    // Enhanced Monitoring every 60 s on every instance, through one role.
    const monitoringRole = new iam.Role(this, 'DatabaseMonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    ack(monitoringRole, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]']);
    const monitoring = { monitoringInterval: Duration.seconds(60), monitoringRole };
    const database = new rds.DatabaseInstance(this, 'Database', {
      engine, instanceType, vpc, subnetGroup, securityGroups: [dbSg], parameterGroup,
      credentials: rds.Credentials.fromGeneratedSecret('dbadmin'),
      port: 5433, multiAz: true, storageType: rds.StorageType.GP3,
      allocatedStorage: DB_ALLOCATED_GIB, maxAllocatedStorage: DB_MAX_ALLOCATED_GIB,
      storageEncrypted: true, deletionProtection: true, removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(7), copyTagsToSnapshot: true, iamAuthentication: true,
      enablePerformanceInsights: true, cloudwatchLogsExports: ['postgresql', 'upgrade'], autoMinorVersionUpgrade: true, publiclyAccessible: false,
      ...monitoring,
    });
    database.addRotationSingleUser({ vpcSubnets: appSubnets });
    database.connections.allowDefaultPortFrom(instanceSg, 'Database client');
    const replicas: rds.DatabaseInstanceReadReplica[] = [];
    for (let i = 0; i < DB_READ_REPLICAS; i++) {
      const replica = new rds.DatabaseInstanceReadReplica(this, `DatabaseReplica${i + 1}`, {
        sourceDatabaseInstance: database, instanceType, vpc, subnetGroup, securityGroups: [dbSg], parameterGroup,
        availabilityZone: Fn.select(i % AZS, Fn.getAzs()),
        port: 5433, storageType: rds.StorageType.GP3, maxAllocatedStorage: DB_MAX_ALLOCATED_GIB,
        deletionProtection: true, removalPolicy: RemovalPolicy.DESTROY, copyTagsToSnapshot: true, iamAuthentication: true,
        enablePerformanceInsights: true, cloudwatchLogsExports: ['postgresql', 'upgrade'], autoMinorVersionUpgrade: true, publiclyAccessible: false,
        ...monitoring,
      });
      (replica.node.defaultChild as rds.CfnDBInstance).engine = 'postgres';
      ack(replica, ['AwsSolutions-RDS2', 'AwsSolutions-RDS3']);
      replicas.push(replica);
    }

    // Cache: ElastiCache Valkey replication group, cluster mode, TLS + AUTH.
    const cacheSg = new ec2.SecurityGroup(this, 'CacheSecurityGroup', { vpc, allowAllOutbound: false, description: 'Valkey: ingress from clients on 6380' });
    cacheSg.connections.allowFrom(instanceSg, ec2.Port.tcp(6380), 'Cache client');
    const cacheSubnets = new elasticache.CfnSubnetGroup(this, 'CacheSubnetGroup', {
      description: 'Valkey subnets', subnetIds: vpc.selectSubnets(dataSubnets).subnetIds,
    });
    const cacheParameters = new elasticache.CfnParameterGroup(this, 'CacheParameters', {
      cacheParameterGroupFamily: 'valkey8', description: 'cluster mode, allkeys-lru',
      properties: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'allkeys-lru' },
    });
    const authToken = new secretsmanager.Secret(this, 'CacheAuthToken', {
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    ack(authToken, ['AwsSolutions-SMG4']);
    const cache = new elasticache.CfnReplicationGroup(this, 'CacheReplicationGroup', {
      replicationGroupDescription: 'Valkey 8.2, cluster mode',
      engine: 'valkey', engineVersion: '8.2', cacheNodeType: CACHE_NODE_TYPE, clusterMode: 'enabled',
      numNodeGroups: CACHE_SHARDS, replicasPerNodeGroup: CACHE_REPLICAS_PER_SHARD,
      automaticFailoverEnabled: true, multiAzEnabled: true, port: 6380,
      atRestEncryptionEnabled: true, transitEncryptionEnabled: true, transitEncryptionMode: 'required',
      authToken: authToken.secretValue.unsafeUnwrap(),
      cacheParameterGroupName: cacheParameters.ref, cacheSubnetGroupName: cacheSubnets.ref,
      securityGroupIds: [cacheSg.securityGroupId],
      autoMinorVersionUpgrade: true, snapshotRetentionLimit: 7, snapshotWindow: '03:00-04:00', preferredMaintenanceWindow: 'sun:05:00-sun:06:00',
    });
    cache.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);

    // SLO alarms on the ALB: availability, and latency (sharing the availability topics).
    const albMetric = (metricName: string, period: Duration, statistic = 'Sum') =>
      new cw.Metric({ namespace: 'AWS/ApplicationELB', metricName, dimensionsMap: { LoadBalancer: alb.loadBalancerFullName }, period, statistic });
    const albQueries = (expressions: Record<'bad' | 'total', string>, metrics: Record<string, string | [string, string]>) => [
      ...Object.entries(expressions).map(([Id, Expression]) => ({ Id, Expression, ReturnData: true })),
      ...Object.entries(metrics).map(([Id, m]) => {
        const [MetricName, Stat] = typeof m === 'string' ? [m, 'Sum'] : m;
        return { Id, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName, Dimensions: [{ Name: 'LoadBalancer', Value: alb.loadBalancerFullName }] }, Period: 3600, Stat }, ReturnData: false };
      }),
    ];
    const topics = sloAlarms(this, 'AvailabilitySlo', AVAILABILITY, {
      title: 'ALB availability: 5XX ÷ all requests',
      bad: (p) => ({ expression: 'FILL(target5xx, 0) + FILL(elb5xx, 0)', label: 'Bad requests (5XX)', using: { target5xx: albMetric('HTTPCode_Target_5XX_Count', p), elb5xx: albMetric('HTTPCode_ELB_5XX_Count', p) } }),
      total: (p) => ({
        expression: 'FILL(requests, 0) + FILL(elb5xx, 0) - FILL(elb502, 0) - FILL(elb504, 0)', label: 'Requests',
        using: { requests: albMetric('RequestCount', p), elb5xx: albMetric('HTTPCode_ELB_5XX_Count', p), elb502: albMetric('HTTPCode_ELB_502_Count', p), elb504: albMetric('HTTPCode_ELB_504_Count', p) },
      }),
      requests: (p) => albMetric('RequestCount', p),
      tiers: TIERS_999,
      noTrafficMinutes: 1,
      queries: albQueries({ bad: 'FILL(t5, 0) + FILL(e5, 0)', total: 'FILL(r, 0) + FILL(e5, 0) - FILL(e502, 0) - FILL(e504, 0)' }, {
        t5: 'HTTPCode_Target_5XX_Count', e5: 'HTTPCode_ELB_5XX_Count', r: 'RequestCount', e502: 'HTTPCode_ELB_502_Count', e504: 'HTTPCode_ELB_504_Count',
      }),
    });
    const latencyStat = `PR(:${LATENCY_THRESHOLD_MS / 1000})`;
    const latency = sloAlarms(this, 'LatencySlo', LATENCY_PERCENT / 100, {
      title: `ALB latency: responses slower than ${LATENCY_THRESHOLD_MS} ms ÷ all responses`,
      bad: (p) => ({ expression: 'FILL(responses, 0) * (100 - FILL(fastPct, 100)) / 100', label: 'Slow responses', using: { responses: albMetric('TargetResponseTime', p, 'SampleCount'), fastPct: albMetric('TargetResponseTime', p, latencyStat) } }),
      total: (p) => ({ expression: 'FILL(t, 0)', label: 'Responses', using: { t: albMetric('TargetResponseTime', p, 'SampleCount') } }),
      requests: (p) => albMetric('TargetResponseTime', p, 'SampleCount'),
      tiers: TIERS_95,
      noTrafficMinutes: 19,
      queries: albQueries({ bad: 'FILL(n, 0) * (100 - FILL(f, 100)) / 100', total: 'FILL(n, 0)' }, { n: ['TargetResponseTime', 'SampleCount'], f: ['TargetResponseTime', latencyStat] }),
    }, topics);

    // Saturation alarms (thresholds from the plan) to the ticket topic, and their dashboard.
    const saturation: Record<string, cw.Alarm> = {};
    const thresholds: string[] = [];
    const saturationAlarm = (name: string, what: string, metric: cw.IMetric, threshold: number, evaluationPeriods: number, datapointsToAlarm: number,
      comparisonOperator = cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD) => {
      const alarm = new cw.Alarm(this, `Saturation${name}`, {
        alarmDescription: `SATURATION (ticket): ${what} (threshold ${threshold}).`,
        metric, threshold, comparisonOperator, evaluationPeriods, datapointsToAlarm, treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new cwActions.SnsAction(topics.ticket));
      alarm.addOkAction(new cwActions.SnsAction(topics.ticket));
      saturation[name] = alarm;
      thresholds.push(`| ${name} | ${threshold} |`);
    };
    const minutes = (n: number) => Duration.minutes(n);
    saturationAlarm('WebAtMaximum', `the web tier has run at its maximum of ${MAX_INSTANCES} instances for 15 min`,
      new cw.Metric({ namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances', dimensionsMap: { AutoScalingGroupName: asg.autoScalingGroupName }, statistic: 'Minimum', period: minutes(5) }),
      MAX_INSTANCES, 3, 3);
    saturationAlarm('WebUnhealthyHosts', 'targets have failed the ALB health check for 5 min',
      targetGroup.metrics.unhealthyHostCount({ statistic: 'Maximum', period: minutes(1) }), 1, 5, 5);
    saturationAlarm('WebRejectedConnections', 'the load balancer rejected connections',
      alb.metrics.rejectedConnectionCount({ statistic: 'Sum', period: minutes(1) }), 1, 1, 1);
    saturationAlarm('DatabaseCpu', 'the writer\'s CPU has averaged ≥ 80 % for 15 min',
      database.metricCPUUtilization({ statistic: 'Average', period: minutes(5) }), 80, 3, 3);
    saturationAlarm('DatabaseConnections', `the writer has held ≥ ${DB_CONNECTIONS_ALARM} connections for 5 min`,
      database.metricDatabaseConnections({ statistic: 'Maximum', period: minutes(1) }), DB_CONNECTIONS_ALARM, 5, 5);
    saturationAlarm('DatabaseReplicaLag', 'a read replica has been more than 30 s behind in 3 of 5 min',
      replicas[0].metric('ReplicaLag', { statistic: 'Maximum', period: minutes(1) }), 30, 5, 3, cw.ComparisonOperator.GREATER_THAN_THRESHOLD);
    // Cache metrics are per node (CacheClusterId <group>-<shard>-<node>).
    const cacheNodes = Array.from({ length: CACHE_SHARDS }, (_, s) => Array.from({ length: 1 + CACHE_REPLICAS_PER_SHARD },
      (_, n) => `${cache.ref}-${String(s + 1).padStart(4, '0')}-${String(n + 1).padStart(3, '0')}`)).flat();
    const perNode = (prefix: string, metricName: string, statistic: string) => Object.fromEntries(cacheNodes.map((id, i) => [`${prefix}${i}`,
      new cw.Metric({ namespace: 'AWS/ElastiCache', metricName, dimensionsMap: { CacheClusterId: id }, statistic, period: minutes(5) })]));
    const ids = (prefix: string) => `[${cacheNodes.map((_, i) => `${prefix}${i}`).join(', ')}]`;
    saturationAlarm('CacheMemory', 'a cache node has used ≥ 80 % of its data memory for 15 min',
      new cw.MathExpression({ expression: `MAX(${ids('n')})`, label: 'DatabaseMemoryUsagePercentage (worst node)', usingMetrics: perNode('n', 'DatabaseMemoryUsagePercentage', 'Maximum'), period: minutes(5) }),
      80, 3, 3);
    saturationAlarm('CacheEvictions', 'the cache has evicted keys for 15 min',
      new cw.MathExpression({ expression: `SUM(${ids('n')})`, label: 'Evictions (all nodes)', usingMetrics: perNode('n', 'Evictions', 'Sum'), period: minutes(5) }),
      1, 3, 3);
    saturationAlarm('CacheHitRate', `the cache hit rate has been below the plan's ${CACHE_HIT_RATE_PERCENT} % for 15 min`,
      new cw.MathExpression({
        expression: `100 * SUM(${ids('h')}) / (SUM(${ids('h')}) + SUM(${ids('m')}))`, label: 'Cache hit rate (%)',
        usingMetrics: { ...perNode('h', 'CacheHits', 'Sum'), ...perNode('m', 'CacheMisses', 'Sum') }, period: minutes(5),
      }),
      CACHE_HIT_RATE_PERCENT, 3, 3, cw.ComparisonOperator.LESS_THAN_THRESHOLD);
    const saturationDashboard = new cw.Dashboard(this, 'SaturationDashboard', { start: '-P1D' });
    saturationDashboard.addWidgets(
      new cw.TextWidget({ markdown: `# Saturation\nThresholds from the capacity plan\n\n| Alarm | Threshold |\n|---|---|\n${thresholds.join('\n')}`, width: 16, height: 6 }),
      new cw.AlarmStatusWidget({ title: 'Saturation alarms', alarms: Object.values(saturation), width: 8, height: 6 }),
    );
    saturationDashboard.addWidgets(...Object.entries(saturation).map(([title, alarm]) => new cw.AlarmWidget({ title, alarm, width: 8, height: 6 })));

    // Game day: FIS experiments on resources tagged for it, each with its own role, stopped by the long window of every page tier.
    const GAME_DAY_TAG = 'cdk-scale:game-day';
    const gameDay = `${this.stackName}/GameDay`;
    Tags.of(asg).add(GAME_DAY_TAG, gameDay, { applyToLaunchedInstances: true });
    Tags.of(database.node.defaultChild!).add(GAME_DAY_TAG, gameDay);
    Tags.of(cache).add(GAME_DAY_TAG, gameDay);
    const stopConditions = [...topics.pageLongWindows, ...latency.pageLongWindows].map((a) => ({ source: 'aws:cloudwatch:alarm', value: a.alarmArn }));
    const arn = (service: string, resource: string, resourceName: string, arnFormat = ArnFormat.SLASH_RESOURCE_NAME) =>
      this.formatArn({ service, resource, resourceName, arnFormat });
    const fisRole = (name: string, what: string) => new iam.Role(this, `GameDay${name}Role`, {
      description: `${gameDay}: AWS FIS runs ${what} with this role`,
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account }, ArnLike: { 'aws:SourceArn': arn('fis', 'experiment', '*') } },
      }),
    });
    const experiment = (name: string, role: iam.Role, spec: Pick<fis.CfnExperimentTemplateProps, 'description' | 'actions' | 'targets' | 'experimentOptions'>) =>
      new fis.CfnExperimentTemplate(this, `GameDay${name}`, { ...spec, roleArn: role.roleArn, stopConditions, tags: { Name: `${gameDay}/${name}` } });
    const tagged = { StringEquals: { [`aws:ResourceTag/${GAME_DAY_TAG}`]: gameDay } };
    const describeAll = (role: iam.Role, sid: string, actions: string[]) => role.addToPolicy(new iam.PolicyStatement({ sid, actions, resources: ['*'] }));
    const instances = arn('ec2', 'instance', '*');
    const byTag = { [GAME_DAY_TAG]: gameDay };
    const allowRdsReboot = (role: iam.Role) => {
      role.addToPolicy(new iam.PolicyStatement({ sid: 'RebootTheWriters', actions: ['rds:RebootDBInstance'], resources: [arn('rds', 'db', '*', ArnFormat.COLON_RESOURCE_NAME)], conditions: tagged }));
      describeAll(role, 'FindTheWriters', ['rds:DescribeDBInstances', 'tag:GetResources']);
    };
    const cacheArn = arn('elasticache', 'replicationgroup', cache.ref, ArnFormat.COLON_RESOURCE_NAME);
    const iam5 = (resource: string) => `AwsSolutions-IAM5[Resource::${resource}]`;
    const AZ = Fn.select(0, Fn.getAzs());
    const IMPAIRMENT = 'PT10M';
    {
      // One AZ lost: web instances stopped and no launches there, its application and data subnets cut off, writers and cache nodes there failed over.
      const role = fisRole('AzImpairment', 'the AZ impairment');
      const subnetArns = [appSubnets, dataSubnets].map((s) => arn('ec2', 'subnet', vpc.selectSubnets(s).subnetIds[0]));
      const acl = arn('ec2', 'network-acl', '*');
      const managedByFis = { 'aws:RequestTag/managedByFIS': 'true' };
      for (const statement of [
        { sid: 'EC2OnTheWebInstances', actions: ['ec2:StopInstances', 'ec2:StartInstances'], resources: [instances], conditions: tagged },
        {
          sid: 'InjectCapacityErrorsIntoTheGroup', actions: ['ec2:InjectApiError'], resources: ['*'],
          conditions: { StringEquals: { 'ec2:FisActionId': 'aws:ec2:asg-insufficient-instance-capacity-error' }, 'ForAllValues:ArnLike': { 'ec2:FisTargetArns': asg.autoScalingGroupArn } },
        },
        { sid: 'DescribeTargets', actions: ['ec2:DescribeInstances', 'autoscaling:DescribeAutoScalingGroups'], resources: ['*'] },
        { sid: 'CreateTheFisAcl', actions: ['ec2:CreateNetworkAcl'], resources: [acl], conditions: { StringEquals: managedByFis } },
        { sid: 'CreateTheFisAclInThisVpc', actions: ['ec2:CreateNetworkAcl'], resources: [arn('ec2', 'vpc', vpc.vpcId)] },
        { sid: 'TagTheFisAcl', actions: ['ec2:CreateTags'], resources: [acl], conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', ...managedByFis } } },
        { sid: 'FillAndDeleteTheFisAcl', actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], resources: [acl], conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } } },
        { sid: 'SwapTheSubnetsAcl', actions: ['ec2:ReplaceNetworkAclAssociation'], resources: [...subnetArns, acl] },
        {
          sid: 'DescribeTheNetwork', resources: ['*'],
          actions: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'],
        },
      ]) role.addToPolicy(new iam.PolicyStatement(statement));
      allowRdsReboot(role);
      role.addToPolicy(new iam.PolicyStatement({ sid: 'InterruptCachePower', actions: ['elasticache:InterruptClusterAzPower'], resources: [cacheArn] }));
      describeAll(role, 'FindTheCache', ['elasticache:DescribeReplicationGroups', 'tag:GetResources']);
      ack(role, [iam5('*'), iam5(nagName(this, instances)), iam5(nagName(this, acl)), iam5(nagName(this, arn('rds', 'db', '*', ArnFormat.COLON_RESOURCE_NAME)))]);
      experiment('AzImpairment', role, {
        description: `AZ impairment of ${AZ} for ${IMPAIRMENT}: the service keeps its SLO on the other zones`,
        actions: {
          StopInstances: {
            actionId: 'aws:ec2:stop-instances', description: `Stop the web instances in ${AZ} (power loss); restart them after the impairment`,
            parameters: { startInstancesAfterDuration: IMPAIRMENT, completeIfInstancesTerminated: 'true' }, targets: { Instances: 'WebInstancesInAz' },
          },
          BlockLaunches: {
            actionId: 'aws:ec2:asg-insufficient-instance-capacity-error', description: `The group cannot launch in ${AZ}: it must replace capacity in the other zones`,
            parameters: { duration: IMPAIRMENT, availabilityZoneIdentifiers: AZ, percentage: '100' }, targets: { AutoScalingGroups: 'WebGroup' },
          },
          IsolateSubnets: {
            actionId: 'aws:network:disrupt-connectivity', description: `Deny all traffic in and out of the application and data subnets of ${AZ}`,
            parameters: { duration: IMPAIRMENT, scope: 'all' }, targets: { Subnets: 'SubnetsInAz' },
          },
          FailOverWritersInAz: {
            actionId: 'aws:rds:reboot-db-instances', description: `Fail over the writers whose primary is in ${AZ} (network isolation alone does not make RDS fail over)`,
            parameters: { forceFailover: 'true' }, targets: { DBInstances: 'WritersInAz' },
          },
          InterruptCacheNodesInAz: {
            actionId: 'aws:elasticache:replicationgroup-interrupt-az-power', description: `Power off the cache nodes in ${AZ}: a primary there fails over to its replica`,
            parameters: { duration: IMPAIRMENT }, targets: { ReplicationGroups: 'Cache' },
          },
        },
        targets: {
          WebInstancesInAz: {
            resourceType: 'aws:ec2:instance', selectionMode: 'ALL', resourceTags: byTag,
            filters: [{ path: 'State.Name', values: ['running'] }, { path: 'Placement.AvailabilityZone', values: [AZ] }],
          },
          WebGroup: { resourceType: 'aws:ec2:autoscaling-group', selectionMode: 'ALL', resourceTags: byTag },
          SubnetsInAz: { resourceType: 'aws:ec2:subnet', selectionMode: 'ALL', resourceArns: subnetArns },
          WritersInAz: { resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceTags: byTag, filters: [{ path: 'AvailabilityZone', values: [AZ] }] },
          Cache: { resourceType: 'aws:elasticache:replicationgroup', selectionMode: 'ALL', resourceTags: byTag, parameters: { availabilityZoneIdentifier: AZ } },
        },
        // The writer or a cache primary may not be in this AZ: skip empty targets.
        experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'skip' },
      });
    }
    {
      const role = fisRole('DatabaseFailover', 'the database failover');
      allowRdsReboot(role);
      ack(role, [iam5('*'), iam5(nagName(this, arn('rds', 'db', '*', ArnFormat.COLON_RESOURCE_NAME)))]);
      experiment('DatabaseFailover', role, {
        description: 'Reboot every writer with a Multi-AZ failover: writes pause for the failover, the SLO holds',
        actions: { FailOverWriters: { actionId: 'aws:rds:reboot-db-instances', parameters: { forceFailover: 'true' }, targets: { DBInstances: 'Writers' } } },
        targets: { Writers: { resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceTags: byTag } },
      });
    }
    {
      // FIS has no cache failover action: it starts an SSM Automation document that calls ElastiCache TestFailover, with a role of its own.
      const automationRole = new iam.Role(this, 'GameDayCacheFailoverAutomationRole', {
        description: `${gameDay}: SSM Automation fails the cache's first shard over (ElastiCache TestFailover)`,
        assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      });
      automationRole.addToPolicy(new iam.PolicyStatement({ sid: 'FailOverTheCache', actions: ['elasticache:TestFailover'], resources: [cacheArn] }));
      describeAll(automationRole, 'WatchTheCache', ['elasticache:DescribeReplicationGroups']);
      ack(automationRole, [iam5('*')]);
      const document = new ssm.CfnDocument(this, 'GameDayCacheFailoverDocument', {
        documentType: 'Automation',
        content: {
          schemaVersion: '0.3',
          description: 'Fails one shard of the cache over to a replica (ElastiCache TestFailover) and waits until the replication group is available again.',
          assumeRole: '{{ AutomationAssumeRole }}',
          parameters: {
            AutomationAssumeRole: { type: 'String', default: automationRole.roleArn },
            ReplicationGroupId: { type: 'String', default: cache.ref },
            NodeGroupId: { type: 'String', default: '0001', description: 'The shard to fail over (0001 is the first).' },
          },
          mainSteps: [
            { name: 'TestFailover', action: 'aws:executeAwsApi', inputs: { Service: 'elasticache', Api: 'TestFailover', ReplicationGroupId: '{{ ReplicationGroupId }}', NodeGroupId: '{{ NodeGroupId }}' } },
            { name: 'LetTheFailoverStart', action: 'aws:sleep', inputs: { Duration: 'PT1M' } },
            {
              name: 'WaitUntilAvailable', action: 'aws:waitForAwsResourceProperty', timeoutSeconds: 1800,
              inputs: { Service: 'elasticache', Api: 'DescribeReplicationGroups', ReplicationGroupId: '{{ ReplicationGroupId }}', PropertySelector: '$.ReplicationGroups[0].Status', DesiredValues: ['available'] },
            },
          ],
        },
      });
      const documentArn = this.formatArn({ service: 'ssm', resource: 'document', resourceName: document.ref });
      const definitions = this.formatArn({ service: 'ssm', resource: 'automation-definition', resourceName: `${document.ref}:*` });
      const executions = this.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' });
      const role = fisRole('CacheFailover', 'the cache failover');
      role.addToPolicy(new iam.PolicyStatement({ sid: 'StartTheFailoverAutomation', actions: ['ssm:StartAutomationExecution'], resources: [documentArn, definitions] }));
      role.addToPolicy(new iam.PolicyStatement({ sid: 'FollowTheAutomation', actions: ['ssm:GetAutomationExecution', 'ssm:StopAutomationExecution'], resources: [executions] }));
      automationRole.grantPassRole(role);
      ack(role, [iam5(nagName(this, definitions)), iam5(nagName(this, executions))]);
      experiment('CacheFailover', role, {
        description: 'Fail the cache\'s first shard over to its replica: reads fall back to the database briefly, the SLO holds',
        actions: { FailOverFirstShard: { actionId: 'aws:ssm:start-automation-execution', parameters: { documentArn, documentParameters: '{}', maxDuration: 'PT30M' } } },
        targets: {},
      });
    }
    {
      const role = fisRole('WebCpuStress', 'the web CPU stress');
      const stressDocument = this.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: 'AWSFIS-Run-CPU-Stress' });
      role.addToPolicy(new iam.PolicyStatement({ sid: 'RunTheStressDocument', actions: ['ssm:SendCommand'], resources: [stressDocument] }));
      role.addToPolicy(new iam.PolicyStatement({ sid: 'SSMOnTheWebInstances', actions: ['ssm:SendCommand'], resources: [instances], conditions: tagged }));
      describeAll(role, 'FollowTheCommand', ['ssm:ListCommands', 'ssm:CancelCommand', 'ec2:DescribeInstances']);
      ack(role, [iam5('*'), iam5(nagName(this, instances))]);
      experiment('WebCpuStress', role, {
        description: 'CPU stress on every web instance for PT5M: the CPU tracking policy scales out, the SLO holds',
        actions: {
          StressCpu: {
            actionId: 'aws:ssm:send-command', targets: { Instances: 'WebInstances' },
            parameters: { documentArn: stressDocument, documentParameters: JSON.stringify({ DurationSeconds: '300', InstallDependencies: 'True' }), duration: 'PT6M' },
          },
        },
        targets: { WebInstances: { resourceType: 'aws:ec2:instance', selectionMode: 'ALL', resourceTags: byTag, filters: [{ path: 'State.Name', values: ['running'] }] } },
      });
    }
  }
}

class EdgeStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { zone: route53.IHostedZone }) {
    super(scope, id, props);
    const zone = props.zone;
    const originVerify = new secretsmanager.Secret(this, 'OriginVerifySecret', {
      secretName: ORIGIN_VERIFY_SECRET_NAME,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    ack(originVerify, ['AwsSolutions-SMG4']);
    const logsBucket = new s3.Bucket(this, 'LogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    ack(logsBucket, ['AwsSolutions-S1']);
    const staticBucket = new s3.Bucket(this, 'StaticAssetsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logsBucket, serverAccessLogsPrefix: 's3-static/', removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(30) }],
    });
    const certificate = new acm.Certificate(this, 'Certificate', { domainName: PUBLIC_NAME, validation: acm.CertificateValidation.fromDns(zone) });
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('HandWrittenEdge'),
      customResponseBodies: { TooManyRequests: { content: 'Too many requests: slow down and retry later.', contentType: 'TEXT_PLAIN' } },
      rules: [
        {
          name: 'RateLimitPerClientIp', priority: 0,
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'TooManyRequests', responseHeaders: [{ name: 'Retry-After', value: '300' }] } } },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit: 2000 } },
          visibilityConfig: visibility('HandWrittenEdge-RateLimit'),
        },
        ...['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'].map((name, i) => ({
          name, priority: i + 1, overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          visibilityConfig: visibility(`HandWrittenEdge-${name}`),
        })),
      ],
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      domainNames: [PUBLIC_NAME], certificate, webAclId: webAcl.attrArn,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true, logBucket: logsBucket, logFilePrefix: 'cloudfront/',
      publishAdditionalMetrics: true,
      defaultBehavior: {
        origin: new origins.HttpOrigin(ORIGIN_NAME, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          customHeaders: { 'X-Origin-Verify': ORIGIN_VERIFY_VALUE },
          connectionAttempts: 2, connectionTimeout: Duration.seconds(5), readTimeout: Duration.seconds(30),
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: headers,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      additionalBehaviors: {
        '/static/*': {
          origin: origins.S3BucketOrigin.withOriginAccessControl(staticBucket),
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        },
      },
    });
    distribution.node.addDependency(originVerify);
    ack(distribution, ['AwsSolutions-CFR1']);
    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(distribution));
    new route53.ARecord(this, 'AliasA', { zone, recordName: PUBLIC_NAME, target });
    new route53.AaaaRecord(this, 'AliasAAAA', { zone, recordName: PUBLIC_NAME, target });

    const cfMetric = (metricName: string, period: Duration, statistic: string) =>
      new cw.Metric({ namespace: 'AWS/CloudFront', metricName, dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' }, period, statistic });
    sloAlarms(this, 'EdgeSlo', AVAILABILITY, {
      title: 'CloudFront availability: 5xx responses ÷ all requests',
      bad: (p) => ({ expression: 'requests * FILL(errorRate, 0) / 100', label: 'Bad requests (5xx)', using: { requests: cfMetric('Requests', p, 'Sum'), errorRate: cfMetric('5xxErrorRate', p, 'Average') } }),
      total: (p) => ({ expression: 'FILL(t, 0)', label: 'Requests', using: { t: cfMetric('Requests', p, 'Sum') } }),
      requests: (p) => cfMetric('Requests', p, 'Sum'),
      tiers: TIERS_999,
      noTrafficMinutes: 1,
      queries: [
        { Id: 'bad', Expression: 'r * FILL(e, 0) / 100', ReturnData: true },
        { Id: 'total', Expression: 'FILL(r, 0)', ReturnData: true },
        ...(['r', 'e'] as const).map((Id) => ({
          Id,
          MetricStat: { Metric: { Namespace: 'AWS/CloudFront', MetricName: Id === 'r' ? 'Requests' : '5xxErrorRate', Dimensions: [{ Name: 'DistributionId', Value: distribution.distributionId }, { Name: 'Region', Value: 'Global' }] }, Period: 3600, Stat: Id === 'r' ? 'Sum' : 'Average' },
          ReturnData: false,
        })),
      ],
    });
  }
}

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const zoneStack = new ZoneStack(app, 'HandWrittenZone', { env });
new RegionalStack(app, 'HandWrittenPrimary', { env, zone: zoneStack.zone });
new EdgeStack(app, 'HandWrittenEdge', { env, zone: zoneStack.zone });
