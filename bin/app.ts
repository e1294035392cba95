#!/usr/bin/env node
/**
 * The reference app: `npx cdk synth [-c workload=FILE]`. Glue only: read the workload, plan it,
 * build the stacks from the plan. Synthesizes offline with no AWS account.
 */
import * as path from 'path';
import { App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { planCapacity } from '../lib/capacity';
import { renderPlan } from '../lib/capacity/report';
import { readWorkloadFile, UserInputError } from './workload-file';

const DEFAULT_WORKLOAD = path.join(__dirname, '..', 'examples', '04-cached.json');

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const workloadFile: string = app.node.tryGetContext('workload') ?? DEFAULT_WORKLOAD;
let plan;
try {
  plan = planCapacity(readWorkloadFile(workloadFile));
} catch (e) {
  if (!(e instanceof UserInputError)) throw e;
  process.stderr.write(`cdk-scale: ${e.message}\n`);
  process.exit(2);
}
process.stderr.write(renderPlan(plan, 'table'));

// Until the patterns exist: the plan's headline numbers as stack outputs.
const stack = new Stack(app, 'CapacityPlan', { description: `cdk-scale-patterns capacity plan (${plan.name ?? workloadFile})` });
const outputs: Record<string, string | number> = {
  Stage: plan.stage,
  PeakQps: Math.round(plan.traffic.peakQps),
  InstanceType: plan.compute.instanceType,
  MinInstances: plan.compute.minInstances,
  MaxInstances: plan.compute.maxInstances,
  DatabaseClass: plan.database.instanceClass,
  ReadReplicas: plan.database.readReplicasPerShard,
  CacheNodeType: plan.cache.nodeType ?? 'none',
  CacheShards: plan.cache.shards,
  MonthlyCostUsd: Math.round(plan.monthlyCostUsd),
};
for (const [key, value] of Object.entries(outputs)) new CfnOutput(stack, key, { value: String(value) });
