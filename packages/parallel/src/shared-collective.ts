import * as tf from '@tensorflow/tfjs-core';
import { GantryError, type Collective } from '@gantry/core';
import { cpuOps, wasmOps, type BackendOps } from '@gantry/kernels';

/** Int32 control words at the start of the shared buffer. */
const ABORTED_BY = 0; // 0, or 1 + rank of the replica that aborted
const REASON = 1; // why (see AbortReason)
const COUNT = 2; // replicas arrived at the current barrier
const GENERATION = 3; // barriers completed
const LENGTHS = 8; // LENGTHS + rank: payload length each replica brought (checked)
const CONTROL_BYTES = 256;
const MAX_REPLICAS = (CONTROL_BYTES / 4) - LENGTHS;

/** Why a collective was aborted. */
export type AbortReason = 'error' | 'timeout' | 'closed';
const REASONS: readonly AbortReason[] = ['error', 'timeout', 'closed'];

/** A data-parallel run failed: a replica threw, died, or did not reach a barrier in time. */
export class ParallelError extends GantryError {
  constructor(
    message: string,
    /** Rank of the replica the failure started at, when known. */
    readonly replica?: number,
  ) {
    super('PARALLEL', message);
    this.name = 'ParallelError';
  }
}

/** Default floats per replica slot: 2²¹ (8 MiB), one exchange for DCGAN-28's 1.8 M generator gradients. */
export const DEFAULT_CAPACITY = 1 << 21;

/**
 * Allocates the shared memory of a {@link SharedCollective} for `size` replicas:
 * control words, one slot of `capacity` floats per replica and one for the result.
 */
export function createCollectiveBuffer(size: number, capacity = DEFAULT_CAPACITY): SharedArrayBuffer {
  if (!(Number.isInteger(size) && size >= 1 && size <= MAX_REPLICAS)) {
    throw new RangeError(`A collective holds 1 … ${MAX_REPLICAS} replicas, got ${size}.`);
  }
  if (!(Number.isInteger(capacity) && capacity >= 64)) throw new RangeError(`capacity must be a whole number ≥ 64, got ${capacity}.`);
  return new SharedArrayBuffer(CONTROL_BYTES + (size + 1) * capacity * 4);
}

/** Options of {@link SharedCollective}. */
export interface SharedCollectiveOptions {
  /** Synchronised batch norm (see `Collective.syncBatchNorm`). Default true. */
  readonly syncBatchNorm?: boolean;
  /** Longest wait at a barrier before the run is aborted as hung, ms. Default 120 000. */
  readonly timeoutMs?: number;
  /** Called by `beginStep` (rank 0 starts the other replicas' step there). */
  readonly onBeginStep?: (step: number) => void;
  /** Details of another replica's failure, if it left any (rank 0 reads the workers' error ports). */
  readonly describeFailure?: (rank: number) => string | undefined;
}

/** Time spent in the collective by this replica (for benchmarks: imbalance and exchange cost). */
export interface CollectiveStats {
  /** Collective calls (allReduce + allGather). */
  calls: number;
  /** Floats exchanged by this replica. */
  floats: number;
  /** Total ms inside collective calls (copies, sums and waits). */
  ms: number;
  /** Of which ms blocked waiting for other replicas at barriers. */
  waitMs: number;
}

/**
 * A {@link Collective} over a `SharedArrayBuffer` shared by threads of one process
 * (`worker_threads`). `allReduce` is a reduce-scatter + all-gather in shared memory:
 * each replica copies its values into its slot; after a barrier replica r sums its
 * 1/N of the positions over the slots in rank order into the result slot; after a
 * second barrier every replica copies the result out. Each position is summed by
 * exactly one replica in a fixed order, so every replica gets the same bits.
 * Payloads larger than a slot go in chunks. Barriers wait with `Atomics.wait` and a
 * timeout; any replica can abort the group, which wakes the others with an error
 * instead of leaving them hanging.
 */
export class SharedCollective implements Collective {
  readonly syncBatchNorm: boolean;
  readonly stats: CollectiveStats = { calls: 0, floats: 0, ms: 0, waitMs: 0 };
  private readonly control: Int32Array;
  private readonly slots: Float32Array[];
  private readonly result: Float32Array;
  private readonly capacity: number;
  private readonly timeoutMs: number;

