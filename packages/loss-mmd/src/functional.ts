import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, checkNumberArray, type NumberArrayRule, ShapeMismatchError } from '@gantry/core';

/**
 * Default kernel bandwidths σ: 1, 2, 4, 8, 16, the set of MMD GAN (Li et al. 2017,
 * https://arxiv.org/abs/1705.08584). Why these: a sum of kernels over length scales
 * from 1 to 16 keeps a useful gradient both when samples are far from the data
 * (the wide kernels; e.g. 4 units away at the start of `gaussian-1d`) and when they
 * are close (the narrow ones), in the units of the toy data sets (ring radius 2,
 * grid ±4) and of flattened [−1, 1] images of a few hundred pixels (‖x − y‖ ≈ 10–30).
 * For data on other scales pass your own, e.g. multiples of the median pairwise distance.
 */
export const DEFAULT_BANDWIDTHS: readonly number[] = Object.freeze([1, 2, 4, 8, 16]);

/** Kernel widths σ: a non-empty list of finite numbers > 0. */
export const BANDWIDTHS_RULE: NumberArrayRule = { above: 0, minLength: 1, hint: '(kernel widths σ)' };

/**
 * Throws a {@link ConfigError} unless `bandwidths` is a non-empty array of finite numbers > 0;
 * returns a frozen copy.
 *
 * @param component how the error message names the caller, e.g. `"objective 'mmd'"`.
 */
export function checkBandwidths(bandwidths: unknown, component = 'checkBandwidths'): readonly number[] {
  return checkNumberArray(component, 'bandwidths', bandwidths, BANDWIDTHS_RULE);
}

/** [n, …] → [n, d] float32: MMD compares samples as flat vectors. */
function flatten(x: tf.Tensor, what: string): tf.Tensor2D {
  if (x.rank < 1) throw new ShapeMismatchError(`${what} must have a batch axis, got a scalar.`);
  const n = x.shape[0];
  return tf.reshape(tf.cast(x, 'float32'), [n, x.size / Math.max(n, 1)]) as tf.Tensor2D;
}

/** ‖aᵢ − bⱼ‖² for all pairs, [m, n], via ‖a‖² + ‖b‖² − 2a·b (clipped at 0 against rounding). */
function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const aa = tf.sum(tf.square(a), 1, true); // [m, 1]
  const bb = tf.reshape(tf.sum(tf.square(b), 1), [1, -1]); // [1, n]
  return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(tf.matMul(a, b, false, true), 2))) as tf.Tensor2D;
}

/**
 * The kernel matrix of a fixed mixture of Gaussian kernels,
 *
 * k(x, y) = Σ_σ exp(−‖x − y‖² / (2σ²)),
 *
 * between the rows of `x` ([m, …]) and `y` ([n, …]), flattened; returns [m, n].
 * (Li et al. 2015, https://arxiv.org/abs/1502.02761 §3.1.)
 */
export function mixtureKernel(
  x: tf.Tensor,
  y: tf.Tensor,
  bandwidths: readonly number[] = DEFAULT_BANDWIDTHS,
): tf.Tensor2D {
  const sigmas = checkBandwidths(bandwidths, 'mmd2Unbiased');
  return tf.tidy(() => {
    const a = flatten(x, 'x');
    const b = flatten(y, 'y');
    if (a.shape[1] !== b.shape[1]) {
      throw new ShapeMismatchError(
        `MMD compares samples of one size, got x of shape [${x.shape.join(', ')}] and y of shape [${y.shape.join(', ')}].`,
      );
    }
    return kernelOfDistances(squaredDistances(a, b), sigmas);
  });
}

function kernelOfDistances(d2: tf.Tensor2D, sigmas: readonly number[]): tf.Tensor2D {
  // One exp per bandwidth on the same distance matrix: [m, n, S] summed over S.
  const coefficients = tf.tensor1d(sigmas.map((s) => -1 / (2 * s * s)));
  return tf.sum(tf.exp(tf.mul(tf.expandDims(d2, 2), coefficients)), 2) as tf.Tensor2D;
}

/** Σ_{i≠j} Kᵢⱼ of a square kernel matrix (the diagonal masked, so it adds no gradient). */
function offDiagonalSum(k: tf.Tensor2D): tf.Scalar {
  const m = k.shape[0];
  return tf.sum(tf.mul(k, tf.sub(1, tf.eye(m)))) as tf.Scalar;
}

/**
 * The unbiased estimator of the squared maximum mean discrepancy (Gretton et al. 2012,
 * https://jmlr.org/papers/v13/gretton12a.html, Lemma 6), on flattened samples
 * x ([m, …], m ≥ 2) and y ([n, …], n ≥ 2) under the kernel {@link mixtureKernel}:
 *
 * MMD²_u = 1/(m(m−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/(mn) Σ_{i,j} k(xᵢ, yⱼ).
 *
 * Its expectation is exactly MMD²(P, Q), 0 iff P = Q for this characteristic kernel,
 * so a single estimate can be slightly negative. Differentiable in x and y: the loss of
 * generative moment matching networks (Li et al. 2015, https://arxiv.org/abs/1502.02761;
 * Dziugaite et al. 2015, https://arxiv.org/abs/1505.03906).
 * Cost O((m + n)² d) time and memory for the distance matrices.
 *
 * @param bandwidths kernel widths σ, default {@link DEFAULT_BANDWIDTHS} = [1, 2, 4, 8, 16].
 */
export function mmd2Unbiased(
  x: tf.Tensor,
  y: tf.Tensor,
  bandwidths: readonly number[] = DEFAULT_BANDWIDTHS,
): tf.Scalar {
  const sigmas = checkBandwidths(bandwidths, 'mixtureKernel');
  const m = x.rank > 0 ? x.shape[0] : 0;
  const n = y.rank > 0 ? y.shape[0] : 0;
  if (m < 2 || n < 2) {
    throw new ShapeMismatchError(
      `The unbiased MMD² needs at least 2 samples on each side, got ${m} and ${n} (shapes [${x.shape.join(', ')}] and [${y.shape.join(', ')}]).`,
    );
  }
  return tf.tidy(() => {
    const a = flatten(x, 'x');
    const b = flatten(y, 'y');
    if (a.shape[1] !== b.shape[1]) {
      throw new ShapeMismatchError(
        `MMD compares samples of one size, got x of shape [${x.shape.join(', ')}] and y of shape [${y.shape.join(', ')}].`,
      );
    }
    const kxx = offDiagonalSum(kernelOfDistances(squaredDistances(a, a), sigmas));
    const kyy = offDiagonalSum(kernelOfDistances(squaredDistances(b, b), sigmas));
    const kxy = tf.sum(kernelOfDistances(squaredDistances(a, b), sigmas));
    return tf.sub(
      tf.add(tf.div(kxx, m * (m - 1)), tf.div(kyy, n * (n - 1))),
      tf.mul(kxy, 2 / (m * n)),
    ) as tf.Scalar;
  });
}
