import { provide, type Plugin } from '@gantry/core';
import { LeastSquaresObjective } from './least-squares-objective.js';

/**
 * Provides the objective `least-squares` (Mao et al. 2017,
 * https://arxiv.org/abs/1611.04076). Options `{ a?, b?, c? }`: finite numbers,
 * a ≠ b, default (0, 1, 1). Unknown keys throw a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan',
 *     objective: { name: 'least-squares', options: { a: -1, b: 1, c: 0 } } },
 *   { plugins: [mnistPlugin, dcganPlugin, leastSquaresPlugin] },
 * );
 * ```
 */
export const leastSquaresPlugin: Plugin = {
  name: '@gantry/loss-least-squares',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'least-squares',
      description: 'LSGAN: D minimises ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²], G minimises ½E[(D(G(z)) − c)²] (Mao et al. 2017).',
      create: (options) => new LeastSquaresObjective(options),
    });
  },
};
