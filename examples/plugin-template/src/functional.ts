import * as tf from '@tensorflow/tfjs-core';

/**
 * The discriminator's loss of the relativistic average standard GAN (RaSGAN,
 * Jolicoeur-Martineau 2018, https://arxiv.org/abs/1807.00734 §4.2), from the
 * critic's raw scores (logits) C(x):
 *
 * L_D = −𝔼_{x_r}[log σ(C(x_r) − 𝔼_{x_f}C(x_f))] − 𝔼_{x_f}[log(1 − σ(C(x_f) − 𝔼_{x_r}C(x_r)))]
 *     = 𝔼[softplus(m_f − c_r)] + 𝔼[softplus(c_f − m_r)],
 *
 * with c_r = C(x_r), c_f = C(x_f), m_r = 𝔼[c_r], m_f = 𝔼[c_f]. D estimates the
 * probability that real data is *more realistic than fake data on average*,
 * instead of the absolute probability that a sample is real.
 *
 * The means run over every element of the score tensor (one logit per sample, or
 * a PatchGAN map), and gradients flow through them, as in the paper. The softplus
 * form (−log σ(t) = softplus(−t)) stays finite for any finite logit.
 */
export function relativisticAverageDiscriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => pairLoss(realLogits, fakeLogits));
}

/**
 * The generator's loss of RaSGAN (Jolicoeur-Martineau 2018,
 * https://arxiv.org/abs/1807.00734 §4.2): the discriminator's loss with the roles of
 * real and fake swapped,
 *
 * L_G = −𝔼_{x_f}[log σ(C(x_f) − 𝔼_{x_r}C(x_r))] − 𝔼_{x_r}[log(1 − σ(C(x_r) − 𝔼_{x_f}C(x_f)))]
 *     = 𝔼[softplus(m_r − c_f)] + 𝔼[softplus(c_r − m_f)].
 *
 * Unlike the non-saturating loss, the real samples' term depends on G (through
 * m_f), so G also learns from making real data look *less* real relative to fakes.
 */
export function relativisticAverageGeneratorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => pairLoss(fakeLogits, realLogits));
}

/** 𝔼[softplus(𝔼[b] − a)] + 𝔼[softplus(b − 𝔼[a])]: "a is more realistic than b on average". */
function pairLoss(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  const aMean = tf.mean(a);
  const bMean = tf.mean(b);
  return tf.add(tf.mean(tf.softplus(tf.sub(bMean, a))), tf.mean(tf.softplus(tf.sub(b, aMean)))) as tf.Scalar;
}
