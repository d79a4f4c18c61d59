import * as tf from '@tensorflow/tfjs-core';
import { boolOption, checkKeys, numberOption, type AdversarialContext, type Regularizer } from '@gantry/core';
import { registerHigherOrderGradients } from '@gantry/gradients';
import { inputGradient, normPenalty, perSampleNorms, perturb, sampleEpsilon } from './functional.js';
import type { DraganOptions } from './options.js';

/**
 * The DRAGAN penalty (Kodali et al. 2017, "On Convergence and Stability of GANs",
 * https://arxiv.org/abs/1705.07215): keep D's gradient norm near k in a neighbourhood
 * of the real data, where the paper finds the sharp gradients that cause mode collapse.
 * The paper writes λ·𝔼_{x, δ}[(‖∇ₓD(x + δ)‖ − k)²]; the authors' code draws
 *
 *   δ = c·std(x)·u,   u ~ U[0, 1] per element, std over all elements of the batch,
 *   x̂ = x + α·δ,      α ~ U[0, 1] per sample (`interpolate: true`, default), or x̂ = x + δ,
 *   penalty = 𝔼[(‖∇_x̂ D(x̂)‖₂ − k)²],
 *
 * with c = 0.5, k = 1, λ = 10 by default. α comes from `ctx.seed('epsilon')`, u from
 * `ctx.seed('dragan-perturbation')`.
 */
export class DraganPenalty implements Regularizer {
  static readonly id = '@gantry/regularizer-gradient-penalty>Dragan';
  readonly id = DraganPenalty.id;
  readonly phases = ['discriminator'] as const;
  /** λ. */
  readonly weight: number;
  readonly c: number;
  readonly target: number;
  readonly interpolate: boolean;

  /** @param options `lambda` ≥ 0 (default 10), `c` > 0 (default 0.5), `target` ≥ 0 (default 1), `interpolate` (default true). */
  constructor(options: DraganOptions = {}) {
    const component = "regularizer 'dragan'";
    const o = checkKeys(component, options, ['lambda', 'c', 'target', 'interpolate']);
    this.weight = numberOption(component, o, 'lambda', 10, { min: 0 });
    this.c = numberOption(component, o, 'c', 0.5, { above: 0 });
    this.target = numberOption(component, o, 'target', 1, { min: 0 });
    this.interpolate = boolOption(component, o, 'interpolate', true);
    registerHigherOrderGradients();
  }

  penalty(ctx: AdversarialContext): tf.Scalar {
    registerHigherOrderGradients();
    const real = ctx.real;
    return tf.tidy(() => {
      const u = tf.randomUniform(real.shape, 0, 1, 'float32', ctx.seed('dragan-perturbation'));
      const alpha = this.interpolate ? sampleEpsilon(real.shape[0], ctx.seed('epsilon')) : undefined;
      const xHat = perturb(real, this.c, u, alpha);
      return normPenalty(perSampleNorms(inputGradient((x) => ctx.discriminate(x).logits, xHat)), this.target);
    });
  }
}
