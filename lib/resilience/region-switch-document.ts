/**
 * The region switch as SSM Automation documents (schema 0.3), built as plain data: promote every DR replica with
 * automated backups on, wait until each is a writer again, then publish the switch metric that fails the origin name
 * over (Route 53 reads the metric in this region: no call to Route 53's control plane, which lives in us-east-1).
 * Pure: no aws-cdk-lib; values may be CloudFormation tokens. Runbook: docs/resilience.md#region-switch.
 *
 * The replicas of a region live in its regional stack and in its shard-group stacks: each group stack has a promote
 * document and a wait document for its own replicas ({@link replicaPromotionDocuments}), which the regional document
 * runs with `aws:executeAutomation` by name, so the regional stack needs no reference into the group stacks.
 *
 * - PromoteReadReplica with BackupRetentionPeriod ("Setting this parameter to a positive number enables backups";
 *   the default is 1 day): https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_PromoteReadReplica.html
 * - Automation actions aws:executeAwsApi, aws:waitForAwsResourceProperty, aws:executeAutomation:
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html
 */

/** A DR replica the switch promotes. */
export interface RegionSwitchReplica {
  /** A label for the step names: letters and digits, e.g. `Shard1`. */
  readonly label: string;
  /** The replica's DB instance identifier (a token is fine). */
  readonly instanceIdentifier: string;
}

/** The metric whose value 1 means "switched to this region". */
export interface RegionSwitchMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The promote and wait documents of a shard-group stack, by name. */
export interface RegionSwitchGroupDocuments {
  /** A label for the step names: letters and digits, e.g. `Group1`. */
  readonly label: string;
  readonly promoteDocumentName: string;
  readonly waitDocumentName: string;
}

/** How the replicas are promoted. */
export interface ReplicaPromotionOptions {
  /** Days of automated backups each promoted replica keeps (1–35). */
  readonly backupRetentionDays: number;
  /** How long to wait for each promotion. */
  readonly promotionTimeoutSeconds: number;
  /** The role the automation runs as (the default of its `AutomationAssumeRole` parameter). */
  readonly assumeRoleArn: string;
}

/** Input of {@link regionSwitchDocument}. */
export interface RegionSwitchDocumentInput extends ReplicaPromotionOptions {
  /** The replicas of the regional stack itself. */
  readonly replicas: readonly RegionSwitchReplica[];
  /** The shard-group stacks' documents. */
  readonly groups?: readonly RegionSwitchGroupDocuments[];
  readonly metric: RegionSwitchMetric;
}

