/**
 * The region switch: its Automation document run step by step against a fake RDS and CloudWatch (the order of the
 * promotions, waits and the switch is what matters), then the construct's template.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Database, CrossRegionReadReplica } from '../../lib/database';
import { REGION_SWITCH_METRIC, REGION_SWITCH_TAG, RegionSwitch, regionSwitchDocument, replicaPromotionDocuments, type AutomationDocument } from '../../lib/resilience';
import { PropsValidationError } from '../../lib/validation';
import { crossRegionFixture } from '../database/fixture';
import { examplePlan } from '../support/examples';

const plan = examplePlan('06-multi-region');
const METRIC = { ...REGION_SWITCH_METRIC, dimensions: { Switch: 'svc-secondary' } };

/** A fake of the two services the document calls: replicas that take `ticks` describe calls to finish promoting. */
class FakeAws {
  public readonly events: string[] = [];
  public readonly metrics: Array<{ namespace: string; data: any }> = [];
  private readonly db = new Map<string, { status: string; retention: number; replica: boolean; pending?: { ticks: number; retention: number } }>();

  constructor(replicas: string[], private readonly ticks: number) {
    for (const id of replicas) this.db.set(id, { status: 'available', retention: 0, replica: true });
  }

  call(service: string, api: string, input: Record<string, any>): any {
    const key = `${service}.${api}`;
    if (key === 'rds.PromoteReadReplica') {
      const i = this.db.get(input.DBInstanceIdentifier)!;
      if (!i.replica) throw new Error('InvalidDBInstanceState: not a read replica');
      i.status = 'modifying';
      i.pending = { ticks: this.ticks, retention: input.BackupRetentionPeriod };
      this.events.push(`promote ${input.DBInstanceIdentifier}`);
      return {};
    }
    if (key === 'rds.DescribeDBInstances') {
      const i = this.db.get(input.DBInstanceIdentifier)!;
      if (i.pending && --i.pending.ticks <= 0) {
        Object.assign(i, { status: 'available', retention: i.pending.retention, replica: false, pending: undefined });
        this.events.push(`available ${input.DBInstanceIdentifier}`);
      }
      return { DBInstances: [{ DBInstanceIdentifier: input.DBInstanceIdentifier, DBInstanceStatus: i.status, BackupRetentionPeriod: i.retention }] };
    }
    if (key === 'cloudwatch.PutMetricData') {
      this.metrics.push({ namespace: input.Namespace, data: input.MetricData });
      this.events.push('switch');
      return {};
    }
    throw new Error(`unexpected call ${key}`);
  }
}

/**
 * Runs an Automation document's steps as SSM would (executeAwsApi, waitForAwsResourceProperty polling,
 * executeAutomation of a document of `registry` by name, to completion); Abort throws.
 */
function runAutomation(doc: AutomationDocument, aws: FakeAws, registry: Record<string, AutomationDocument> = {}, maxPolls = 20): string[] {
  const ran: string[] = [];
  for (const step of doc.mainSteps) {
    const { Service, Api, PropertySelector, DesiredValues, ...input } = step.inputs as Record<string, any>;
    if (step.action === 'aws:executeAutomation') {
      const child = registry[input.DocumentName];
      if (!child) throw new Error(`${step.name}: no document ${input.DocumentName}`);
      ran.push(...runAutomation(child, aws, registry, maxPolls).map((s) => `${input.DocumentName}/${s}`));
    } else if (step.action === 'aws:executeAwsApi') {
      aws.call(Service, Api, input);
    } else if (step.action === 'aws:waitForAwsResourceProperty') {
      let polls = 0;
      while (!(DesiredValues as string[]).includes(String(select(aws.call(Service, Api, input), PropertySelector)))) {
        if (++polls >= maxPolls) throw new Error(`${step.name} timed out: the automation aborts`);
      }
    }
    ran.push(step.name);
  }
  return ran;
}

