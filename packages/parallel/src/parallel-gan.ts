import * as tf from '@tensorflow/tfjs-core';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import {
  ConfigError,
  deriveSeed,
  resolveTrainerOptions,
  type Callback,
  type Collective,
  type CreateGanOptions,
  type Gan,
  type GanSpec,
  type TrainingState,
} from '@gantry/core';
import { weightsFingerprint } from './fingerprint.js';
import { loadPluginModules, type PluginModule } from './plugin-modules.js';
import type { PrefetchingDataset } from './prefetch.js';
import { STAT_FIELDS, type FromReplica, type ReplicaWorkerData, type StatField, type ToReplica } from './protocol.js';
import { assertPlainSpec, buildReplica } from './replica.js';
import { createCollectiveBuffer, DEFAULT_CAPACITY, ParallelError, SharedCollective } from './shared-collective.js';
import { spawnModuleWorker } from './spawn.js';
import { resolveWorkers } from './workers-option.js';

/** Options of {@link createParallelGan}. */
export interface ParallelGanOptions extends Omit<CreateGanOptions, 'plugins' | 'collective'> {
  /**
   * Replicas (threads) training together, this one included; 1 trains on this thread
   * only. `'auto'` (see {@link resolveWorkers}): one per core on wasm/cpu when the model
   * is big enough to gain from it, else 1.
   */
  readonly workers: number | 'auto';
  /** Modules exporting the run's plugins (every thread imports them): URLs, paths or package names. */
  readonly plugins: readonly PluginModule[];
  /**
   * Where paths and package names in `plugins` are resolved from (a file or a directory
   * ending in '/', path or file URL). Default: the working directory.
   */
  readonly resolveFrom?: string;
  /** tfjs backend of the worker threads. Default: this thread's (`tf.getBackend()`, select it first). */
  readonly backend?: string;
  /**
   * Synchronised batch norm: statistics of the global batch (one small exchange per BN
   * layer and pass) rather than of each replica's shard. Default true.
   */
  readonly syncBatchNorm?: boolean;
  /** Build each next batch on a data thread while the step runs. Default true. */
  readonly prefetch?: boolean;
  /** Longest wait for another replica at a synchronisation point before failing, ms. Default 120 000. */
  readonly timeoutMs?: number;
  /** Floats per replica slot of the shared exchange buffer. Default 2²¹. */
  readonly capacity?: number;
}

/** Per-replica statistics (sums since the start). */
export type ReplicaStats = Record<StatField, number>;

/** A data-parallel run: a {@link Gan} (rank 0's replica, on this thread) plus its workers. */
export interface ParallelGan extends Gan {
  /** Number of replicas. */
  readonly workers: number;
  /** Whether every replica was built with bit-identical initial weights (same spec and seed). */
  readonly initialWeightsIdentical: boolean;
  /** Sends this thread's state (weights, optimizer, step) to the workers; done at the start of `fit`. */
  sync(): Promise<void>;
  /** The workers' full states (for checks: they must equal this thread's). */
  workerStates(): Promise<TrainingState[]>;
  /** Statistics per replica, rank 0 first: step time, exchange time and waits, data waits, live tensors. */
  stats(): ReplicaStats[];
  /** Stops the workers and the data thread and frees everything (also what `dispose` starts). */
  close(): Promise<void>;
}

/**
 * Rank 0's collective before the group exists: size 1 (the trainer trains alone) until
 * the workers are started and {@link attach} hands it the shared one. Lets `'auto'`
 * decide the number of workers after building rank 0's model.
 */
class LateCollective implements Collective {
  readonly rank = 0;
  private inner: SharedCollective | undefined;
  constructor(readonly syncBatchNorm: boolean) {}
  attach(inner: SharedCollective): void {
    this.inner = inner;
  }
  get size(): number {
    return this.inner?.size ?? 1;
  }
  allReduce(parts: readonly Float32Array[]): Float32Array {
    return this.inner!.allReduce(parts);
  }
  allGather(values: Float32Array): Float32Array[] {
    return this.inner!.allGather(values);
  }
  beginStep(step: number): void {
    this.inner?.beginStep(step);
  }
}

