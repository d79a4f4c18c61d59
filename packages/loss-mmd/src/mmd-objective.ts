import type * as tf from '@tensorflow/tfjs-core';
import { type AdversarialContext, checkKeys, ConfigError, numberArrayOption, type Objective } from '@gantry/core';
import { BANDWIDTHS_RULE, DEFAULT_BANDWIDTHS, mmd2Unbiased } from './functional.js';

/** Options of {@link MmdObjective}. */
export interface MmdObjectiveOptions {
  /** Kernel widths σ of k(x, y) = Σ_σ exp(−‖x − y‖²/(2σ²)). Default [1, 2, 4, 8, 16] (`DEFAULT_BANDWIDTHS`). */
  readonly bandwidths?: readonly number[];
}

/**
 * MMD with a fixed kernel as a GAN objective — a generative moment matching network
 * (Li et al. 2015, https://arxiv.org/abs/1502.02761; Dziugaite et al. 2015,
 * https://arxiv.org/abs/1505.03906): no discriminator; the generator minimises
 *
 * L_G = MMD²_u(x_real, G(z))
 *
 * under k(x, y) = Σ_σ exp(−‖x − y‖²/(2σ²)) on flattened samples (see `mmd2Unbiased`).
 * `requiresDiscriminator` is false, so `adversarialGame` runs only the generator phase
 * and the spec may omit `discriminator`.
 */
export class MmdObjective implements Objective {
  static readonly id = '@gantry/loss-mmd>Mmd';
  readonly id = MmdObjective.id;
  readonly requiresDiscriminator = false;
  /** Kernel widths σ. */
  readonly bandwidths: readonly number[];

  /** @param options `bandwidths` (default [1, 2, 4, 8, 16]); unknown keys throw `ConfigError`. */
  constructor(options: MmdObjectiveOptions = {}) {
    const component = "objective 'mmd'";
    const o = checkKeys(component, options, ['bandwidths']);
    this.bandwidths = numberArrayOption(component, o, 'bandwidths', DEFAULT_BANDWIDTHS, BANDWIDTHS_RULE);
  }

  /** Always throws: this objective trains the generator alone. */
  discriminatorLoss(_ctx: AdversarialContext): tf.Scalar {
    throw new ConfigError(
      `Objective 'mmd' (${MmdObjective.id}) has no discriminator loss: it trains the generator alone against a fixed ` +
        'kernel (requiresDiscriminator is false). Omit `discriminator` from the spec, or choose an adversarial objective.',
    );
  }

  /** L_G = MMD²_u(ctx.real, ctx.fake). */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return mmd2Unbiased(ctx.real, ctx.fake, this.bandwidths);
  }
}
