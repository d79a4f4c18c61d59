import { provide, type Plugin } from '@gantry/core';
import { ClassAgreementMetric } from './class-agreement-metric.js';
import { ConditionalDiversityMetric } from './conditional-diversity-metric.js';

/**
 * Provides the metrics of class-conditional generators, on the shipped MNIST /
 * Fashion-MNIST classifiers: `class-agreement` (does G(z, y) look like class y?) and
 * `conditional-diversity` (how different are the samples of one class, in pixels and in
 * classifier features?). Unknown option keys throw a `ConfigError`.
 *
 * @example
 * ```sh
 * gantry eval --checkpoint runs/cgan --metric class-agreement:samples=1000 --metric conditional-diversity
 * ```
 */
export const conditionalMetricsPlugin: Plugin = {
  name: '@gantry/metric-inception-score/conditional',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'metric',
      name: 'class-agreement',
      description: 'Fraction of conditional samples G(z, y) the MNIST / Fashion-MNIST classifier assigns to y (and per class).',
      create: (options) => new ClassAgreementMetric(options),
    });
    provide(container, {
      kind: 'metric',
      name: 'conditional-diversity',
      description: 'Mean pairwise distance of samples of one class (pixels in [0, 1]; classifier features), averaged over classes.',
      create: (options) => new ConditionalDiversityMetric(options),
    });
  },
};
