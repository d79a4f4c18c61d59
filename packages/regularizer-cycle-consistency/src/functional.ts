import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean absolute error, the per-element L1 distance:
 *
 *   mae(x, y) = (1/N) Σᵢ |xᵢ − yᵢ|   over all N elements (batch, pixels, channels).
 *
 * CycleGAN's paper writes the cycle loss as 𝔼[‖F(G(x)) − x‖₁] (Zhu et al. 2017,
 * https://arxiv.org/abs/1703.10593, eq. 2); its reference code (and DualGAN's,
 * Yi et al. 2017, https://arxiv.org/abs/1704.02510) averages over pixels as well,
 * which is what the published weights λ = 10 (CycleGAN) and λ ∈ [100, 1000]
 * (DualGAN) are tuned for. Multiply by h·w·c for the per-image ‖·‖₁.
 */
export function meanAbsoluteError(x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(x, y))) as tf.Scalar);
}

/**
 * The cycle-consistency loss of CycleGAN (Zhu et al. 2017,
 * https://arxiv.org/abs/1703.10593, eq. 2) and DualGAN's reconstruction loss
 * (Yi et al. 2017, https://arxiv.org/abs/1704.02510, eq. 3), unweighted:
 *
 *   L_cyc = mae(G_BA(G_AB(a)), a) + mae(G_AB(G_BA(b)), b)
 *
 * given a, b and their round trips `cycledA` = G_BA(G_AB(a)), `cycledB` = G_AB(G_BA(b)).
 */
export function cycleConsistencyLoss(a: tf.Tensor, b: tf.Tensor, cycledA: tf.Tensor, cycledB: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(meanAbsoluteError(cycledA, a), meanAbsoluteError(cycledB, b)) as tf.Scalar);
}

/**
 * The identity-mapping loss of CycleGAN (Zhu et al. 2017,
 * https://arxiv.org/abs/1703.10593, §5.2, after Taigman et al. 2017,
 * https://arxiv.org/abs/1611.02200), unweighted:
 *
 *   L_id = mae(G_AB(b), b) + mae(G_BA(a), a)
 *
 * given `sameB` = G_AB(b) and `sameA` = G_BA(a): each generator, fed an image that
 * is already in its output domain, should leave it alone (it keeps colours and
 * intensities from drifting).
 */
export function identityLoss(a: tf.Tensor, b: tf.Tensor, sameA: tf.Tensor, sameB: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(meanAbsoluteError(sameB, b), meanAbsoluteError(sameA, a)) as tf.Scalar);
}
