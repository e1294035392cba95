/**
 * The compliance and sizing suite every example workload runs: one synth (cdk-nag AwsSolutions + the
 * CloudFormation Validate engine on) shared by every assertion of the file.
 */
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { EDGE_WEB_ACL_RULES, type CapacityPlan } from '../../lib/capacity';
import { REGION_SWITCH_METRIC, SATURATION_ALARM_METADATA_KEY, SATURATION_DEFAULTS } from '../../lib/resilience';
import { MultiRegionApp, type RegionalServiceStack } from '../../patterns';
import { newTestApp } from '../support/app';
import { examplePlan } from '../support/examples';
import { limitViolations, stackFootprints } from '../support/stack-limits';

export interface ExampleSynth {
  readonly plan: CapacityPlan;
  readonly app: MultiRegionApp;
  /** Synthesizes once (validation + nag on); throws the validation report on any finding. */
  readonly synth: () => CloudAssembly;
}

export { examplePlan as loadExample } from '../support/examples';

export function exampleApp(file: string): ExampleSynth {
  const plan = examplePlan(file);
  const cdkApp = newTestApp({ validate: true, nag: true, guard: true, spof: plan });
  const app = new MultiRegionApp(cdkApp, 'ScalePatterns', { plan, domain: { zoneName: 'example.com' } });
  let assembly: CloudAssembly | undefined;
  return { plan, app, synth: () => (assembly ??= cdkApp.synth()) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> }>;

export function resourcesOfType(template: { Resources: Resources }, type: string) {
  return Object.values(template.Resources).filter((r) => r.Type === type).map((r) => r.Properties ?? {});
}

/** Asset hashes change with aws-cdk-lib releases, not with our code: replace them before snapshotting. */
export function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '[ASSET HASH]'));
}

/**
 * Runs the example's suite: compliance, sizes equal the plan, CloudFormation limits. Returns the example's synth,
 * so a test file's own assertions share it.
 */
