import * as tf from '@tensorflow/tfjs-core';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Batch, Dataset } from '@gantry/core';

/** A request to the data thread: build the batch of these indices. */
export interface BatchRequest {
  readonly id: number;
  readonly indices: Uint32Array;
}

/** A tensor as plain data (transferred between threads without copying). */
export interface PlainTensor {
  readonly values: Float32Array | Int32Array;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
}

/** The data thread's answer to a {@link BatchRequest}. */
export interface BatchReply {
  readonly id: number;
  readonly x?: PlainTensor;
  readonly labels?: PlainTensor;
  readonly source?: PlainTensor;
  /** ms the data thread spent building the batch. */
  readonly buildMs: number;
  readonly error?: string;
}

/** A replica's connection to the data thread. */
export interface PrefetchLink {
  readonly port: MessagePort;
  /** Int32 words, one per replica, that the data thread bumps after each reply. */
  readonly signal: SharedArrayBuffer;
  readonly index: number;
}

/** How the input pipeline of one replica did (time on the training thread only). */
export interface PrefetchStats {
  /** Batches requested ahead from the data thread. */
  requested: number;
  /** Batches served from a prefetch (ready, or waited for). */
  hits: number;
  /** Of the hits, how many were not ready yet when the step asked (the step waited). */
  waits: number;
  /** Batches built on the training thread because no prefetch matched. */
  misses: number;
  /** ms the training thread waited for prefetched batches. */
  waitMs: number;
  /** ms the training thread spent turning ready batches into tensors. */
  wrapMs: number;
  /** ms the training thread spent building missed batches itself. */
  buildMs: number;
  /** ms the data thread spent building this replica's batches (overlapped with the step). */
  backgroundMs: number;
}

const MAX_AHEAD = 16;

/**
 * A {@link Dataset} whose batches are built ahead of time by a data thread: the
 * trainer's {@link Dataset.prefetch} hint (the next batch's indices, given when the
 * current batch is drawn) is posted to the data thread, which builds that batch while
 * the step runs and posts its arrays back; `batch` then only wraps them in tensors.
 * A batch that was not prefetched (sampling, metrics) is built here by `inner`, so
 * the values are always exactly `inner`'s. Replies are read synchronously
 * (`receiveMessageOnPort`), so this works inside a synchronous training step.
 */
export class PrefetchingDataset implements Dataset {
  readonly stats: PrefetchStats = { requested: 0, hits: 0, waits: 0, misses: 0, waitMs: 0, wrapMs: 0, buildMs: 0, backgroundMs: 0 };
  private nextId = 1;
  /** Requested, by key: id. */
  private readonly pending = new Map<string, number>();
  private readonly ready = new Map<number, BatchReply>();
  private link: { port: MessagePort; signal: Int32Array; index: number } | undefined;
  private closed = false;

  /**
   * @param link this replica's port to the data thread and the Int32 word (`index` in
   *   `signal`) the data thread bumps and notifies after each reply, so that `batch` can
   *   sleep instead of spin. Without it (until {@link connect}) every batch is built here.
   */
  constructor(
    readonly inner: Dataset,
    link?: PrefetchLink,
    private readonly timeoutMs = 120_000,
  ) {
    if (link) this.connect(link);
  }

  /** Starts prefetching through a data thread. */
  connect(link: PrefetchLink): void {
    this.link = { port: link.port, signal: new Int32Array(link.signal), index: link.index };
  }

  get name(): string {
    return this.inner.name;
  }
  get size(): number {
    return this.inner.size;
  }
  get sampleShape(): readonly number[] {
    return this.inner.sampleShape;
  }
  get range(): readonly [number, number] {
    return this.inner.range;
  }
  get numClasses(): number | undefined {
    return this.inner.numClasses;
  }

  prefetch(indices: Uint32Array): void {
    if (this.closed || !this.link) return;
    const key = keyOf(indices);
    if (this.pending.has(key)) return;
    const id = this.nextId++;
    this.pending.set(key, id);
    this.link.port.postMessage({ id, indices: Uint32Array.from(indices) } satisfies BatchRequest);
    this.stats.requested++;
    // Hints whose batch is never drawn (a phase that does not read its batch) must not pile up.
    while (this.pending.size > MAX_AHEAD) {
      const [oldKey, oldId] = this.pending.entries().next().value as [string, number];
      this.pending.delete(oldKey);
      this.ready.delete(oldId);
    }
  }

  batch(indices: ArrayLike<number>): Batch {
    const key = keyOf(indices);
    const id = this.pending.get(key);
    if (id === undefined) {
      const started = performance.now();
      const b = this.inner.batch(indices);
      this.stats.misses++;
      this.stats.buildMs += performance.now() - started;
      return b;
    }
    this.pending.delete(key);
    let reply = this.take(id);
    if (!reply) {
      const started = performance.now();
      this.stats.waits++;
      while (!(reply = this.take(id))) {
        const { signal, index } = this.link!;
        const seen = Atomics.load(signal, index);
        if ((reply = this.take(id))) break;
        if (performance.now() - started > this.timeoutMs) {
          throw new Error(`The data thread did not deliver a batch within ${this.timeoutMs} ms.`);
        }
        Atomics.wait(signal, index, seen, 100);
      }
      this.stats.waitMs += performance.now() - started;
    }
    if (reply.error) throw new Error(`The data thread failed to build a batch: ${reply.error}`);
    const started = performance.now();
    const wrap = (t: PlainTensor | undefined) => (t ? tf.tensor(t.values, t.shape, t.dtype) : undefined);
    const x = wrap(reply.x)!;
    const labels = wrap(reply.labels);
    const source = wrap(reply.source);
    this.stats.hits++;
    this.stats.backgroundMs += reply.buildMs;
    this.stats.wrapMs += performance.now() - started;
    return { x, ...(labels ? { labels } : {}), ...(source ? { source } : {}) };
  }

  /** Stops prefetching (later batches are built here) and frees the data set. */
  dispose(): void {
    this.closed = true;
    this.pending.clear();
    this.ready.clear();
    this.link?.port.close();
    this.inner.dispose?.();
  }

  /** Drains arrived replies and returns (and forgets) the one with `id`, if it is here. */
  private take(id: number): BatchReply | undefined {
    const port = this.link!.port;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const reply = m.message as BatchReply;
      if ([...this.pending.values()].includes(reply.id) || reply.id === id) this.ready.set(reply.id, reply);
    }
    const reply = this.ready.get(id);
    if (reply) this.ready.delete(id);
    return reply;
  }
}

function keyOf(indices: ArrayLike<number>): string {
  return Array.prototype.join.call(indices, ',');
}
