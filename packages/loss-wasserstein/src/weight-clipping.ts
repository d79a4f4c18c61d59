import { checkKeys, numberOption, optionError } from '@gantry/core';
import type { Network, WeightConstraint } from '@gantry/core';
import { CLIP_RULE, clipWeights } from './functional.js';

/** The clip value of the WGAN paper (Algorithm 1): c = 0.01. */
export const DEFAULT_CLIP = 0.01;

/** Options of {@link WeightClipping}. */
export interface WeightClippingOptions {
  /** Clip value c > 0: weights are projected to [−c, c]. Default {@link DEFAULT_CLIP} = 0.01. */
  readonly c?: number;
  /** Names of the networks to clip. Default `['discriminator']` (the critic). */
  readonly targets?: readonly string[];
}

/**
 * WGAN's weight clipping (Arjovsky et al. 2017, https://arxiv.org/abs/1701.07875,
 * Algorithm 1): after every update of a target network, each of its trainable
 * variables is clipped in place, w ← clip(w, −c, c). This keeps the critic in a
 * compact, hence K-Lipschitz, family, so −L_D estimates K·W(p_data, p_g).
 *
 * Non-trainable state (batch-norm moving statistics, spectral-norm vectors) is not
 * clipped: it is not a parameter of the function class. The paper notes a large c
 * makes the critic slow to reach optimality and a small c makes gradients vanish;
 * 0.01 is its default.
 */
export class WeightClipping implements WeightConstraint {
  static readonly id = '@gantry/loss-wasserstein>WeightClipping';
  readonly id = WeightClipping.id;
  /** The clip value c. */
  readonly c: number;
  readonly targets: readonly string[];

  /** @param options `c` > 0 (default 0.01), `targets` (default `['discriminator']`). */
  constructor(options: WeightClippingOptions = {}) {
    const component = "constraint 'weight-clipping'";
    const checked = checkKeys(component, options, ['c', 'targets']);
    this.c = numberOption(component, checked, 'c', DEFAULT_CLIP, CLIP_RULE);
    const targets = checked.targets ?? ['discriminator'];
    if (!Array.isArray(targets) || targets.length === 0 || !targets.every((t) => typeof t === 'string' && t.length > 0)) {
      throw optionError(component, 'targets', 'a non-empty array of network names (e.g. ["discriminator"])', targets);
    }
    this.targets = [...(targets as string[])];
  }

  /** Clips every trainable variable of `network` to [−c, c], in place (under its own `tf.tidy`). */
  apply(network: Network): void {
    clipWeights(network.trainableVariables, this.c);
  }
}