  constructor(
    buffer: SharedArrayBuffer,
    readonly rank: number,
    readonly size: number,
    private readonly options: SharedCollectiveOptions = {},
  ) {
    this.capacity = (buffer.byteLength - CONTROL_BYTES) / 4 / (size + 1);
    if (!Number.isInteger(this.capacity) || this.capacity < 1) throw new RangeError(`The buffer does not fit ${size} replicas.`);
    if (!(Number.isInteger(rank) && rank >= 0 && rank < size)) throw new RangeError(`rank must be in 0 … ${size - 1}, got ${rank}.`);
    this.control = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
    this.slots = Array.from({ length: size }, (_, r) => new Float32Array(buffer, CONTROL_BYTES + r * this.capacity * 4, this.capacity));
    this.result = new Float32Array(buffer, CONTROL_BYTES + size * this.capacity * 4, this.capacity);
    this.syncBatchNorm = options.syncBatchNorm ?? true;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  beginStep(step: number): void {
    this.throwIfAborted();
    this.options.onBeginStep?.(step);
  }

  allReduce(parts: readonly Float32Array[]): Float32Array {
    const started = performance.now();
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Float32Array(total);
    this.reduceChunks(
      total,
      (slot, start, length) => copySpan(parts, start, length, slot, 1),
      (result, start, length) => out.set(result.subarray(0, length), start),
    );
    this.count(total, started);
    return out;
  }

  /**
   * {@link allReduce} straight between tensor storage and shared memory: on wasm and cpu
   * the inputs are read and the outputs written through views of the backend's memory
   * (`@gantry/kernels`' `wasmOps`/`cpuOps`), scaled by `weight` on the way in — no
   * intermediate JS arrays, which for DCGAN-28's 1.9 M gradients per step would keep
   * V8's garbage collector busy on other cores. Other backends go through `dataSync`.
   */
  allReduceTensors(tensors: readonly tf.Tensor[], weight: number): tf.Tensor[] {
    const name = tf.getBackend();
    const ops: BackendOps | undefined = name === 'wasm' ? wasmOps(tf.backend()) : name === 'cpu' ? cpuOps(tf.backend()) : undefined;
    if (!ops || tensors.some((t) => t.dtype !== 'float32')) {
      const flat = this.allReduce(tensors.map((t) => tf.tidy(() => tf.mul(t, weight).dataSync() as Float32Array)));
      let offset = 0;
      return tensors.map((t) => tf.tensor(flat.slice(offset, (offset += t.size)), t.shape, 'float32'));
    }
    const started = performance.now();
    // Allocate every output first: a wasm heap view is invalidated by any later allocation.
    const outputs = tensors.map((t) => ops.alloc([...t.shape], false));
    const inputs = tensors.map((t) => ops.view(t));
    const views = outputs.map((o) => ops.view(o));
    const total = inputs.reduce((n, v) => n + v.length, 0);
    this.reduceChunks(
      total,
      (slot, start, length) => copySpan(inputs, start, length, slot, weight),
      (result, start, length) => scatterSpan(result, length, views, start),
    );
    this.count(total, started);
    return outputs.map((o) => tf.engine().makeTensorFromTensorInfo(o));
  }

  /**
   * The chunked reduce-scatter + all-gather: `fill` puts this replica's values
   * [start, start + length) into its slot, the owners of each position sum the slots in
   * rank order into the result slot, and `drain` reads the result.
   */
  private reduceChunks(
    total: number,
    fill: (slot: Float32Array, start: number, length: number) => void,
    drain: (result: Float32Array, start: number, length: number) => void,
  ): void {
    const own = this.slots[this.rank];
    for (let start = 0; start < total; start += this.capacity) {
      const length = Math.min(this.capacity, total - start);
      fill(own, start, length);
      this.exchange(length, total);
      const lo = Math.floor((this.rank * length) / this.size);
      const hi = Math.floor(((this.rank + 1) * length) / this.size);
      const slots = this.slots;
      const result = this.result;
      for (let i = lo; i < hi; i++) {
        let acc = slots[0][i];
        for (let r = 1; r < slots.length; r++) acc += slots[r][i];
        result[i] = acc;
      }
      this.barrier();
      drain(this.result, start, length);
    }
  }

  allGather(values: Float32Array): Float32Array[] {
    const started = performance.now();
    const out = Array.from({ length: this.size }, () => new Float32Array(values.length));
    for (let start = 0; start < values.length; start += this.capacity) {
      const length = Math.min(this.capacity, values.length - start);
      this.slots[this.rank].set(values.subarray(start, start + length));
      this.exchange(length, values.length);
      for (let r = 0; r < this.size; r++) out[r].set(this.slots[r].subarray(0, length), start);
      this.barrier();
    }
    this.count(values.length, started);
    return out;
  }

  /** Wakes every replica with an error (idempotent: the first abort's reason wins). */
  abort(reason: AbortReason = 'error'): void {
    if (Atomics.compareExchange(this.control, ABORTED_BY, 0, this.rank + 1) === 0) {
      Atomics.store(this.control, REASON, REASONS.indexOf(reason));
    }
    Atomics.notify(this.control, GENERATION);
  }

  /** The replica that aborted the group and why, if it was aborted. */
  aborted(): { rank: number; reason: AbortReason } | undefined {
    const by = Atomics.load(this.control, ABORTED_BY);
    return by === 0 ? undefined : { rank: by - 1, reason: REASONS[Atomics.load(this.control, REASON)] ?? 'error' };
  }

  /** Throws the {@link ParallelError} describing an abort, if there was one. */
  throwIfAborted(): void {
    const a = this.aborted();
    if (!a) return;
    if (a.reason === 'closed') throw new ParallelError('The data-parallel group was closed.', a.rank);
    if (a.reason === 'timeout') {
      throw new ParallelError(
        `Replica ${a.rank} waited more than ${this.timeoutMs} ms for the other replicas at a synchronisation point: ` +
          'a replica is hung or died. (Raise the timeout if steps are legitimately that slow.)',
        a.rank,
      );
    }
    if (a.rank === this.rank) throw new ParallelError(`This replica (${a.rank}) aborted the data-parallel step.`, a.rank);
    const detail = this.options.describeFailure?.(a.rank);
    throw new ParallelError(`Replica ${a.rank} failed${detail ? `: ${detail}` : ' (see its error above)'}.`, a.rank);
  }

  /** Posts this replica's payload length, waits for all, and checks they agree. */
  private exchange(length: number, total: number): void {
    Atomics.store(this.control, LENGTHS + this.rank, total);
    this.barrier();
    for (let r = 0; r < this.size; r++) {
      const theirs = Atomics.load(this.control, LENGTHS + r);
      if (theirs !== total) {
        this.abort('error');
        throw new ParallelError(
          `Replicas disagree on what to exchange (replica ${this.rank}: ${total} values, replica ${r}: ${theirs}): ` +
            'they are not running the same model, or not in the same order.',
          this.rank,
        );
      }
    }
    void length;
  }

  private barrier(): void {
    const c = this.control;
    this.throwIfAborted();
    const generation = Atomics.load(c, GENERATION);
    if (Atomics.add(c, COUNT, 1) === this.size - 1) {
      Atomics.store(c, COUNT, 0);
      Atomics.add(c, GENERATION, 1);
      Atomics.notify(c, GENERATION);
      return;
    }
    const started = performance.now();
    const deadline = started + this.timeoutMs;
    while (Atomics.load(c, GENERATION) === generation) {
      this.throwIfAborted();
      const left = deadline - performance.now();
      if (left <= 0) {
        this.abort('timeout');
        this.throwIfAborted();
      }
      Atomics.wait(c, GENERATION, generation, Math.min(left, 1000));
    }
    this.stats.waitMs += performance.now() - started;
    this.throwIfAborted();
  }

  private count(floats: number, started: number): void {
    this.stats.calls++;
    this.stats.floats += floats;
    this.stats.ms += performance.now() - started;
  }
}

/** Copies positions [start, start + length) of the concatenation of `parts`, times `weight`, into `to`. */
function copySpan(parts: readonly Float32Array[], start: number, length: number, to: Float32Array, weight: number): void {
  let offset = 0;
  let filled = 0;
  for (const p of parts) {
    const end = offset + p.length;
    if (end > start && filled < length) {
      const from = Math.max(0, start + filled - offset);
      const take = Math.min(p.length - from, length - filled);
      if (weight === 1) to.set(p.subarray(from, from + take), filled);
      else for (let i = 0; i < take; i++) to[filled + i] = p[from + i] * weight;
      filled += take;
    }
    offset = end;
    if (filled === length) break;
  }
}

/** Writes `result[0 … length)` to positions [start, start + length) of the concatenation of `views`. */
function scatterSpan(result: Float32Array, length: number, views: readonly Float32Array[], start: number): void {
  let offset = 0;
  let done = 0;
  for (const v of views) {
    const end = offset + v.length;
    if (end > start && done < length) {
      const into = Math.max(0, start + done - offset);
      const take = Math.min(v.length - into, length - done);
      v.set(result.subarray(done, done + take), into);
      done += take;
    }
    offset = end;
    if (done === length) break;
  }
}
