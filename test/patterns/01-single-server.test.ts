import { describeExample } from './example-suite';

describeExample('01-single-server.json', { stage: 'single-server', stacks: ['ScalePatternsZone', 'ScalePatternsPrimary'], snapshot: true });