/**
 * Composes a GAN that trains data-parallel on `workers` threads of this process.
 * This thread is replica 0 — its {@link Gan} is what callbacks, checkpoints, metrics
 * and sampling see, exactly as with `createGan` — and replicas 1 … N−1 are worker
 * threads, each with its own tfjs backend instance, plugins (imported from
 * `plugins`) and model built from the same plain spec and seed. Each step every
 * replica trains on its shard of the global batch; gradients are averaged through
 * shared memory before every update, so every replica applies the same update and
 * the weights stay bit-identical. With `prefetch`, a data thread builds each replica's
 * next batch while the step runs.
 *
 * @example
 * ```ts
 * await selectBackend('wasm');
 * const gan = await createParallelGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating', training: { steps: 100 } },
 *   { workers: 2, plugins: ['@gantry/data-mnist', '@gantry/arch-dcgan', '@gantry/loss-minimax'] },
 * );
 * try { await gan.fit(); } finally { await gan.close(); }
 * ```
 */
export async function createParallelGan(spec: GanSpec, options: ParallelGanOptions): Promise<ParallelGan> {
  assertPlainSpec(spec);
  const training = resolveTrainerOptions(spec.training);
  const backend = options.backend ?? tf.getBackend();
  const batchSize = training.batchSize;
  if (typeof options.workers === 'number' && options.workers > batchSize) {
    throw new ConfigError(`The batch of ${batchSize} cannot be split over ${options.workers} workers: use at most ${batchSize} workers or a larger batch.`);
  }
  // The most replicas this run can have ('auto' may settle for fewer once the model is built).
  const most = resolveWorkers(options.workers, { backend, batchSize });
  const timeoutMs = options.timeoutMs ?? 120_000;
  const syncBatchNorm = options.syncBatchNorm ?? true;
  const resolveFrom = options.resolveFrom ?? `${process.cwd()}/`;
  const plugins = await loadPluginModules(options.plugins, resolveFrom, 'import');
  const prefetch = options.prefetch ?? true;
  const pluginModules = options.plugins.map(String);

  const threads: Worker[] = [];
  const failures = new Map<number, string>();
  const errorPorts = new Map<number, MessagePort>();
  const ready: Array<Promise<FromReplica>> = [];
  let closing = false;
  let collective: SharedCollective | undefined;
  let statsBuffer: SharedArrayBuffer | undefined;
  const late = new LateCollective(syncBatchNorm);
  const cleanup: Array<() => void> = [];
  const dataThreads: Worker[] = [];
  let dataPorts: MessagePort[] = [];
  let signal: SharedArrayBuffer | undefined;

  const describeFailure = (rank: number): string | undefined => {
    const port = errorPorts.get(rank);
    for (let m = port && receiveMessageOnPort(port); m; m = receiveMessageOnPort(port!)) {
      failures.set(rank, (m.message as { message: string }).message);
    }
    return failures.get(rank);
  };

  /** Starts replicas 1 … n−1 (they load while this thread goes on) and the shared memory of n. */
  const startWorkers = (n: number) => {
    const buffer = createCollectiveBuffer(n, options.capacity ?? DEFAULT_CAPACITY);
    statsBuffer = new SharedArrayBuffer(n * STAT_FIELDS.length * 8);
    collective = new SharedCollective(buffer, 0, n, {
      syncBatchNorm,
      timeoutMs,
      describeFailure,
      onBeginStep: (step) => {
        for (const [rank, message] of failures) throw new ParallelError(`Replica ${rank} failed: ${message}`, rank);
        for (const w of threads) w.postMessage({ type: 'step', step } satisfies ToReplica);
      },
    });
    late.attach(collective);
    for (let rank = 1; rank < n; rank++) {
      const errors = new MessageChannel();
      errorPorts.set(rank, errors.port1);
      const data: ReplicaWorkerData = {
        rank,
        size: n,
        buffer,
        statsBuffer,
        spec,
        plugins: pluginModules,
        resolveFrom,
        backend,
        syncBatchNorm,
        timeoutMs,
        errorPort: errors.port2,
        ...(signal ? { data: { port: dataPorts[rank], signal } } : {}),
      };
      const w = spawnModuleWorker(new URL(`./replica-worker${ext()}`, import.meta.url), data, [errors.port2, ...(signal ? [dataPorts[rank]] : [])]);
      threads.push(w);
      cleanup.push(() => void w.terminate());
      w.on('error', (e) => {
        failures.set(rank, e.message);
        if (!closing) collective?.abort('error');
      });
      w.on('exit', (code) => {
        if (!closing && !failures.has(rank)) failures.set(rank, `its thread exited (code ${code})`);
        if (!closing) collective?.abort('error');
      });
      w.on('message', (m: FromReplica) => {
        if (m.type === 'error' && !failures.has(rank)) failures.set(rank, m.message);
      });
      const started = whenReady(w, `replica ${rank}`, Math.max(timeoutMs, 300_000));
      started.catch(() => undefined); // reported through Promise.all below; later ones must not go unhandled
      ready.push(started);
    }
  };

  /**
   * Starts one data thread per replica (each builds its replica's batches, so a slow data
   * set does not become a shared bottleneck); resolves when they are up.
   */
  const startData = (n: number): Promise<unknown> => {
    if (!spec.data) throw new ConfigError('The spec has no data: set `data` (e.g. "mnist") to a data set a plugin provides.');
    const words = new SharedArrayBuffer(4 * n);
    signal = words;
    const channels = Array.from({ length: n }, () => new MessageChannel());
    dataPorts = channels.map((c) => c.port2);
    const started = channels.map((c, rank) => {
      const thread = spawnModuleWorker(
        new URL(`./data-worker${ext()}`, import.meta.url),
        { data: spec.data, plugins: pluginModules, resolveFrom, seed: deriveSeed(training.seed, 'build', 'data'), ports: [c.port1], signal: words, first: rank },
        [c.port1],
      );
      dataThreads.push(thread);
      cleanup.push(() => void thread.terminate());
      thread.unref();
      return whenReady(thread, `the data thread of replica ${rank}`, Math.max(timeoutMs, 120_000));
    });
    const all = Promise.all(started);
    all.catch(() => undefined);
    return all;
  };

  try {
    // With a known count, the threads load while this one builds replica 0; 'auto' decides after.
    const known = options.workers !== 'auto' && most > 1;
    const dataReady = known && prefetch ? startData(most) : undefined;
    if (known) startWorkers(most);

    const syncCallback: Callback = { onTrainStart: () => sync() };
    const { gan, prefetcher } = await buildReplica({
      spec,
      plugins,
      ...(most > 1 ? { collective: late } : {}),
      ...(prefetch && most > 1 ? { data: signal ? { port: dataPorts[0], signal, index: 0 } : ('later' as const) } : {}),
      timeoutMs,
      gan: {
        ...(options.container ? { container: options.container } : {}),
        ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
        callbacks: [syncCallback, ...(options.callbacks ?? [])],
      },
    });
    cleanup.push(() => gan.dispose());
    if (!known && most > 1) {
      const parameters = Object.values(gan.game.models).reduce((n, m) => n + m.trainableVariables.reduce((k, v) => k + v.size, 0), 0);
      const n = resolveWorkers('auto', { backend, batchSize, work: parameters * batchSize });
      if (n > 1) {
        if (prefetch) {
          await startData(n);
          prefetcher!.connect({ port: dataPorts[0], signal: signal!, index: 0 });
        }
        startWorkers(n);
      }
    }
    await dataReady;
    const workers = threads.length + 1;
    const fingerprints = (await Promise.all(ready)).map((m) => (m as { fingerprint: string }).fingerprint);
    const own = weightsFingerprint(gan.game);
    const initialWeightsIdentical = fingerprints.every((f) => f === own);

    const request = <T extends FromReplica['type']>(w: Worker, message: ToReplica, reply: T) =>
      new Promise<Extract<FromReplica, { type: T }>>((resolve, reject) => {
        const onMessage = (m: FromReplica) => {
          if (m.type === reply) {
            w.off('message', onMessage);
            resolve(m as Extract<FromReplica, { type: T }>);
          } else if (m.type === 'error') {
            w.off('message', onMessage);
            reject(new ParallelError(`Replica ${threads.indexOf(w) + 1} failed: ${m.message}`, threads.indexOf(w) + 1));
          }
        };
        w.on('message', onMessage);
        w.postMessage(message);
      });

    const sync = async (): Promise<void> => {
      if (threads.length === 0) return;
      for (const [rank, message] of failures) throw new ParallelError(`Replica ${rank} failed: ${message}`, rank);
      const state = await gan.trainer.state();
      const own = weightsFingerprint(gan.game);
      const replies = await Promise.all(threads.map((w) => request(w, { type: 'restore', state }, 'restored')));
      replies.forEach((r, i) => {
        if (r.fingerprint !== own) throw new ParallelError(`Replica ${i + 1} does not hold rank 0's weights after restoring them.`, i + 1);
      });
    };

    const ownStats = (): ReplicaStats => {
      const s = Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as ReplicaStats;
      s.steps = gan.trainer.step;
      s.tensors = tf.memory().numTensors;
      if (collective) {
        s.collectiveMs = collective.stats.ms;
        s.collectiveWaitMs = collective.stats.waitMs;
        s.collectiveCalls = collective.stats.calls;
      }
      if (prefetcher) {
        const p = prefetcher.stats;
        Object.assign(s, {
          dataHits: p.hits,
          dataWaits: p.waits,
          dataMisses: p.misses,
          dataWaitMs: p.waitMs,
          dataWrapMs: p.wrapMs,
          dataBuildMs: p.buildMs,
          dataBackgroundMs: p.backgroundMs,
        });
      }
      return s;
    };

    let closed: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closed ??= (async () => {
        closing = true;
        const exits = threads.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
        const failed = failures.size > 0 || collective?.aborted() !== undefined;
        // A worker blocked at a barrier (the run failed mid-step) would never read 'close':
        // the abort wakes it; idle workers read 'close' and free their tensors.
        collective?.abort('closed');
        for (const w of threads) w.postMessage({ type: 'close' } satisfies ToReplica);
        // After a failure a worker may be stuck where it cannot read 'close': do not wait for it.
        const timer = setTimeout(() => threads.forEach((w) => void w.terminate()), failed ? 0 : 10_000);
        await Promise.all(exits);
        clearTimeout(timer);
        gan.dispose();
        for (const p of errorPorts.values()) p.close();
        await Promise.all(dataThreads.map((t) => t.terminate()));
      })());

    return {
      container: gan.container,
      game: gan.game,
      dataset: gan.dataset,
      trainer: gan.trainer,
      workers,
      initialWeightsIdentical,
      async fit() {
        await gan.trainer.resume();
        return gan.trainer.fit();
      },
      dispose() {
        void close();
      },
      sync,
      workerStates: () => Promise.all(threads.map((w) => request(w, { type: 'state' }, 'state').then((m) => m.state))),
      stats: () => [
        ownStats(),
        ...threads.map((_, i) => {
          const row = new Float64Array(statsBuffer!, (i + 1) * STAT_FIELDS.length * 8, STAT_FIELDS.length);
          return Object.fromEntries(STAT_FIELDS.map((f, k) => [f, row[k]])) as ReplicaStats;
        }),
      ],
      close,
    };
  } catch (error) {
    closing = true;
    collective?.abort('closed');
    for (const c of cleanup.reverse()) {
      try {
        c();
      } catch {
        /* already failing */
      }
    }
    throw error;
  }
}

/** `.ts` when running from sources, `.js` when built. */
function ext(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

function whenReady(w: Worker, what: string, timeoutMs: number): Promise<FromReplica> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new ParallelError(`${what} did not start within ${timeoutMs} ms.`));
    }, timeoutMs);
    const onMessage = (m: FromReplica) => {
      if (m.type === 'ready') {
        done();
        resolve(m);
      } else if (m.type === 'error') {
        done();
        reject(new ParallelError(`${what} failed to start: ${m.message}`));
      }
    };
    const onError = (e: Error) => {
      done();
      reject(new ParallelError(`${what} failed to start: ${e.message}`));
    };
    const onExit = (code: number) => {
      done();
      reject(new ParallelError(`${what} exited while starting (code ${code}).`));
    };
    const done = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}
