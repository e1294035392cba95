import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Network } from '../../lib/network';
import { GAME_DAY_TAG, GameDay, pageStopAlarms } from '../../lib/resilience';
import { Sli, SloAlarms } from '../../lib/slo';
import { PropsValidationError } from '../../lib/validation';
import { WebTier } from '../../lib/web';
import { newTestApp, TestStack } from '../support/app';
import { examplePlan } from '../support/examples';
import { regionalTiers } from './fixture';

const plan = examplePlan('04-cached');

function build() {
  const { stack, network, web, db, cache } = regionalTiers(plan);
  const availability = new SloAlarms(stack, 'AvailabilitySlo', { slo: plan.slo, sli: Sli.albAvailability(web.loadBalancer) });
  const latency = new SloAlarms(stack, 'LatencySlo', { slo: { availability: 0.95 }, sli: Sli.albLatency(web.loadBalancer, 200), dashboard: false });
  const gameDay = new GameDay(stack, 'GameDay', { network, webTier: web, databases: [db], cache, slos: [availability, latency] });
  return { stack, network, web, db, cache, availability, latency, gameDay };
}

describe('GameDay for the 04-cached pattern (cdk-nag clean)', () => {
  const b = build();
  const template = Template.fromStack(b.stack);
  const props = (name: string) => template.toJSON().Resources[b.stack.getLogicalId(b.gameDay.experiments[name])].Properties;

  test('four experiments, each stopped by the long-window alarm of every page tier of both SLOs', () => {
    expect(Object.keys(b.gameDay.experiments)).toEqual(['AzImpairment', 'DatabaseFailover', 'CacheFailover', 'WebCpuStress']);
    const pageLong = [b.availability, b.latency].flatMap((slo) =>
      slo.definitions.tiers.filter((t) => t.severity === 'page').map((t) => slo.windowAlarms[t.longWindowAlarm]));
    expect(pageLong).toHaveLength(4);
    expect(pageStopAlarms([b.availability, b.latency])).toEqual(pageLong);
    for (const name of Object.keys(b.gameDay.experiments)) {
      expect(props(name).StopConditions).toEqual(pageLong.map((a) => ({ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [b.stack.getLogicalId(a.node.defaultChild as any), 'Arn'] } })));
    }
  });

  test('AZ impairment: instances stopped, launches refused, app and data subnets cut off, writers and cache nodes failed over — in the first AZ, 10 min', () => {
    const p = props('AzImpairment');
    const az = b.network.availabilityZones[0];
    expect(Object.fromEntries(Object.entries(p.Actions).map(([k, a]: [string, any]) => [k, a.ActionId]))).toEqual({
      StopInstances: 'aws:ec2:stop-instances',
      BlockLaunches: 'aws:ec2:asg-insufficient-instance-capacity-error',
      IsolateSubnets: 'aws:network:disrupt-connectivity',
      FailOverWritersInAz: 'aws:rds:reboot-db-instances',
      InterruptCacheNodesInAz: 'aws:elasticache:replicationgroup-interrupt-az-power',
    });
    expect(p.Actions.BlockLaunches.Parameters).toEqual({ duration: 'PT10M', availabilityZoneIdentifiers: az, percentage: '100' });
    expect(p.Actions.IsolateSubnets.Parameters).toEqual({ duration: 'PT10M', scope: 'all' });
    expect(p.Targets.WebInstancesInAz.Filters).toContainEqual({ Path: 'Placement.AvailabilityZone', Values: [az] });
    expect(p.Targets.WebInstancesInAz.ResourceTags).toEqual({ [GAME_DAY_TAG]: 'Test/GameDay' });
    expect(p.Targets.SubnetsInAz.ResourceArns).toHaveLength(2); // the application and data subnets of that AZ
    expect(JSON.stringify(p.Targets.SubnetsInAz.ResourceArns)).toMatch(/NetworkVpcApplicationSubnet1.*NetworkVpcDataSubnet1/);
    expect(p.Targets.WritersInAz.Filters).toEqual([{ Path: 'AvailabilityZone', Values: [az] }]);
    expect(p.Targets.Cache).toMatchObject({ ResourceType: 'aws:elasticache:replicationgroup', Parameters: { availabilityZoneIdentifier: az } });
    expect(p.ExperimentOptions).toEqual({ AccountTargeting: 'single-account', EmptyTargetResolutionMode: 'skip' });
  });

  test('database failover and cache failover: a Multi-AZ reboot of every writer; ElastiCache TestFailover through SSM Automation', () => {
    expect(props('DatabaseFailover').Actions.FailOverWriters).toMatchObject({ ActionId: 'aws:rds:reboot-db-instances', Parameters: { forceFailover: 'true' } });
    const cache = props('CacheFailover').Actions.FailOverFirstShard;
    expect(cache.ActionId).toBe('aws:ssm:start-automation-execution');
    const [document] = Object.values(template.findResources('AWS::SSM::Document')) as any[];
    expect(document.Properties.DocumentType).toBe('Automation');
    expect(document.Properties.Content.mainSteps.map((s: any) => `${s.action}:${s.inputs.Api ?? s.inputs.Duration}`)).toEqual([
      'aws:executeAwsApi:TestFailover', 'aws:sleep:PT1M', 'aws:waitForAwsResourceProperty:DescribeReplicationGroups',
    ]);
    // The whole document (1 min sleep + the wait) ends within the FIS action's maxDuration, so FIS does not cut it off.
    const minutes = Number(/^PT(\d+)M$/.exec(cache.Parameters.maxDuration)![1]);
    expect(1 + document.Properties.Content.mainSteps[2].timeoutSeconds / 60).toBeLessThan(minutes);
    // FIS may pass the automation role to SSM only.
    const passRole = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Action === 'iam:PassRole');
    expect(passRole).toHaveLength(1);
    expect(passRole[0].Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } });
  });

  test('CPU stress: AWSFIS-Run-CPU-Stress on every web instance for 5 min', () => {
    const a = props('WebCpuStress').Actions.StressCpu;
    expect(a.ActionId).toBe('aws:ssm:send-command');
    expect(JSON.stringify(a.Parameters.documentArn)).toContain('document/AWSFIS-Run-CPU-Stress');
    expect(JSON.parse(a.Parameters.documentParameters)).toEqual({ DurationSeconds: '300', InstallDependencies: 'True' });
  });

  test('least privilege: one role per experiment, FIS of this account only, instance actions limited by the game-day tag, no managed policy', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'fis.amazonaws.com' } }] } } })) as any[];
    expect(roles).toHaveLength(4);
    for (const r of roles) {
      expect(r.Properties.ManagedPolicyArns).toBeUndefined();
      expect(r.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:aws:fis:us-east-1:', { Ref: 'AWS::AccountId' }, ':experiment/*']] } },
      });
    }
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const onInstances = statements.filter((s: any) => JSON.stringify(s.Resource).includes(':instance/*'));
    expect(onInstances.length).toBeGreaterThan(0);
    for (const s of onInstances) expect(s.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/${GAME_DAY_TAG}`]: 'Test/GameDay' } });
    expect(statements.filter((s: any) => s.Action === 'ec2:InjectApiError')[0].Condition.StringEquals).toEqual({ 'ec2:FisActionId': 'aws:ec2:asg-insufficient-instance-capacity-error' });
  });

  test('the web group (and its instances) and the cache carry the game-day tag the targets select on', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { Tags: Match.arrayWith([{ Key: GAME_DAY_TAG, PropagateAtLaunch: true, Value: 'Test/GameDay' }]) });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Tags: Match.arrayWith([{ Key: GAME_DAY_TAG, Value: 'Test/GameDay' }]) });
  });
});

test('no page tier, an odd duration, an AZ outside the network: reported together', () => {
  const app = newTestApp();
  const stack = new TestStack(app);
  const network = new Network(stack, 'Network', { plan });
  const web = new WebTier(stack, 'Web', { network, plan });
  const ticketsOnly = new SloAlarms(stack, 'Slo', {
    slo: { availability: 0.999, tiers: [{ severity: 'ticket', budgetFraction: 0.1, longWindowMinutes: 4320 }] },
    sli: Sli.albAvailability(web.loadBalancer),
  });
  let n = 0;
  const make = () => new GameDay(stack, `GameDay${n++}`, {
    network, webTier: web, slos: [ticketsOnly], availabilityZone: 'eu-west-1a', impairmentDuration: Duration.seconds(90), cpuStressDuration: Duration.hours(13),
  });
  expect(make).toThrow(PropsValidationError);
  expect(make).toThrow(/slos: .* — give at least one SLO with a page tier[\s\S]*impairmentDuration: "90 s" — must be a whole number of minutes[\s\S]*cpuStressDuration: "46800 s"[\s\S]*availabilityZone: "eu-west-1a" — must be one of the network's AZs/);
  expect(Stack.of(web)).toBe(stack);
});
