/** Renders a plan for people (aligned table, markdown for a pull request) and machines (JSON). */
import { alignTable, formatBandwidth, formatBytes, formatCount, formatNumber, formatPercent, formatRate, formatUsd, formatWindow } from '../format';
import type { CapacityPlan, Derivation } from './plan-types';

export type PlanFormat = 'table' | 'markdown' | 'json';
export const PLAN_FORMATS: readonly PlanFormat[] = ['table', 'markdown', 'json'];

interface Row {
  readonly section: string;
  readonly label: string;
  readonly value: string;
}

/** The plan's headline numbers, humanised, in reading order. */
export function planRows(plan: CapacityPlan): Row[] {
  const { traffic: t, compute: c, database: d, cache: k, loadBalancing: lb, slo, topology, architecture: built } = plan;
  const rows: Row[] = [];
  const add = (section: string, label: string, value: string) => rows.push({ section, label, value });

  add('Workload', 'stage', `${plan.stage}${plan.stageSource === 'workload' ? ' (set by the workload)' : ''}`);
  add('Workload', 'daily active users', formatCount(t.dailyActiveUsers));
  add('Workload', 'regions', `${topology.regions.join(', ')} (${topology.mode}, ${topology.regionCapacity}), ${topology.availabilityZones} AZs each`);
  add('Traffic', 'average', `${formatRate(t.averageQps)} QPS`);
  add('Traffic', 'peak', `${formatRate(t.peakQps)} QPS (${formatRate(t.peakReadQps)} reads, ${formatRate(t.peakWriteQps)} writes)`);
  add('Traffic', 'peak egress', `${formatBandwidth(t.peakEgressBytesPerSecond)}; provision ${formatBandwidth(t.provisionedEgressBytesPerSecond)}`);
  add('Traffic', 'origin egress', formatBandwidth(t.originEgressBytesPerSecond));
  add('Compute', 'instance type', `${c.instanceType} (${c.architecture})`);
  add('Compute', 'for peak', `${formatCount(c.instancesForPeak)} instances at ${formatCount(c.requestsPerInstancePerSecond)} QPS each`);
  const headroom = typeof c.headroom === 'string' ? c.headroom : `+${formatPercent(c.headroom.bufferFraction)} buffer`;
  add('Compute', 'per region', `${formatCount(c.maxInstances)} at peak (${headroom}: ${formatCount(c.instancesPerRegion)}${c.maxInstances > c.instancesPerRegion ? ', raised to one per zone or the average\'s need' : ''}); ${formatCount(c.maxInstances * topology.regions.length)} in all`);
  add('Compute', 'auto scaling', `min ${formatCount(c.minInstances)}, max ${formatCount(c.maxInstances)}, target ${formatCount(c.targetRequestsPerInstancePerMinute)} requests/instance/min`);
  add('Database', 'engine and class', `${d.engine} ${d.instanceClass} (max_connections ${formatCount(d.maxConnectionsPerInstance)})`);
  add('Database', 'reads after cache', `${formatRate(d.peakReadQpsAfterCache)} QPS → ${d.readReplicas} read replica(s) needed`);
  add('Database', 'writes and data', `${formatRate(d.peakWriteQps)} QPS → ${d.shards} shard(s) needed`);
  add('Database', 'built', `${built.databaseShards} shard(s), each a Multi-AZ writer + ${built.readReplicasPerShard} read replica(s)${topology.regions.length > 1 ? `, + 1 cross-region replica per shard in each other region` : ''}`);
  add('Database', 'storage', `${formatBytes(d.storageBytes)} (${formatBytes(d.storageBytesWithRedundancy)} with redundancy); ${formatCount(d.allocatedStorageGiB)} GiB gp3 per shard, autoscaling to ${formatCount(d.maxAllocatedStorageGiB)}`);
  if (d.workingSetBytesPerDatabase > 0) {
    add('Database', 'working set', `${formatBytes(d.workingSetBytesPerDatabase)} per shard, ${d.workingSetFitsMemory ? 'held' : 'NOT held'} in the class's buffer memory`);
  }
  add('Database', 'connections', `${formatCount(d.connections)}${d.rdsProxyAdvised ? ' → RDS Proxy advised' : ''}`);
  add('Cache', 'tier', k.enabled
    ? `${formatBytes(k.memoryBytes)} on ${k.shards} × ${k.nodeType} shard(s), ${k.replicasPerShard} replica(s) each; ${formatCount(k.peakOpsPerSecond)} ops/s`
    : 'none (below the cached stage, or architecture.cache false)');
  add('Edge', 'CloudFront + WAF', built.edge ? 'built in front of the regional ALBs' : 'not built (below the cached stage, or architecture.edge false)');
  rows.push(...asyncRows(plan));
  add('Load balancing', 'rule of thumb', `${lb.loadBalancersPerRegion} per region, ${lb.loadBalancersTotal} in all (one ALB per region is built)`);
  add('Load balancing', 'ALB capacity', `${formatNumber(lb.estimatedLcu, 1)} LCU at peak per region${lb.recommendedLcuReservation !== null ? `; reserve ${formatCount(lb.recommendedLcuReservation)} LCU` : ''}`);
  add('SLO', 'target', `${formatPercent(slo.availability)} over ${slo.periodDays} days = ${formatNumber(slo.errorBudgetMinutes)} min of error budget`);
  for (const tier of slo.burnRateTiers) {
    add('SLO', tier.name, `burn ${formatNumber(tier.burnRate, 4)}× over ${formatWindow(tier.longWindowMinutes)} and ${formatWindow(tier.shortWindowMinutes)}: error ratio > ${tier.errorRatioThreshold}${tier.canFire ? '' : ' (can never fire)'}`);
  }
  addDisasterRecoveryRows(plan, add);
  for (const line of plan.costBreakdown) add('Monthly cost', line.component, formatUsd(line.usd));
  add('Monthly cost', 'total', `${formatUsd(plan.monthlyCostUsd)}/month (us-east-1 on-demand, prices of ${plan.pricesAsOf})`);
  return rows;
}

