import type { GanSpec, TrainingState } from '@gantry/core';
import type { MessagePort } from 'node:worker_threads';
import type { PluginModule } from './plugin-modules.js';

/** What a replica worker is started with. */
export interface ReplicaWorkerData {
  readonly rank: number;
  readonly size: number;
  /** The collective's shared memory. */
  readonly buffer: SharedArrayBuffer;
  /** Per-replica statistics (Float64, {@link STAT_FIELDS} per replica). */
  readonly statsBuffer: SharedArrayBuffer;
  /** The run's spec, plain data (the data reference is rebuilt in the worker). */
  readonly spec: GanSpec;
  readonly plugins: readonly PluginModule[];
  /** Base for resolving `plugins` (see `loadPluginModules`). */
  readonly resolveFrom: string;
  /** The tfjs backend to select (the main thread's). */
  readonly backend: string;
  readonly syncBatchNorm: boolean;
  readonly timeoutMs: number;
  /** Where the worker posts its error before aborting the group (read synchronously by rank 0). */
  readonly errorPort: MessagePort;
  /** Prefetch: this replica's port to the data thread and the signal words. */
  readonly data?: { readonly port: MessagePort; readonly signal: SharedArrayBuffer };
}

/** Main thread → replica worker. */
export type ToReplica =
  | { readonly type: 'step'; readonly step: number }
  | { readonly type: 'restore'; readonly state: TrainingState }
  | { readonly type: 'state' }
  | { readonly type: 'close' };

/** Replica worker → main thread. */
export type FromReplica =
  | { readonly type: 'ready'; readonly fingerprint: string }
  | { readonly type: 'restored'; readonly fingerprint: string }
  | { readonly type: 'state'; readonly state: TrainingState }
  | { readonly type: 'error'; readonly message: string; readonly stack?: string }
  | { readonly type: 'closed' };

/** Replica statistics kept in shared memory (Float64 each), so rank 0 can read them at any time. */
export const STAT_FIELDS = [
  'steps',
  'stepMs',
  'stepCpuMs',
  'tensors',
  'collectiveMs',
  'collectiveWaitMs',
  'collectiveCalls',
  'dataHits',
  'dataWaits',
  'dataMisses',
  'dataWaitMs',
  'dataWrapMs',
  'dataBuildMs',
  'dataBackgroundMs',
] as const;
/** The name of one per-replica counter a worker reports each step (CPU time, waits, data-thread hits). */
export type StatField = (typeof STAT_FIELDS)[number];
