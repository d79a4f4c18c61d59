import { provide, type Plugin } from '@gantry/core';
import { ConvergenceMetric } from './convergence-metric.js';

/**
 * Provides the metric `convergence`: BEGAN's M_global = L(x) + |γ·L(x) − L(G(z))|
 * (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717), from each step's logs.
 * Options `{ gamma?, realKey?, fakeKey? }`; set `gamma` to the objective's.
 */
export const convergencePlugin: Plugin = {
  name: '@gantry/metric-convergence',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'metric',
      name: 'convergence',
      description: "BEGAN's global convergence measure M_global = L(x) + |γL(x) − L(G(z))| from each step's logs",
      create: (options) => new ConvergenceMetric(options),
    });
  },
};
