import type * as tf from '@tensorflow/tfjs-core';
import { checkKeys, ConfigError, numberOption, type AdversarialContext, type Regularizer } from '@gantry/core';
import { featureMatchingLoss } from './functional.js';

/** Options of {@link FeatureMatching} (plain JSON). */
export interface FeatureMatchingOptions {
  /** λ ≥ 0; default 10 (pix2pixHD's λ, arXiv:1711.11585 eq. 5). */
  readonly lambda?: number;
}

/**
 * pix2pixHD's discriminator feature-matching loss (Wang et al. 2018,
 * https://arxiv.org/abs/1711.11585 eq. 4–5), added to the generator's loss:
 *
 *   min_G ( Σₖ L_GAN(G, D_k) + λ Σₖ L_FM(G, D_k) ),
 *   L_FM(G, D_k) = Σᵢ₌₁ᵀ (1/Nᵢ) ‖D_k⁽ⁱ⁾(s, x) − D_k⁽ⁱ⁾(s, G(s))‖₁,   λ = 10 by default,
 *
 * where D_k⁽ⁱ⁾ is the i-th hidden layer of discriminator scale k, read from
 * `DiscriminatorOutput.features` (all scales' layers, for the multi-scale D). The
 * real features are constants (gradient stopped), so only G is pulled towards
 * the statistics D finds in real pairs at every layer; this steadies training
 * and sharpens detail beyond what the logit alone asks for.
 *
 * Differences from the reference code, stated: its per-term weights
 * 4/(n_layers + 1) and 1/num_D are not applied (they only rescale λ).
 * Needs a discriminator that returns `features` (`patchgan`,
 * `multiscale-patchgan`); `penalty` throws otherwise.
 */
export class FeatureMatching implements Regularizer {
  static readonly id = '@gantry/regularizer-feature-matching>FeatureMatching';
  readonly id = FeatureMatching.id;
  readonly phases = ['generator'] as const;
  /** λ. */
  readonly weight: number;

  constructor(options: FeatureMatchingOptions = {}) {
    const component = "regularizer 'feature-matching'";
    const o = checkKeys(component, options, ['lambda']);
    this.weight = numberOption(component, o, 'lambda', 10, { min: 0 });
  }

  /** Σᵢ (1/Nᵢ)‖fᵢ(D(s, x)) − fᵢ(D(s, G(s)))‖₁ over D's features (unweighted; the trainer multiplies by λ). */
  penalty(ctx: AdversarialContext): tf.Scalar {
    const name = ctx.discriminator?.name ?? '(none)';
    const fake = ctx.dFake.features;
    if (!fake || fake.length === 0) {
      throw new ConfigError(
        `Regularizer 'feature-matching' compares the discriminator's intermediate features of real and generated samples, ` +
          `but discriminator '${name}' returns no features. Use one that does (patchgan, multiscale-patchgan), or drop the regularizer.`,
      );
    }
    return featureMatchingLoss(ctx.dReal.features ?? [], fake);
  }
}
