import { provide, type Plugin } from '@gantry/core';
import { FidMetric } from './fid-metric.js';
import { KidMetric } from './kid-metric.js';

/**
 * Provides the metrics `fid` (Heusel et al. 2017, https://arxiv.org/abs/1706.08500)
 * and `kid` (Bińkowski et al. 2018, https://arxiv.org/abs/1801.01401) on the
 * features of Gantry's shipped MNIST / Fashion-MNIST classifiers.
 * Options — `fid`: `{ classifier?, samples?: 5000, every?: 1000, seed?: 0 }`;
 * `kid`: `{ classifier?, samples?: 2000, subsets?: 10, subsetSize?: 1000, every?: 1000, seed?: 0 }`.
 * Unknown keys throw a `ConfigError`.
 */
export const fidPlugin: Plugin = {
  name: '@gantry/metric-fid',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'metric',
      name: 'fid',
      description: 'Fréchet distance of Gaussians fitted to classifier features of generated and real samples (Heusel et al. 2017).',
      create: (options) => new FidMetric(options),
    });
    provide(container, {
      kind: 'metric',
      name: 'kid',
      description: 'Kernel distance: unbiased MMD² with a cubic polynomial kernel on classifier features (Bińkowski et al. 2018).',
      create: (options) => new KidMetric(options),
    });
  },
};
