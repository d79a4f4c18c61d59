import * as tf from '@tensorflow/tfjs-core';
import type { PhaseContext, Regularizer } from '@gantry/core';
import { DEFAULT_CYCLE_LAMBDA } from './cycle-consistency.js';
import { meanAbsoluteError } from './functional.js';
import { readTranslationLossOptions, type TranslationLossOptions } from './options.js';
import { translations, type TranslatorNames } from './translations.js';

/**
 * Identity weight relative to the cycle weight: λ_id = 0.5 · λ_cyc. This is the
 * convention of CycleGAN's paper (§5.2, "we set the weight of the identity mapping
 * loss to 0.5λ") and of its reference code (`lambda_identity = 0.5`, multiplied by
 * the cycle weight).
 */
export const IDENTITY_RATIO = 0.5;

/** Default identity weight λ_id = 0.5 · 10 = 5. */
export const DEFAULT_IDENTITY_LAMBDA = IDENTITY_RATIO * DEFAULT_CYCLE_LAMBDA;

/** Log keys of {@link IdentityMapping}. */
export const IDENTITY_LOG_KEYS = {
  /** (mae(G_AB(b), b) + mae(G_BA(a), a)) / 2. */
  error: 'identity/error',
} as const;

/**
 * CycleGAN's identity-mapping loss (Zhu et al. 2017, https://arxiv.org/abs/1703.10593,
 * §5.2, after Taigman et al. 2017, https://arxiv.org/abs/1611.02200) as a regularizer:
 *
 *   λ_id · ( ‖G_AB(b) − b‖₁ + ‖G_BA(a) − a‖₁ ),
 *
 * with a = `batch.source`, b = `batch.x`, ‖·‖₁ the per-element mean. A generator fed
 * an image already in its target domain should return it unchanged, which keeps the
 * translation from shifting colours or intensities it need not change. Default
 * λ_id = 5 = 0.5 · λ_cyc ({@link IDENTITY_RATIO}, the paper's choice). It needs the
 * two domains to have the same shape (G_AB must accept b).
 *
 * Logs `identity/error`, the mean of the two terms.
 */
export class IdentityMapping implements Regularizer {
  static readonly id = '@gantry/regularizer-cycle-consistency>IdentityMapping';
  readonly id = IdentityMapping.id;
  /** λ_id. */
  readonly weight: number;
  readonly phases: readonly string[];
  readonly names: TranslatorNames;

  /** @param options `lambda` ≥ 0 (default 5), `generatorAB`, `generatorBA`, `phases` (default `['generators']`). */
  constructor(options: TranslationLossOptions = {}) {
    const o = readTranslationLossOptions("regularizer 'identity-mapping'", options, DEFAULT_IDENTITY_LAMBDA);
    this.weight = o.weight;
    this.phases = o.phases;
    this.names = o.names;
  }

  /** ‖G_AB(b) − b‖₁ + ‖G_BA(a) − a‖₁ (unweighted); logs identity/error. */
  penalty(ctx: PhaseContext): tf.Scalar {
    const t = translations(ctx, this.names);
    const total = tf.add(meanAbsoluteError(t.sameB, t.b), meanAbsoluteError(t.sameA, t.a)) as tf.Scalar;
    ctx.log(IDENTITY_LOG_KEYS.error, tf.mul(total, 0.5));
    return total;
  }
}
