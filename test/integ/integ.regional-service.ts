/**
 * Integ test (snapshot only): one RegionalServiceStack, primary role, in us-east-1, sized from
 * examples/03-load-balanced.json, with HTTPS through an imported hosted zone (certificate + origin record).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RegionalServiceStack } from '../../patterns';
import { examplePlan, HOSTED_ZONE, newIntegApp, snapshotOnly, synthForIntegRunner } from './support';

const app = newIntegApp();
const plan = examplePlan('03-load-balanced.json');

const stack = new RegionalServiceStack(app, 'IntegRegionalService', {
  env: { region: 'us-east-1' },
  plan,
  role: 'primary',
  domain: { hostedZone: HOSTED_ZONE, names: [`origin-us-east-1.${HOSTED_ZONE.zoneName}`, `app.${HOSTED_ZONE.zoneName}`] },
});

new IntegTest(app, 'RegionalService', { testCases: [stack], ...snapshotOnly(app, 'RegionalService') });
synthForIntegRunner(app);
