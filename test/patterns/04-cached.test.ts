import { describeExample, loadExample } from './example-suite';

describeExample('04-cached.json', { stacks: ['ScalePatternsZone', 'ScalePatternsPrimary', 'ScalePatternsEdge'], snapshot: true });

test('04-cached.json plans at the cached stage', () => {
  expect(loadExample('04-cached.json').stage).toBe('cached');
});
