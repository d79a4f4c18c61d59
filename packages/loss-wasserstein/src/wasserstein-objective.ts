import { checkKeys } from '@gantry/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext, Objective } from '@gantry/core';
import { wassersteinCriticLoss, wassersteinGeneratorLoss } from './functional.js';

/** Options of {@link WassersteinObjective}: none (the object exists so unknown keys are caught). */
export type WassersteinObjectiveOptions = Record<string, never>;

/**
 * The Wasserstein GAN game (Arjovsky et al. 2017, https://arxiv.org/abs/1701.07875;
 * Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.2.5.2). The discriminator is a
 * critic f_w with unbounded real scores (its `logits`, no sigmoid):
 *
 * L_D = 𝔼_z[f_w(G(z))] − 𝔼_x[f_w(x)],  L_G = −𝔼_z[f_w(G(z))].
 *
 * By Kantorovich–Rubinstein duality, −L_D estimates the Earth-Mover distance
 * W(p_data, p_g) when f_w is 1-Lipschitz (up to a factor K when K-Lipschitz), so the
 * critic must be constrained: pair this objective with {@link WeightClipping}
 * (constraint `weight-clipping`, the paper's method) or a gradient penalty.
 *
 * The paper's defaults: RMSProp with learning rate 5·10⁻⁵, c = 0.01, n_critic = 5
 * critic updates per generator update, batch size 64 — set them with
 * `discriminatorSteps: 5` and `training.optimizers` (see the README).
 */
export class WassersteinObjective implements Objective {
  static readonly id = '@gantry/loss-wasserstein>Wasserstein';
  readonly id = WassersteinObjective.id;
  readonly requiresDiscriminator = true;

  /** @param options none; any key throws a `ConfigError`. */
  constructor(options: WassersteinObjectiveOptions = {}) {
    checkKeys("objective 'wasserstein'", options, []);
  }

  /** L_D = 𝔼[f(G(z))] − 𝔼[f(x)]. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return wassersteinCriticLoss(ctx.dReal.logits, ctx.dFake.logits);
  }

  /** L_G = −𝔼[f(G(z))]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return wassersteinGeneratorLoss(ctx.dFake.logits);
  }
}
