/**
 * The largest cost line of every example, recomputed by hand from the catalog's prices (not through the plan's
 * cost code), so a wrong formula or price cannot agree with itself.
 */
import { examplePlan } from '../support/examples';

const HOURS = 730;
const largest = (name: string) => [...examplePlan(name).costBreakdown].sort((a, b) => b.usd - a.usd)[0];

test.each([
  // 1,000 users × 20 requests a day ÷ 86,400 s × 3 = 0.69 QPS: one instance, held at one per AZ: 3 × m7g.large at $0.0816/h.
  ['01-single-server', 'compute', 3 * 0.0816 * HOURS],
  // 10,000 × 30 ÷ 86,400 × 3 = 10.4 QPS ÷ 250 (1,000 on the 8-vCPU reference × 2 ÷ 8): one, held at one per AZ.
  ['02-separate-db', 'compute', 3 * 0.0816 * HOURS],
  // One shard: a Multi-AZ writer (two instances) and one read replica on db.m7g.large at $0.168/h.
  ['03-load-balanced', 'database', (2 + 1) * 0.168 * HOURS],
  // CloudFront: 1 M × 50 ÷ 86,400 = 578.7 QPS × 20 KB × 30 days = 30,000 GB: 10,000 GB at $0.085 and 20,000 at
  // $0.080; plus 1.5 billion HTTPS requests at $0.01 per 10,000.
  ['04-cached', 'cdn', 10_000 * 0.085 + 20_000 * 0.08 + (1.5e9 / 10_000) * 0.01],
  // 10 M × 40 ÷ 86,400 = 4,629.6 QPS × 15 KB × 30 days = 180,000 GB: 10,000 × 0.085 + 40,000 × 0.080 + 100,000 × 0.060
  // + 30,000 × 0.040; plus 12 billion requests.
  ['05-sharded', 'cdn', 10_000 * 0.085 + 40_000 * 0.08 + 100_000 * 0.06 + 30_000 * 0.04 + (12e9 / 10_000) * 0.01],
  // 120 M × 30 ÷ 86,400 = 41,666.7 QPS × 10 KB × 30 days = 1,080,000 GB (1.08 PB): the five first bands, then 56,000 GB
  // at $0.025; plus 108 billion requests (at the first band's price this line would be $199,800).
  ['06-multi-region', 'cdn',
    10_000 * 0.085 + 40_000 * 0.08 + 100_000 * 0.06 + 350_000 * 0.04 + 524_000 * 0.03 + 56_000 * 0.025 + (108e9 / 10_000) * 0.01],
  // SQS: 1 M messages/s at peak, 333,333.3 on average (peak factor 3) × 2,592,000 s × 0.3 billed requests a message (send,
  // receive and delete in batches of 10 one-KB messages) = 259.2 billion; beyond the free million: 100 billion at $0.40
  // per million, 100 billion at $0.30, 59,199 million at $0.24.
  ['07-event-pipeline', 'queue', 100_000 * 0.4 + 100_000 * 0.3 + 59_199 * 0.24],
])('%s: its largest cost line, %s, equals the hand computation', (name, component, usd) => {
  const line = largest(name);
  expect(line.component).toBe(component);
  expect(line.usd).toBeCloseTo(usd, 1);
});
