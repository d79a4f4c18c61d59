import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, enumOption, numberOption, type AdversarialContext, type Regularizer } from '@gantry/core';
import { registerHigherOrderGradients } from '@gantry/gradients';
import { sampleEpsilon, wganGradientPenalty, type PenaltyMode } from './functional.js';
import type { GradientPenaltyOptions } from './options.js';

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017, https://arxiv.org/abs/1704.00028, eq. 3):
 *
 *   x̂ = ε·x + (1 − ε)·G(z),   ε ~ U[0, 1] per sample (from `ctx.seed('epsilon')`),
 *   penalty = 𝔼[(‖∇_x̂ D(x̂)‖₂ − t)²]            (`mode: 'two-sided'`, default)
 *           = 𝔼[max(0, ‖∇_x̂ D(x̂)‖₂ − t)²]      (`mode: 'one-sided'`),
 *
 * added as λ·penalty (λ = 10, t = 1 by default) to the discriminator's loss. The norm
 * is per sample over all non-batch axes, of the gradient of D's logits (summed per
 * sample). A 1-Lipschitz critic has gradient norm 1 almost everywhere on these lines
 * (the paper's Proposition 1), which is what the penalty enforces softly.
 */
export class GradientPenalty implements Regularizer {
  static readonly id = '@gantry/regularizer-gradient-penalty>GradientPenalty';
  readonly id = GradientPenalty.id;
  readonly phases = ['discriminator'] as const;
  /** λ. */
  readonly weight: number;
  readonly mode: PenaltyMode;
  readonly target: number;

  /** @param options `lambda` ≥ 0 (default 10), `mode` (default `'two-sided'`), `target` ≥ 0 (default 1). */
  constructor(options: GradientPenaltyOptions = {}) {
    const component = "regularizer 'gradient-penalty'";
    const o = checkKeys(component, options, ['lambda', 'mode', 'target']);
    this.weight = numberOption(component, o, 'lambda', 10, { min: 0 });
    this.mode = enumOption<PenaltyMode>(component, o, 'mode', ['two-sided', 'one-sided'], 'two-sided');
    this.target = numberOption(component, o, 'target', 1, { min: 0 });
    registerHigherOrderGradients();
  }

  penalty(ctx: AdversarialContext): tf.Scalar {
    // Cheap when already registered; re-installs if tfjs's definitions were registered since.
    registerHigherOrderGradients();
    return tf.tidy(() => {
      const epsilon = sampleEpsilon(ctx.real.shape[0], ctx.seed('epsilon'));
      return wganGradientPenalty((x) => ctx.discriminate(x).logits, ctx.real, ctx.fake, epsilon, {
        target: this.target,
        mode: this.mode,
      });
    });
  }
}
