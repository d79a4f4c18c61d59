import { provide, type Plugin } from '@gantry/core';
import { dcganDiscriminator } from './discriminator.js';
import { dcganGenerator } from './generator.js';

/**
 * Provides generator and discriminator `dcgan` (Radford et al. 2016,
 * https://arxiv.org/abs/1511.06434). Size and channels follow the data set unless set.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating' },
 *           { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin] });
 * ```
 */
export const dcganPlugin: Plugin = {
  name: '@gantry/arch-dcgan',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'generator',
      name: 'dcgan',
      description: 'DCGAN generator (dense → stride-2 transposed convs, BN, ReLU, tanh); 28/32/64 px, 1 or 3 channels',
      create: (options, env) => dcganGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'dcgan',
      description: 'DCGAN discriminator (stride-2 convs, BN, LeakyReLU 0.2 → dense logit); 28/32/64 px, 1 or 3 channels',
      create: (options, env) => dcganDiscriminator(options, env),
    });
  },
};
