/**
 * `@gantry/parallel` — data-parallel training on all cores of one machine (Node
 * `worker_threads`): replicas with their own backend instances average gradients
 * through shared memory every step, so their weights stay bit-identical; batch norm
 * synchronised across replicas or per replica; the next batch built on a data thread
 * while the step runs.
 *
 * @packageDocumentation
 */
export { createParallelGan } from './parallel-gan.js';
export type { ParallelGan, ParallelGanOptions, ReplicaStats } from './parallel-gan.js';
export { STAT_FIELDS } from './protocol.js';
export type { StatField } from './protocol.js';
export { resolveWorkers, AUTO_MAX_WORKERS, AUTO_MIN_WORK } from './workers-option.js';
export { SharedCollective, ParallelError, createCollectiveBuffer, DEFAULT_CAPACITY } from './shared-collective.js';
export type { AbortReason, CollectiveStats, SharedCollectiveOptions } from './shared-collective.js';
export { PrefetchingDataset } from './prefetch.js';
export type { BatchReply, BatchRequest, PlainTensor, PrefetchLink, PrefetchStats } from './prefetch.js';
export { loadPluginModules } from './plugin-modules.js';
export type { PluginModule } from './plugin-modules.js';
export { weightsFingerprint } from './fingerprint.js';
export { spawnModuleWorker } from './spawn.js';
export { cpuTimeIsPerThread, threadCpuMs } from './cpu-time.js';
