/**
 * Integ test (snapshot only): the whole MultiRegionApp of examples/06-multi-region.json (multi-region stage,
 * us-east-1 primary + us-west-2 secondary with cross-region DR replicas, CloudFront edge in us-east-1),
 * with a domain in an existing hosted zone (imported by id, so no zone stack).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { MultiRegionApp } from '../../patterns';
import { examplePlan, HOSTED_ZONE, newIntegApp, snapshotOnly, synthForIntegRunner } from './support';

const app = newIntegApp();
const plan = examplePlan('06-multi-region.json');

const multiRegion = new MultiRegionApp(app, 'IntegMultiRegion', { plan, domain: HOSTED_ZONE });

new IntegTest(app, 'MultiRegion', { testCases: [...multiRegion.stacks], ...snapshotOnly(app, 'MultiRegion') });
synthForIntegRunner(app);
