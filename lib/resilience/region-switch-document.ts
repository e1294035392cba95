/**
 * The region switch as an SSM Automation document (schema 0.3), built as plain data: promote every DR replica with
 * automated backups on, wait until each is a writer again, then publish the switch metric that fails the origin name
 * over (Route 53 reads the metric in this region: no call to Route 53's control plane, which lives in us-east-1).
 * Pure: no aws-cdk-lib; values may be CloudFormation tokens. Runbook: docs/resilience.md#region-switch.
 *
 * - PromoteReadReplica with BackupRetentionPeriod ("Setting this parameter to a positive number enables backups";
 *   the default is 1 day): https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_PromoteReadReplica.html
 * - Automation actions aws:executeAwsApi and aws:waitForAwsResourceProperty:
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

/** Input of {@link regionSwitchDocument}. */
export interface RegionSwitchDocumentInput {
  readonly replicas: readonly RegionSwitchReplica[];
  /** Days of automated backups each promoted replica keeps (1–35). */
  readonly backupRetentionDays: number;
  readonly metric: RegionSwitchMetric;
  /** The role the automation runs as (the default of its `AutomationAssumeRole` parameter). */
  readonly assumeRoleArn: string;
  /** How long to wait for each promotion. */
  readonly promotionTimeoutSeconds: number;
}

/** One step of an Automation document. */
export interface AutomationStep {
  readonly name: string;
  readonly action: 'aws:executeAwsApi' | 'aws:waitForAwsResourceProperty' | 'aws:sleep';
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
 * The region-switch document: every promotion first (they run in parallel on RDS), then per replica a wait until its
 * backups are on and a wait until it is available, and only then the switch metric. Any failed or timed-out step
 * aborts the automation before the switch: the failover record keeps answering with the primary.
 */
export function regionSwitchDocument(input: RegionSwitchDocumentInput): AutomationDocument {
  const steps: AutomationStep[] = [];
  for (const r of input.replicas) {
    steps.push({
      name: `Promote${r.label}`,
      action: 'aws:executeAwsApi',
      onFailure: 'Abort',
      inputs: { Service: 'rds', Api: 'PromoteReadReplica', DBInstanceIdentifier: r.instanceIdentifier, BackupRetentionPeriod: input.backupRetentionDays },
    });
  }
  for (const r of input.replicas) {
    const describe = { Service: 'rds', Api: 'DescribeDBInstances', DBInstanceIdentifier: r.instanceIdentifier };
    steps.push({
      name: `WaitForBackups${r.label}`,
      action: 'aws:waitForAwsResourceProperty',
      timeoutSeconds: input.promotionTimeoutSeconds,
      onFailure: 'Abort',
      // A PostgreSQL replica has no automated backups: the retention turns positive once the promotion applied it.
      inputs: { ...describe, PropertySelector: '$.DBInstances[0].BackupRetentionPeriod', DesiredValues: [String(input.backupRetentionDays)] },
    });
    steps.push({
      name: `WaitUntilAvailable${r.label}`,
      action: 'aws:waitForAwsResourceProperty',
      timeoutSeconds: input.promotionTimeoutSeconds,
      onFailure: 'Abort',
      inputs: { ...describe, PropertySelector: '$.DBInstances[0].DBInstanceStatus', DesiredValues: ['available'] },
    });
  }
  steps.push({
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
  });
  return {
    schemaVersion: '0.3',
    description:
      'Region switch (cdk-scale-patterns): promotes every cross-region read replica of this region to a writer with automated ' +
      `backups (${input.backupRetentionDays} days), waits until each is available, then publishes ${input.metric.namespace} ` +
      `${input.metric.metricName} = 1, which fails the origin name over to this region. Runbook: docs/resilience.md#region-switch.`,
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      AutomationAssumeRole: { type: 'String', default: input.assumeRoleArn, description: 'The role the automation runs as.' },
    },
    mainSteps: steps,
  };
}
