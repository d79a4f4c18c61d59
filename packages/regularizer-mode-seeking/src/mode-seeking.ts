import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, drawPerSample, numberOption, type AdversarialContext, type Regularizer } from '@gantry/core';
import { DEFAULT_EPSILON, modeSeekingLoss, modeSeekingRatio } from './functional.js';

/** Options of the `mode-seeking` regularizer (plain JSON, as in configs). */
export interface ModeSeekingOptions {
  /** λ_ms ≥ 0, the weight of L_ms in the generator's loss; default 1 (weights of order 1 balance L_ms against the adversarial loss). */
  readonly lambda?: number;
  /** ε > 0 in 1 / (r + ε); default 1e-5 (the authors' code). */
  readonly epsilon?: number;
}

/** Key under which the ratio r is logged each step. */
export const RATIO_LOG_KEY = 'generator/ModeSeeking_ratio';

/**
 * The mode-seeking regularizer of MSGAN (Mao et al. 2019, https://arxiv.org/abs/1903.05628):
 * on the generator's phase,
 *
 *   L_G ← L_G + λ · 1 / (mean|G(c, z₁) − G(c, z₂)| / mean|z₁ − z₂| + ε),
 *
 * where z₁ is the phase's latent code (so G(c, z₁) is `ctx.fake`, computed once and shared
 * with the objective), z₂ a second draw from the generator's prior (seed
 * `ctx.seed('mode-seeking')`, via `drawPerSample`) and c the batch's condition (the same labels, or source
 * images, for both: `ctx.generate`). It counters mode collapse in conditional GANs, where
 * G tends to ignore z and emit one image per condition. λ = 1, ε = 1e-5 by default.
 * Costs one more forward (and backward) pass of G per step. Also logs r under
 * {@link RATIO_LOG_KEY}.
 *
 * Works for unconditional generators too (c is then empty). In data-parallel training
 * each replica computes r on its own shard, so the penalty is the replicas' mean of
 * 1/(r_shard + ε), close to but not exactly the full batch's 1/(r + ε).
 */
export class ModeSeeking implements Regularizer {
  static readonly id = '@gantry/regularizer-mode-seeking>ModeSeeking';
  readonly id = ModeSeeking.id;
  readonly phases = ['generator'] as const;
  /** λ. */
  readonly weight: number;
  /** ε. */
  readonly epsilon: number;

  constructor(options: ModeSeekingOptions = {}) {
    const component = "regularizer 'mode-seeking'";
    const o = checkKeys(component, options, ['lambda', 'epsilon']);
    this.weight = numberOption(component, o, 'lambda', 1, { min: 0 });
    this.epsilon = numberOption(component, o, 'epsilon', DEFAULT_EPSILON, { above: 0 });
  }

  penalty(ctx: AdversarialContext): tf.Scalar {
    // Read the memoised z and G(c, z) outside the tidy: they belong to the caller's scope
    // (the objective and other penalties share them), not to this one.
    const z1 = ctx.z;
    const fake = ctx.fake;
    return tf.tidy(() => {
      const z2 = drawPerSample(ctx, 'mode-seeking', (n, seed) => ctx.generator.prior.sample(n, seed));
      const ratio = modeSeekingRatio(fake, ctx.generate(z2), z1, z2);
      ctx.log(RATIO_LOG_KEY, ratio);
      return modeSeekingLoss(ratio, this.epsilon);
    });
  }
}
