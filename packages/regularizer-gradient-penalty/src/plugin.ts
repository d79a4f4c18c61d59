import { provide, type Plugin } from '@gantry/core';
import { registerHigherOrderGradients } from '@gantry/gradients';
import { DraganPenalty } from './dragan-penalty.js';
import { GradientPenalty } from './gradient-penalty.js';
import { R1Penalty, R2Penalty } from './squared-gradient-penalty.js';

/**
 * Provides the regularizers `gradient-penalty` (WGAN-GP), `dragan`, `r1` and `r2`,
 * all on the discriminator's loss. Registering the plugin (and creating any of its
 * regularizers) installs `@gantry/gradients`' second-order gradient definitions:
 * tfjs 4.22's own give silently wrong gradients of gradients.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'gaussian-1d', generator: 'mlp', discriminator: 'mlp', objective: 'wasserstein',
 *     regularizers: [{ name: 'gradient-penalty', options: { lambda: 10 } }] },
 *   { plugins: [toyDataPlugin, mlpPlugin, wassersteinPlugin, gradientPenaltyPlugin] },
 * );
 * ```
 */
export const gradientPenaltyPlugin: Plugin = {
  name: '@gantry/regularizer-gradient-penalty',
  core: '^0.1.0',
  register(container) {
    registerHigherOrderGradients();
    provide(container, {
      kind: 'regularizer',
      name: 'gradient-penalty',
      description: 'WGAN-GP: λ·E[(‖∇D(x̂)‖ − 1)²] on real–fake interpolates (Gulrajani et al. 2017).',
      create: (options) => new GradientPenalty(options),
    });
    provide(container, {
      kind: 'regularizer',
      name: 'dragan',
      description: 'DRAGAN: λ·E[(‖∇D(x + δ)‖ − 1)²] around the real data (Kodali et al. 2017).',
      create: (options) => new DraganPenalty(options),
    });
    provide(container, {
      kind: 'regularizer',
      name: 'r1',
      description: 'R1: (γ/2)·E[‖∇D(x)‖²] on real data (Mescheder et al. 2018).',
      create: (options) => new R1Penalty(options),
    });
    provide(container, {
      kind: 'regularizer',
      name: 'r2',
      description: 'R2: (γ/2)·E[‖∇D(G(z))‖²] on generated data (Mescheder et al. 2018).',
      create: (options) => new R2Penalty(options),
    });
  },
};
