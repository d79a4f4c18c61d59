import { provide, type Plugin } from '@gantry/core';
import { WassersteinObjective } from './wasserstein-objective.js';
import { WeightClipping } from './weight-clipping.js';

/**
 * Provides the objective `wasserstein` (no options) and the constraint
 * `weight-clipping` (`{ c?: number > 0, targets?: string[] }`, defaults 0.01 and
 * `['discriminator']`) of Arjovsky et al. 2017 (https://arxiv.org/abs/1701.07875).
 * Unknown keys throw a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan',
 *     objective: 'wasserstein', constraints: [{ name: 'weight-clipping', options: { c: 0.01 } }],
 *     discriminatorSteps: 5,
 *     training: { optimizers: { '*': { name: 'rmsprop', learningRate: 5e-5 } } } },
 *   { plugins: [mnistPlugin, dcganPlugin, wassersteinPlugin] },
 * );
 * ```
 */
export const wassersteinPlugin: Plugin = {
  name: '@gantry/loss-wasserstein',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'wasserstein',
      description: 'Wasserstein GAN: critic minimises E[D(G(z))] − E[D(x)], G minimises −E[D(G(z))] (Arjovsky et al. 2017).',
      create: (options) => new WassersteinObjective(options as never),
    });
    provide(container, {
      kind: 'constraint',
      name: 'weight-clipping',
      description: 'WGAN weight clipping: clip every trainable weight of the targets to [−c, c] after each update (c = 0.01).',
      create: (options) => new WeightClipping(options),
    });
  },
};
