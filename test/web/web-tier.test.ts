import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DEFAULT_CPU_TARGET_UTILIZATION_PERCENT, planCapacity } from '../../lib/capacity';
import { PropsValidationError } from '../../lib/validation';
import { ALB_HEADER_NAME_RULE } from '../../lib/validation/rules';
import { Network } from '../../lib/network';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS, WEB_TIER_WARNINGS, WebTier, WebTierProps } from '../../lib/web';
import { newTestApp, TestStack } from '../support/app';

const CERT_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const SG = 'AWS::EC2::SecurityGroup';

/** A plan whose peak needs an LCU reservation (5,000 QPS → 180 LCU). */
const plan = planCapacity({ traffic: { peakQps: 5000 } });

function sgByDescription(template: Template, prefix: string): { id: string; props: any } {
  const found = Object.entries(template.findResources(SG)).filter(([, r]) => String(r.Properties.GroupDescription).startsWith(prefix));
  expect(found).toHaveLength(1);
  return { id: found[0][0], props: found[0][1].Properties };
}

/** Every ingress rule of the ALB security group, inline or standalone. */
function albIngress(template: Template): any[] {
  const alb = sgByDescription(template, 'ALB of');
  const standalone = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .filter((r) => JSON.stringify(r.Properties.GroupId).includes(alb.id))
    .map((r) => r.Properties);
  return [...(alb.props.SecurityGroupIngress ?? []), ...standalone];
}

