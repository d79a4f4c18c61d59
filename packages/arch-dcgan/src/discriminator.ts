import { checkKeys, type Discriminator, layersDiscriminator, stringOption } from '@gantry/core';
import { buildSequential } from './build.js';
import { discriminatorPlan } from './plan.js';
import { DEFAULT_LATENT_DIM, resolveSeed, resolveShape, type DcganEnvironment } from './shape.js';

/** Options of {@link dcganDiscriminator} (plain JSON, as in configs). */
export interface DcganDiscriminatorOptions {
  /** Image side: 28, 32 or 64. Default: from the data's `sampleShape`. */
  readonly size?: 28 | 32 | 64;
  /** 1 (grey) or 3 (RGB). Default: from the data's `sampleShape`. */
  readonly channels?: 1 | 3;
  /** Filters of the first convolution; default 64, doubling at each stage. */
  readonly width?: number;
  /**
   * Batch norm after every convolution but the first; default true (the paper's).
   * Turn it off for gradient-penalty critics (WGAN-GP), whose per-sample gradient
   * norm is meaningless when samples of a batch interact.
   */
  readonly batchNorm?: boolean;
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

const KEYS = ['size', 'channels', 'width', 'batchNorm', 'name'] as const;

/**
 * The DCGAN discriminator (Radford et al. 2016, https://arxiv.org/abs/1511.06434):
 *
 * D(x) = Dense(Flatten(LReLU(BN(Convₙ(… LReLU(Conv₁(x)) …))))),  LReLU(a) = max(a, 0.2a)
 *
 * — stride-2 4×4 convolutions that halve the side and double the filters (width,
 * 2·width, …) down to 7×7 (28×28 images) or 4×4, batch norm on all but the first,
 * then one dense unit. It returns logits (no sigmoid): the objective applies its own
 * link, which is numerically safer. With the defaults and 28×28×1 data this is the
 * benchmark model "DCGAN-28": Conv(64) → Conv(128)+BN → Dense(1).
 *
 * Weights are N(0, 0.02²), BN γ ~ N(1, 0.02²), β = 0, each layer seeded with
 * `deriveSeed(env.seed, layerIndex)`.
 */
export function dcganDiscriminator(options: DcganDiscriminatorOptions = {}, env: DcganEnvironment = {}): Discriminator {
  const component = "discriminator 'dcgan'";
  const o = checkKeys(component, options, KEYS);
  const shape = resolveShape(component, o, env, DEFAULT_LATENT_DIM);
  const name = stringOption(component, o, 'name', 'discriminator');
  const inputShape = [shape.size, shape.size, shape.channels];
  const model = buildSequential(discriminatorPlan(shape), inputShape, resolveSeed(component, env), name);
  return layersDiscriminator({ name, model, inputShape });
}
