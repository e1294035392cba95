/**
 * The database tier's sizing, in two steps: what the load needs (reads after the cache, writes, data, shards),
 * then what is built for the architecture's shard count (class, replicas, storage per database).
 *
 * Sizing basis: the guides' database figures (10,000 cached reads or 1,000 writes per second) describe a 64 GB
 * reference server; db.r7g.2xlarge (8 vCPU, 64 GiB) is the catalog's match. A class c carries the reference load
 * scaled by k(c) = min(vCPU ÷ 8, memory GiB ÷ 64) (CPU, and memory for the cached working set). Writes scale up
 * before they shard (the guides' advice): shards = max(1, ⌈data ÷ max bytes per shard⌉, ⌈writes ÷ the largest
 * class's write capacity⌉, ⌈reads ÷ (15 replicas × the largest class's read capacity)⌉). Each built database then
 * takes the cheapest class (writer Multi-AZ + its replicas) that carries its writes by CPU, keeps its replicas
 * within RDS's 15 per source, and reaches the connections (max_connections) where any class can; replicas use the
 * writer's class (RDS: "each read replica should have the same amount of compute and storage resources as the
 * source DB instance", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_MySQL.Replication.ReadReplicas.html).
 * Below the load-balanced stage no replica is built, so the writer's class carries the reads too.
 */
import { withoutFloatNoise } from '../format/numbers';
import type { Problem } from '../validation/problem';
import { GIB, maxConnections, RDS_INSTANCE_CLASSES, RDS_LIMITS, type RdsInstanceClass } from './catalog';
import type { DerivationLog } from './derivations';
import type { CachePlan, ComputePlan, DatabasePlan, PlanWarning, TrafficPlan } from './plan-types';
import { STAGES, type Stage, type Workload } from './workload';

/** The guides' reference database server: 8 vCPU, 64 GiB (db.r7g.2xlarge). */
/**
 * The replica staleness the plan accepts by sending reads to read replicas: the one budget the saturation alarm
 * (replica lag beyond it, 3 of 5 minutes, is a ticket) and `cdk-scale review` (lag beyond it is under-provisioned)
 * hold replicas to. RDS reports it as ReplicaLag, in seconds
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html).
 */
export const REPLICA_STALENESS_BUDGET_SECONDS = 30;

export const REFERENCE_DATABASE = { instanceClass: 'db.r7g.2xlarge', vcpu: 8, memoryGiB: 64 } as const;

/**
 * Share of an RDS instance's memory that caches data pages: MySQL's default innodb_buffer_pool_size is 3/4 of
 * DBInstanceClassMemory; PostgreSQL's shared_buffers (1/4) plus the OS page cache serve the same role
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html, the engines' default
 * parameter groups).
 */
export const DATABASE_BUFFER_MEMORY_SHARE = 0.75;

/** The guides' 80/20 rule: a fifth of the data takes most reads (the default of `database.workingSetFraction`). */
export const DEFAULT_WORKING_SET_FRACTION = 0.2;

/** The guides' sharding triggers. */
const SHARDING_TRIGGERS = { storageBytes: 1e12, databaseQps: 10_000, connections: 5_000 };

/** A class's capacity relative to the reference server: min(vCPU ÷ 8, memory ÷ 64 GiB). */
export function databaseCapacityScale(c: Pick<RdsInstanceClass, 'vcpu' | 'memoryGiB'>): number {
  return Math.min(c.vcpu / REFERENCE_DATABASE.vcpu, c.memoryGiB / REFERENCE_DATABASE.memoryGiB);
}

