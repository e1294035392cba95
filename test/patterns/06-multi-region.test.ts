import { describeExample, loadExample } from './example-suite';

describeExample('06-multi-region.json', {
  stacks: ['ScalePatternsZone', 'ScalePatternsBackup', 'ScalePatternsPrimary', 'ScalePatternsSecondary', 'ScalePatternsEdge', 'ScalePatternsDns'],
  snapshot: true,
  failoverPath: true,
});

test('06-multi-region.json plans at the multi-region stage', () => {
  expect(loadExample('06-multi-region.json').stage).toBe('multi-region');
});
