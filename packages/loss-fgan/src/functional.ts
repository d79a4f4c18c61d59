import * as tf from '@tensorflow/tfjs-core';
import type { Divergence } from './divergence.js';

/**
 * The generator loss variants of f-GAN (Nowozin et al. 2016, https://arxiv.org/abs/1606.00709):
 *
 * - `'saddle'`: G minimises the saddle objective's fake term, L_G = 𝔼_z[−f*(g_f(V(G(z))))]
 *   (eq. 6: min_θ max_ω F(θ, ω)).
 * - `'alternative'`: G maximises 𝔼_z[g_f(V(G(z)))], L_G = −𝔼_z[T(G(z))] (§3.2, the
 *   analogue of the non-saturating GAN loss; same fixed point, stronger gradients
 *   while D tells real from fake easily).
 */
export type GeneratorLossVariant = 'saddle' | 'alternative';

/**
 * The variational lower bound of Nowozin et al. 2016 (https://arxiv.org/abs/1606.00709, eq. 4),
 * on critic values T (already in dom f*):
 *
 * F(T) = 𝔼_P[T(x)] − 𝔼_Q[f*(T(x))] ≤ D_f(P ‖ Q),
 *
 * with the means taken over each batch (real and fake may differ in size). Equality
 * holds at T*(x) = f′(p(x)/q(x)).
 */
export function variationalBound(divergence: Divergence, tReal: tf.Tensor, tFake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(tReal), tf.mean(divergence.conjugate(tFake))));
}

/**
 * The same bound from the discriminator's raw outputs v (T = g_f(v)), with the
 * fused, stable f*(g_f(v)):
 *
 * F = 𝔼_P[g_f(v_real)] − 𝔼_Q[f*(g_f(v_fake))].
 */
export function variationalBoundFromLogits(divergence: Divergence, vReal: tf.Tensor, vFake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(divergence.activation(vReal)), tf.mean(divergence.activatedConjugate(vFake))));
}

/**
 * f-GAN discriminator (variational function) loss, the negated bound, minimised over D:
 *
 * L_D = −F = −𝔼_P[g_f(v_real)] + 𝔼_Q[f*(g_f(v_fake))].
 *
 * At its minimum −L_D estimates D_f(P ‖ Q) (arXiv:1606.00709 eq. 6).
 */
export function fganDiscriminatorLoss(divergence: Divergence, vReal: tf.Tensor, vFake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(variationalBoundFromLogits(divergence, vReal, vFake)));
}

/**
 * f-GAN generator loss on D's raw outputs for generated samples:
 * `'saddle'` L_G = −𝔼[f*(g_f(v_fake))]; `'alternative'` L_G = −𝔼[g_f(v_fake)]
 * (see {@link GeneratorLossVariant}). Default `'alternative'`: the paper (§3.2) shows
 * it keeps the saddle point and reports it useful for every divergence, not only GAN's.
 */
export function fganGeneratorLoss(
  divergence: Divergence,
  vFake: tf.Tensor,
  variant: GeneratorLossVariant = 'alternative',
): tf.Scalar {
  return tf.tidy(() =>
    variant === 'saddle'
      ? tf.neg(tf.mean(divergence.activatedConjugate(vFake)))
      : tf.neg(tf.mean(divergence.activation(vFake))),
  ) as tf.Scalar;
}
