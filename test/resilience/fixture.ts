/** The tiers of one region built from a plan (cdk-nag on), for the resilience constructs' tests to watch or break. */
import { Cache } from '../../lib/cache';
import type { CapacityPlan } from '../../lib/capacity';
import { Database } from '../../lib/database';
import { Network } from '../../lib/network';
import { WebTier } from '../../lib/web';
import { newTestApp, TestStack } from '../support/app';

/** Network, WebTier, one Database (with `readReplicas`, default the plan's) and a Cache in a TestStack. */
export function regionalTiers(plan: CapacityPlan, options: { readonly readReplicas?: number } = {}) {
  const app = newTestApp({ nag: true });
  const stack = new TestStack(app);
  const network = new Network(stack, 'Network', { plan });
  const web = new WebTier(stack, 'Web', { network, plan });
  const db = new Database(stack, 'Database', { vpc: network.vpc, plan, readReplicas: options.readReplicas, clients: [web] });
  const cache = new Cache(stack, 'Cache', { vpc: network.vpc, plan, clients: [web] });
  return { app, stack, network, web, db, cache };
}
