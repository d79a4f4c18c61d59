import { provide, type Plugin } from '@gantry/core';
import { MmdMetric } from './mmd-metric.js';

/**
 * Provides the metric `mmd`: unbiased Gaussian-kernel MMD² between generated and
 * real samples (Gretton et al. 2012, https://jmlr.org/papers/v13/gretton12a.html).
 * Options: `{ space?: 'pixels' | 'features', classifier?: 'mnist' | 'fashion-mnist',
 * samples?: 1000, bandwidth?: 'median' | σ | σ[], every?: 1000, seed?: 0 }`;
 * unknown keys throw a `ConfigError`.
 */
export const mmdPlugin: Plugin = {
  name: '@gantry/metric-mmd',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'metric',
      name: 'mmd',
      description: 'Unbiased Gaussian-kernel MMD² on samples or classifier features, median-heuristic bandwidth (Gretton et al. 2012).',
      create: (options) => new MmdMetric(options),
    });
  },
};
