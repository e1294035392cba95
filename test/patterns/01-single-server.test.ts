import { describeExample, loadExample } from './example-suite';

describeExample('01-single-server.json', { stacks: ['ScalePatternsZone', 'ScalePatternsPrimary'], snapshot: true });

test('01-single-server.json plans at the single-server stage', () => {
  expect(loadExample('01-single-server.json').stage).toBe('single-server');
});
