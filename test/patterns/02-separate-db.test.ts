import { describeExample } from './example-suite';

describeExample('02-separate-db.json', { stage: 'separate-db', stacks: ['ScalePatternsZone',  'ScalePatternsPrimary'] });