describe('WebTier from a plan, HTTPS, open to the internet', () => {
  let stack: Stack;
  let web: WebTier;
  let template: Template;
  beforeAll(() => {
    const app = newTestApp();
    stack = new TestStack(app);
    const network = new Network(stack, 'Net');
    web = new WebTier(stack, 'Web', {
      network,
      plan,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
      preWarm: [
        { schedule: autoscaling.Schedule.cron({ hour: '8', minute: '30' }), minCapacity: 6, endSchedule: autoscaling.Schedule.cron({ hour: '20', minute: '0' }), timeZone: 'Europe/Paris' },
        { schedule: autoscaling.Schedule.cron({ weekDay: 'FRI', hour: '17', minute: '0' }), minCapacity: 8 },
      ],
    });
    template = Template.fromStack(stack);
  });

  test('the sizes in the template equal the plan', () => {
    template.hasResourceProperties(ASG, { MinSize: String(plan.compute.minInstances), MaxSize: String(plan.compute.maxInstances) });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      TargetTrackingConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: Match.anyValue() },
        TargetValue: plan.compute.targetRequestsPerInstancePerMinute,
      },
    });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ InstanceType: plan.compute.instanceType }) });
    expect(plan.loadBalancing.recommendedLcuReservation).not.toBeNull();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      MinimumLoadBalancerCapacity: { CapacityUnits: plan.loadBalancing.recommendedLcuReservation },
    });
  });

  test('internet-facing ALB across the 3 public subnets, invalid headers dropped, access logs on', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Type: 'application',
      Subnets: [0, 1, 2].map((i) => ({ Ref: Match.stringLikeRegexp(`NetVpcPublicSubnet${i + 1}Subnet`) })),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: Match.stringLikeRegexp('WebAccessLogsBucket') } },
      ]),
    });
  });

  test('HTTPS listener with the certificate and the TLS 1.3 recommended policy forwards to the targets', () => {
    template.hasResourceProperties(LISTENER, {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: CERT_ARN }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('WebTargetGroup') } }],
    });
  });

  test('HTTP on 80 only redirects permanently to HTTPS', () => {
    template.resourceCountIs(LISTENER, 2);
    template.hasResourceProperties(LISTENER, {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    expect(web.redirectListener).toBeDefined();
  });

  test('ALB security group: 443 and 80 from anywhere, egress only to the instances on the app port', () => {
    const alb = sgByDescription(template, 'ALB of');
    expect(alb.props.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' }),
    ]);
    // no inline egress: the only egress rule is the separate rule to the instances (CloudFormation drops the
    // default allow-all egress when a rule is added)
    expect(alb.props.SecurityGroupEgress).toBeUndefined();
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress'));
    expect(egress.filter((r) => JSON.stringify(r.Properties.GroupId).includes(alb.id))).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [alb.id, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebInstanceSecurityGroup'), 'GroupId'] },
      FromPort: 8080,
      ToPort: 8080,
    });
  });

  test('instances accept traffic only from the ALB, on the app port; no SSH, no key pair', () => {
    const instances = sgByDescription(template, 'Instances of');
    expect(instances.props.SecurityGroupIngress).toBeUndefined();
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
    const toInstances = Object.values(ingress).filter((r) => JSON.stringify(r.Properties.GroupId).includes(instances.id));
    expect(toInstances).toHaveLength(1);
    expect(toInstances[0].Properties).toMatchObject({
      FromPort: 8080,
      ToPort: 8080,
      IpProtocol: 'tcp',
      SourceSecurityGroupId: { 'Fn::GetAtt': [sgByDescription(template, 'ALB of').id, 'GroupId'] },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"FromPort":22\b/);
    const lt = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
    expect(lt.Properties.LaunchTemplateData.KeyName).toBeUndefined();
    expect(web.connections).toBe(web.autoScalingGroup.connections);
  });

  test('instances reach out on HTTPS only (least privilege); the data tiers add their own ports', () => {
    const instances = sgByDescription(template, 'Instances of');
    expect(instances.props.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });

  test('launch template: IMDSv2 required, encrypted gp3 root volume, AL2023 arm64 for a Graviton type, detailed monitoring', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: { HttpTokens: 'required' },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20, DeleteOnTermination: true } }],
        ImageId: { Ref: Match.stringLikeRegexp('SsmParameterValueawsserviceamiamazonlinuxlatestal2023amikernel.*arm64') },
        Monitoring: { Enabled: true },
        IamInstanceProfile: Match.anyValue(),
      }),
    });
    expect(stack.resolve(web.instanceType.toString())).toBe(plan.compute.instanceType);
    expect(plan.compute.instanceType).toMatch(/^m7g\./); // Graviton: the arm64 image above
  });

  test('instance role: EC2 trust and AmazonSSMManagedInstanceCore only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
  });

  test('target group: readiness path, 2/2 thresholds, 10 s interval, 5 s timeout, 30 s deregistration delay', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'instance',
      HealthCheckPath: '/healthz/ready',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
  });

  test('ASG: launch template, application subnets in 3 AZs, ELB health checks with grace, warmup, instance refresh at 90 %', () => {
    template.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
    template.hasResource(ASG, {
      Properties: Match.objectLike({
        LaunchTemplate: { LaunchTemplateId: { Ref: Match.stringLikeRegexp('WebLaunchTemplate') }, Version: Match.anyValue() },
        VPCZoneIdentifier: [1, 2, 3].map((i) => ({ Ref: Match.stringLikeRegexp(`NetVpcApplicationSubnet${i}Subnet`) })),
        HealthCheckType: 'ELB',
        HealthCheckGracePeriod: 300,
        DefaultInstanceWarmup: 120,
        InstanceMaintenancePolicy: { MinHealthyPercentage: 90, MaxHealthyPercentage: 110 },
        TargetGroupARNs: [{ Ref: Match.stringLikeRegexp('WebTargetGroup') }],
        MetricsCollection: [{ Granularity: '1Minute' }],
      }),
      UpdatePolicy: Match.objectLike({
        AutoScalingInstanceRefresh: { Strategy: 'Rolling', Preferences: Match.objectLike({ MinHealthyPercentage: 90 }) },
      }),
    });
    const asg = Object.values(template.findResources(ASG))[0];
    expect(asg.Properties.DesiredCapacity).toBeUndefined(); // deployments never reset the scaled size
  });

  test('CPU target tracking at 70 % alongside request-count tracking', () => {
    template.resourceCountIs('AWS::AutoScaling::ScalingPolicy', 2);
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 70 },
    });
  });

  test('scaling notifications go to a KMS-encrypted, TLS-only topic the Auto Scaling role can use', () => {
    template.hasResourceProperties(ASG, {
      NotificationConfigurations: [{
        TopicARN: { Ref: Match.stringLikeRegexp('WebNotificationsTopic') },
        NotificationTypes: Match.arrayWith(['autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR']),
      }],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebNotificationsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowAutoScalingServiceLinkedRoleViaSns',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: Match.objectLike({
          ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling']] } },
        }),
      })]) },
    });
  });

  test('scheduled pre-warm raises the minimum and, with an end schedule, restores the plan minimum', () => {
    template.resourceCountIs('AWS::AutoScaling::ScheduledAction', 3);
    template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { MinSize: 6, Recurrence: '30 8 * * *', TimeZone: 'Europe/Paris' });
    template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { MinSize: plan.compute.minInstances, Recurrence: '0 20 * * *' });
    template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { MinSize: 8, Recurrence: '0 17 * * FRI' });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Test/Web', Match.stringLikeRegexp('preWarm\\[1\\] raises the minimum to 8'));
    annotations.hasNoWarning('/Test/Web', Match.stringLikeRegexp('preWarm\\[0\\]'));
    annotations.hasNoWarning('/Test/Web', Match.stringLikeRegexp('No certificate'));
  });

  test('access-log bucket: SSE-S3, TLS only, public access blocked, expiring, retained; ELB may write', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({ Action: 's3:PutObject', Principal: { AWS: 'arn:aws:iam::127311923021:root' } }),
      ]) },
    });
  });

  test('metric helpers point at the ALB, target group and group', () => {
    const lbName = stack.resolve(web.loadBalancer.loadBalancerFullName);
    const request = web.metricRequestCount();
    expect(request.metricName).toBe('RequestCount');
    expect(stack.resolve(request.dimensions)).toEqual({ LoadBalancer: lbName });
    expect(web.metricTargetResponseTime().metricName).toBe('TargetResponseTime');
    expect(web.metricHttpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT).metricName).toBe('HTTPCode_ELB_5XX_Count');
    expect(web.metricHttpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT).metricName).toBe('HTTPCode_Target_5XX_Count');
    const all5xx = web.metricHttp5xx();
    expect(all5xx.expression).toBe('FILL(elb5xx, 0) + FILL(target5xx, 0)');
    expect(Object.keys(all5xx.usingMetrics)).toEqual(['elb5xx', 'target5xx']);
    expect(web.metricHealthyHostCount().metricName).toBe('HealthyHostCount');
    expect(web.metricUnhealthyHostCount().metricName).toBe('UnHealthyHostCount');
    const cpu = web.metricCPUUtilization();
    expect(cpu.namespace).toBe('AWS/EC2');
    expect(Object.keys(cpu.dimensions ?? {})).toEqual(['AutoScalingGroupName']);
    expect(JSON.stringify(stack.resolve(cpu.dimensions))).toMatch(/"Ref":"WebAutoScalingGroupASG/);
  });
});

