/**
 * The web tier's sizing: instance type, per-instance capacity, fleet with headroom, scaling targets.
 *
 * Sizing basis: the guides' per-server figures (10,000 simple / 5,000 CPU-bound / 1,000 complex QPS) describe a
 * reference server of 8 cores and 32 GB. A figure is applied to an instance of the size it describes, or scaled by
 * vCPU against that reference:
 * - a workload that states its per-server figure AND its instance type states that server's capacity: used as is
 *   (the guides' arithmetic, 300,000 ÷ 10,000 = 30 servers, holds exactly);
 * - otherwise the figure (stated or the default) describes the reference server, and an instance of v vCPUs
 *   carries figure × v ÷ 8. Without a type, the plan picks the size of the reference family (m7g: 4 GiB per vCPU,
 *   the reference's ratio) with the lowest monthly cost for the fleet it needs, so small fleets held at one
 *   instance per zone take small instances, and larger fleets the reference size (cost ties go to it).
 */
import { withoutFloatNoise } from '../format/numbers';
import { EC2_INSTANCE_TYPES, findEc2InstanceType, HOURS_PER_MONTH, type Ec2InstanceType } from './catalog';
import type { DerivationLog } from './derivations';
import type { ComputePlan, TopologyPlan, TrafficPlan } from './plan-types';
import type { Workload } from './workload';

/** The guides' reference web server: 8 cores, 32 GB. */
export const REFERENCE_WEB_SERVER = { vcpu: 8, memoryGiB: 32 } as const;
/** The family the plan sizes in when no type is given: m7g has the reference's 4 GiB per vCPU. */
export const DEFAULT_WEB_FAMILY = 'm7g';
/** The guides' default per-server figure: a database-backed request path on the reference server. */
export const DEFAULT_REQUESTS_PER_REFERENCE_SERVER = 1000;

/** The peak share one region must carry: all of it (`full`), or peak ÷ (R − 1) (`survive-region-loss`). */
export function regionalShare(qps: number, topology: TopologyPlan): number {
  const r = topology.regions.length;
  return topology.regionCapacity === 'survive-region-loss' ? qps / (r - 1) : qps;
}

/**
 * Smallest N such that losing the zone with the most instances (⌈N ÷ A⌉ of them, as an ASG balances)
 * leaves N − ⌈N ÷ A⌉ ≥ need. Closed form: N − ⌈N ÷ A⌉ = ⌊N·(A − 1) ÷ A⌋ ≥ need ⇔ N ≥ need·A ÷ (A − 1),
 * so N = ⌈need·A ÷ (A − 1)⌉ = need + ⌈need ÷ (A − 1)⌉ (integer arithmetic: exact for any count ≤ 2⁵³ ÷ A).
 */
export function surviveAzLossCount(need: number, zones: number): number {
  if (need <= 0) return 0;
  return need + Math.ceil(need / (zones - 1));
}

/** The fleet one region runs for a per-instance capacity. */
interface Fleet {
  readonly instancesForPeak: number;
  readonly instancesPerRegion: number;
  readonly averageNeed: number;
  readonly minInstances: number;
  readonly maxInstances: number;
}

