import { provide, type Plugin } from '@gantry/core';
import { mlpDiscriminator } from './discriminator.js';
import { mlpGenerator } from './generator.js';

/**
 * Provides generator and discriminator `mlp`: fully connected networks for toy
 * data (1-D and 2-D densities). Sizes follow the data set.
 *
 * @example
 * ```ts
 * createGan({ data: 'ring', generator: 'mlp', discriminator: 'mlp', objective: 'non-saturating' },
 *           { plugins: [toyDataPlugin, mlpPlugin, minimaxPlugin] });
 * ```
 */
export const mlpPlugin: Plugin = {
  name: '@gantry/arch-mlp',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'generator',
      name: 'mlp',
      description: 'MLP generator for toy data (hidden [128, 128], ReLU, linear output)',
      create: (options, env) => mlpGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'mlp',
      description: 'MLP discriminator for toy data (hidden [128, 128], ReLU, one logit)',
      create: (options, env) => mlpDiscriminator(options, env),
    });
  },
};
