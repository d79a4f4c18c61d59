import { provide, type Plugin } from '@gantry/core';
import { LossSensitiveObjective } from './loss-sensitive-objective.js';

/**
 * Provides the objective `loss-sensitive` (Qi 2017, https://arxiv.org/abs/1701.06264).
 * Options `{ lambda?: number > 0, distance?: 'l1' | 'l2', marginScale?: number > 0,
 * activation?: 'softplus' | 'relu' | 'identity' }`, defaults 1, 'l1', 1, 'softplus'.
 * Unknown keys throw a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan',
 *     objective: { name: 'loss-sensitive', options: { lambda: 1, distance: 'l1' } } },
 *   { plugins: [mnistPlugin, dcganPlugin, lossSensitivePlugin] },
 * );
 * ```
 */
export const lossSensitivePlugin: Plugin = {
  name: '@gantry/loss-sensitive',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'loss-sensitive',
      description: 'Loss-Sensitive GAN: L_D = E[L(x)] + λE[(Δ(x, G(z)) + L(x) − L(G(z)))₊], L_G = E[L(G(z))] (Qi 2017).',
      create: (options) => new LossSensitiveObjective(options),
    });
  },
};
