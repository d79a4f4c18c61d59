import { checkKeys, type Generator, intOption, layersGenerator, stringOption, uniformPrior } from '@gantry/core';
import { buildDecoder, DEFAULT_HIDDEN } from './architecture.js';
import { resolveSeed, type BeganEnvironment } from './options.js';
import { resolveBeganShape } from './shape.js';

/** Options of {@link beganGenerator} (plain JSON, as in configs). */
export interface BeganGeneratorOptions {
  /** Image side: 28, 32 or 64. Default: from the data's `sampleShape`. */
  readonly size?: 28 | 32 | 64;
  /** 1 (grey) or 3 (RGB). Default: from the data's `sampleShape`. */
  readonly channels?: 1 | 3;
  /** n: filters of every block; default 64. */
  readonly filters?: number;
  /** Size N_z of z ~ U(−1, 1)^{N_z}; default 64. */
  readonly latentDim?: number;
  /** 3×3 convolutions per block; default 2. */
  readonly convsPerBlock?: number;
  /** Skip connections (upsampled h₀ concatenated into each block); default false. */
  readonly skip?: boolean;
  /** The decoder's last activation, `'linear'` (the paper; default) or `'tanh'` (outputs in [−1, 1]). */
  readonly output?: 'linear' | 'tanh';
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

const KEYS = ['size', 'channels', 'filters', 'latentDim', 'convsPerBlock', 'skip', 'output', 'name'] as const;

/**
 * The BEGAN generator (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717 §3.5):
 * the discriminator's decoder architecture with its own weights,
 *
 * G(z) = conv₃ₓ₃(ELU-blocks(… upsample_NN(ELU-blocks(reshape(Dense(z)))) …)),  z ~ U(−1, 1)^{N_z},
 *
 * n filters in every block, ×2 nearest-neighbour up-sampling between blocks,
 * linear output (no tanh, as in the paper's reference code). Prior: core's
 * `uniformPrior([latentDim])`. Layer i seeded with `deriveSeed(seed, 'generator', i)`.
 */
export function beganGenerator(options: BeganGeneratorOptions = {}, env: BeganEnvironment = {}): Generator {
  const component = "generator 'began'";
  const o = checkKeys(component, options, KEYS);
  const shape = resolveBeganShape(component, o, env);
  const latentDim = intOption(component, o, 'latentDim', DEFAULT_HIDDEN, { min: 1 });
  const name = stringOption(component, o, 'name', 'generator');
  const model = buildDecoder(shape, latentDim, resolveSeed(component, env), name);
  return layersGenerator({
    name,
    model,
    prior: uniformPrior([latentDim]),
    outputShape: [shape.size, shape.size, shape.channels],
  });
}
