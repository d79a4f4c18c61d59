import { provide, type Plugin } from '@gantry/core';
import { HingeObjective } from './hinge-objective.js';

/**
 * Provides the objective `hinge` (Lim & Ye 2017, https://arxiv.org/abs/1705.02894;
 * Miyato et al. 2018, https://arxiv.org/abs/1802.05957). It takes no options; any
 * key throws a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'hinge' },
 *   { plugins: [mnistPlugin, dcganPlugin, hingePlugin] },
 * );
 * ```
 */
export const hingePlugin: Plugin = {
  name: '@gantry/loss-hinge',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'hinge',
      description: 'Hinge GAN: D minimises E[relu(1 − D(x))] + E[relu(1 + D(G(z)))], G minimises −E[D(G(z))] (Lim & Ye 2017; Miyato et al. 2018).',
      create: (options) => new HingeObjective(options as never),
    });
  },
};
