#!/usr/bin/env node
/**
 * The reference app: `npx cdk synth [-c workload=FILE] [-c domain=example.com] [-c hostedZoneId=Z...]`. Glue only:
 * read the workload, plan it, build the stacks from the plan. Synthesizes offline with no AWS account.
 */
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { planCapacity, WorkloadValidationError, type Workload } from '../lib/capacity';
import { renderPlan } from '../lib/capacity/report';
import { cfnGuardPlugin, SpofAudit } from '../lib/resilience';
import { PropsValidationError } from '../lib/validation';
import { MultiRegionApp } from '../patterns';
import { readWorkloadFile, UserInputError } from './workload-file';

const DEFAULT_WORKLOAD = path.join(__dirname, '..', 'examples', '04-cached.json');

/** Prints a problem the user can fix and exits 2, without a stack trace. */
function fail(message: string): never {
  process.stderr.write(`cdk-scale: ${message}\n`);
  process.exit(2);
}

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
// AWS CloudFormation Guard (Control Tower proactive controls) beside cdk-nag; `-c cfnGuard=false` skips its seconds per synth.
if (app.node.tryGetContext('cfnGuard') !== 'false' && app.node.tryGetContext('cfnGuard') !== false) Validations.of(app).addPlugins(cfnGuardPlugin());

// The domain: HTTPS to the origins, the edge and DNS. `-c domain=none` builds without one.
const domainContext: string = app.node.tryGetContext('domain') ?? 'example.com';
const hostedZoneId: string | undefined = app.node.tryGetContext('hostedZoneId');
const noDomain = domainContext === 'none';

try {
  let workload: Workload = readWorkloadFile(app.node.tryGetContext('workload') ?? DEFAULT_WORKLOAD);
  if (noDomain) {
    if (workload.architecture?.edge === true) {
      fail('-c domain=none, but the workload asks for the edge (architecture.edge true): CloudFront reaches the origins over HTTPS, which needs a domain');
    }
    // No domain, no certificate, so no edge: plan (and price) without it, and say so.
    workload = { ...workload, architecture: { ...workload.architecture, edge: false } };
    process.stderr.write('cdk-scale: -c domain=none: no edge (CloudFront + WAF need HTTPS origins, hence a domain), the ALBs serve plain HTTP; the plan below is priced without CloudFront.\n');
  }
  const plan = planCapacity(workload);
  process.stderr.write(renderPlan(plan, 'table'));
  // Single points of failure, judged against the plan's peak, SLO and DR targets.
  Validations.of(app).addPlugins(new SpofAudit({ plan }));
  new MultiRegionApp(app, app.node.tryGetContext('appName') ?? 'ScalePatterns', {
    plan,
    domain: noDomain ? undefined : { zoneName: domainContext, hostedZoneId },
  });
} catch (e) {
  // A workload the plan refuses, or props (e.g. -c hostedZoneId) the constructs refuse: the message says what to change.
  if (e instanceof UserInputError || e instanceof WorkloadValidationError || e instanceof PropsValidationError) fail(e.message);
  throw e;
}
