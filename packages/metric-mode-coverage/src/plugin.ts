import { provide, type Plugin } from '@gantry/core';
import { ModeCoverageMetric } from './mode-coverage-metric.js';

/**
 * Provides the metric `mode-coverage` (VEEGAN's protocol, https://arxiv.org/abs/1705.07761):
 * `modes/covered` and `modes/high-quality` for generators of the 2-D ring and grid.
 *
 * @example
 * ```ts
 * createGan({ data: 'ring', generator: 'mlp', discriminator: 'mlp', objective: 'non-saturating',
 *             metrics: [{ name: 'mode-coverage', options: { every: 500 } }] },
 *           { plugins: [toyDataPlugin, mlpPlugin, minimaxPlugin, modeCoveragePlugin] });
 * ```
 */
export const modeCoveragePlugin: Plugin = {
  name: '@gantry/metric-mode-coverage',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'metric',
      name: 'mode-coverage',
      description: 'Modes covered and share of samples within 3σ of a mode, for the 2-D ring/grid (VEEGAN protocol).',
      create: (options) => new ModeCoverageMetric(options),
    });
  },
};
