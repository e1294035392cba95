import { describeExample, loadExample } from './example-suite';

describeExample('02-separate-db.json', { stacks: ['ScalePatternsZone', 'ScalePatternsPrimary'] });

test('02-separate-db.json plans at the separate-db stage', () => {
  expect(loadExample('02-separate-db.json').stage).toBe('separate-db');
});
