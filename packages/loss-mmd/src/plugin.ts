import { provide, type Plugin } from '@gantry/core';
import { MmdObjective } from './mmd-objective.js';

/**
 * Provides the objective `mmd`: a generator trained alone on the unbiased MMD² with a
 * fixed mixture of Gaussian kernels (Li et al. 2015, https://arxiv.org/abs/1502.02761).
 * Option `bandwidths` (default [1, 2, 4, 8, 16]).
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'ring', generator: 'mlp', objective: 'mmd' }, // no discriminator
 *   { plugins: [toyDataPlugin, mlpPlugin, mmdPlugin] },
 * );
 * ```
 */
export const mmdPlugin: Plugin = {
  name: '@gantry/loss-mmd',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'mmd',
      description: 'Generator-only MMD² with a fixed mixture of Gaussian kernels (GMMN, Li et al. 2015); no discriminator.',
      create: (options) => new MmdObjective(options),
    });
  },
};
