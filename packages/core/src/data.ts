import type * as tf from '@tensorflow/tfjs-core';

/** A mini-batch of real data. The caller owns (and disposes) its tensors. */
export interface Batch {
  /** Samples, `[batch, ...sampleShape]`. */
  readonly x: tf.Tensor;
  /** Class labels, int32 `[batch]`, when the data set has them. */
  readonly labels?: tf.Tensor;
  /** Paired source images (image-to-image data sets). */
  readonly source?: tf.Tensor;
}

/**
 * A finite, indexable data set. The trainer chooses indices (a seeded permutation
 * per epoch), so the batch order is a pure function of the seed and the step: this
 * is what makes exact resume possible without saving iterator state.
 */
export interface Dataset {
  /** Name shown in logs and errors. */
  readonly name: string;
  /** Number of samples. */
  readonly size: number;
  /** Shape of one sample, without the batch axis. */
  readonly sampleShape: readonly number[];
  /** Range the samples are scaled to, e.g. `[-1, 1]` for tanh generators. */
  readonly range: readonly [number, number];
  /** Number of classes when `labels` are provided. */
  readonly numClasses?: number;
  /** Builds the batch of the given sample indices. */
  batch(indices: ArrayLike<number>): Batch;
  /**
   * A hint from the trainer: the batch with these indices will be asked for soon (it
   * hints the batches of up to one step ahead, in the order it will ask, repeating
   * hints it gave before). A data set that builds batches slowly (decoding,
   * augmentation, I/O) can start on them now, in another thread, so that `batch` does
   * not stall the step. Ignoring it is always correct.
   */
  prefetch?(indices: Uint32Array): void;
  /** Frees any tensors or buffers held. */
  dispose?(): void;
}
