import type * as tf from '@tensorflow/tfjs-core';
import { type AdversarialContext, checkKeys, ConfigError, numberOption, type Regularizer } from '@gantry/core';
import { DEFAULT_PT_WEIGHT, pullingAwayTerm } from './functional.js';

/** Options of {@link PullingAwayRegularizer}. */
export interface PullingAwayOptions {
  /** λ_PT ≥ 0. Default 0.1 (the paper's). */
  readonly weight?: number;
}

/**
 * EBGAN's pulling-away term (Zhao et al. 2017, https://arxiv.org/abs/1609.03126, the repelling regularizer)
 * as a generator-phase regularizer, L_G ← L_G + λ_PT · f_PT(S) with
 *
 * f_PT(S) = 1/(N(N − 1)) · Σ_{i≠j} (S_iᵀS_j / (‖S_i‖‖S_j‖))²
 *
 * over the encoder embeddings S of the N generated samples of the batch.
 *
 * Contract: the embeddings are the LAST entry of `ctx.dFake.features` (the auto-encoder
 * discriminator lists its intermediate activations in order, the bottleneck code
 * last). The paper's weight is λ_PT = 0.1 ("EBGAN-PT").
 */
export class PullingAwayRegularizer implements Regularizer {
  static readonly id = '@gantry/loss-ebgan>PullingAway';
  readonly id = PullingAwayRegularizer.id;
  readonly phases = ['generator'] as const;
  readonly weight: number;

  /** @param options `weight` ≥ 0, default 0.1. */
  constructor(options: PullingAwayOptions = {}) {
    const component = "regularizer 'pulling-away'";
    const checked = checkKeys(component, options, ['weight']);
    this.weight = numberOption(component, checked, 'weight', DEFAULT_PT_WEIGHT, { min: 0 });
  }

  /** f_PT of the last feature tensor of D(G(z)). */
  penalty(ctx: AdversarialContext): tf.Scalar {
    const features = ctx.dFake.features;
    if (!features || features.length === 0) {
      throw new ConfigError(
        "Regularizer 'pulling-away' reads the encoder embedding from the discriminator's features (the last entry), " +
          'but its output on generated samples has no features. Use an auto-encoder discriminator that returns them.',
      );
    }
    return pullingAwayTerm(features[features.length - 1]);
  }
}
