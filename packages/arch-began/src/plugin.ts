import { provide, type Plugin } from '@gantry/core';
import { beganDiscriminator } from './discriminator.js';
import { beganGenerator } from './generator.js';

/**
 * Provides generator and discriminator `began` (Berthelot et al. 2017,
 * https://arxiv.org/abs/1703.10717). Pair the discriminator with a reconstruction
 * objective (`began` from `@gantry/loss-began`). Size and channels follow the data.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist', generator: 'began', discriminator: 'began', objective: 'began' },
 *           { plugins: [mnistPlugin, beganArchPlugin, beganLossPlugin] });
 * ```
 */
export const beganArchPlugin: Plugin = {
  name: '@gantry/arch-began',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'generator',
      name: 'began',
      description: 'BEGAN generator: decoder (dense → 3×3 ELU conv blocks, nearest-neighbour upsampling), z ~ U(−1, 1); 28/32/64 px',
      create: (options, env) => beganGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'began',
      description: 'BEGAN auto-encoder discriminator (returns reconstruction, per-sample L1 error as logits, embedding h); 28/32/64 px',
      create: (options, env) => beganDiscriminator(options, env),
    });
  },
};
