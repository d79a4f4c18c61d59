import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@gantry/core';

/** BEGAN's proportional gain λ_k of k_t: 0.001 (Berthelot et al. 2017, §3.4). */
export const DEFAULT_LAMBDA_K = 0.001;
/** BEGAN's default diversity ratio γ = 0.5 (the paper explores 0.3–0.7). */
export const DEFAULT_GAMMA = 0.5;

/**
 * The auto-encoder loss L(v) = |v − D(v)|^η with η = 1 (Berthelot et al. 2017,
 * https://arxiv.org/abs/1703.10717 eq. 1), as the per-sample MEAN absolute error
 * (so its scale does not depend on the image size), averaged over the batch:
 *
 * L = (1/B) Σ_b mean_{pixels, channels} |v_b − D(v_b)|.
 */
export function reconstructionLoss(v: tf.Tensor, reconstruction: tf.Tensor): tf.Scalar {
  if (v.shape.join() !== reconstruction.shape.join()) {
    throw new ShapeMismatchError(
      `BEGAN's L(v) = |v − D(v)| needs D(v) of v's shape [${v.shape.join(', ')}], got [${reconstruction.shape.join(', ')}].`,
    );
  }
  // Every sample has the same number of pixels, so the mean of per-sample means is the overall mean.
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(v, reconstruction))) as tf.Scalar);
}

/** L_D = L(x) − k_t·L(G(z)) (Berthelot et al. 2017, eq. 4). */
export function beganDiscriminatorLoss(lossReal: tf.Scalar, lossFake: tf.Scalar, k: number): tf.Scalar {
  return tf.tidy(() => tf.sub(lossReal, tf.mul(lossFake, k)) as tf.Scalar);
}

/** L_G = L(G(z)) (Berthelot et al. 2017, eq. 4). */
export function beganGeneratorLoss(lossFake: tf.Scalar): tf.Scalar {
  return tf.clone(lossFake);
}

/** Options of {@link updateK}. */
export interface KUpdateOptions {
  /** Diversity ratio γ = 𝔼[L(G(z))]/𝔼[L(x)] targeted at equilibrium; default 0.5. */
  readonly gamma?: number;
  /** Proportional gain λ_k; default 0.001. */
  readonly lambdaK?: number;
}

/**
 * BEGAN's proportional control of k (Berthelot et al. 2017, eq. 4):
 *
 * k_{t+1} = clip(k_t + λ_k·(γ·L(x) − L(G(z))), 0, 1).
 *
 * When G's samples are reconstructed worse than γ·L(x) (D wins), k falls and D
 * weighs rejecting fakes less; when they are reconstructed too well, k rises.
 */
export function updateK(k: number, lossReal: number, lossFake: number, options: KUpdateOptions = {}): number {
  const gamma = options.gamma ?? DEFAULT_GAMMA;
  const lambdaK = options.lambdaK ?? DEFAULT_LAMBDA_K;
  return Math.min(1, Math.max(0, k + lambdaK * (gamma * lossReal - lossFake)));
}
