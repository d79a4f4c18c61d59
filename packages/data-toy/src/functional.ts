import * as tf from '@tensorflow/tfjs-core';
import type { GaussianMixture } from './mixture.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Density of an isotropic Gaussian mixture at one point,
 * p(x) = Σₖ wₖ · (2πσₖ²)^(−d/2) · exp(−‖x − μₖ‖² / 2σₖ²).
 *
 * @param x - A number (1-D mixtures) or a point of d numbers.
 */
export function mixtureDensity(mixture: GaussianMixture, x: number | ArrayLike<number>): number {
  const point = typeof x === 'number' ? [x] : x;
  const d = mixture.means[0].length;
  if (point.length !== d) throw new RangeError(`A point of ${point.length} numbers given to a ${d}-D mixture density.`);
  let p = 0;
  for (let k = 0; k < mixture.means.length; k++) {
    const s = mixture.stds[k];
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const diff = point[j] - mixture.means[k][j];
      sq += diff * diff;
    }
    p += mixture.weights[k] * Math.exp(-sq / (2 * s * s) - d * (Math.log(s) + LOG_SQRT_2PI));
  }
  return p;
}

/**
 * {@link mixtureDensity} on a batch of points, as a tensor: `x` is `[n]` or
 * `[n, 1]` for a 1-D mixture, `[n, d]` otherwise; returns p(x) as `[n]`. Useful
 * for the optimal discriminator D*(x) = p_data(x) / (p_data(x) + p_g(x))
 * (Goodfellow et al. 2014, arXiv:1406.2661, Prop. 1).
 */
export function mixtureDensityTensor(mixture: GaussianMixture, x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const d = mixture.means[0].length;
    const points = tf.cast(x.rank === 1 ? tf.reshape(x, [-1, 1]) : x, 'float32') as tf.Tensor2D;
    if (points.rank !== 2 || points.shape[1] !== d) {
      throw new RangeError(`Points of shape [${x.shape.join(', ')}] given to a ${d}-D mixture density.`);
    }
    const means = tf.tensor2d(mixture.means.map((m) => [...m]), [mixture.means.length, d]); // [K, d]
    const stds = tf.tensor1d([...mixture.stds]); // [K]
    const sq = tf.sum(tf.square(tf.sub(tf.expandDims(points, 1), tf.expandDims(means, 0))), 2); // [n, K]
    // log wₖ − d·(log σₖ + ½ log 2π) − ‖x − μₖ‖² / 2σₖ²
    const logNorm = tf.mul(tf.add(tf.log(stds), LOG_SQRT_2PI), -d);
    const logp = tf.add(tf.add(tf.div(sq, tf.mul(tf.square(stds), -2)), logNorm), tf.log(tf.tensor1d([...mixture.weights])));
    return tf.exp(tf.logSumExp(logp, 1)) as tf.Tensor1D;
  });
}
