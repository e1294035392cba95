#!/usr/bin/env node
/**
 * Benchmark baseline: the reference app's architecture for examples/04-cached.json written by hand with
 * plain aws-cdk-lib (no import from lib/ or patterns/), the sizes hard-coded from
 * `npx cdk-scale plan examples/04-cached.json --format json`. Same stacks, same resources (counts compared
 * by bench/synth.ts), same cdk-nag plugin, same cdk.json context (so the same CloudFormation Validate run).
 *
 *   npx cdk synth --quiet --app "npx tsx bench/hand-written-app.ts"
 *
 * Not shipped: cdk-nag findings are acknowledged per stack with short reasons.
 */
import { App, CfnElement, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
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
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';

// ---- sizes from the plan of examples/04-cached.json (hard-coded on purpose) ----
const AZS = 3;
const INSTANCE_TYPE = 'm7g.large';
const MIN_INSTANCES = 3;
const MAX_INSTANCES = 5;
const TARGET_REQUESTS_PER_INSTANCE_PER_MINUTE = 42_000;
const DB_INSTANCE_CLASS = 'm7g.large';
const DB_READ_REPLICAS = 1;
const DB_ALLOCATED_GIB = 466;
const DB_MAX_ALLOCATED_GIB = 932;
const CACHE_NODE_TYPE = 'cache.m7g.large';
const CACHE_SHARDS = 1;
const CACHE_REPLICAS_PER_SHARD = 1;
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

function budgetPublisher(stack: Stack): lambda.Function {
  const existing = stack.node.tryFindChild('BudgetPublisher') as lambda.Function | undefined;
  if (existing) return existing;
  const logGroup = new logs.LogGroup(stack, 'BudgetPublisherLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
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
): { page: sns.ITopic; ticket: sns.ITopic } {
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
  return { page, ticket };
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
    flowLogKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${this.region}:${this.account}:log-group:*` } },
    }));
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
    const database = new rds.DatabaseInstance(this, 'Database', {
      engine, instanceType, vpc, subnetGroup, securityGroups: [dbSg], parameterGroup,
      credentials: rds.Credentials.fromGeneratedSecret('dbadmin'),
      port: 5433, multiAz: true, storageType: rds.StorageType.GP3,
      allocatedStorage: DB_ALLOCATED_GIB, maxAllocatedStorage: DB_MAX_ALLOCATED_GIB,
      storageEncrypted: true, deletionProtection: true, removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(7), copyTagsToSnapshot: true, iamAuthentication: true,
      enablePerformanceInsights: true, cloudwatchLogsExports: ['postgresql'], autoMinorVersionUpgrade: true, publiclyAccessible: false,
    });
    database.addRotationSingleUser({ vpcSubnets: appSubnets });
    database.connections.allowDefaultPortFrom(instanceSg, 'Database client');
    for (let i = 0; i < DB_READ_REPLICAS; i++) {
      const replica = new rds.DatabaseInstanceReadReplica(this, `DatabaseReplica${i + 1}`, {
        sourceDatabaseInstance: database, instanceType, vpc, subnetGroup, securityGroups: [dbSg], parameterGroup,
        availabilityZone: Fn.select(i % AZS, Fn.getAzs()),
        port: 5433, storageType: rds.StorageType.GP3, maxAllocatedStorage: DB_MAX_ALLOCATED_GIB,
        deletionProtection: true, removalPolicy: RemovalPolicy.DESTROY, copyTagsToSnapshot: true, iamAuthentication: true,
        enablePerformanceInsights: true, cloudwatchLogsExports: ['postgresql'], autoMinorVersionUpgrade: true, publiclyAccessible: false,
      });
      (replica.node.defaultChild as rds.CfnDBInstance).engine = 'postgres';
      ack(replica, ['AwsSolutions-RDS2', 'AwsSolutions-RDS3']);
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
    sloAlarms(this, 'LatencySlo', LATENCY_PERCENT / 100, {
      title: `ALB latency: responses slower than ${LATENCY_THRESHOLD_MS} ms ÷ all responses`,
      bad: (p) => ({ expression: 'FILL(responses, 0) * (100 - FILL(fastPct, 100)) / 100', label: 'Slow responses', using: { responses: albMetric('TargetResponseTime', p, 'SampleCount'), fastPct: albMetric('TargetResponseTime', p, latencyStat) } }),
      total: (p) => ({ expression: 'FILL(t, 0)', label: 'Responses', using: { t: albMetric('TargetResponseTime', p, 'SampleCount') } }),
      requests: (p) => albMetric('TargetResponseTime', p, 'SampleCount'),
      tiers: TIERS_95,
      noTrafficMinutes: 19,
      queries: albQueries({ bad: 'FILL(n, 0) * (100 - FILL(f, 100)) / 100', total: 'FILL(n, 0)' }, { n: ['TargetResponseTime', 'SampleCount'], f: ['TargetResponseTime', latencyStat] }),
    }, topics);
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