/** The `$.A[0].B` JSONPath subset the document uses. */
function select(value: any, path: string): unknown {
  return path.replace(/^\$\./, '').split('.').reduce((v, part) => {
    const m = /^(\w+)\[(\d+)\]$/.exec(part);
    return m ? v?.[m[1]]?.[Number(m[2])] : v?.[part];
  }, value);
}

describe('the region-switch document, run against fake RDS and CloudWatch', () => {
  const doc = regionSwitchDocument({
    replicas: [{ label: 'Shard1', instanceIdentifier: 'replica-1' }, { label: 'Shard2', instanceIdentifier: 'replica-2' }],
    backupRetentionDays: plan.dr.promotedBackupRetentionDays,
    metric: METRIC,
    assumeRoleArn: 'arn:aws:iam::111111111111:role/switch',
    promotionTimeoutSeconds: 3600,
  });

  test('every replica is promoted with backups on and available before the switch is published, once, with value 1', () => {
    const aws = new FakeAws(['replica-1', 'replica-2'], 3);
    expect(runAutomation(doc, aws)).toEqual([
      'PromoteShard1', 'PromoteShard2', 'WaitForBackupsShard1', 'WaitUntilAvailableShard1', 'WaitForBackupsShard2', 'WaitUntilAvailableShard2', 'SwitchOriginToThisRegion',
    ]);
    expect(aws.events).toEqual(['promote replica-1', 'promote replica-2', 'available replica-1', 'available replica-2', 'switch']);
    expect(aws.metrics).toEqual([{
      namespace: METRIC.namespace,
      data: [{ MetricName: METRIC.metricName, Dimensions: [{ Name: 'Switch', Value: 'svc-secondary' }], Value: 1, Unit: 'Count' }],
    }]);
    const promoted = aws.call('rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'replica-2' }).DBInstances[0];
    expect(promoted).toMatchObject({ DBInstanceStatus: 'available', BackupRetentionPeriod: plan.dr.promotedBackupRetentionDays });
  });

  test('a promotion that never completes aborts the automation before the switch: the failover record stays on the primary', () => {
    const aws = new FakeAws(['replica-1', 'replica-2'], 1000);
    expect(() => runAutomation(doc, aws)).toThrow(/WaitForBackupsShard1 timed out/);
    expect(aws.metrics).toEqual([]);
  });

  test('a second run fails at the first promotion (a promoted replica is no longer a replica): the switch is not re-published', () => {
    const aws = new FakeAws(['replica-1', 'replica-2'], 1);
    runAutomation(doc, aws);
    expect(() => runAutomation(doc, aws)).toThrow(/not a read replica/);
    expect(aws.metrics).toHaveLength(1);
  });

  test('with shard-group stacks: every group\'s replicas are promoted first (all in parallel), then waited for, and only then the switch', () => {
    const options = { backupRetentionDays: 7, promotionTimeoutSeconds: 3600, assumeRoleArn: 'arn:aws:iam::111111111111:role/switch' };
    const groups = [1, 2].map((g) => ({ label: `Group${g}`, promoteDocumentName: `g${g}-PromoteReplicas`, waitDocumentName: `g${g}-WaitForReplicas` }));
    const registry: Record<string, AutomationDocument> = {};
    groups.forEach((g, i) => {
      const docs = replicaPromotionDocuments([{ label: `Shard${5 + i}`, instanceIdentifier: `replica-${5 + i}` }], options);
      registry[g.promoteDocumentName] = docs.promote;
      registry[g.waitDocumentName] = docs.wait;
    });
    const regional = regionSwitchDocument({ ...options, replicas: [{ label: 'Shard1', instanceIdentifier: 'replica-1' }], groups, metric: METRIC });
    const aws = new FakeAws(['replica-1', 'replica-5', 'replica-6'], 3);
    runAutomation(regional, aws, registry);
    expect(aws.events).toEqual(['promote replica-1', 'promote replica-5', 'promote replica-6', 'available replica-1', 'available replica-5', 'available replica-6', 'switch']);
  });

  test('every step aborts on failure and waits at most the promotion timeout', () => {
    for (const s of doc.mainSteps) expect(s.onFailure).toBe('Abort');
    for (const s of doc.mainSteps.filter((x) => x.action === 'aws:waitForAwsResourceProperty')) expect(s.timeoutSeconds).toBe(3600);
  });
});

describe('RegionSwitch in a secondary region (cdk-nag clean)', () => {
  const { app, primary, secondary } = crossRegionFixture({ nag: true });
  const db = new Database(primary.stack, 'Db', { vpc: primary.vpc, plan, readReplicas: 0 });
  const dr = new CrossRegionReadReplica(secondary.stack, 'DbReplica', { source: db.primary, vpc: secondary.vpc, plan, engine: db.engine, instanceEngine: db.instanceEngine, port: db.port });
  const pages = new sns.Topic(secondary.stack, 'Pages', { enforceSSL: true });
  const regionSwitch = new RegionSwitch(secondary.stack, 'RegionSwitch', { plan, replicas: [dr], switchName: 'svc-secondary', notificationTopic: pages });
  const template = Template.fromStack(secondary.stack);
  void app;

  test('the alarm Route 53 watches: a plain metric alarm on the switch metric, named for the switch, notifying the topic', () => {
    expect(regionSwitch.alarmIdentifier).toEqual({ region: 'us-west-2', name: 'svc-secondary-region-switch' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'svc-secondary-region-switch', Namespace: METRIC.namespace, MetricName: METRIC.metricName,
      Dimensions: [{ Name: 'Switch', Value: 'svc-secondary' }], Threshold: 1, TreatMissingData: 'ignore',
      AlarmActions: [{ Ref: secondary.stack.getLogicalId(pages.node.defaultChild as any) }],
    });
  });

  test('the document promotes the replica with the plan\'s backup retention and publishes the metric the alarm watches', () => {
    const [document] = Object.values(template.findResources('AWS::SSM::Document')) as any[];
    expect(document.Properties.DocumentType).toBe('Automation');
    const steps = document.Properties.Content.mainSteps;
    expect(steps[0].inputs).toMatchObject({ Api: 'PromoteReadReplica', BackupRetentionPeriod: plan.dr.promotedBackupRetentionDays });
    expect(steps[0].inputs.DBInstanceIdentifier).toEqual({ Ref: secondary.stack.getLogicalId(dr.replica.node.defaultChild as any) });
    expect(steps[steps.length - 1].inputs.MetricData[0]).toMatchObject({ MetricName: METRIC.metricName, Dimensions: [{ Name: 'Switch', Value: 'svc-secondary' }] });
  });

  test('least privilege: promote only the replicas carrying the switch tag; publish to the switch namespace only', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const promote = statements.find((s: any) => s.Action === 'rds:PromoteReadReplica');
    expect(promote.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/${REGION_SWITCH_TAG}`]: 'svc-secondary' } });
    const replica = template.toJSON().Resources[secondary.stack.getLogicalId(dr.replica.node.defaultChild as any)];
    expect(replica.Properties.Tags).toContainEqual({ Key: REGION_SWITCH_TAG, Value: 'svc-secondary' });
    expect(statements.find((s: any) => s.Action === 'cloudwatch:PutMetricData').Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': METRIC.namespace } });
  });

  test('bad props are reported together', () => {
    expect(() => new RegionSwitch(secondary.stack, 'Bad', { plan, replicas: [], switchName: 'has space', notificationTopic: pages })).toThrow(PropsValidationError);
    expect(() => new RegionSwitch(secondary.stack, 'Bad2', { plan, replicas: [], switchName: 'has space', notificationTopic: pages }))
      .toThrow(/switchName: "has space"[\s\S]*replicas: 0 — give the cross-region replicas/);
  });
});
