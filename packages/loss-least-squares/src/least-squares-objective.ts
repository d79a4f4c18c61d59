import { checkKeys } from '@gantry/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext, Objective } from '@gantry/core';
import {
  checkCoding,
  DEFAULT_CODING,
  leastSquaresDiscriminatorLoss,
  leastSquaresGeneratorLoss,
  type LeastSquaresCoding,
} from './functional.js';

/** Options of {@link LeastSquaresObjective}: the a–b–c coding, default (0, 1, 1). */
export type LeastSquaresObjectiveOptions = Partial<LeastSquaresCoding>;

/**
 * The Least Squares GAN game (Mao et al. 2017, https://arxiv.org/abs/1611.04076
 * eq. 2; Gui et al. 2020, https://arxiv.org/abs/2001.06937): D is a regressor with a
 * linear output (its `logits`) instead of a sigmoid classifier,
 *
 * L_D = ½·𝔼_x[(D(x) − b)²] + ½·𝔼_z[(D(G(z)) − a)²],  L_G = ½·𝔼_z[(D(G(z)) − c)²].
 *
 * Default coding (a, b, c) = (0, 1, 1), the paper's experiments; (−1, 1, 0) makes
 * G minimise the Pearson χ² divergence between p_data + p_g and 2p_g (as the paper shows).
 */
export class LeastSquaresObjective implements Objective {
  static readonly id = '@gantry/loss-least-squares>LeastSquares';
  readonly id = LeastSquaresObjective.id;
  readonly requiresDiscriminator = true;
  /** D's target for fake samples. */
  readonly a: number;
  /** D's target for real samples. */
  readonly b: number;
  /** G's target for D's output on its samples. */
  readonly c: number;

  /** @param options `a`, `b`, `c`: finite numbers with a ≠ b; default 0, 1, 1. */
  constructor(options: LeastSquaresObjectiveOptions = {}) {
    const component = "objective 'least-squares'";
    const checked = checkKeys(component, options, ['a', 'b', 'c']);
    const { a, b, c } = checkCoding({
      a: checked.a ?? DEFAULT_CODING.a,
      b: checked.b ?? DEFAULT_CODING.b,
      c: checked.c ?? DEFAULT_CODING.c,
    } as LeastSquaresCoding, component);
    this.a = a;
    this.b = b;
    this.c = c;
  }

  /** L_D = ½𝔼[(D(x) − b)²] + ½𝔼[(D(G(z)) − a)²]. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return leastSquaresDiscriminatorLoss(ctx.dReal.logits, ctx.dFake.logits, { a: this.a, b: this.b });
  }

  /** L_G = ½𝔼[(D(G(z)) − c)²]. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return leastSquaresGeneratorLoss(ctx.dFake.logits, this.c);
  }
}
