import * as tf from '@tensorflow/tfjs-core';

/**
 * The discriminator's hinge loss (Lim & Ye 2017, https://arxiv.org/abs/1705.02894;
 * Miyato et al. 2018, https://arxiv.org/abs/1802.05957), on D's raw scores
 * (its `logits`):
 *
 * L_D = 𝔼_x[max(0, 1 − D(x))] + 𝔼_z[max(0, 1 + D(G(z)))].
 *
 * The soft-margin SVM loss with labels +1 (real) and −1 (fake): samples already
 * beyond the margin (D(x) ≥ 1, D(G(z)) ≤ −1) contribute nothing. Gradient −1/n_real
 * for real scores below 1, +1/n_fake for fake scores above −1, 0 otherwise. Each
 * expectation is a mean over every element of its own batch (score maps work).
 */
export function hingeDiscriminatorLoss(realScores: tf.Tensor, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.add(tf.mean(tf.relu(tf.sub(1, realScores))), tf.mean(tf.relu(tf.add(fakeScores, 1)))),
  );
}

/**
 * The generator's loss of the hinge game (Lim & Ye 2017, https://arxiv.org/abs/1705.02894;
 * Miyato et al. 2018, https://arxiv.org/abs/1802.05957):
 *
 * L_G = −𝔼_z[D(G(z))],
 *
 * not a hinge: G raises D's score on its samples without limit (as in WGAN), so its
 * gradient −1/n never vanishes even when D rejects the samples beyond the margin.
 */
export function hingeGeneratorLoss(fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(fakeScores)) as tf.Scalar);
}
