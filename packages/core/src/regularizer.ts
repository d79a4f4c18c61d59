import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext } from './context.js';
import type { Stateful } from './state.js';

/**
 * A weighted penalty added to one or more phase losses:
 * L_phase ← L_phase + weight · penalty(ctx). Examples: gradient penalties
 * (WGAN-GP, DRAGAN, R1/R2) on the discriminator's loss, the InfoGAN mutual
 * information bound on both, L1 reconstruction and mode seeking on the generator's.
 */
export interface Regularizer extends Partial<Stateful> {
  /** Stable id, e.g. `'@gantry/regularizer-gradient-penalty>GradientPenalty'`. */
  readonly id: string;
  /** Names of the phases whose loss this penalty is added to (`'discriminator'`, `'generator'`). */
  readonly phases: readonly string[];
  /** The multiplier λ. */
  readonly weight: number;
  /** The unweighted penalty. */
  penalty(ctx: AdversarialContext): tf.Scalar;
}
