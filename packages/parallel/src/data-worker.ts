/**
 * Entry of a data thread: builds the run's data set from its plain-data reference
 * with the run's plugins (on the cpu backend: it only creates tensors from arrays),
 * then answers its replicas' {@link BatchRequest}s on each replica's port with the
 * batch's arrays (transferred, not copied), bumping the replica's signal word so a
 * step that waits for it wakes at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { buildComponent, registerPlugins, rootContainer, type Batch, type ComponentRef } from '@gantry/core';
import { loadPluginModules, type PluginModule } from './plugin-modules.js';
import type { BatchReply, BatchRequest, PlainTensor } from './prefetch.js';

/** What the data thread is started with. */
export interface DataWorkerData {
  readonly data: ComponentRef;
  readonly plugins: readonly PluginModule[];
  readonly resolveFrom: string;
  /** The seed a data set is built with (`deriveSeed(runSeed, 'build', 'data')`, as createGan). */
  readonly seed: number;
  readonly ports: readonly MessagePort[];
  readonly signal: SharedArrayBuffer;
  /** Signal word of the first port (port i bumps word first + i). */
  readonly first: number;
}

const init = workerData as DataWorkerData;
const signal = new Int32Array(init.signal);

try {
  await tf.setBackend('cpu');
  const container = rootContainer.createChildContainer();
  registerPlugins(container, await loadPluginModules(init.plugins, init.resolveFrom));
  const dataset = await buildComponent(container, 'dataset', init.data, { seed: init.seed, container });
  const plain = (t: tf.Tensor | undefined): PlainTensor | undefined =>
    t ? { values: t.dataSync().slice() as Float32Array | Int32Array, shape: [...t.shape], dtype: t.dtype === 'int32' ? 'int32' : 'float32' } : undefined;
  init.ports.forEach((port, i) => {
    const replica = init.first + i;
    port.on('message', ({ id, indices }: BatchRequest) => {
      const started = performance.now();
      let reply: BatchReply;
      try {
        const b: Batch = dataset.batch(indices);
        const x = plain(b.x);
        const labels = plain(b.labels);
        const source = plain(b.source);
        tf.dispose([b.x, ...(b.labels ? [b.labels] : []), ...(b.source ? [b.source] : [])]);
        reply = { id, buildMs: 0, ...(x ? { x } : {}), ...(labels ? { labels } : {}), ...(source ? { source } : {}) };
      } catch (error) {
        reply = { id, buildMs: 0, error: (error as Error).message };
      }
      const transfer = [reply.x, reply.labels, reply.source].flatMap((t) => (t ? [t.values.buffer as ArrayBuffer] : []));
      port.postMessage({ ...reply, buildMs: performance.now() - started }, transfer);
      Atomics.add(signal, replica, 1);
      Atomics.notify(signal, replica);
    });
  });
  parentPort!.postMessage({ type: 'ready' });
} catch (error) {
  parentPort!.postMessage({ type: 'error', message: (error as Error).message });
}