describe('WebTier with explicit sizing, HTTP only, origin header required', () => {
  let stack: Stack;
  let template: Template;
  let web: WebTier;
  beforeAll(() => {
    const app = newTestApp();
    stack = new TestStack(app);
    const network = new Network(stack, 'Net');
    web = new WebTier(stack, 'Web', {
      network,
      plan, // explicit props below win over it
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.C7G, ec2.InstanceSize.XLARGE),
      minCapacity: 4,
      maxCapacity: 12,
      targetRequestsPerInstancePerMinute: 30000,
      cpuTargetUtilizationPercent: 60,
      minimumCapacityUnits: 0,
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' }),
      userData: ec2.UserData.custom('#!/bin/bash\necho hello'),
      port: 9000,
      healthCheckPath: '/ready',
      deregistrationDelay: Duration.seconds(60),
      healthCheckInterval: Duration.seconds(15),
    });
    web.requireOriginHeader('X-Origin-Verify', '{{resolve:secretsmanager:origin-secret:SecretString:value}}');
    template = Template.fromStack(stack);
  });

  test('explicit sizing props win over the plan', () => {
    template.hasResourceProperties(ASG, { MinSize: '4', MaxSize: '12' });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: Match.anyValue() }, TargetValue: 30000 },
    });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 60 },
    });
    const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0];
    expect(lb.Properties.MinimumLoadBalancerCapacity).toBeUndefined();
  });

  test('the user\'s machine image, user data and instance type', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        ImageId: 'ami-0123456789abcdef0',
        InstanceType: 'c7g.xlarge',
        UserData: { 'Fn::Base64': '#!/bin/bash\necho hello' },
      }),
    });
  });

  test('HTTP listener on 80 with a warning; no redirect listener', () => {
    template.resourceCountIs(LISTENER, 1);
    template.hasResourceProperties(LISTENER, { Port: 80, Protocol: 'HTTP' });
    Annotations.fromStack(stack).hasWarning('/Test/Web', Match.stringLikeRegexp('No certificate: the load balancer serves plain HTTP'));
    expect(WEB_TIER_WARNINGS.httpOnly).toMatch(/httpOnly/);
  });

  test('HTTP only: ALB ingress from the internet on the listener port 80 only', () => {
    expect(albIngress(template)).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 })]);
  });

  test('requireOriginHeader: rule at priority 1 forwards requests with the header; default answers 403', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 1,
      ListenerArn: { Ref: Match.stringLikeRegexp('WebLoadBalancerHttpListener') },
      Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: ['{{resolve:secretsmanager:origin-secret:SecretString:value}}'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('WebTargetGroup') } }],
    });
    template.hasResourceProperties(LISTENER, {
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden' } }],
    });
    // the default action no longer forwards, but the target group stays attached: ALB → instances on the app port
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 9000, ToPort: 9000, SourceSecurityGroupId: Match.anyValue() });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('default Action already existed'));
    // exposed read-only: a getter without setter over a private field
    expect(web.originHeaderRule?.node.path).toBe('Test/Web/OriginHeaderRule');
    const descriptor = Object.getOwnPropertyDescriptor(WebTier.prototype, 'originHeaderRule');
    expect(descriptor?.get).toBeDefined();
    expect(descriptor?.set).toBeUndefined();
  });

  test('custom health check path, interval and deregistration delay', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 9000,
      HealthCheckPath: '/ready',
      HealthCheckIntervalSeconds: 15,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '60' }]),
    });
  });

  test('requireOriginHeader twice, or with a bad header name, is rejected', () => {
    expect(() => web.requireOriginHeader('Bad Header', '')).toThrow(
      /was already called[\s\S]*headerName: "Bad Header" — must be an HTTP header name[\s\S]*headerValue: "" — must be a non-empty string/,
    );
  });
});

