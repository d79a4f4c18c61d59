import type * as tf from '@tensorflow/tfjs-core';
import { type AdversarialContext, checkKeys, ConfigError, type DiscriminatorOutput, numberOption, type Objective } from '@gantry/core';
import { DEFAULT_MARGIN, ebganDiscriminatorLoss, ebganGeneratorLoss, reconstructionEnergy } from './functional.js';

/** Options of {@link EbganObjective}. */
export interface EbganObjectiveOptions {
  /** Margin m > 0 on fake energies (per-element mean squared errors). Default 1. */
  readonly margin?: number;
}

/**
 * The Energy-Based GAN (Zhao et al. 2017, https://arxiv.org/abs/1609.03126 eqs. 1–2).
 * The discriminator is an auto-encoder whose energy is its reconstruction error,
 * D(x) = ‖Dec(Enc(x)) − x‖² / d (per-sample mean squared error):
 *
 * L_D = 𝔼_x[D(x)] + 𝔼_z[max(0, m − D(G(z)))],  L_G = 𝔼_z[D(G(z))].
 *
 * Contract: the discriminator's output must carry `reconstruction` (same shape as its
 * input) — the objective reads `ctx.dReal.reconstruction` against `ctx.real` and
 * `ctx.dFake.reconstruction` against `ctx.fake`; `logits` is ignored. At the Nash
 * equilibrium p_g = p_data, as the paper shows.
 */
export class EbganObjective implements Objective {
  static readonly id = '@gantry/loss-ebgan>Ebgan';
  readonly id = EbganObjective.id;
  readonly requiresDiscriminator = true;
  /** The margin m. */
  readonly margin: number;

  /** @param options `margin` > 0, default 1. */
  constructor(options: EbganObjectiveOptions = {}) {
    const component = "objective 'ebgan'";
    const checked = checkKeys(component, options, ['margin']);
    this.margin = numberOption(component, checked, 'margin', DEFAULT_MARGIN, { above: 0 });
  }

  /** L_D = 𝔼[D(x)] + 𝔼[max(0, m − D(G(z)))]. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return ebganDiscriminatorLoss(
      reconstructionEnergy(ctx.real, reconstructionOf(ctx.dReal, 'real')),
      reconstructionEnergy(ctx.fake, reconstructionOf(ctx.dFake, 'generated')),
      this.margin,
    );
  }

  /** L_G = 𝔼[D(G(z))]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return ebganGeneratorLoss(reconstructionEnergy(ctx.fake, reconstructionOf(ctx.dFake, 'generated')));
  }
}

function reconstructionOf(output: DiscriminatorOutput, which: string): tf.Tensor {
  if (!output.reconstruction) {
    throw new ConfigError(
      `Objective 'ebgan' needs an auto-encoder discriminator: its output on ${which} samples has no 'reconstruction'. ` +
        'Use a discriminator that returns { logits, reconstruction } (and features, for the pulling-away term).',
    );
  }
  return output.reconstruction;
}
