import * as tf from '@tensorflow/tfjs-core';
import { checkEnum, ShapeMismatchError } from '@gantry/core';
import { checkLabelSmoothing, checkMaxLogit } from './options.js';

/**
 * How per-element losses are combined: `'mean'` (the expectation 𝔼, default),
 * `'sum'`, or `'none'` (the per-element tensor, same shape as the logits).
 * For PatchGAN-style score maps the mean runs over every element.
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of {@link discriminatorLoss}. */
export interface DiscriminatorLossOptions {
  /**
   * One-sided label smoothing α ∈ [0, 1): the real target becomes 1 − α, fake
   * targets stay 0 (Salimans et al. 2016, https://arxiv.org/abs/1606.03498 §3.4 —
   * smoothing only the real side keeps D* from rewarding samples where p_data = 0).
   * Default 0 (the plain game).
   */
  readonly labelSmoothing?: number;
  /** Default `'mean'`. With `'none'` the real and fake logits must have the same shape. */
  readonly reduction?: Reduction;
}

/**
 * Largest logit the maximum-likelihood loss exponentiates, by default. e^50 ≈ 5.2·10²¹,
 * so a sum of up to 6·10¹⁶ such terms stays below float32's maximum (3.4·10³⁸): the
 * loss and its gradient can never silently overflow to Inf, while logits up to 50
 * (D(G(z)) = 1 − 2·10⁻²², far past float32's σ(l) = 1 at l ≈ 17) are left untouched.
 */
export const DEFAULT_MAX_LOGIT = 50;

/** Options of {@link maximumLikelihoodGeneratorLoss}. */
export interface MaximumLikelihoodLossOptions {
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
  /**
   * Logits are clipped to at most this before `exp` (gradient 0 above it), so the
   * loss stays finite. Default {@link DEFAULT_MAX_LOGIT} = 50.
   */
  readonly maxLogit?: number;
}

/**
 * The discriminator's loss of all three games (Goodfellow et al. 2014,
 * https://arxiv.org/abs/1406.2661; Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.1.1.1),
 * the negated value function, computed from logits l (D = σ(l)):
 *
 * L_D = −𝔼_x[log D(x)] − 𝔼_z[log(1 − D(G(z)))] = 𝔼[softplus(−l_real)] + 𝔼[softplus(l_fake)]
 *
 * using log σ(l) = −softplus(−l) and log(1 − σ(l)) = −softplus(l), which stay finite
 * for any finite logit (unlike log(sigmoid(l))). With one-sided label smoothing α the
 * real term is the cross-entropy to target 1 − α:
 * 𝔼[(1 − α)·softplus(−l_real) + α·softplus(l_real)].
 *
 * With reduction `'mean'` or `'sum'` each term is reduced over its own batch (the real
 * and fake batches may differ in size); with `'none'` the per-element sum of the two
 * terms is returned.
 */
export function discriminatorLoss(
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  options?: DiscriminatorLossOptions & { readonly reduction?: 'mean' | 'sum' },
): tf.Scalar;
export function discriminatorLoss(
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  options: DiscriminatorLossOptions & { readonly reduction: 'none' },
): tf.Tensor;
export function discriminatorLoss(
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  options: DiscriminatorLossOptions = {},
): tf.Tensor {
  const alpha = checkLabelSmoothing('discriminatorLoss', options.labelSmoothing ?? 0);
  const reduction = checkReduction('discriminatorLoss', options.reduction ?? 'mean');
  if (reduction === 'none' && !sameShape(realLogits.shape, fakeLogits.shape)) {
    throw new ShapeMismatchError(
      `discriminatorLoss with reduction 'none' needs real and fake logits of one shape, got ` +
        `[${realLogits.shape.join(', ')}] and [${fakeLogits.shape.join(', ')}]. Use 'mean' or 'sum' for batches of different sizes.`,
    );
  }
  return tf.tidy(() => {
    // −log D(x) = softplus(−l); the smoothed target adds α·(−log(1 − D(x))) = α·softplus(l).
    let real: tf.Tensor = tf.softplus(tf.neg(realLogits));
    if (alpha > 0) real = tf.add(tf.mul(real, 1 - alpha), tf.mul(tf.softplus(realLogits), alpha));
    // −log(1 − D(G(z))) = softplus(l).
    const fake = tf.softplus(fakeLogits);
    if (reduction === 'none') return tf.add(real, fake);
    return tf.add(reduce(real, reduction), reduce(fake, reduction));
  });
}

