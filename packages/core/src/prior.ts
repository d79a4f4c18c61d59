import * as tf from '@tensorflow/tfjs-core';
import type { LatentPrior } from './network.js';

/** z ~ N(0, I): the prior of DCGAN and most GANs. */
export function normalPrior(shape: readonly number[]): LatentPrior {
  return { shape, sample: (n, seed) => tf.randomNormal([n, ...shape], 0, 1, 'float32', seed) };
}

/** z ~ U(low, high)ⁿ: BEGAN's prior is U(−1, 1). */
export function uniformPrior(shape: readonly number[], low = -1, high = 1): LatentPrior {
  return { shape, sample: (n, seed) => tf.randomUniform([n, ...shape], low, high, 'float32', seed) };
}