/** One step of an Automation document. */
export interface AutomationStep {
  readonly name: string;
  readonly action: 'aws:executeAwsApi' | 'aws:waitForAwsResourceProperty' | 'aws:executeAutomation' | 'aws:sleep';
  readonly timeoutSeconds?: number;
  readonly onFailure?: 'Abort';
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** An SSM Automation document's content. */
export interface AutomationDocument {
  readonly schemaVersion: '0.3';
  readonly description: string;
  readonly assumeRole: string;
  readonly parameters: Readonly<Record<string, { readonly type: string; readonly default?: unknown; readonly description?: string }>>;
  readonly mainSteps: readonly AutomationStep[];
}

/**
 * The regional switch document: every promotion first (they run in parallel on RDS: this stack's, then each group's
 * promote document), then every wait (this stack's replicas: backups on, then available; then each group's wait
 * document), and only then the switch metric. Any failed or timed-out step aborts before the switch: the failover
 * record keeps answering with the primary.
 */
export function regionSwitchDocument(input: RegionSwitchDocumentInput): AutomationDocument {
  const groups = input.groups ?? [];
  const local = promotionSteps(input.replicas, input);
  const child = (g: RegionSwitchGroupDocuments, kind: 'Promote' | 'WaitFor', name: string): AutomationStep => ({
    name: `${kind}${g.label}`,
    action: 'aws:executeAutomation',
    timeoutSeconds: kind === 'Promote' ? 600 : input.promotionTimeoutSeconds,
    onFailure: 'Abort',
    inputs: { DocumentName: name },
  });
  const steps: AutomationStep[] = [
    ...local.promote,
    ...groups.map((g) => child(g, 'Promote', g.promoteDocumentName)),
    ...local.wait,
    ...groups.map((g) => child(g, 'WaitFor', g.waitDocumentName)),
    {
      name: 'SwitchOriginToThisRegion',
      action: 'aws:executeAwsApi',
      onFailure: 'Abort',
      inputs: {
        Service: 'cloudwatch',
        Api: 'PutMetricData',
        Namespace: input.metric.namespace,
        MetricData: [{
          MetricName: input.metric.metricName,
          Dimensions: Object.entries(input.metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
          Value: 1,
          Unit: 'Count',
        }],
      },
    },
  ];
  return document(
    'Region switch (cdk-scale-patterns): promotes every cross-region read replica of this region (this stack\'s and its ' +
      `shard-group stacks') to a writer with automated backups (${input.backupRetentionDays} days), waits until each is available, ` +
      `then publishes ${input.metric.namespace} ${input.metric.metricName} = 1, which fails the origin name over to this region. ` +
      'Runbook: docs/resilience.md#region-switch.',
    input.assumeRoleArn,
    steps,
  );
}

/** A shard-group stack's two documents, run by the regional switch document: promote its replicas; wait for them. */
export function replicaPromotionDocuments(replicas: readonly RegionSwitchReplica[], options: ReplicaPromotionOptions): { promote: AutomationDocument; wait: AutomationDocument } {
  const steps = promotionSteps(replicas, options);
  return {
    promote: document('Region switch, run by the regional document: promotes the cross-region read replicas of this shard-group stack.', options.assumeRoleArn, steps.promote),
    wait: document('Region switch, run by the regional document: waits until the promoted replicas of this shard-group stack take backups and are available.', options.assumeRoleArn, steps.wait),
  };
}

function promotionSteps(replicas: readonly RegionSwitchReplica[], options: ReplicaPromotionOptions): { promote: AutomationStep[]; wait: AutomationStep[] } {
  const promote: AutomationStep[] = replicas.map((r) => ({
    name: `Promote${r.label}`,
    action: 'aws:executeAwsApi',
    onFailure: 'Abort',
    inputs: { Service: 'rds', Api: 'PromoteReadReplica', DBInstanceIdentifier: r.instanceIdentifier, BackupRetentionPeriod: options.backupRetentionDays },
  }));
  const wait: AutomationStep[] = replicas.flatMap((r): AutomationStep[] => {
    const describe = { Service: 'rds', Api: 'DescribeDBInstances', DBInstanceIdentifier: r.instanceIdentifier };
    return [
      {
        name: `WaitForBackups${r.label}`,
        action: 'aws:waitForAwsResourceProperty',
        timeoutSeconds: options.promotionTimeoutSeconds,
        onFailure: 'Abort',
        // A PostgreSQL replica has no automated backups: the retention turns positive once the promotion applied it.
        inputs: { ...describe, PropertySelector: '$.DBInstances[0].BackupRetentionPeriod', DesiredValues: [String(options.backupRetentionDays)] },
      },
      {
        name: `WaitUntilAvailable${r.label}`,
        action: 'aws:waitForAwsResourceProperty',
        timeoutSeconds: options.promotionTimeoutSeconds,
        onFailure: 'Abort',
        inputs: { ...describe, PropertySelector: '$.DBInstances[0].DBInstanceStatus', DesiredValues: ['available'] },
      },
    ];
  });
  return { promote, wait };
}

function document(description: string, assumeRoleArn: string, mainSteps: AutomationStep[]): AutomationDocument {
  return {
    schemaVersion: '0.3',
    description,
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: { AutomationAssumeRole: { type: 'String', default: assumeRoleArn, description: 'The role the automation runs as.' } },
    mainSteps,
  };
}