test('x86 plan, no LCU reservation, existing topic and bucket, HTTPS behind CloudFront', () => {
  const smallPlan = planCapacity({ traffic: { peakQps: 300 }, compute: { instanceType: 'm7i.large' } });
  expect(smallPlan.loadBalancing.recommendedLcuReservation).toBeNull();
  const app = newTestApp();
  const stack = new TestStack(app);
  const topic = new sns.Topic(stack, 'OpsTopic');
  const bucket = new s3.Bucket(stack, 'LogBucket', { encryption: s3.BucketEncryption.S3_MANAGED });
  const web = new WebTier(stack, 'Web', {
    network: new Network(stack, 'Net'),
    plan: smallPlan,
    notificationsTopic: topic,
    accessLogsBucket: bucket,
    accessLogsPrefix: 'alb',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    allowOnlyCloudFront: true,
  });
  expect(web.notificationsTopic).toBe(topic);
  expect(web.accessLogsBucket).toBe(bucket);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
    LaunchTemplateData: Match.objectLike({
      InstanceType: 'm7i.large',
      ImageId: { Ref: Match.stringLikeRegexp('SsmParameterValueawsserviceamiamazonlinuxlatestal2023amikernel.*x8664') },
    }),
  });
  template.hasResourceProperties(ASG, { MinSize: String(smallPlan.compute.minInstances), MaxSize: String(smallPlan.compute.maxInstances) });
  const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0];
  expect(lb.Properties.MinimumLoadBalancerCapacity).toBeUndefined();
  expect(lb.Properties.LoadBalancerAttributes).toEqual(expect.arrayContaining([{ Key: 'access_logs.s3.prefix', Value: 'alb' }]));
  template.hasResourceProperties(ASG, { NotificationConfigurations: [Match.objectLike({ TopicARN: { Ref: Match.stringLikeRegexp('OpsTopic') } })] });
  template.resourceCountIs('AWS::KMS::Key', 1); // only the network's flow-log key
  template.resourceCountIs('AWS::S3::Bucket', 1);
  // CloudFront-only HTTPS: one listener, one prefix-list rule on 443 (a second rule would exceed the SG quota)
  template.resourceCountIs(LISTENER, 1);
  template.hasResourceProperties(LISTENER, { Port: 443, Protocol: 'HTTPS' });
  expect(albIngress(template)).toEqual([
    expect.objectContaining({ SourcePrefixListId: CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS['us-east-1'], FromPort: 443, ToPort: 443 }),
  ]);
  expect(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS['us-east-1']).toBe('pl-3b927c52');
  const allIngress = [
    ...Object.values(template.findResources(SG)).flatMap((r) => r.Properties.SecurityGroupIngress ?? []),
    ...Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties),
  ];
  expect(allIngress.filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0')).toEqual([]);
  expect(web.originHeaderRule).toBeUndefined();
});