/**
 * The generator's loss of the original minimax game (Goodfellow et al. 2014,
 * https://arxiv.org/abs/1406.2661 eq. 1): G minimises the value function's fake term,
 *
 * L_G = 𝔼_z[log(1 − D(G(z)))] = −𝔼[softplus(l_fake)].
 *
 * Its gradient w.r.t. a logit is −σ(l)/n: it vanishes when D confidently rejects the
 * samples (l → −∞), which is why it saturates early in training.
 */
export function minimaxGeneratorLoss(fakeLogits: tf.Tensor, reduction?: 'mean' | 'sum'): tf.Scalar;
export function minimaxGeneratorLoss(fakeLogits: tf.Tensor, reduction: 'none'): tf.Tensor;
export function minimaxGeneratorLoss(fakeLogits: tf.Tensor, reduction: Reduction = 'mean'): tf.Tensor {
  checkReduction('minimaxGeneratorLoss', reduction);
  return tf.tidy(() => reduce(tf.neg(tf.softplus(fakeLogits)), reduction));
}

/**
 * The generator's loss of the non-saturating game (Goodfellow et al. 2014,
 * https://arxiv.org/abs/1406.2661 §3; Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.1.1.2):
 *
 * L_G = −𝔼_z[log D(G(z))] = 𝔼[softplus(−l_fake)].
 *
 * Same fixed point as the minimax game, but the gradient −(1 − σ(l))/n is largest
 * where D rejects the samples, so G learns early in training.
 */
export function nonSaturatingGeneratorLoss(fakeLogits: tf.Tensor, reduction?: 'mean' | 'sum'): tf.Scalar;
export function nonSaturatingGeneratorLoss(fakeLogits: tf.Tensor, reduction: 'none'): tf.Tensor;
export function nonSaturatingGeneratorLoss(fakeLogits: tf.Tensor, reduction: Reduction = 'mean'): tf.Tensor {
  checkReduction('nonSaturatingGeneratorLoss', reduction);
  return tf.tidy(() => reduce(tf.softplus(tf.neg(fakeLogits)), reduction));
}

/**
 * The generator's loss of the maximum-likelihood game (Goodfellow 2014,
 * https://arxiv.org/abs/1412.6515; Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.1.1.3):
 *
 * L_G = 𝔼_z[−exp(σ⁻¹(D(G(z))))] = −𝔼[exp(l_fake)] = −𝔼[D(G(z)) / (1 − D(G(z)))],
 *
 * since σ⁻¹(D) is exactly the logit. With the optimal D the odds D/(1 − D) are
 * p_data/p_g, and the expected gradient of this loss is that of KL(p_data ‖ p_g):
 * maximum likelihood.
 * Gradient −exp(l)/n. Logits are clipped to at most `maxLogit` (default
 * {@link DEFAULT_MAX_LOGIT} = 50) so `exp` never overflows to Inf; above the clip the
 * gradient is 0.
 */
export function maximumLikelihoodGeneratorLoss(
  fakeLogits: tf.Tensor,
  options?: MaximumLikelihoodLossOptions & { readonly reduction?: 'mean' | 'sum' },
): tf.Scalar;
export function maximumLikelihoodGeneratorLoss(
  fakeLogits: tf.Tensor,
  options: MaximumLikelihoodLossOptions & { readonly reduction: 'none' },
): tf.Tensor;
export function maximumLikelihoodGeneratorLoss(
  fakeLogits: tf.Tensor,
  options: MaximumLikelihoodLossOptions = {},
): tf.Tensor {
  const reduction = checkReduction('maximumLikelihoodGeneratorLoss', options.reduction ?? 'mean');
  const maxLogit = checkMaxLogit('maximumLikelihoodGeneratorLoss', options.maxLogit ?? DEFAULT_MAX_LOGIT);
  return tf.tidy(() => reduce(tf.neg(tf.exp(tf.minimum(fakeLogits, maxLogit))), reduction));
}

function reduce(x: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'mean') return tf.mean(x);
  if (reduction === 'sum') return tf.sum(x);
  return x;
}

function checkReduction(component: string, reduction: unknown): Reduction {
  return checkEnum(component, 'reduction', reduction, ['mean', 'sum', 'none'] as const);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
