import { provide, type Plugin } from '@gantry/core';
import { InceptionScoreMetric } from './inception-score-metric.js';

/**
 * Provides the metric `inception-score` (Salimans et al. 2016,
 * https://arxiv.org/abs/1606.03498) with Gantry's shipped MNIST / Fashion-MNIST
 * classifiers. Options: `{ classifier?: 'mnist' | 'fashion-mnist', samples?: 5000,
 * splits?: 10, every?: 1000, seed?: 0 }`; unknown keys throw a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating',
 *     metrics: [{ name: 'inception-score', options: { samples: 2000, every: 500 } }] },
 *   { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin, inceptionScorePlugin] },
 * );
 * ```
 */
export const inceptionScorePlugin: Plugin = {
  name: '@gantry/metric-inception-score',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'metric',
      name: 'inception-score',
      description: 'Inception score exp(E KL(p(y|x) ‖ p(y))) under a small MNIST / Fashion-MNIST CNN (Salimans et al. 2016).',
      create: (options) => new InceptionScoreMetric(options),
    });
  },
};
