import { describeExample, loadExample } from './example-suite';

describeExample('05-sharded.json', { stacks: ['ScalePatternsZone', 'ScalePatternsPrimary', 'ScalePatternsEdge'] });

test('05-sharded.json plans at the sharded stage', () => {
  expect(loadExample('05-sharded.json').stage).toBe('sharded');
});
