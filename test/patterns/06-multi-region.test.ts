import { describeExample } from './example-suite';

describeExample('06-multi-region.json', { stage: 'multi-region', stacks: ['ScalePatternsZone',  'ScalePatternsPrimary',  'ScalePatternsSecondary',  'ScalePatternsEdge'], snapshot: true });
