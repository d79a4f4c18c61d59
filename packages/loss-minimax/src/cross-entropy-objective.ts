import type * as tf from '@tensorflow/tfjs-core';
import { type AdversarialContext, checkKeys, type Objective } from '@gantry/core';
import { discriminatorLoss } from './functional.js';
import { checkLabelSmoothing, type MinimaxObjectiveOptions } from './options.js';

/**
 * What the three games of Goodfellow et al. 2014 (https://arxiv.org/abs/1406.2661)
 * share: D is a binary classifier trained by cross-entropy,
 * L_D = 𝔼[softplus(−l_real)] + 𝔼[softplus(l_fake)] (with optional one-sided label
 * smoothing). Only the generator's loss differs between the games.
 */
export abstract class CrossEntropyObjective implements Objective {
  abstract readonly id: string;
  readonly requiresDiscriminator = true;
  /** One-sided label smoothing α of D's real target 1 − α (0: none). */
  readonly labelSmoothing: number;

  protected constructor(name: string, options: MinimaxObjectiveOptions | undefined, allowed: readonly string[]) {
    const component = `objective '${name}'`;
    const checked = checkKeys(component, options, allowed);
    this.labelSmoothing = checkLabelSmoothing(component, checked.labelSmoothing ?? 0);
  }

  /** L_D = 𝔼[(1 − α)·softplus(−l_real) + α·softplus(l_real)] + 𝔼[softplus(l_fake)]. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return discriminatorLoss(ctx.dReal.logits, ctx.dFake.logits, { labelSmoothing: this.labelSmoothing });
  }

  abstract generatorLoss(ctx: AdversarialContext): tf.Scalar;
}
