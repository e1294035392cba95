import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Cache } from '../../lib/cache';
import { Network } from '../../lib/network';
import { cacheAlarmShards, SATURATION_ALARM_METADATA_KEY, SaturationAlarms, saturationThresholds } from '../../lib/resilience';
import { PropsValidationError } from '../../lib/validation';
import { newTestApp, TestStack } from '../support/app';
import { examplePlan } from '../support/examples';
import { regionalTiers } from './fixture';

const plan = examplePlan('04-cached');

function build() {
  const { app, stack, web, db, cache } = regionalTiers(plan, { readReplicas: 2 });
  const ticketTopic = new sns.Topic(stack, 'Tickets', { enforceSSL: true });
  const saturation = new SaturationAlarms(stack, 'Saturation', { plan, ticketTopic, webTier: web, databases: [db], cache });
  return { app, stack, saturation, ticketTopic };
}

describe('SaturationAlarms from the 04-cached plan', () => {
  const { stack, saturation } = build();
  const template = Template.fromStack(stack);
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Metadata: { [SATURATION_ALARM_METADATA_KEY]: Match.anyValue() } }));
  const byKind = (kind: string) => alarms.filter((a) => a.Metadata[SATURATION_ALARM_METADATA_KEY].kind === kind);
  const t = saturationThresholds(plan);

  test('one alarm per watched thing, each threshold the plan\'s number', () => {
    expect(Object.keys(saturation.alarms).sort()).toEqual([
      'CacheEvictions', 'CacheHitRate', 'CacheMemory', 'DatabaseConnections', 'DatabaseCpu', 'DatabaseReplicaLag',
      'WebAtMaximum', 'WebRejectedConnections', 'WebUnhealthyHosts',
    ]);
    expect(byKind('asg-at-max')[0].Properties).toMatchObject({ Threshold: plan.compute.maxInstances, ComparisonOperator: 'GreaterThanOrEqualToThreshold', MetricName: 'GroupInServiceInstances' });
    expect(byKind('db-connections')[0].Properties).toMatchObject({ Threshold: t.databaseConnections, MetricName: 'DatabaseConnections' });
    expect(byKind('cache-hit-rate')[0].Properties).toMatchObject({ Threshold: plan.cache.hitRate * 100, ComparisonOperator: 'LessThanThreshold' });
    expect(byKind('db-replica-lag')[0].Properties.Threshold).toBe(30);
  });

  test('every alarm notifies the ticket topic on ALARM and OK, and its description names the runbook entry', () => {
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Tickets/) }]);
      expect(a.Properties.OKActions).toEqual(a.Properties.AlarmActions);
      const kind = a.Metadata[SATURATION_ALARM_METADATA_KEY].kind;
      expect(a.Properties.AlarmDescription).toContain(`Runbook: docs/resilience.md#${kind}`);
      expect(a.Properties.AlarmDescription.length).toBeLessThanOrEqual(1024);
    }
  });

  test('the hit rate is computed from hits and misses of every node; the replica lag is the worst replica', () => {
    const hitRate = byKind('cache-hit-rate')[0].Properties.Metrics;
    expect(hitRate[0].Expression).toBe('100 * SUM([h0, h1]) / (SUM([h0, h1]) + SUM([m0, m1]))');
    const lag = byKind('db-replica-lag')[0].Properties.Metrics;
    expect(lag.find((m: any) => m.Expression).Expression).toBe('MAX([n0, n1])');
  });

  test('a dashboard shows every alarm, and its table lists only the kinds alarmed (no DR replica here)', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const id of Object.keys(saturation.alarms)) expect(body).toContain(id);
    const kinds = new Set(alarms.map((a) => a.Metadata[SATURATION_ALARM_METADATA_KEY].kind));
    expect(kinds.has('dr-replica-lag')).toBe(false);
    expect(body).not.toContain('| dr-replica-lag |');
    for (const kind of kinds) expect(body).toContain(`| ${kind} |`);
  });
});

test('a cache with more nodes than three alarms of each kind read is watched through an evenly spread sample of whole shards', () => {
  const large = examplePlan('08-billion-users');
  const app = newTestApp();
  const stack = new TestStack(app);
  const network = new Network(stack, 'Network', { plan: large });
  const cache = new Cache(stack, 'Cache', { vpc: network.vpc, plan: large });
  const ticketTopic = new sns.Topic(stack, 'Tickets', { enforceSSL: true });
  const saturation = new SaturationAlarms(stack, 'Saturation', { plan: large, ticketTopic, cache });
  expect(Object.keys(saturation.alarms).sort()).toEqual([
    'CacheEvictions1', 'CacheEvictions2', 'CacheEvictions3', 'CacheHitRate1', 'CacheHitRate2', 'CacheHitRate3',
    'CacheMemory1', 'CacheMemory2', 'CacheMemory3',
  ]);
  const described = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmDescription as string);
  const sample = cacheAlarmShards(large.cache.shards, large.cache.replicasPerShard + 1, 30);
  expect(described.filter((d) => d.includes(`nodes of shards ${sample.join(', ')} (an evenly spread sample of ${sample.length} of ${large.cache.shards} shards)`))).toHaveLength(6);
  const hitRateSample = cacheAlarmShards(large.cache.shards, large.cache.replicasPerShard + 1, 15);
  expect(described.filter((d) => d.includes(`nodes of shards ${hitRateSample.join(', ')} (an evenly spread sample`))).toHaveLength(3);
});

test('bad knobs are reported together', () => {
  const app = newTestApp();
  const stack = new TestStack(app);
  const ticketTopic = new sns.Topic(stack, 'Tickets');
  const noCachePlan = examplePlan('01-single-server');
  const network = new Network(stack, 'Network', { plan });
  const cache = new Cache(stack, 'Cache', { vpc: network.vpc, plan });
  let n = 0;
  const make = () => new SaturationAlarms(stack, `Saturation${n++}`, {
    plan: noCachePlan, ticketTopic, cache, connectionShare: 1.5, databaseCpuPercent: 0, replicaStaleness: Duration.millis(1500),
  });
  expect(make).toThrow(PropsValidationError);
  expect(make).toThrow(/connectionShare: 1\.5 .*\n.*databaseCpuPercent: 0 .*\n.*replicaStaleness: "1\.5 s" .*\n.*cache: "Test\/Cache" — the plan builds no cache tier/);
});