test('an environment-agnostic stack: prefix list and ELB log account come from CloudFormation mappings', () => {
  const app = newTestApp();
  const stack = new Stack(app, 'Agnostic');
  new WebTier(stack, 'Web', {
    network: new Network(stack, 'Net'),
    plan,
    allowOnlyCloudFront: true,
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
  });
  const template = Template.fromStack(stack);
  const mappings = template.toJSON().Mappings;
  expect(mappings.CloudFrontOriginFacingPrefixLists['eu-west-1']).toEqual({ PrefixListId: 'pl-4fa04526' });
  expect(albIngress(template)[0].SourcePrefixListId).toEqual({
    'Fn::FindInMap': ['CloudFrontOriginFacingPrefixLists', { Ref: 'AWS::Region' }, 'PrefixListId'],
  });
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    Subnets: Match.arrayWith([{ Ref: Match.stringLikeRegexp('NetVpcPublicSubnet3Subnet') }]),
    LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
  });
  template.hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('WebAccessLogsBucketPolicy')]) });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Action: 's3:PutObject',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { 'Fn::FindInMap': [Match.anyValue(), { Ref: 'AWS::Region' }, Match.anyValue()] }, ':root']] } },
    })]) },
  });
});

describe('validation', () => {
  function build(props: Partial<WebTierProps>, region = 'us-east-1'): () => WebTier {
    const app = newTestApp();
    const stack = new TestStack(app, 'Test', { env: { region } });
    const network = new Network(stack, 'Net');
    return () => new WebTier(stack, 'Web', { network, ...props });
  }

  test('without a plan, every sizing prop is required, all reported at once', () => {
    let error: unknown;
    try {
      build({})();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/Test\/Web: invalid props \(4 problems\)/);
    for (const prop of ['instanceType', 'minCapacity', 'maxCapacity', 'targetRequestsPerInstancePerMinute']) {
      expect(message).toMatch(new RegExp(`${prop}: missing — is required without a plan`));
    }
  });

  test('sizes, ports, paths and timings out of range are named with their values', () => {
    expect(build({
      plan,
      minCapacity: 10,
      maxCapacity: 5,
      targetRequestsPerInstancePerMinute: -1,
      cpuTargetUtilizationPercent: 120,
      port: 70000,
      healthCheckPath: 'healthz',
      healthCheckInterval: Duration.seconds(5),
      healthCheckTimeout: Duration.seconds(5),
      deregistrationDelay: Duration.seconds(4000),
      healthyThresholdCount: 1,
      minimumCapacityUnits: 50,
      rootVolumeSizeGiB: 4,
      preWarm: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 6 }],
    })).toThrow(new RegExp([
      'minCapacity/maxCapacity: \\{"min":10,"max":5\\} — the minimum must not exceed the maximum',
      'targetRequestsPerInstancePerMinute: -1 — must be a finite number > 0',
      'cpuTargetUtilizationPercent: 120 — must be in \\(0, 100\\]',
      'minimumCapacityUnits: 50 — must be a whole number between 100 and 15000',
      'port: 70000 — must be a whole number between 1 and 65535',
      'rootVolumeSizeGiB: 4',
      'healthCheckPath: "healthz" — must start with "/"',
      'healthCheckTimeout: "5 s" — must be shorter than the health check interval \\(5 s\\)',
      'healthyThresholdCount: 1',
      'deregistrationDelay: "4000 s" — must be a whole number of seconds between 0 and 3600',
      'preWarm\\[0\\].minCapacity: 6 — must be a whole number between 1 and 5',
    ].join('[\\s\\S]*')));
  });

  test('a bad plan value is named by its plan field', () => {
    const badPlan = { ...plan, compute: { ...plan.compute, minInstances: 0 } };
    expect(build({ plan: badPlan })).toThrow(/plan\.compute\.minInstances: 0 — must be a whole number ≥ 1/);
  });

  test('CloudFront-only needs a certificate: CloudFront reaches origins over HTTPS only', () => {
    expect(build({ plan, allowOnlyCloudFront: true })).toThrow(
      /Test\/Web: invalid props \(1 problem\):\n {2}- certificate: missing — allowOnlyCloudFront needs `certificate`: CloudFront reaches origins over HTTPS only/,
    );
  });

  test('CloudFront-only in a region missing from the prefix-list table needs the list explicitly', () => {
    const certificate = acm.Certificate.fromCertificateArn(new Stack(), 'C', CERT_ARN);
    expect(build({ plan, allowOnlyCloudFront: true, certificate }, 'ap-southeast-7')).toThrow(/cloudFrontPrefixList: missing — is required with allowOnlyCloudFront in ap-southeast-7/);
    expect(build({ plan, cloudFrontPrefixList: ec2.PrefixList.fromPrefixListId(new Stack(), 'P', 'pl-123') })).toThrow(
      /cloudFrontPrefixList: "pl-123" — applies only with allowOnlyCloudFront: true/,
    );
  });

  test('several bad props at once, a fractional-second duration among them, yield ONE PropsValidationError naming each', () => {
    const app = newTestApp();
    const stack = new TestStack(app);
    const kmsBucket = new s3.Bucket(stack, 'KmsLogs', { encryption: s3.BucketEncryption.KMS });
    let error: unknown;
    try {
      new WebTier(stack, 'Web', {
        network: new Network(stack, 'Net'),
        plan,
        healthCheckInterval: Duration.millis(7500), // aws-cdk-lib's toSeconds() would throw on it
        idleTimeout: Duration.millis(1500),
        accessLogsRetention: Duration.hours(36),
        accessLogsBucket: kmsBucket,
        port: 0,
        cpuTargetUtilizationPercent: 0,
        unhealthyThresholdCount: 11,
        cloudFrontPrefixList: ec2.PrefixList.fromPrefixListId(stack, 'P', 'pl-123'),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    const problems = (error as PropsValidationError).problems;
    expect(problems.map((p) => p.path)).toEqual([
      'cpuTargetUtilizationPercent',
      'port',
      'healthCheckInterval',
      'unhealthyThresholdCount',
      'idleTimeout',
      'accessLogsBucket',
      'accessLogsRetention',
      'cloudFrontPrefixList',
    ]);
    expect((error as Error).message).toMatch(/Test\/Web: invalid props \(8 problems\)/);
    expect((error as Error).message).toMatch(/healthCheckInterval: "7.5 s" — must be a whole number of seconds between 5 and 300/);
    expect((error as Error).message).toMatch(/idleTimeout: "1.5 s" — must be a whole number of seconds between 1 and 4000/);
    expect((error as Error).message).toMatch(/accessLogsRetention: "1.5 days" — must be a whole number of days/);
    expect((error as Error).message).toMatch(/accessLogsBucket: "Test\/KmsLogs" — must use SSE-S3/);
  });

  test('a bad plan CPU target is named by its plan field; without a plan or the prop the workload default applies', () => {
    const badPlan = { ...plan, compute: { ...plan.compute, cpuTargetUtilizationPercent: 150 } };
    expect(build({ plan: badPlan })).toThrow(/plan\.compute\.cpuTargetUtilizationPercent: 150 — must be in \(0, 100\]/);
    const web = build({
      instanceType: new ec2.InstanceType('m7g.large'),
      minCapacity: 2,
      maxCapacity: 4,
      targetRequestsPerInstancePerMinute: 1000,
    })();
    Template.fromStack(Stack.of(web)).hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      TargetTrackingConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
        TargetValue: DEFAULT_CPU_TARGET_UTILIZATION_PERCENT,
      },
    });
  });

  test('requireOriginHeader refuses a 50-character header name with the rule every construct shares', () => {
    const web = build({ plan })();
    const name = `X-${'a'.repeat(48)}`;
    expect(name).toHaveLength(50);
    let error: unknown;
    try {
      web.requireOriginHeader(name, 'secret');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsValidationError);
    expect((error as PropsValidationError).problems).toEqual([{ path: 'headerName', value: name, message: ALB_HEADER_NAME_RULE }]);
    expect(web.originHeaderRule).toBeUndefined();
  });
});
