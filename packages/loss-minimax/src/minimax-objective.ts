import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext } from '@gantry/core';
import { CrossEntropyObjective } from './cross-entropy-objective.js';
import { minimaxGeneratorLoss } from './functional.js';
import type { MinimaxObjectiveOptions } from './options.js';

/**
 * The original minimax game min_G max_D V(D, G) (Goodfellow et al. 2014,
 * https://arxiv.org/abs/1406.2661 eq. 1; Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.1.1.1):
 *
 * V(D, G) = 𝔼_x[log D(x)] + 𝔼_z[log(1 − D(G(z)))],
 * L_D = −V = 𝔼[softplus(−l_real)] + 𝔼[softplus(l_fake)],
 * L_G = 𝔼_z[log(1 − D(G(z)))] = −𝔼[softplus(l_fake)].
 *
 * For fixed G the best D is D* = p_data/(p_data + p_g), and the game's value at
 * p_g = p_data is −log 4. The G loss saturates (gradient −σ(l)/n → 0) while D
 * rejects the samples; prefer {@link NonSaturatingObjective} for training.
 */
export class MinimaxObjective extends CrossEntropyObjective {
  static readonly id = '@gantry/loss-minimax>Minimax';
  readonly id = MinimaxObjective.id;

  /** @param options `labelSmoothing` α ∈ [0, 1), default 0. */
  constructor(options: MinimaxObjectiveOptions = {}) {
    super('minimax', options, ['labelSmoothing']);
  }

  /** L_G = −𝔼[softplus(l_fake)]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return minimaxGeneratorLoss(ctx.dFake.logits);
  }
}
