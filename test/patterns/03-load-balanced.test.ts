import { describeExample, loadExample } from './example-suite';

describeExample('03-load-balanced.json', { stacks: ['ScalePatternsZone', 'ScalePatternsPrimary'] });

test('03-load-balanced.json plans at the load-balanced stage', () => {
  expect(loadExample('03-load-balanced.json').stage).toBe('load-balanced');
});
