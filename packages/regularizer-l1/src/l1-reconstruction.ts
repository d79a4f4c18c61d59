import type * as tf from '@tensorflow/tfjs-core';
import { checkKeys, ConfigError, numberOption, type AdversarialContext, type Regularizer } from '@gantry/core';
import { meanAbsoluteError } from './functional.js';

/** Options of {@link L1Reconstruction} (plain JSON). */
export interface L1Options {
  /** λ ≥ 0; default 100 (pix2pix's, arXiv:1611.07004 §4). */
  readonly lambda?: number;
}

/**
 * pix2pix's L1 term (Isola et al. 2017, https://arxiv.org/abs/1611.07004 eq. 3–4),
 * added to the generator's loss:
 *
 *   G* = arg min_G max_D L_cGAN(G, D) + λ·L_L1(G),
 *   L_L1(G) = 𝔼_{s,x}[ (1/N) ‖x − G(s)‖₁ ],   λ = 100 by default,
 *
 * with s the batch's source and x its paired target (the mean runs over every
 * pixel, see {@link meanAbsoluteError}). L1 pins the low frequencies to the
 * target and blurs less than L2; the adversarial term (with a PatchGAN) supplies
 * the high frequencies. Only meaningful on *paired* data: the batch must have a
 * `source` (e.g. `mnist-edges`), otherwise `penalty` throws — and on unpaired
 * sets (CycleGAN's) x is not G(s)'s target, so do not use it there.
 */
export class L1Reconstruction implements Regularizer {
  static readonly id = '@gantry/regularizer-l1>L1Reconstruction';
  readonly id = L1Reconstruction.id;
  readonly phases = ['generator'] as const;
  /** λ. */
  readonly weight: number;

  constructor(options: L1Options = {}) {
    const component = "regularizer 'l1'";
    const o = checkKeys(component, options, ['lambda']);
    this.weight = numberOption(component, o, 'lambda', 100, { min: 0 });
  }

  /** (1/N)‖x − G(s)‖₁ over the batch (unweighted; the trainer multiplies by λ). */
  penalty(ctx: AdversarialContext): tf.Scalar {
    if (!ctx.batch.source) {
      throw new ConfigError(
        "Regularizer 'l1' compares G(source) with the paired target, but the batch has no source: " +
          'use a paired image-to-image data set (e.g. mnist-edges).',
      );
    }
    return meanAbsoluteError(ctx.real, ctx.fake);
  }
}
