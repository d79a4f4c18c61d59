import type * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext } from './context.js';
import type { Stateful } from './state.js';

/**
 * A GAN objective: the discriminator's and the generator's losses, both to be
 * minimised, computed from one {@link AdversarialContext}. Examples: the minimax,
 * non-saturating and maximum-likelihood games (Goodfellow 2014), Wasserstein,
 * least squares, hinge, f-GAN, BEGAN, MMD.
 *
 * An objective may hold state (BEGAN's k_t): implement {@link Stateful} and
 * `afterStep`, and it is saved in checkpoints.
 */
export interface Objective extends Partial<Stateful> {
  /** Stable id, e.g. `'@gantry/loss-minimax>NonSaturating'`. */
  readonly id: string;
  /** False for objectives that train a generator alone (MMD-GAN with a fixed kernel). */
  readonly requiresDiscriminator: boolean;
  /** L_D, minimised over the discriminator's variables. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar;
  /** L_G, minimised over the generator's variables. */
  generatorLoss(ctx: AdversarialContext): tf.Scalar;
  /** Called once after every full step with the values logged during it. */
  afterStep?(logs: Readonly<Record<string, number>>): void;
}
