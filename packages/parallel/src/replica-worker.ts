/**
 * Entry of a replica worker thread (ranks 1 … N−1; rank 0 is the main thread): selects
 * its own backend instance, imports the run's plugin modules, builds the same GAN
 * from the plain spec and seed, and then runs one `trainStep` per `step` message
 * from rank 0 — all synchronisation happens inside the step, in the collective.
 */
// Registers tfjs' gradients under Node (models built without tfjs-layers need them too).
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '@gantry/backend';
import type { Gan } from '@gantry/core';
import { threadCpuMs } from './cpu-time.js';
import { weightsFingerprint } from './fingerprint.js';
import { loadPluginModules } from './plugin-modules.js';
import type { PrefetchingDataset } from './prefetch.js';
import { STAT_FIELDS, type FromReplica, type ReplicaWorkerData, type StatField, type ToReplica } from './protocol.js';
import { buildReplica } from './replica.js';
import { SharedCollective } from './shared-collective.js';

const init = workerData as ReplicaWorkerData;
const port = parentPort!;
const post = (m: FromReplica) => port.postMessage(m);
const stats = new Float64Array(init.statsBuffer, init.rank * STAT_FIELDS.length * 8, STAT_FIELDS.length);
const setStat = (field: StatField, value: number) => void (stats[STAT_FIELDS.indexOf(field)] = value);

const collective = new SharedCollective(init.buffer, init.rank, init.size, {
  syncBatchNorm: init.syncBatchNorm,
  timeoutMs: init.timeoutMs,
});
let gan: Gan | undefined;
let prefetcher: PrefetchingDataset | undefined;
let failed = false;

function fail(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  if (!failed) {
    failed = true;
    // The text first (rank 0 reads it synchronously when it sees the abort), then the abort.
    init.errorPort.postMessage({ message: e.message, stack: e.stack });
    collective.abort('error');
  }
  post({ type: 'error', message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

async function start(): Promise<void> {
  await selectBackend(init.backend);
  const plugins = await loadPluginModules(init.plugins, init.resolveFrom);
  const built = await buildReplica({
    spec: init.spec,
    plugins,
    collective,
    ...(init.data ? { data: { ...init.data, index: init.rank } } : {}),
    timeoutMs: init.timeoutMs,
  });
  gan = built.gan;
  prefetcher = built.prefetcher;
  post({ type: 'ready', fingerprint: weightsFingerprint(gan.game) });
}

function step(expected: number): void {
  const trainer = gan!.trainer;
  if (trainer.step !== expected) {
    throw new Error(`Replica ${init.rank} is at step ${trainer.step} but rank 0 started step ${expected}: the replicas are out of sync.`);
  }
  const started = performance.now();
  const cpu = threadCpuMs();
  trainer.trainStep();
  const get = (field: StatField) => stats[STAT_FIELDS.indexOf(field)];
  setStat('steps', get('steps') + 1);
  setStat('stepMs', get('stepMs') + performance.now() - started);
  setStat('stepCpuMs', get('stepCpuMs') + threadCpuMs() - cpu);
  setStat('tensors', tf.memory().numTensors);
  setStat('collectiveMs', collective.stats.ms);
  setStat('collectiveWaitMs', collective.stats.waitMs);
  setStat('collectiveCalls', collective.stats.calls);
  if (prefetcher) {
    const p = prefetcher.stats;
    setStat('dataHits', p.hits);
    setStat('dataWaits', p.waits);
    setStat('dataMisses', p.misses);
    setStat('dataWaitMs', p.waitMs);
    setStat('dataWrapMs', p.wrapMs);
    setStat('dataBuildMs', p.buildMs);
    setStat('dataBackgroundMs', p.backgroundMs);
  }
}

port.on('message', async (m: ToReplica) => {
  if (failed && m.type !== 'close') return;
  try {
    switch (m.type) {
      case 'step':
        step(m.step);
        break;
      case 'restore':
        gan!.trainer.restore(m.state);
        post({ type: 'restored', fingerprint: weightsFingerprint(gan!.game) });
        break;
      case 'state':
        post({ type: 'state', state: await gan!.trainer.state() });
        break;
      case 'close':
        gan?.dispose();
        post({ type: 'closed' });
        port.close();
        break;
    }
  } catch (error) {
    fail(error);
  }
});

start().catch(fail);