export function describeExample(file: string, expectations: { stacks: string[]; snapshot?: boolean; failoverPath?: boolean }): ExampleSynth {
  const ex = exampleApp(file);
  describe(`example ${file}`, () => {
    let assembly: CloudAssembly;
    // Stacks by construct path: a shard-group stack's id (`ShardGroup1`) repeats in every region.
    const template = (stackPath: string) => assembly.getStackArtifact(ex.app.stacks.find((s) => s.node.path === stackPath)!.artifactId).template;

    test('synthesizes with cdk-nag AwsSolutions, CloudFormation Validate, CloudFormation Guard and the SPOF audit reporting nothing unacknowledged', () => {
      expect(() => (assembly = ex.synth())).not.toThrow();
      expect(ex.app.stacks.map((s) => s.node.path)).toEqual(expectations.stacks);
    });

    test('every stack is within CloudFormation template limits (500 resources, 1 MB, 200 outputs, 60 dynamic references)', () => {
      const footprints = stackFootprints(assembly);
      expect(footprints.map((f) => f.stack).sort()).toEqual(ex.app.stacks.map((s) => s.stackName).sort());
      expect(limitViolations(footprints)).toEqual([]);
    });

    test('the web tier in every region is sized by the plan', () => {
      const { compute } = ex.plan;
      for (const stack of ex.app.regionalStacks) {
        const t = template(stack.node.path);
        // The web tier's group is the one behind the load balancer (queue workers have a group of their own).
        const asg = resourcesOfType(t, 'AWS::AutoScaling::AutoScalingGroup').find((g) => g.TargetGroupARNs)!;
        expect([Number(asg.MinSize), Number(asg.MaxSize)]).toEqual([compute.minInstances, compute.maxInstances]);
        const tracking = resourcesOfType(t, 'AWS::AutoScaling::ScalingPolicy').map((p) => p.TargetTrackingConfiguration);
        const requestCount = tracking.find((c) => c?.PredefinedMetricSpecification?.PredefinedMetricType === 'ALBRequestCountPerTarget');
        expect(requestCount.TargetValue).toBe(compute.targetRequestsPerInstancePerMinute);
        const cpu = tracking.find((c) => c?.PredefinedMetricSpecification?.PredefinedMetricType === 'ASGAverageCPUUtilization');
        expect(cpu.TargetValue).toBe(compute.cpuTargetUtilizationPercent);
        const [alb] = resourcesOfType(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
        expect(alb.MinimumLoadBalancerCapacity?.CapacityUnits).toBe(ex.plan.loadBalancing.recommendedLcuReservation ?? undefined);
        // The group launches through a mixed instances policy: the plan's type first, then its same-size alternate.
        const mixed = asg.MixedInstancesPolicy.LaunchTemplate;
        const [launchTemplate] = Object.entries(t.Resources as Resources)
          .filter(([id, r]) => r.Type === 'AWS::EC2::LaunchTemplate' && id === mixed.LaunchTemplateSpecification.LaunchTemplateId.Ref)
          .map(([, r]) => r.Properties!);
        expect(launchTemplate.LaunchTemplateData.InstanceType).toBe(compute.instanceType);
        expect(mixed.Overrides[0].InstanceType).toBe(compute.instanceType);
      }
    });

    test('databases: the plan class, shards and read replicas; secondaries replicate every shard', () => {
      const { database, architecture } = ex.plan;
      const tiers = { databaseShards: architecture.databaseShards, readReplicas: architecture.readReplicasPerShard };
      expect(ex.app.architecture).toEqual(architecture);
      const [primary, ...secondaries] = ex.app.regionalStacks;
      // A region's databases: in its regional stack and its shard-group stacks.
      const regionInstances = (stack: RegionalServiceStack) => [stack, ...stack.shardGroupStacks]
        .flatMap((s) => resourcesOfType(template(s.node.path), 'AWS::RDS::DBInstance'));
      const instances = regionInstances(primary);
      const writers = instances.filter((i) => !i.SourceDBInstanceIdentifier);
      const replicas = instances.filter((i) => i.SourceDBInstanceIdentifier);
      expect(writers).toHaveLength(tiers.databaseShards);
      expect(replicas).toHaveLength(tiers.databaseShards * tiers.readReplicas);
      for (const i of instances) expect(i.DBInstanceClass).toBe(database.instanceClass);
      for (const w of writers) expect(w).toMatchObject({ MultiAZ: true, StorageEncrypted: true, DeletionProtection: true, AllocatedStorage: String(database.allocatedStorageGiB) });
      for (const s of secondaries) {
        const dr = regionInstances(s);
        expect(dr).toHaveLength(tiers.databaseShards);
        for (const r of dr) expect(r).toMatchObject({ DBInstanceClass: database.instanceClass, MultiAZ: true, SourceDBInstanceIdentifier: expect.anything(), KmsKeyId: expect.anything() });
      }
    });

    test('cache: built from the cached stage on, with the plan node type, shards and replicas', () => {
      for (const stack of ex.app.regionalStacks) {
        const groups = resourcesOfType(template(stack.node.path), 'AWS::ElastiCache::ReplicationGroup');
        if (!ex.plan.architecture.cache) {
          expect(groups).toHaveLength(0);
          continue;
        }
        expect(groups).toEqual([expect.objectContaining({
          CacheNodeType: ex.plan.cache.nodeType,
          NumNodeGroups: ex.plan.cache.shards,
          ReplicasPerNodeGroup: ex.plan.cache.replicasPerShard,
          MultiAZEnabled: true,
          AutomaticFailoverEnabled: true,
          TransitEncryptionEnabled: true,
          AtRestEncryptionEnabled: true,
        })]);
      }
    });

    test('SLO alarm thresholds equal the plan tiers, in every region and at the edge', () => {
      const expected = new Set(ex.plan.slo.burnRateTiers.filter((t) => t.canFire).map((t) => t.errorRatioThreshold));
      const stacks = [...ex.app.regionalStacks, ...(ex.app.globalEdgeStack ? [ex.app.globalEdgeStack] : [])];
      for (const stack of stacks) {
        const thresholds = Object.entries(template(stack.node.path).Resources as Resources)
          .map(([, r]) => r.Metadata?.['cdk-scale:slo-alarm'] && { ...r.Metadata['cdk-scale:slo-alarm'], threshold: r.Properties!.Threshold })
          .filter((a) => a && a.role === 'window' && /\/(AvailabilitySlo|EdgeSlo)$/.test(a.slo))
          .map((a) => a.threshold);
        expect(thresholds.length).toBeGreaterThanOrEqual(expected.size * 2);
        expect(new Set(thresholds)).toEqual(expected);
      }
    });

    test('async tier: a work queue and backlog-scaled workers from the plan, an event log when planned, in every region', () => {
      const { async: a, architecture } = ex.plan;
      for (const stack of ex.app.regionalStacks) {
        const t = template(stack.node.path);
        const queues = resourcesOfType(t, 'AWS::SQS::Queue');
        const clusters = resourcesOfType(t, 'AWS::MSK::Cluster');
        if (!architecture.queue) expect(queues).toHaveLength(0);
        if (!architecture.eventLog) expect(clusters).toHaveLength(0);
        if (architecture.queue) {
          const [queue] = queues.filter((q) => q.RedrivePolicy);
          expect(queue).toMatchObject({ VisibilityTimeout: a!.queue.visibilityTimeoutSeconds, MessageRetentionPeriod: a!.queue.retentionSeconds, RedrivePolicy: { maxReceiveCount: a!.queue.maxReceiveCount } });
          const workers = resourcesOfType(t, 'AWS::AutoScaling::AutoScalingGroup').find((g) => !g.TargetGroupARNs)!;
          expect([Number(workers.MinSize), Number(workers.MaxSize)]).toEqual([a!.minWorkers, a!.maxWorkers]);
          const backlog = resourcesOfType(t, 'AWS::AutoScaling::ScalingPolicy').find((p) => p.TargetTrackingConfiguration?.CustomizedMetricSpecification);
          expect(backlog!.TargetTrackingConfiguration.TargetValue).toBe(a!.backlogPerWorkerTarget);
        }
        if (architecture.eventLog) {
          const e = a!.eventLog!;
          expect(clusters).toEqual([expect.objectContaining({ NumberOfBrokerNodes: e.brokers, BrokerNodeGroupInfo: expect.objectContaining({ InstanceType: e.brokerType }) })]);
          expect(resourcesOfType(t, 'AWS::MSK::Topic').map((x) => x.PartitionCount)).toEqual([e.partitions]);
        }
      }
    });

    if (expectations.snapshot) {
      // A change detector beside the fine-grained assertions above.
      test.each(expectations.stacks)('snapshot of %s', (stackId) => {
        expect(withoutAssetHashes(template(stackId))).toMatchSnapshot();
      });
    }

    test('the edge exists from the cached stage on, in front of every region', () => {
      expect(Boolean(ex.app.globalEdgeStack)).toBe(ex.plan.architecture.edge);
      if (!ex.app.globalEdgeStack) return;
      const [distribution] = resourcesOfType(template(ex.app.globalEdgeStack.node.path), 'AWS::CloudFront::Distribution');
      const origins = distribution.DistributionConfig.Origins.filter((o: any) => o.CustomOriginConfig);
      const names = new Set(origins.map((o: any) => o.DomainName));
      const regionalNames = ex.app.regionalStacks.slice(0, 2).map((s) => `origin-${s.region}.example.com`);
      // Active-passive over two regions: Route 53 fails origin.<zone> over; it takes the first region's place.
      const failover = ex.app.regionalStacks.length > 1 && ex.plan.topology.mode === 'active-passive';
      expect(names).toEqual(new Set(failover ? ['origin.example.com', regionalNames[1]] : regionalNames));
      for (const o of origins) expect(o.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    });

    test('saturation alarms in every region: thresholds are the plan\'s numbers, each alarm tickets', () => {
      for (const stack of ex.app.regionalStacks) {
        // The regional stack's, and each shard-group stack's for its own shards.
        const alarms = [stack, ...stack.shardGroupStacks].flatMap((s) => Object.values(template(s.node.path).Resources as Resources))
          .filter((r) => r.Metadata?.[SATURATION_ALARM_METADATA_KEY])
          .map((r) => ({ ...r.Metadata![SATURATION_ALARM_METADATA_KEY], props: r.Properties! }));
        const thresholds = (kind: string) => [...new Set(alarms.filter((a) => a.kind === kind).map((a) => a.props.Threshold))];
        expect(thresholds('asg-at-max')).toEqual([ex.plan.compute.maxInstances]);
        if (stack.role === 'primary') {
          expect(alarms.filter((a) => a.kind === 'db-connections')).toHaveLength(ex.plan.architecture.databaseShards);
          expect(thresholds('db-connections')).toEqual([Math.ceil(SATURATION_DEFAULTS.connectionShare * ex.plan.database.maxConnectionsPerInstance)]);
        } else {
          expect(alarms.filter((a) => a.kind === 'dr-replica-lag')).toHaveLength(ex.plan.architecture.databaseShards);
          expect(thresholds('dr-replica-lag')).toEqual([ex.plan.dr.replicaLagBudgetSeconds ?? SATURATION_DEFAULTS.replicaStalenessSeconds]);
        }
        expect(thresholds('cache-hit-rate')).toEqual(ex.plan.architecture.cache ? [ex.plan.cache.hitRate * 100] : []);
        for (const a of alarms) expect(a.props.AlarmActions).toHaveLength(1);
      }
    });

    test('game days in every region: FIS experiments stopped by the SLO page windows', () => {
      for (const stack of ex.app.regionalStacks) {
        const experiments = resourcesOfType(template(stack.node.id), 'AWS::FIS::ExperimentTemplate');
        const databases = stack.role === 'primary' ? 1 : 0;
        expect(experiments).toHaveLength(2 + databases + (ex.plan.architecture.cache ? 1 : 0));
        const pageTiers = ex.plan.slo.burnRateTiers.filter((t) => t.severity === 'page' && t.canFire).length;
        for (const e of experiments) expect(e.StopConditions).toHaveLength(pageTiers * (ex.plan.slo.latency ? 2 : 1));
      }
    });

    test('what the plan prices is built: the WebACL and its rules, an RDS Proxy per shard, a NAT gateway per zone, the backup copies, the SQS endpoint with the queue', () => {
      const priced = new Set(ex.plan.costBreakdown.map((c) => c.component));
      const everywhere = (type: string) => ex.app.stacks.flatMap((s) => resourcesOfType(template(s.node.path), type));
      // WAF: one CLOUDFRONT-scope WebACL, with the rules the plan prices, exactly when the edge is built.
      const acls = everywhere('AWS::WAFv2::WebACL');
      expect(acls).toHaveLength(ex.plan.architecture.edge ? 1 : 0);
      expect(priced.has('waf')).toBe(ex.plan.architecture.edge);
      for (const acl of acls) {
        expect(acl.Scope).toBe('CLOUDFRONT');
        expect(acl.Rules.filter((r: any) => r.Statement.RateBasedStatement)).toHaveLength(EDGE_WEB_ACL_RULES.rateBased);
        expect(acl.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement?.VendorName === 'AWS')).toHaveLength(EDGE_WEB_ACL_RULES.managedRuleGroups);
        expect(acl.Rules).toHaveLength(EDGE_WEB_ACL_RULES.rateBased + EDGE_WEB_ACL_RULES.managedRuleGroups);
      }
      // RDS Proxy: one per shard writer when priced, none otherwise.
      expect(everywhere('AWS::RDS::DBProxy')).toHaveLength(priced.has('rds-proxy') ? ex.plan.architecture.databaseShards : 0);
      // NAT gateways: one per zone in every region (the hourly line).
      for (const stack of ex.app.regionalStacks) {
        expect(resourcesOfType(template(stack.node.path), 'AWS::EC2::NatGateway')).toHaveLength(ex.plan.topology.availabilityZones);
      }
      // Interface endpoints: the SQS endpoint exactly when the queue tier is built and `vpc-endpoints` prices it, in every
      // region the line counts, with an interface in each zone's application subnet, so the queue's messages stay in the VPC.
      expect(priced.has('vpc-endpoints')).toBe(ex.plan.architecture.queue);
      const endpointsLine = ex.plan.derivations.find((d) => d.field === 'costBreakdown.vpc-endpoints');
      const interfaceEndpoints = everywhere('AWS::EC2::VPCEndpoint').filter((e) => e.VpcEndpointType === 'Interface');
      expect(interfaceEndpoints).toHaveLength(endpointsLine ? Number(endpointsLine.inputs.endpoints) * Number(endpointsLine.inputs.regions) : 0);
      if (endpointsLine) expect(Number(endpointsLine.inputs.regions)).toBe(ex.app.regionalStacks.length);
      for (const e of interfaceEndpoints) {
        expect(JSON.stringify(e.ServiceName)).toMatch(/\.sqs"/);
        expect(e.PrivateDnsEnabled).toBe(true);
        expect(e.SubnetIds).toHaveLength(Number(endpointsLine!.inputs.zones));
        for (const subnet of e.SubnetIds) expect(subnet.Ref).toMatch(/^NetworkVpcApplicationSubnet\d/);
      }
      // Backup copies: an AWS Backup plan copying to another region exactly when they are priced.
      const copyActions = everywhere('AWS::Backup::BackupPlan').flatMap((p) => p.BackupPlan.BackupPlanRule.flatMap((r: any) => r.CopyActions ?? []));
      expect(copyActions).toHaveLength(priced.has('dr-backup-copies') ? 1 : 0);
    });

    test('disaster recovery: backups copied to the plan\'s copy region; each secondary\'s switch promotes every replica with backups on', () => {
      const copyRegion = ex.plan.dr.backup.copyRegion;
      expect(Boolean(ex.app.backupStack)).toBe(copyRegion !== null);
      if (ex.app.backupStack) {
        expect(ex.app.backupStack.region).toBe(copyRegion);
        const [vault] = resourcesOfType(template(ex.app.backupStack.node.id), 'AWS::Backup::BackupVault');
        const [plan] = resourcesOfType(template(ex.app.regionalStacks[0].node.id), 'AWS::Backup::BackupPlan');
        const [rule] = plan.BackupPlan.BackupPlanRule;
        expect(rule).toMatchObject({ ScheduleExpression: ex.plan.dr.backup.scheduleExpression, StartWindowMinutes: 60, Lifecycle: { DeleteAfterDays: ex.plan.dr.backup.retentionDays } });
        expect(JSON.stringify(rule.CopyActions[0].DestinationBackupVaultArn)).toContain(`:backup:${copyRegion}:`);
        expect(JSON.stringify(rule.CopyActions[0].DestinationBackupVaultArn)).toContain(`:backup-vault:${vault.BackupVaultName}`);
      }
      for (const stack of ex.app.regionalStacks.slice(1)) {
        // The regional document promotes this stack's replicas and runs each shard-group stack's documents by name.
        const documents = [stack, ...stack.shardGroupStacks].flatMap((s) => resourcesOfType(template(s.node.path), 'AWS::SSM::Document'))
          .filter((d) => d.Content.description.startsWith('Region switch'));
        const [regional] = documents.filter((d) => d.Content.description.startsWith('Region switch (cdk-scale-patterns)'));
        const steps = regional.Content.mainSteps;
        const promotions = documents.flatMap((d) => d.Content.mainSteps).filter((s: any) => s.inputs.Api === 'PromoteReadReplica');
        expect(promotions).toHaveLength(ex.plan.architecture.databaseShards);
        for (const p of promotions) expect(p.inputs.BackupRetentionPeriod).toBe(ex.plan.dr.promotedBackupRetentionDays);
        const children = steps.filter((s: any) => s.action === 'aws:executeAutomation').map((s: any) => s.inputs.DocumentName);
        expect(children).toEqual(stack.shardGroupStacks.flatMap((g) => [`${g.stackName}-PromoteReplicas`]).concat(stack.shardGroupStacks.map((g) => `${g.stackName}-WaitForReplicas`)));
        expect(steps[steps.length - 1].inputs).toMatchObject({ Api: 'PutMetricData', Namespace: REGION_SWITCH_METRIC.namespace });
      }
    });

    if (expectations.failoverPath) {
      test('failover for every request: Route 53 fails origin.<zone> over on the region switch, CloudFront writes to it and reads through it', () => {
        const [primary, secondary] = ex.app.regionalStacks;
        const dns = template(ex.app.dnsStack!.node.id);
        // Records: PRIMARY and SECONDARY aliases of origin.example.com, each with health evaluation twice over.
        const records = resourcesOfType(dns, 'AWS::Route53::RecordSet').filter((r) => r.Name === 'origin.example.com.');
        expect(records.map((r) => r.Failover).sort()).toEqual(['PRIMARY', 'SECONDARY']);
        const checks = dns.Resources as Resources;
        for (const r of records) {
          expect(r.AliasTarget.EvaluateTargetHealth).toBe(true);
          expect(checks[r.HealthCheckId.Ref].Type).toBe('AWS::Route53::HealthCheck');
        }
        const primaryCheck = checks[records.find((r) => r.Failover === 'PRIMARY')!.HealthCheckId.Ref].Properties!.HealthCheckConfig;
        const secondaryCheck = checks[records.find((r) => r.Failover === 'SECONDARY')!.HealthCheckId.Ref].Properties!.HealthCheckConfig;
        // Health: the secondary region's switch alarm (a plain metric alarm) and its inverse.
        const alarmName = secondary.regionSwitch!.alarmIdentifier.name;
        expect(primaryCheck).toEqual({
          Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: alarmName, Region: secondary.region }, InsufficientDataHealthStatus: 'LastKnownStatus', Inverted: false,
        });
        expect(secondaryCheck).toMatchObject({ Type: 'CALCULATED', HealthThreshold: 1, Inverted: true });
        const [switchAlarm] = resourcesOfType(template(secondary.node.id), 'AWS::CloudWatch::Alarm').filter((a) => a.AlarmName === alarmName);
        expect(switchAlarm).toMatchObject({ Namespace: REGION_SWITCH_METRIC.namespace, MetricName: REGION_SWITCH_METRIC.metricName, Threshold: 1 });
        // Origins: writes go to origin.example.com; reads try it first, then the secondary region's own name.
        const [distribution] = resourcesOfType(template(ex.app.globalEdgeStack!.node.id), 'AWS::CloudFront::Distribution');
        const config = distribution.DistributionConfig;
        // (CloudFront lists an origin once per use: as a group member and as a behaviour's target.)
        const domainOf = (id: string) => config.Origins.find((o: any) => o.Id === id).DomainName;
        const writes = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
        expect(domainOf(writes.TargetOriginId)).toBe('origin.example.com');
        expect(writes.AllowedMethods).toContain('POST');
        const [group] = config.OriginGroups.Items;
        expect(config.DefaultCacheBehavior.TargetOriginId).toBe(group.Id);
        expect(group.Members.Items.map((m: any) => domainOf(m.OriginId))).toEqual(['origin.example.com', `origin-${secondary.region}.example.com`]);
        // Both ALBs' certificates cover the failover name.
        for (const s of [primary, secondary]) {
          const [cert] = resourcesOfType(template(s.node.id), 'AWS::CertificateManager::Certificate');
          expect(cert.SubjectAlternativeNames).toContain('origin.example.com');
        }
      });
    }
  });
  return ex;
}