/** The plan's disaster-recovery rows (the workload's `dr` section; lib/capacity/dr.ts). */
function addDisasterRecoveryRows(plan: CapacityPlan, add: (section: string, label: string, value: string) => void): void {
  const { dr } = plan;
  const targets = [dr.rpoSeconds !== null ? `RPO ${formatSeconds(dr.rpoSeconds)}` : '', dr.rtoSeconds !== null ? `RTO ${formatSeconds(dr.rtoSeconds)}` : '']
    .filter(Boolean).join(', ');
  if (targets) add('Disaster recovery', 'targets', `${targets} → ${dr.requiredStrategy ?? 'no strategy built here is fast enough'}${dr.meetsTargets ? ' (met)' : ' (NOT met: see the warning)'}`);
  add('Disaster recovery', 'built', dr.strategy === null
    ? 'none beyond the region (one region, no dr.backupRegion)'
    : `${dr.strategy}, recovers writes in ~${formatSeconds(dr.estimatedRtoSeconds!)} (estimate)`);
  const b = dr.backup;
  add('Disaster recovery', 'backups', b.copyRegion === null
    ? 'RDS automated backups in the region only'
    : `AWS Backup every ${b.intervalHours} h, copied to ${b.copyRegion}, kept ${b.retentionDays} days (a copy is at most ${formatSeconds(b.worstCaseRpoSeconds)} old)`);
}

