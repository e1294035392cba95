import { describeExample } from './example-suite';

describeExample('05-sharded.json', { stage: 'sharded', stacks: ['ScalePatternsZone',  'ScalePatternsPrimary',  'ScalePatternsEdge'] });
