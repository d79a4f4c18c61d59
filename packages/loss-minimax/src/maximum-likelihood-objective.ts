import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext } from '@gantry/core';
import { CrossEntropyObjective } from './cross-entropy-objective.js';
import { DEFAULT_MAX_LOGIT, maximumLikelihoodGeneratorLoss } from './functional.js';
import { checkMaxLogit, type MaximumLikelihoodObjectiveOptions } from './options.js';

/**
 * The maximum-likelihood game (Goodfellow 2014, https://arxiv.org/abs/1412.6515;
 * Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.1.1.3): D as in the minimax
 * game, and
 *
 * L_G = 𝔼_z[−exp(σ⁻¹(D(G(z))))] = −𝔼[exp(l_fake)],
 *
 * because σ⁻¹(D) is the logit. At the optimal D, exp(l) = p_data/p_g, and G's
 * expected gradient is that of KL(p_data ‖ p_g): maximum likelihood.
 * Logits are clipped to at most `maxLogit` (default 50, see `DEFAULT_MAX_LOGIT`)
 * so the loss never overflows to Inf.
 */
export class MaximumLikelihoodObjective extends CrossEntropyObjective {
  static readonly id = '@gantry/loss-minimax>MaximumLikelihood';
  readonly id = MaximumLikelihoodObjective.id;
  /** Clip of the fake logits before exp. */
  readonly maxLogit: number;

  /** @param options `labelSmoothing` α ∈ [0, 1) (default 0), `maxLogit` ≤ 88 (default 50). */
  constructor(options: MaximumLikelihoodObjectiveOptions = {}) {
    super('maximum-likelihood', options, ['labelSmoothing', 'maxLogit']);
    this.maxLogit = checkMaxLogit("objective 'maximum-likelihood'", options?.maxLogit ?? DEFAULT_MAX_LOGIT);
  }

  /** L_G = −𝔼[exp(min(l_fake, maxLogit))]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return maximumLikelihoodGeneratorLoss(ctx.dFake.logits, { maxLogit: this.maxLogit });
  }
}
