import { provide, type Plugin } from '@gantry/core';
import { RelativisticAverageObjective } from './objective.js';

/**
 * Provides the objective `relativistic-average` (RaSGAN, Jolicoeur-Martineau 2018,
 * https://arxiv.org/abs/1807.00734). It takes no options.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'ring', generator: 'mlp', discriminator: 'mlp', objective: 'relativistic-average' },
 *   { plugins: [toyDataPlugin, mlpPlugin, examplePlugin] },
 * );
 * ```
 */
export const examplePlugin: Plugin = {
  name: '@thirdparty/gantry-plugin-example',
  // The @gantry/core versions this plugin was built for: registerPlugins refuses others.
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'relativistic-average',
      description: 'Relativistic average standard GAN (RaSGAN, Jolicoeur-Martineau 2018)',
      create: (options) => new RelativisticAverageObjective(options),
    });
  },
};
