import { checkKeys } from '@gantry/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext, Objective } from '@gantry/core';
import { hingeDiscriminatorLoss, hingeGeneratorLoss } from './functional.js';

/** Options of {@link HingeObjective}: none (the object exists so unknown keys are caught). */
export type HingeObjectiveOptions = Record<string, never>;

/**
 * The hinge-loss GAN game (Lim & Ye 2017 "Geometric GAN", https://arxiv.org/abs/1705.02894;
 * Miyato et al. 2018 "Spectral Normalization for GANs", https://arxiv.org/abs/1802.05957),
 * the standard loss of SN-GAN, SAGAN and BigGAN:
 *
 * L_D = 𝔼_x[max(0, 1 − D(x))] + 𝔼_z[max(0, 1 + D(G(z)))],  L_G = −𝔼_z[D(G(z))].
 *
 * D's scores are raw (its `logits`, no sigmoid). It is usually paired with a
 * Lipschitz constraint on D (spectral normalisation).
 */
export class HingeObjective implements Objective {
  static readonly id = '@gantry/loss-hinge>Hinge';
  readonly id = HingeObjective.id;
  readonly requiresDiscriminator = true;

  /** @param options none; any key throws a `ConfigError`. */
  constructor(options: HingeObjectiveOptions = {}) {
    checkKeys("objective 'hinge'", options, []);
  }

  /** L_D = 𝔼[relu(1 − D(x))] + 𝔼[relu(1 + D(G(z)))]. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return hingeDiscriminatorLoss(ctx.dReal.logits, ctx.dFake.logits);
  }

  /** L_G = −𝔼[D(G(z))]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return hingeGeneratorLoss(ctx.dFake.logits);
  }
}
