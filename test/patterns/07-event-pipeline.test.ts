import { describeExample, loadExample } from './example-suite';

describeExample('07-event-pipeline.json', { stacks: ['ScalePatternsZone', 'ScalePatternsPrimary', 'ScalePatternsEdge'] });

test('07-event-pipeline.json plans the guides\' consumer example: 1 M messages/s at 10,000 per worker → 100 workers, and an event log', () => {
  const plan = loadExample('07-event-pipeline.json');
  expect(plan.stage).toBe('cached');
  expect(plan.async!.workersForPeak).toBe(100);
  expect(plan.architecture).toMatchObject({ queue: true, eventLog: true });
  // Partitions for the consumers counted on m7g.large (the smallest size the plan may pick): 1 M ÷ 2,500 = 400 for
  // peak, 600 surviving an AZ loss (600 − ⌈600 ÷ 3⌉ = 400); more than ⌈1 GB/s ÷ 5 MB/s⌉ = 200.
  expect(plan.async!.eventLog).toMatchObject({ brokers: 21, brokerType: 'kafka.m7g.4xlarge', partitions: 600 });
});
