import type * as tf from '@tensorflow/tfjs-core';

/**
 * A classifier a sample-based metric scores samples with: the inception score uses
 * its class probabilities p(y|x), FID / KID / MMD its features (in the papers,
 * Inception-v3's pool3 layer; for MNIST-like data a small CNN trained on the data
 * set, as Gantry ships).
 *
 * Implement it to plug in any model (a tfjs-layers model, a graph model, …).
 */
export interface Classifier {
  /** Number of classes k. */
  readonly numClasses: number;
  /** Shape of one input sample, without the batch axis, when fixed (e.g. `[28, 28, 1]`). */
  readonly inputShape?: readonly number[];
  /**
   * Pixel range the classifier expects, e.g. `[0, 1]`. Metrics rescale samples from
   * the data set's `range` to it (a GAN's tanh output in [−1, 1] then needs no care).
   */
  readonly inputRange?: readonly [number, number];
  /** Class probabilities p(y|x), float32 `[n, k]`, rows summing to 1. The caller owns the result. */
  predict(x: tf.Tensor): tf.Tensor2D;
  /** Features (usually the penultimate layer), float32 `[n, d]`. The caller owns the result. */
  features?(x: tf.Tensor): tf.Tensor2D;
  /** Frees the classifier's weights. */
  dispose?(): void;
}
