import { describeExample } from './example-suite';

describeExample('03-load-balanced.json', { stage: 'load-balanced', stacks: ['ScalePatternsZone',  'ScalePatternsPrimary'] });
