import { checkKeys, enumOption, numberOption } from '@gantry/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext, Objective } from '@gantry/core';
import {
  lossSensitiveDiscriminatorLoss,
  lossSensitiveGeneratorLoss,
  lossSensitiveMargin,
  sampleLosses,
  type LossActivation,
  type MarginDistance,
} from './functional.js';

/** Options of {@link LossSensitiveObjective}. */
export interface LossSensitiveObjectiveOptions {
  /** λ > 0, the weight of the margin hinge against 𝔼[L_θ(x)]. Default 1. */
  readonly lambda?: number;
  /** Distance of the margin Δ: `'l1'` (default, the paper's) or `'l2'` (root mean square). */
  readonly distance?: MarginDistance;
  /** Factor on Δ (> 0). Default 1. */
  readonly marginScale?: number;
  /** How D's logits become L_θ ≥ 0: `'softplus'` (default), `'relu'` or `'identity'`. */
  readonly activation?: LossActivation;
}

/**
 * The Loss-Sensitive GAN (Qi 2017, https://arxiv.org/abs/1701.06264; Gui et al. 2020,
 * https://arxiv.org/abs/2001.06937 §3.2.6). The discriminator is a learned loss
 * function L_θ (computed from its `logits`), trained so real samples have a smaller
 * loss than generated ones by a margin that grows with their distance:
 *
 * L_D = 𝔼_x[L_θ(x)] + λ·𝔼_{x,z}[(Δ(x, G(z)) + L_θ(x) − L_θ(G(z)))₊],
 * L_G = 𝔼_z[L_θ(G(z))],
 *
 * with Δ(x, G(z)) the mean absolute difference (`distance: 'l1'`, default) or the
 * root mean square difference (`'l2'`) of a sample pair, times `marginScale`.
 * Defaults: λ = 1, L1 margin, scale 1.
 *
 * L_θ must be non-negative: with raw logits (`activation: 'identity'`) lowering
 * every loss by a constant lowers L_D without changing the hinge, so L_D is
 * unbounded below. The default `'softplus'` keeps L_θ > 0 with a gradient
 * everywhere; `'relu'` is what the author's reference code uses.
 *
 * The theory needs L_θ Lipschitz: the paper uses weight decay and proposes a
 * gradient penalty on ‖∇ₓL_θ(x)‖ instead — add one from
 * `@gantry/regularizer-gradient-penalty`.
 */
export class LossSensitiveObjective implements Objective {
  static readonly id = '@gantry/loss-sensitive>LossSensitive';
  readonly id = LossSensitiveObjective.id;
  readonly requiresDiscriminator = true;
  readonly lambda: number;
  readonly distance: MarginDistance;
  readonly marginScale: number;
  readonly activation: LossActivation;

  /** @param options `lambda` > 0 (1), `distance` 'l1' | 'l2' ('l1'), `marginScale` > 0 (1), `activation` ('softplus'). */
  constructor(options: LossSensitiveObjectiveOptions = {}) {
    const component = "objective 'loss-sensitive'";
    const checked = checkKeys(component, options, ['lambda', 'distance', 'marginScale', 'activation']);
    this.lambda = numberOption(component, checked, 'lambda', 1, { above: 0 });
    this.distance = enumOption(component, checked, 'distance', ['l1', 'l2'] as const, 'l1');
    this.marginScale = numberOption(component, checked, 'marginScale', 1, { above: 0 });
    this.activation = enumOption(component, checked, 'activation', ['softplus', 'relu', 'identity'] as const, 'softplus');
  }

  /** L_D = 𝔼[L_θ(x)] + λ𝔼[(Δ(x, G(z)) + L_θ(x) − L_θ(G(z)))₊]. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return lossSensitiveDiscriminatorLoss(
      sampleLosses(ctx.dReal.logits, this.activation),
      sampleLosses(ctx.dFake.logits, this.activation),
      lossSensitiveMargin(ctx.real, ctx.fake, { distance: this.distance, scale: this.marginScale }),
      this.lambda,
    );
  }

  /** L_G = 𝔼[L_θ(G(z))]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return lossSensitiveGeneratorLoss(sampleLosses(ctx.dFake.logits, this.activation));
  }
}
