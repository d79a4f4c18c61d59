import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, type MetricInput } from '@gantry/core';
import type { Classifier } from './classifier.js';

/** Default number of samples a classifier sees per forward pass (bounds the memory of conv activations). */
export const DEFAULT_BATCH_SIZE = 250;

/** Which samples of a {@link MetricInput} to draw. */
export type SampleSource = 'generated' | 'real';

/**
 * Maps samples from the data set's pixel range `from` to the classifier's `to`
 * (x' = lo' + (x − lo)·(hi' − lo')/(hi − lo)); the identity when either is unknown
 * or they are equal. GAN generators output in the data set's range.
 */
export function rescale(x: tf.Tensor, from?: readonly [number, number], to?: readonly [number, number]): tf.Tensor {
  if (!from || !to || (from[0] === to[0] && from[1] === to[1])) return tf.clone(x);
  const scale = (to[1] - to[0]) / (from[1] - from[0]);
  return tf.tidy(() => tf.add(tf.mul(tf.sub(x, from[0]), scale), to[0]));
}

/**
 * Runs `fn` (e.g. `c => c.predict(x)`) on `x` in slices of `batchSize` rows and
 * returns the concatenated `[n, width]` rows as float64 (for the float64 statistics
 * downstream). Every intermediate tensor is freed; `x` stays the caller's.
 */
export function rowsInBatches(
  x: tf.Tensor,
  fn: (slice: tf.Tensor) => tf.Tensor2D,
  batchSize = DEFAULT_BATCH_SIZE,
): { data: Float64Array; rows: number; width: number } {
  const n = x.shape[0];
  let out: Float64Array | undefined;
  let width = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const begin = x.shape.map((_, i) => (i === 0 ? start : 0));
      const extent = x.shape.map((d, i) => (i === 0 ? size : d));
      return fn(tf.slice(x, begin, extent));
    });
    const data = values.dataSync();
    width = values.shape[1];
    values.dispose();
    out ??= new Float64Array(n * width);
    out.set(data, start * width);
  }
  return { data: out ?? new Float64Array(0), rows: n, width };
}

/** What is computed from each sample. */
export type ClassifierOutput = 'probabilities' | 'features';

/**
 * Draws `n` samples of a {@link MetricInput} (generated in batches, seeds derived
 * from `seed`; real ones in one draw, without repetition when n ≤ data size),
 * rescales them to the classifier's input range and returns the classifier's
 * probabilities or features as float64 rows.
 */
export function classifierRows(
  input: MetricInput,
  source: SampleSource,
  classifier: Classifier,
  output: ClassifierOutput,
  n: number,
  seed: number,
  batchSize = DEFAULT_BATCH_SIZE,
): { data: Float64Array; rows: number; width: number } {
  const fn = (x: tf.Tensor): tf.Tensor2D =>
    tf.tidy(() => {
      const scaled = rescale(x, input.dataset.range, classifier.inputRange);
      if (output === 'probabilities') return classifier.predict(scaled);
      if (!classifier.features) throw new RangeError('This classifier has no features(x); FID, KID and MMD on features need one.');
      return classifier.features(scaled);
    });
  return sampleRows(input, source, n, seed, fn, batchSize);
}

/**
 * Like {@link classifierRows} with any function of a batch of samples (e.g. a
 * flattening, for MMD on pixels). Samples are in the data set's range.
 */
export function sampleRows(
  input: MetricInput,
  source: SampleSource,
  n: number,
  seed: number,
  fn: (x: tf.Tensor) => tf.Tensor2D,
  batchSize = DEFAULT_BATCH_SIZE,
): { data: Float64Array; rows: number; width: number } {
  if (source === 'real') {
    const x = input.real(n, seed);
    try {
      return rowsInBatches(x, fn, batchSize);
    } finally {
      x.dispose();
    }
  }
  const parts: Float64Array[] = [];
  let width = 0;
  for (let start = 0, b = 0; start < n; start += batchSize, b++) {
    const x = input.generate(Math.min(batchSize, n - start), deriveSeed(seed, 'generate', b));
    try {
      const rows = rowsInBatches(x, fn, batchSize);
      parts.push(rows.data);
      width = rows.width;
    } finally {
      x.dispose();
    }
  }
  const data = new Float64Array(n * width);
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.length;
  }
  return { data, rows: n, width };
}
