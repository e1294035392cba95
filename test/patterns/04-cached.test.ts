import { describeExample } from './example-suite';

describeExample('04-cached.json', { stage: 'cached', stacks: ['ScalePatternsZone',  'ScalePatternsPrimary',  'ScalePatternsEdge'], snapshot: true });
