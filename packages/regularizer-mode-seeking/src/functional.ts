import * as tf from '@tensorflow/tfjs-core';

/** ε of the mode-seeking term: 1e-5, as in the authors' code (github.com/HelenMao/MSGAN). */
export const DEFAULT_EPSILON = 1e-5;

/**
 * The mode-seeking ratio of MSGAN (Mao et al. 2019, https://arxiv.org/abs/1903.05628, eq. 3):
 *
 *   r = mean|G(c, z₁) − G(c, z₂)| / mean|z₁ − z₂|,
 *
 * the means running over every element of the batch (the authors' code: L1 distance,
 * averaged). r is how far apart two codes' images are per unit of latent distance;
 * a generator collapsed onto one mode per condition has r ≈ 0.
 */
export function modeSeekingRatio(fake1: tf.Tensor, fake2: tf.Tensor, z1: tf.Tensor, z2: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.mean(tf.abs(tf.sub(fake1, fake2))), tf.mean(tf.abs(tf.sub(z1, z2)))) as tf.Scalar);
}

/**
 * The mode-seeking loss L_ms = 1 / (r + ε) (Mao et al. 2019, https://arxiv.org/abs/1903.05628,
 * eq. 3 turned into a loss to minimise, as in the authors' code), with r the
 * {@link modeSeekingRatio}. Minimising it maximises r, pushing G to map different codes
 * of the same condition to different images; ε (default 1e-5) bounds it when r → 0.
 */
export function modeSeekingLoss(ratio: tf.Scalar, epsilon = DEFAULT_EPSILON): tf.Scalar {
  return tf.tidy(() => tf.div(1, tf.add(ratio, epsilon)) as tf.Scalar);
}
