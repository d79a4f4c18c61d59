import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext } from '@gantry/core';
import { CrossEntropyObjective } from './cross-entropy-objective.js';
import { nonSaturatingGeneratorLoss } from './functional.js';
import type { MinimaxObjectiveOptions } from './options.js';

/**
 * The non-saturating game (Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661 §3;
 * Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.1.1.2): D as in the minimax
 * game, but G maximises log D(G(z)) instead of minimising log(1 − D(G(z))):
 *
 * L_D = 𝔼[softplus(−l_real)] + 𝔼[softplus(l_fake)],
 * L_G = −𝔼_z[log D(G(z))] = 𝔼[softplus(−l_fake)].
 *
 * Same fixed point, but strong gradients (−(1 − σ(l))/n) early in training, when D
 * rejects G's samples: the usual default for standard GANs.
 */
export class NonSaturatingObjective extends CrossEntropyObjective {
  static readonly id = '@gantry/loss-minimax>NonSaturating';
  readonly id = NonSaturatingObjective.id;

  /** @param options `labelSmoothing` α ∈ [0, 1), default 0. */
  constructor(options: MinimaxObjectiveOptions = {}) {
    super('non-saturating', options, ['labelSmoothing']);
  }

  /** L_G = 𝔼[softplus(−l_fake)]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return nonSaturatingGeneratorLoss(ctx.dFake.logits);
  }
}