/** What the database load needs, before the architecture decides how many databases are built. */
export interface DatabaseNeeds {
  readonly engine: 'postgres' | 'mysql';
  readonly peakReadQpsAfterCache: number;
  readonly peakWriteQps: number;
  readonly storageBytes: number;
  readonly storageBytesWithRedundancy: number;
  /** Shards the load and the data need. */
  readonly shards: number;
  readonly connections: number;
  readonly connectionsPerInstance: number;
  /** Reads and writes one reference server carries per second. */
  readonly readQpsPerReference: number;
  readonly writeQpsPerReference: number;
  /** The classes this stage may use (burstable ones only below `load-balanced`), or the workload's one class. */
  readonly classes: readonly RdsInstanceClass[];
  /** The workload states its class AND its per-instance figures: they are that class's, not the reference's. */
  readonly figuresAreTheClasses: boolean;
  /** Share of the data its reads touch often. */
  readonly workingSetFraction: number;
}

export function planDatabaseNeeds(
  w: Workload, traffic: TrafficPlan, compute: ComputePlan, cache: CachePlan, stage: Stage, log: DerivationLog,
): DatabaseNeeds {
  const d = w.database ?? {};
  const engine = d.engine ?? 'postgres';
  const peakReadQpsAfterCache = cache.enabled
    ? log.record('database.peakReadQpsAfterCache', 'peak read QPS × (1 − cache hit rate)',
      { peakReadQps: traffic.peakReadQps, hitRate: cache.hitRate }, traffic.peakReadQps * withoutFloatNoise(1 - cache.hitRate), 'QPS')
    : log.record('database.peakReadQpsAfterCache', 'peak read QPS (no cache tier: the database takes every read)',
      { peakReadQps: traffic.peakReadQps }, traffic.peakReadQps, 'QPS');
  const peakWriteQps = traffic.peakWriteQps;
  const storageBytes = planStorage(w, traffic, log);
  const data = w.data ?? {};
  const storageBytesWithRedundancy = log.record('database.storageBytesWithRedundancy', 'storage × (replication factor + backup copies)',
    { storageBytes, replicationFactor: data.replicationFactor ?? 3, backupCopies: data.backupCopies ?? 2 },
    storageBytes * ((data.replicationFactor ?? 3) + (data.backupCopies ?? 2)), 'bytes');
  const readQpsPerReference = d.readQpsPerInstance ?? 10_000;
  const writeQpsPerReference = d.writeQpsPerInstance ?? 1000;
  const maxBytesPerShard = d.maxBytesPerShard ?? 1e12;
  // Burstable classes run on CPU credits: only below the load-balanced stage.
  const classes = d.instanceClass !== undefined
    ? RDS_INSTANCE_CLASSES.filter((c) => c.name === d.instanceClass)
    : RDS_INSTANCE_CLASSES.filter((c) => !c.burstable || STAGES.indexOf(stage) < STAGES.indexOf('load-balanced'));
  const figuresAreTheClasses = d.instanceClass !== undefined && (d.readQpsPerInstance !== undefined || d.writeQpsPerInstance !== undefined);
  const scale = (c: RdsInstanceClass) => (figuresAreTheClasses ? 1 : databaseCapacityScale(c));
  const largest = Math.max(...classes.map(scale));
  const shards = log.record('database.shards',
    'max(1, ⌈storage ÷ max bytes per shard⌉, ⌈peak writes ÷ (writes per reference server × largest class scale)⌉, ⌈reads after cache ÷ (15 replicas × reads per reference server × largest class scale)⌉)',
    { storageBytes, maxBytesPerShard, peakWriteQps, writeQpsPerReference, peakReadQpsAfterCache, readQpsPerReference, largestClassScale: largest },
    Math.max(1,
      Math.ceil(withoutFloatNoise(storageBytes / maxBytesPerShard)),
      Math.ceil(withoutFloatNoise(peakWriteQps / (writeQpsPerReference * largest))),
      Math.ceil(withoutFloatNoise(peakReadQpsAfterCache / (RDS_LIMITS.maxReadReplicasPerSource * readQpsPerReference * largest)))),
    'shards', 'writes scale up to the largest class before they shard (the guides\' advice)');
  const connectionsPerInstance = d.connectionsPerInstance ?? 20;
  const connections = log.record('database.connections', 'max web instances per region × connections per instance (each instance pools to every shard)',
    { maxInstances: compute.maxInstances, connectionsPerInstance }, compute.maxInstances * connectionsPerInstance, 'connections');
  return {
    engine, peakReadQpsAfterCache, peakWriteQps, storageBytes, storageBytesWithRedundancy, shards, connections, connectionsPerInstance,
    readQpsPerReference, writeQpsPerReference, classes, figuresAreTheClasses, workingSetFraction: d.workingSetFraction ?? DEFAULT_WORKING_SET_FRACTION,
  };
}