function formatSeconds(s: number): string {
  return s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

/** The async tier's rows: none without a message rate. */
function asyncRows(plan: CapacityPlan): Row[] {
  const a = plan.async;
  if (!a) return [];
  const built = plan.architecture;
  const regions = plan.topology.regions.length;
  const q = a.queue;
  const row = (label: string, value: string): Row => ({ section: 'Async', label, value });
  const rows = [
    row('messages', `${formatRate(a.peakMessagesPerSecond)}/s at peak (${formatRate(a.averageMessagesPerSecond)}/s average), ${formatBytes(a.messageBytes)} each`),
    row('workers', `${a.workerInstanceType} (${a.workerArchitecture}) at ${formatRate(a.messagesPerWorkerPerSecond)} messages/s each: ${formatCount(a.workersForPeak)} for peak, ${formatCount(a.maxWorkers)} per region; ${formatCount(a.maxWorkers * regions)} in all`),
    row('auto scaling', `min ${formatCount(a.minWorkers)}, max ${formatCount(a.maxWorkers)}, target backlog ${formatNumber(a.backlogPerWorkerTarget)} messages/worker (${formatNumber(a.maxBacklogSeconds)} s ÷ ${formatNumber(a.processingSeconds, 6)} s per message)`),
    row('queue', built.queue
      ? `SQS + dead-letter queue (${q.maxReceiveCount} receives), visibility ${formatNumber(q.visibilityTimeoutSeconds)} s, retention ${formatNumber(q.retentionSeconds / 86_400)} d; ~${formatCount(q.peakInFlightMessages)} in flight at peak; ${formatCount(q.monthlyRequests / 1e6)} M requests/month`
      : 'not built (below the cached stage, or architecture.queue false)'),
  ];
  const e = a.eventLog;
  rows.push(row('event log', e
    ? `${e.brokers} × ${e.brokerType} across ${e.brokerAvailabilityZones} AZs (guides: ${e.brokersByGuides}), ${formatCount(e.partitions)} partitions, RF ${e.replicationFactor} / min ISR ${e.minInSyncReplicas}, ${formatCount(e.storageGiBPerBroker)} GiB per broker (${formatNumber(e.retentionHours / 24)} d)`
    : 'not built (below the multi-region stage, or async.eventLog false)'));
  return rows;
}

export function renderPlan(plan: CapacityPlan, format: PlanFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(plan, null, 2);
    case 'markdown':
      return renderMarkdown(plan);
    case 'table':
      return renderTable(plan);
  }
}

function title(plan: CapacityPlan): string {
  return `Capacity plan${plan.name ? `: ${plan.name}` : ''}`;
}

function renderTable(plan: CapacityPlan): string {
  const rows = planRows(plan);
  const table = alignTable(rows.map((r, i) => [i > 0 && rows[i - 1].section === r.section ? '' : r.section, r.label, r.value]));
  const warnings = plan.warnings.length === 0 ? '' : `\n\nWarnings:\n${plan.warnings.map((w) => `  ${w.code}: ${w.message}`).join('\n')}`;
  return `${title(plan)}\n\n${table}${warnings}\n`;
}

function renderMarkdown(plan: CapacityPlan): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [`## ${title(plan)}`, '', '| | | |', '|---|---|---|'];
  for (const r of planRows(plan)) lines.push(`| ${r.section} | ${escape(r.label)} | ${escape(r.value)} |`);
  if (plan.warnings.length > 0) {
    lines.push('', '### Warnings', '');
    for (const w of plan.warnings) lines.push(`- **${w.code}**: ${escape(w.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Renders every derivation as a worked example a person can check by hand. */
export function explain(plan: CapacityPlan): string {
  const blocks = plan.derivations.map((d, i) => renderDerivation(d, i + 1));
  return `How the plan was computed${plan.name ? ` (${plan.name})` : ''}\n\n${blocks.join('\n\n')}\n`;
}

function renderDerivation(d: Derivation, n: number): string {
  const inputs = Object.entries(d.inputs).map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v, 6) : v}`);
  const result = typeof d.result === 'number' ? formatNumber(d.result, 6) : d.result;
  return [
    `${n}. ${d.field}`,
    `   = ${d.formula}`,
    ...(inputs.length > 0 ? [`   with ${inputs.join(', ')}`] : []),
    `   = ${result} ${d.unit}`,
    ...(d.note ? [`   (${d.note})`] : []),
  ].join('\n');
}
