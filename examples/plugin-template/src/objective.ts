import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type AdversarialContext, type Objective } from '@gantry/core';
import { relativisticAverageDiscriminatorLoss, relativisticAverageGeneratorLoss } from './functional.js';

/**
 * The relativistic average standard GAN objective (RaSGAN, Jolicoeur-Martineau 2018,
 * https://arxiv.org/abs/1807.00734), with c = D's logits and m = their batch mean:
 *
 * - L_D = 𝔼[softplus(m_f − c_r)] + 𝔼[softplus(c_f − m_r)]
 * - L_G = 𝔼[softplus(m_r − c_f)] + 𝔼[softplus(c_r − m_f)]
 *
 * Options: none (`{}`); any key throws a `ConfigError`, so a typo is never ignored.
 */
export class RelativisticAverageObjective implements Objective {
  static readonly id = '@thirdparty/gantry-plugin-example>RelativisticAverage';
  readonly id = RelativisticAverageObjective.id;
  readonly requiresDiscriminator = true;

  constructor(options: Record<string, unknown> = {}) {
    const unknown = Object.keys(options ?? {});
    if (unknown.length > 0) {
      throw new ConfigError(
        `Unknown option '${unknown[0]}' (value ${JSON.stringify(options[unknown[0]])}) for objective ` +
          `'relativistic-average', which takes no options.`,
      );
    }
  }

  /** L_D, from D's logits on the real batch and on G(z). */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    return relativisticAverageDiscriminatorLoss(ctx.dReal.logits, ctx.dFake.logits);
  }

  /** L_G, from the same logits (the real term reaches G through m_f). */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return relativisticAverageGeneratorLoss(ctx.dReal.logits, ctx.dFake.logits);
  }
}
