import type * as tf from '@tensorflow/tfjs-core';
import { type AdversarialContext, checkKeys, ConfigError, enumOption, type Objective, optionError } from '@gantry/core';
import { isDivergence, type Divergence } from './divergence.js';
import { fganDiscriminatorLoss, fganGeneratorLoss, type GeneratorLossVariant } from './functional.js';
import { findDivergence } from './registry.js';

/** Options of {@link FGanObjective}. */
export interface FGanObjectiveOptions {
  /**
   * The f-divergence: a name (`'kl'`, `'reverse-kl'`, `'pearson'`, `'neyman'`,
   * `'squared-hellinger'`, `'jensen-shannon'`, `'gan'`, `'total-variation'`, or one
   * registered with `provideDivergence` / the plugin's `divergences`), or, in code, a
   * {@link Divergence} made by `defineDivergence`. Default `'gan'`, whose losses are the
   * familiar cross-entropy GAN's.
   */
  readonly divergence?: string | Divergence;
  /**
   * `'alternative'` (default): L_G = −𝔼[g_f(V(G(z)))]; `'saddle'`: L_G = −𝔼[f*(g_f(V(G(z))))].
   * See `GeneratorLossVariant`.
   */
  readonly generatorLoss?: GeneratorLossVariant;
  /** Extra divergences that `divergence` may name (code users; plugins use `provideDivergence`). */
  readonly divergences?: readonly Divergence[];
}

/** Default divergence: the GAN row of Table 2. */
export const DEFAULT_DIVERGENCE = 'gan';
/** Default generator loss: the paper's alternative (non-saturating-style) update. */
export const DEFAULT_GENERATOR_LOSS: GeneratorLossVariant = 'alternative';

/**
 * f-GAN, variational divergence minimisation (Nowozin et al. 2016,
 * https://arxiv.org/abs/1606.00709; Gui et al. 2020, https://arxiv.org/abs/2001.06937 §3.2.4):
 *
 * F(θ, ω) = 𝔼_{x∼P}[g_f(V_ω(x))] − 𝔼_{x∼Q_θ}[f*(g_f(V_ω(x)))]  (eq. 6),
 * L_D = −F,
 * L_G = −𝔼_z[g_f(V(G(z)))] (`'alternative'`, default) or −𝔼_z[f*(g_f(V(G(z))))] (`'saddle'`),
 *
 * where V is the discriminator's raw output (`logits`), g_f its output activation and
 * f* the Fenchel conjugate of the chosen divergence. At D's optimum, F = D_f(P ‖ Q).
 */
export class FGanObjective implements Objective {
  static readonly id = '@gantry/loss-fgan>FGan';
  readonly id = FGanObjective.id;
  readonly requiresDiscriminator = true;
  readonly divergence: Divergence;
  readonly generatorLossVariant: GeneratorLossVariant;

  /**
   * @param options see {@link FGanObjectiveOptions}; unknown keys and bad values throw `ConfigError`.
   * @param registered divergences registered in the run's container (the plugin passes them).
   */
  constructor(options: FGanObjectiveOptions = {}, registered: readonly Divergence[] = []) {
    const component = "objective 'f-gan'";
    const o = checkKeys(component, options, ['divergence', 'generatorLoss', 'divergences']);
    const extra = o.divergences ?? [];
    if (!Array.isArray(extra) || !extra.every(isDivergence)) {
      throw optionError(component, 'divergences', 'an array of divergences made by defineDivergence', extra);
    }
    const choice = o.divergence ?? DEFAULT_DIVERGENCE;
    if (typeof choice === 'string') {
      this.divergence = findDivergence(choice, [...registered, ...extra]);
    } else if (isDivergence(choice)) {
      this.divergence = choice;
    } else {
      throw optionError(
        component,
        'divergence',
        "a divergence name (e.g. 'kl') or a divergence made by defineDivergence",
        choice,
      );
    }
    this.generatorLossVariant = enumOption(component, o, 'generatorLoss', ['alternative', 'saddle'] as const, DEFAULT_GENERATOR_LOSS);
  }

  /** L_D = −𝔼[g_f(v_real)] + 𝔼[f*(g_f(v_fake))]. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return fganDiscriminatorLoss(this.divergence, ctx.dReal.logits, ctx.dFake.logits);
  }

  /** L_G per {@link generatorLossVariant}. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return fganGeneratorLoss(this.divergence, ctx.dFake.logits, this.generatorLossVariant);
  }
}