/** How the built databases are asked for. */
export interface BuiltDatabases {
  /** Databases (shards) built. */
  readonly shards: number;
  /** Whether read replicas are built (from `load-balanced` on, or by override); without them the writer takes the reads. */
  readonly replicasBuilt: boolean;
  /** The input path a refusal names when the built count cannot carry the load (`stage` or `architecture.databaseShards`). */
  readonly shardsPath: string;
  readonly shardsValue: unknown;
}

/** Sizes each built database: class, replicas, storage; refuses what RDS cannot build. */
export function planBuiltDatabase(
  needs: DatabaseNeeds, built: BuiltDatabases, log: DerivationLog, warnings: PlanWarning[], refusals: Problem[],
): DatabasePlan {
  const { engine, connections } = needs;
  const B = built.shards;
  const writesPerShard = needs.peakWriteQps / B;
  const readsPerShard = needs.peakReadQpsAfterCache / B;
  const workingSetBytesPerDatabase = log.record('database.workingSetBytesPerDatabase', 'storage ÷ built databases × working set fraction',
    { storageBytes: needs.storageBytes, databases: B, workingSetFraction: needs.workingSetFraction },
    withoutFloatNoise((needs.storageBytes / B) * needs.workingSetFraction), 'bytes',
    'the reference server\'s figures are cached reads: its memory holds the data they touch');
  const options = needs.classes.map((c) => {
    const k = needs.figuresAreTheClasses ? 1 : databaseCapacityScale(c);
    const writeCapacity = needs.writeQpsPerReference * k;
    const readCapacity = needs.readQpsPerReference * k;
    const replicas = built.replicasBuilt ? Math.ceil(withoutFloatNoise(readsPerShard / readCapacity)) : 0;
    // The writer's CPU share: its writes, plus the reads when no replica is built.
    const writerLoad = withoutFloatNoise(writesPerShard / writeCapacity + (built.replicasBuilt ? 0 : readsPerShard / readCapacity));
    const max = maxConnections(engine, c.memoryGiB);
    return {
      c, k, replicas, max,
      carries: writerLoad <= 1 && replicas <= RDS_LIMITS.maxReadReplicasPerSource,
      holdsWorkingSet: c.memoryGiB * GIB * DATABASE_BUFFER_MEMORY_SHARE >= workingSetBytesPerDatabase,
      // Per built database: a Multi-AZ writer (two instances) and its replicas.
      usdPerHour: c.usdPerHour * (2 + replicas),
    };
  });
  const cheapest = <T extends { usdPerHour: number; k: number }>(xs: T[]) => [...xs].sort((a, b) => a.usdPerHour - b.usdPerHour || b.k - a.k)[0];
  const carrying = options.filter((o) => o.carries);
  // Memory: the cheapest carrying class that holds the working set; if none does, the carrying class with the most
  // memory (scale up before sharding) and a warning. Then connections, where a class reaches them.
  const holding = carrying.filter((o) => o.holdsWorkingSet);
  const mostMemory = Math.max(...carrying.map((o) => o.c.memoryGiB));
  const memoryFit = holding.length > 0 ? holding : carrying.filter((o) => o.c.memoryGiB === mostMemory);
  const withConnections = memoryFit.filter((o) => o.max >= connections);
  const largest = [...options].sort((a, b) => b.k - a.k || a.usdPerHour - b.usdPerHour)[0];
  const chosen = cheapest(withConnections) ?? cheapest(memoryFit) ?? cheapest(carrying) ?? largest;
  const maxFormula = engine === 'postgres' ? 'LEAST(memory bytes ÷ 9,531,392, 5,000)' : 'memory bytes ÷ 12,582,880';
  log.record('database.instanceClass',
    `the cheapest class per built database (Multi-AZ writer + replicas) that carries its writes by CPU (writes ÷ (writes per reference server × scale) ≤ 1${built.replicasBuilt ? '' : ', plus the reads: no replica is built'}), keeps its replicas ≤ 15, holds the working set in ${DATABASE_BUFFER_MEMORY_SHARE * 100} % of its memory (else the most memory a carrying class has), and reaches the connections (max_connections = ${maxFormula}) where a class can; scale = min(vCPU ÷ 8, GiB ÷ 64)`,
    { writesPerDatabase: writesPerShard, readsPerDatabase: readsPerShard, workingSetBytesPerDatabase, memoryGiB: chosen.c.memoryGiB, scale: chosen.k, replicas: chosen.replicas, maxConnections: chosen.max, connections, usdPerHourPerDatabase: withoutFloatNoise(chosen.usdPerHour) },
    chosen.c.name, 'instance class');
  const readReplicasPerShard = log.record('database.readReplicasPerShard',
    built.replicasBuilt ? '⌈reads after cache ÷ built databases ÷ (reads per reference server × class scale)⌉' : 'none built below the load-balanced stage: the writer takes the reads',
    { peakReadQpsAfterCache: needs.peakReadQpsAfterCache, databases: B, readsPerReference: needs.readQpsPerReference, scale: chosen.k }, chosen.replicas, 'replicas');
  const readReplicas = log.record('database.readReplicas', 'replicas per built database × built databases',
    { readReplicasPerShard, databases: B }, readReplicasPerShard * B, 'replicas');

  if (!chosen.carries) {
    if (chosen.replicas > RDS_LIMITS.maxReadReplicasPerSource) {
      refusals.push({
        path: built.shardsPath,
        value: built.shardsValue,
        message:
          `builds ${B} database shard(s), each then needing ${chosen.replicas} read replicas even on ${chosen.c.name}; RDS allows ` +
          `${RDS_LIMITS.maxReadReplicasPerSource} per source (hard limit). Build the plan's ${needs.shards} shards ("stage": "sharded" ` +
          'or architecture.databaseShards), add or enlarge the cache (cache.hitRate), or raise database.readQpsPerInstance',
      });
    } else {
      warnings.push({
        code: 'STAGE_BUILDS_FEWER_SHARDS',
        message: `${B} database(s) on the largest class (${chosen.c.name}) cannot carry the load: the plan needs ${needs.shards} shards; set the workload's stage to "sharded" (or architecture.databaseShards) to build them.`,
      });
    }
  }

  const allocatedStorageGiB = log.record('database.allocatedStorageGiB', 'max(20, ⌈storage ÷ built databases ÷ 2³⁰⌉): each built database holds its share of the data',
    { storageBytes: needs.storageBytes, databases: B }, Math.max(RDS_LIMITS.minAllocatedStorageGiB, Math.ceil(needs.storageBytes / B / GIB)), 'GiB',
    'RDS gp3 volumes start at 20 GiB');
  if (allocatedStorageGiB > RDS_LIMITS.maxAllocatedStorageGiB) {
    refusals.push({
      path: built.shardsPath,
      value: built.shardsValue,
      message:
        `builds ${B} database(s) of ${allocatedStorageGiB.toLocaleString('en-US')} GiB each; an RDS volume holds at most ` +
        `${RDS_LIMITS.maxAllocatedStorageGiB.toLocaleString('en-US')} GiB (hard limit). Build the plan's ${needs.shards} shards ("stage": "sharded" or architecture.databaseShards)`,
    });
  }
  const maxAllocatedStorageGiB = log.record('database.maxAllocatedStorageGiB', 'min(65,536, allocated × 2): storage autoscaling ceiling',
    { allocatedStorageGiB }, Math.min(RDS_LIMITS.maxAllocatedStorageGiB, allocatedStorageGiB * 2), 'GiB');

  if (!chosen.holdsWorkingSet) {
    warnings.push({
      code: 'WORKING_SET_EXCEEDS_MEMORY',
      message: `each built database's working set (${(workingSetBytesPerDatabase / 1e9).toPrecision(3)} GB: ${needs.workingSetFraction * 100} % of its data) exceeds the buffer memory of ${chosen.c.name} (${DATABASE_BUFFER_MEMORY_SHARE * 100} % of ${chosen.c.memoryGiB} GiB): reads beyond it go to storage, slower than the plan's per-instance figures assume. Build more shards (a smaller database.maxBytesPerShard), or state the real share in database.workingSetFraction.`,
    });
  }
  const rdsProxyAdvised = connections > chosen.max;
  if (rdsProxyAdvised) {
    warnings.push({
      code: 'RDS_PROXY_ADVISED',
      message: `${connections} connections (web instances × ${needs.connectionsPerInstance}) exceed ${engine} max_connections ${chosen.max} on ${chosen.c.name}: put RDS Proxy in front to pool them.`,
    });
  }
  const databaseQps = needs.peakReadQpsAfterCache + needs.peakWriteQps;
  const triggers = [
    needs.storageBytes > SHARDING_TRIGGERS.storageBytes ? `data ${(needs.storageBytes / 1e12).toPrecision(3)} TB > 1 TB` : null,
    databaseQps > SHARDING_TRIGGERS.databaseQps ? `database QPS ${Math.round(databaseQps).toLocaleString('en-US')} > 10,000` : null,
    connections > SHARDING_TRIGGERS.connections ? `connections ${connections.toLocaleString('en-US')} > 5,000` : null,
  ].filter((x): x is string => x !== null);
  if (triggers.length > 0) {
    warnings.push({ code: 'CONSIDER_SHARDING', message: `Consider sharding: ${triggers.join('; ')} (the guides' triggers). The plan needs ${needs.shards} shard(s).` });
  }
  return {
    engine, instanceClass: chosen.c.name, peakReadQpsAfterCache: needs.peakReadQpsAfterCache, peakWriteQps: needs.peakWriteQps,
    readReplicas, readReplicasPerShard, shards: needs.shards, storageBytes: needs.storageBytes,
    storageBytesWithRedundancy: needs.storageBytesWithRedundancy, allocatedStorageGiB, maxAllocatedStorageGiB, connections,
    maxConnectionsPerInstance: chosen.max, rdsProxyAdvised, workingSetBytesPerDatabase, workingSetFitsMemory: chosen.holdsWorkingSet,
  };
}

function planStorage(w: Workload, traffic: TrafficPlan, log: DerivationLog): number {
  const data = w.data;
  if (!data || (data.bytesPerUser === undefined && data.bytesPerUserPerDay === undefined)) {
    return log.record('database.storageBytes', 'no data section: nothing to size', {}, 0, 'bytes');
  }
  const users = data.users ?? w.traffic.users ?? w.traffic.dailyActiveUsers ?? traffic.dailyActiveUsers;
  const once = data.bytesPerUser !== undefined ? users * data.bytesPerUser : 0;
  const daily = data.bytesPerUserPerDay !== undefined ? users * data.bytesPerUserPerDay * data.retentionDays! : 0;
  return log.record('database.storageBytes', 'users × bytes per user + users × bytes per user per day × retention days',
    { users, bytesPerUser: data.bytesPerUser ?? 0, bytesPerUserPerDay: data.bytesPerUserPerDay ?? 0, retentionDays: data.retentionDays ?? 0 },
    once + daily, 'bytes');
}
