import { checkNumber, type NumberRule } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The critic's loss of the Wasserstein GAN (Arjovsky et al. 2017,
 * https://arxiv.org/abs/1701.07875, Algorithm 1), computed from the critic's raw
 * scores f_w (the discriminator's `logits`, no sigmoid):
 *
 * L_D = 𝔼_z[f_w(G(z))] − 𝔼_x[f_w(x)],
 *
 * the negated Kantorovich–Rubinstein estimate of W(p_data, p_g) = sup_{‖f‖_L ≤ 1}
 * 𝔼_pdata[f] − 𝔼_pg[f]. It is only a distance estimate when f_w is kept
 * K-Lipschitz (weight clipping, a gradient penalty or spectral normalisation).
 * Each expectation is a mean over every element of its own batch (score maps work).
 * Gradient: ∂L_D/∂f(x_i) = −1/n_real, ∂L_D/∂f(G(z_i)) = 1/n_fake.
 */
export function wassersteinCriticLoss(realScores: tf.Tensor, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(fakeScores), tf.mean(realScores)));
}

/**
 * The generator's loss of the Wasserstein GAN (Arjovsky et al. 2017,
 * https://arxiv.org/abs/1701.07875, Algorithm 1): G minimises the critic's
 * estimate of W, of which only the fake term depends on G:
 *
 * L_G = −𝔼_z[f_w(G(z))].
 *
 * Gradient ∂L_G/∂f(G(z_i)) = −1/n: constant, it never saturates.
 */
export function wassersteinGeneratorLoss(fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(fakeScores)) as tf.Scalar);
}

/** The clip value c: a finite number > 0 (shared by {@link clipWeights} and the `weight-clipping` constraint). */
export const CLIP_RULE: NumberRule = { above: 0, hint: '(the clip value)' };

/**
 * Weight clipping (Arjovsky et al. 2017, https://arxiv.org/abs/1701.07875,
 * Algorithm 1 line 7): w ← clip(w, −c, c) for every given variable, in place.
 * Values already in [−c, c] are left bit-for-bit unchanged. Clipping bounds every
 * weight, so the critic lies in a compact set of K-Lipschitz functions (K depends
 * on c and the architecture) — the paper's "clearly terrible way" to enforce it,
 * but the original one. Only float variables are touched.
 */
export function clipWeights(variables: readonly tf.Variable[], c: number): void {
  const bound = checkNumber('clipWeights', 'c', c, CLIP_RULE);
  tf.tidy(() => {
    for (const v of variables) {
      if (v.dtype === 'float32') v.assign(tf.clipByValue(v, -bound, bound));
    }
  });
}
