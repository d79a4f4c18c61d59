import * as tf from '@tensorflow/tfjs-core';

/**
 * One replica's view of a group of replicas that train the same model
 * data-parallel (one per thread or process, e.g. `@gantry/parallel`'s workers).
 * Injected into the {@link Trainer} under `TOKENS.Collective`; during a step it is
 * also the {@link activeCollective}, which layers such as batch norm consult.
 *
 * Every method is a collective operation: every replica calls it, in the same
 * order, with arrays of the same length, and it returns only when all have. The
 * results must be the same bits on every replica (sum in a fixed order), which is
 * what keeps the replicas' weights identical.
 */
export interface Collective {
  /** This replica's index, 0 … size − 1. Rank 0 writes checkpoints and runs metrics. */
  readonly rank: number;
  /** Number of replicas. */
  readonly size: number;
  /**
   * Batch norm in training mode normalises with the statistics of the global batch
   * (all replicas' shards: synchronised BN) instead of its own shard's (per-replica
   * BN, as unsynchronised DDP). See {@link batchMoments}.
   */
  readonly syncBatchNorm: boolean;
  /**
   * Σ over replicas of the concatenation of `parts`, as one new array of the total
   * length. The same bits on every replica.
   */
  allReduce(parts: readonly Float32Array[]): Float32Array;
  /** Every replica's `values`, in rank order (the same on every replica). */
  allGather(values: Float32Array): Float32Array[];
  /**
   * Optional fast path for large payloads (the trainer's gradients): Σ over replicas of
   * `weight`·`tensors` (each replica passes its own weight), as new tensors of the same
   * shapes, owned by the caller — computed without copying through JS arrays where the
   * backend allows. Without it the trainer uses {@link allReduce} on the tensors' data.
   */
  allReduceTensors?(tensors: readonly tf.Tensor[], weight: number): tf.Tensor[];
  /** Called by the trainer when step `step` begins (lets rank 0 start the other replicas). */
  beginStep?(step: number): void;
}

/** The replica's share of the global batch: rows `start` … `end − 1` of `size`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
  /** Global batch size. */
  readonly size: number;
  readonly start: number;
  readonly end: number;
}

/** Rows ⌊i·B/N⌋ … ⌊(i+1)·B/N⌋ − 1 of a global batch of B for replica i of N: contiguous, sizes differ by ≤ 1. */
export function shardOf(index: number, count: number, size: number): Shard {
  if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(index) && index >= 0 && index < count)) {
    throw new RangeError(`Shard ${index} of ${count} is not a valid shard.`);
  }
  if (size < count) throw new RangeError(`A global batch of ${size} cannot be split over ${count} replicas (each needs ≥ 1 sample).`);
  return { index, count, size, start: Math.floor((index * size) / count), end: Math.floor(((index + 1) * size) / count) };
}

// On globalThis under a registered symbol, so that two copies of this module agree.
const ACTIVE = Symbol.for('@gantry/core/activeCollective');
type Holder = { [ACTIVE]?: Collective };

/**
 * The collective of the training step running on this thread, if it is data-parallel
 * (set by the {@link Trainer} for the duration of `trainStep`, absent otherwise:
 * sampling and metrics never synchronise).
 */
export function activeCollective(): Collective | undefined {
  return (globalThis as Holder)[ACTIVE];
}

/** Runs `fn` with `collective` as the {@link activeCollective} (restores the previous one after). */
export function withCollective<T>(collective: Collective | undefined, fn: () => T): T {
  const holder = globalThis as Holder;
  const previous = holder[ACTIVE];
  holder[ACTIVE] = collective;
  try {
    return fn();
  } finally {
    holder[ACTIVE] = previous;
  }
}

/**
 * Batch-norm statistics over `axes` (keepDims false), like `tf.moments`. When a
 * data-parallel step with synchronised batch norm is running
 * ({@link activeCollective} with `syncBatchNorm`), they are the statistics of the
 * GLOBAL batch, all replicas' shards together (synchronised BN, as PyTorch's
 * `SyncBatchNorm`; Ioffe & Szegedy 2015, https://arxiv.org/abs/1502.03167, over the
 * whole mini-batch):
 *
 *   μ = Σᵣ nᵣμᵣ / n,   σ² = Σᵣ nᵣ(σᵣ² + (μᵣ − μ)²) / n    (Chan et al.'s pairwise merge)
 *
 * from one exchange of each replica's (nᵣ, μᵣ, σᵣ²) per call, and the gradient
 * w.r.t. this replica's x sums the other replicas' ∂L/∂μ, ∂L/∂σ² in one more
 * exchange: ∂x = (Gμ + 2Gσ²·(x − μ)) / nᵣ with G = Σᵣ (nᵣ/n)·∂Lᵣ/∂(μ, σ²) — so that
 * the replicas' gradients, averaged with weights nᵣ/n by the trainer, equal the
 * full-batch gradient. Otherwise it is exactly `tf.moments(x, axes)`.
 */
export function batchMoments(x: tf.Tensor, axes: readonly number[]): { mean: tf.Tensor; variance: tf.Tensor } {
  const c = activeCollective();
  if (!c || c.size <= 1 || !c.syncBatchNorm) return tf.moments(x, [...axes]);
  return syncedMoments(x, axes, c);
}

function syncedMoments(x: tf.Tensor, axes: readonly number[], c: Collective): { mean: tf.Tensor; variance: tf.Tensor } {
  const rank = x.rank;
  const reduced = axes.map((a) => (a < 0 ? a + rank : a));
  const outShape = x.shape.filter((_, i) => !reduced.includes(i));
  const keepShape = x.shape.map((d, i) => (reduced.includes(i) ? 1 : d));
  const n = reduced.reduce((p, a) => p * x.shape[a], 1);
  const channels = outShape.reduce((p, d) => p * d, 1);
  let shareOfGlobal = 1;
  const stats = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const local = tf.moments(input, [...reduced]);
    const payload = new Float32Array(1 + 2 * channels);
    payload[0] = n;
    payload.set(local.mean.dataSync() as Float32Array, 1);
    payload.set(local.variance.dataSync() as Float32Array, 1 + channels);
    tf.dispose([local.mean, local.variance]);
    const all = c.allGather(payload);
    // Merged in float64 in rank order: every replica computes the same bits.
    let total = 0;
    for (const p of all) total += p[0];
    shareOfGlobal = n / total;
    const out = new Float32Array(2 * channels);
    for (let k = 0; k < channels; k++) {
      let mean = 0;
      for (const p of all) mean += p[0] * p[1 + k];
      mean /= total;
      let m2 = 0;
      for (const p of all) {
        const d = p[1 + k] - mean;
        m2 += p[0] * (p[1 + channels + k] + d * d);
      }
      out[k] = mean;
      out[channels + k] = m2 / total;
    }
    const value = tf.tensor(out, [2, ...outShape]);
    const mean = tf.reshape(tf.slice(value, [0], [1]), keepShape);
    save([input, mean]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, mu] = saved;
        const weighted = tf.mul(dy, shareOfGlobal).dataSync() as Float32Array;
        const g = c.allReduce([weighted]);
        const gMean = tf.tensor(g.subarray(0, channels), keepShape);
        const gVar = tf.tensor(g.subarray(channels), keepShape);
        return tf.div(tf.add(gMean, tf.mul(tf.mul(gVar, 2), tf.sub(xs, mu))), n);
      },
    };
  }) as (...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor });
  const both = stats(x);
  const mean = tf.reshape(tf.slice(both, [0], [1]), outShape);
  const variance = tf.reshape(tf.slice(both, [1], [1]), outShape);
  return { mean, variance };
}
