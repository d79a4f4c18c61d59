import type * as tf from '@tensorflow/tfjs-core';
import { checkKeys, numberOption, type AdversarialContext, type Regularizer } from '@gantry/core';
import { registerHigherOrderGradients } from '@gantry/gradients';
import { squaredGradientPenalty } from './functional.js';
import type { SquaredGradientPenaltyOptions } from './options.js';

/**
 * R1 (Mescheder et al. 2018, "Which Training Methods for GANs do actually Converge?",
 * https://arxiv.org/abs/1801.04406, eq. 9): (γ/2)·𝔼_{x~p_data}[‖∇ₓD(x)‖²], the gradient
 * of D's logits on real data pushed to zero (locally convergent training).
 *
 * Convention: `penalty(ctx)` returns the unweighted 𝔼[‖∇ₓD(x)‖²] (what is logged) and
 * `weight` is γ/2, so the loss term is exactly the paper's R1 with option `gamma` = γ
 * (default 10: γ = 10 gives weight 5).
 */
export class R1Penalty implements Regularizer {
  static readonly id: string = '@gantry/regularizer-gradient-penalty>R1';
  readonly id: string = R1Penalty.id;
  readonly phases = ['discriminator'] as const;
  /** γ/2. */
  readonly weight: number;
  /** γ of the paper. */
  readonly gamma: number;

  /**
   * @param options `gamma` ≥ 0, default 10 (weight γ/2 = 5).
   * @param name The regularizer's name in error messages (`'r2'` for the subclass).
   */
  constructor(options: SquaredGradientPenaltyOptions = {}, name = 'r1') {
    const component = `regularizer '${name}'`;
    const o = checkKeys(component, options, ['gamma']);
    this.gamma = numberOption(component, o, 'gamma', 10, { min: 0 });
    this.weight = this.gamma / 2;
    registerHigherOrderGradients();
  }

  /** 𝔼_x[‖∇ₓD(x)‖²] on the real batch. */
  penalty(ctx: AdversarialContext): tf.Scalar {
    registerHigherOrderGradients();
    return squaredGradientPenalty((x) => ctx.discriminate(x).logits, ctx.real);
  }
}

/**
 * R2 (Mescheder et al. 2018, https://arxiv.org/abs/1801.04406, eq. 10):
 * (γ/2)·𝔼_{z}[‖∇ₓD(G(z))‖²], R1 on generated samples. Same convention: `penalty`
 * is the unweighted 𝔼‖∇‖², `weight` = γ/2, option `gamma` default 10.
 */
export class R2Penalty extends R1Penalty {
  static override readonly id: string = '@gantry/regularizer-gradient-penalty>R2';
  override readonly id: string = R2Penalty.id;

  /** @param options `gamma` ≥ 0, default 10 (weight γ/2 = 5). */
  constructor(options: SquaredGradientPenaltyOptions = {}) {
    super(options, 'r2');
  }

  /** 𝔼_z[‖∇ₓD(x)‖²] at x = G(z) (the phase's fake batch). */
  override penalty(ctx: AdversarialContext): tf.Scalar {
    registerHigherOrderGradients();
    return squaredGradientPenalty((x) => ctx.discriminate(x).logits, ctx.fake);
  }
}