export function planCompute(w: Workload, traffic: TrafficPlan, topology: TopologyPlan, log: DerivationLog): ComputePlan {
  const c = w.compute ?? {};
  const figure = c.requestsPerInstancePerSecond ?? DEFAULT_REQUESTS_PER_REFERENCE_SERVER;
  const headroom = c.headroom ?? 'survive-az-loss';
  const zones = topology.availabilityZones;
  const regions = topology.regions.length;
  const regionPeakQps = regionalShare(traffic.peakQps, topology);
  // In active-active every region normally carries its share of the average; in active-passive the primary carries all.
  const regionAverageQps = topology.mode === 'active-active' ? traffic.averageQps / regions : traffic.averageQps;

  const applyHeadroom = (need: number): number =>
    headroom === 'survive-az-loss' ? surviveAzLossCount(need, zones) : Math.ceil(withoutFloatNoise(need * (1 + headroom.bufferFraction)));
  const fleetFor = (perInstance: number): Fleet => {
    const instancesForPeak = Math.ceil(withoutFloatNoise(regionPeakQps / perInstance));
    const instancesPerRegion = applyHeadroom(instancesForPeak);
    const averageNeed = Math.ceil(withoutFloatNoise(regionAverageQps / perInstance));
    const minInstances = Math.max(applyHeadroom(averageNeed), zones);
    return { instancesForPeak, instancesPerRegion, averageNeed, minInstances, maxInstances: Math.max(instancesPerRegion, minInstances) };
  };
  const scaled = (t: Ec2InstanceType) => withoutFloatNoise((figure * t.vcpu) / REFERENCE_WEB_SERVER.vcpu);

  let type: Ec2InstanceType;
  let perInstance: number;
  if (c.instanceType !== undefined && c.requestsPerInstancePerSecond !== undefined) {
    type = findEc2InstanceType(c.instanceType)!;
    log.record('compute.instanceType', 'given', { vcpu: type.vcpu, memoryGiB: type.memoryGiB, usdPerHour: type.usdPerHour }, type.name, 'instance type');
    perInstance = log.record('compute.requestsPerInstancePerSecond', 'given, for the given instance type (the workload states its server\'s figure)',
      { requestsPerInstancePerSecond: figure }, figure, 'QPS');
  } else {
    if (c.instanceType !== undefined) {
      type = findEc2InstanceType(c.instanceType)!;
      log.record('compute.instanceType', 'given', { vcpu: type.vcpu, memoryGiB: type.memoryGiB, usdPerHour: type.usdPerHour }, type.name, 'instance type');
    } else {
      // Every size of the reference family, costed for the fleet it needs; ties go to the reference size, then the larger.
      const options = EC2_INSTANCE_TYPES.filter((t) => t.name.startsWith(`${DEFAULT_WEB_FAMILY}.`)).map((t) => ({
        t, monthlyUsd: fleetFor(scaled(t)).maxInstances * t.usdPerHour * HOURS_PER_MONTH,
      }));
      const best = [...options].sort((a, b) =>
        withoutFloatNoise(a.monthlyUsd - b.monthlyUsd) ||
        Number(b.t.vcpu === REFERENCE_WEB_SERVER.vcpu) - Number(a.t.vcpu === REFERENCE_WEB_SERVER.vcpu) ||
        b.t.vcpu - a.t.vcpu)[0];
      type = best.t;
      log.record('compute.instanceType',
        `the ${DEFAULT_WEB_FAMILY} size (4 GiB per vCPU, the reference server's ratio) with the lowest monthly cost of the Auto Scaling maximum it needs (ties: the 8-vCPU reference size)`,
        Object.fromEntries(options.map((o) => [o.t.name, Math.round(o.monthlyUsd)])), type.name, 'instance type');
    }
    perInstance = log.record('compute.requestsPerInstancePerSecond',
      'per-server figure × vCPU ÷ 8 (the guides\' figures describe an 8-core, 32 GB server)',
      { figureForReferenceServer: figure, vcpu: type.vcpu, referenceVcpu: REFERENCE_WEB_SERVER.vcpu }, scaled(type), 'QPS');
  }

  const fleet = fleetFor(perInstance);
  const instancesForPeak = log.record('compute.instancesForPeak',
    topology.regionCapacity === 'survive-region-loss' ? '⌈(peak QPS ÷ (regions − 1)) ÷ requests per instance⌉' : '⌈peak QPS ÷ requests per instance⌉',
    { peakQps: traffic.peakQps, regions, requestsPerInstancePerSecond: perInstance }, fleet.instancesForPeak, 'instances');
  const headroomInputs: Record<string, number> = headroom === 'survive-az-loss' ? { zones } : { bufferFraction: headroom.bufferFraction };
  const instancesPerRegion = log.record('compute.instancesPerRegion',
    headroom === 'survive-az-loss' ? 'need + ⌈need ÷ (zones − 1)⌉: the smallest N with N − ⌈N ÷ zones⌉ ≥ need (survives losing the fullest zone)' : '⌈need × (1 + buffer fraction)⌉',
    { need: instancesForPeak, ...headroomInputs }, fleet.instancesPerRegion, 'instances');
  const instancesTotal = log.record('compute.instancesTotal', 'instances per region × regions',
    { instancesPerRegion, regions }, instancesPerRegion * regions, 'instances');
  const minInstances = log.record('compute.minInstances',
    `max(${headroom === 'survive-az-loss' ? 'survive-az-loss' : 'buffer'} headroom on ⌈regional average QPS ÷ requests per instance⌉, zones)`,
    { regionAverageQps, requestsPerInstancePerSecond: perInstance, averageNeed: fleet.averageNeed, ...headroomInputs, zones },
    fleet.minInstances, 'instances', 'at least one instance per zone');
  const maxInstances = log.record('compute.maxInstances', 'max(instances per region, min instances)',
    { instancesPerRegion, minInstances }, fleet.maxInstances, 'instances');
  const targetUtilization = c.targetUtilization ?? 0.7;
  const targetRequestsPerInstancePerMinute = log.record('compute.targetRequestsPerInstancePerMinute',
    'requests per instance per second × 60 × target utilization',
    { requestsPerInstancePerSecond: perInstance, targetUtilization }, withoutFloatNoise(perInstance * 60 * targetUtilization), 'requests/min');

  return {
    instanceType: type.name,
    architecture: type.architecture,
    requestsPerInstancePerSecond: perInstance,
    instancesForPeak,
    instancesPerRegion,
    instancesTotal,
    minInstances,
    maxInstances,
    targetRequestsPerInstancePerMinute,
    targetUtilization,
    cpuTargetUtilizationPercent: log.record('compute.cpuTargetUtilizationPercent', 'target utilization × 100',
      { targetUtilization }, withoutFloatNoise(targetUtilization * 100), '%'),
    headroom,
  };
}
