#!/usr/bin/env node
/**
 * The reference app: `npx cdk synth [-c workload=FILE] [-c domain=example.com] [-c hostedZoneId=Z...]`. Glue only: read the workload, plan it,
 * build the stacks from the plan. Synthesizes offline with no AWS account.
 */
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { planCapacity } from '../lib/capacity';
import { PropsValidationError } from '../lib/validation';
import { renderPlan } from '../lib/capacity/report';
import { MultiRegionApp } from '../patterns';
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

// The domain: HTTPS to the origins, the edge and DNS. `-c domain=none` builds without one.
const domainContext: string = app.node.tryGetContext('domain') ?? 'example.com';
const hostedZoneId: string | undefined = app.node.tryGetContext('hostedZoneId');
try {
  new MultiRegionApp(app, app.node.tryGetContext('appName') ?? 'ScalePatterns', {
    plan,
    domain: domainContext === 'none' ? undefined : { zoneName: domainContext, hostedZoneId },
  });
} catch (e) {
  // A plan the constructs cannot build (e.g. more than 15 replicas per source): the message says what to change.
  if (!(e instanceof PropsValidationError)) throw e;
  process.stderr.write(`cdk-scale: ${e.message}\n`);
  process.exit(2);
}
