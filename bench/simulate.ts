/**
 * Prints the alarm simulator's table for the canonical SLO scenarios (99.9 % over 30 days, the Workbook's
 * tiers): time to detect against the theoretical minimum for the windows and 1-minute metrics, budget used,
 * time to reset. Run: `npx tsx bench/simulate.ts`.
 */
import { renderCanonicalScenarios } from '../lib/slo';

console.log(renderCanonicalScenarios());
