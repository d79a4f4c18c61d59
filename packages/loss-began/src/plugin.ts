import { provide, type Plugin } from '@gantry/core';
import { BeganObjective } from './began-objective.js';

/**
 * Provides the objective `began` (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717).
 * Options `{ gamma?: (0, 1], lambdaK?: ≥ 0, k0?: [0, 1] }`; unknown keys throw a `ConfigError`.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist', generator: 'began', discriminator: 'began',
 *             objective: { name: 'began', options: { gamma: 0.5 } },
 *             metrics: [{ name: 'convergence', options: { gamma: 0.5 } }] },
 *           { plugins: [mnistPlugin, beganArchPlugin, beganLossPlugin, convergencePlugin] });
 * ```
 */
export const beganLossPlugin: Plugin = {
  name: '@gantry/loss-began',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'began',
      description: 'BEGAN: L_D = L(x) − k·L(G(z)), L_G = L(G(z)), k by proportional control (Berthelot et al. 2017)',
      create: (options) => new BeganObjective(options),
    });
  },
};
