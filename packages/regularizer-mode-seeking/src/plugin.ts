import { provide, type Plugin } from '@gantry/core';
import { ModeSeeking } from './mode-seeking.js';

/**
 * Provides the regularizer `mode-seeking` (MSGAN, Mao et al. 2019,
 * https://arxiv.org/abs/1903.05628) on the generator's loss. Options:
 * `{ lambda?: 1, epsilon?: 1e-5 }`; unknown keys throw a `ConfigError`.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist', generator: 'cgan-mlp', discriminator: 'cgan-mlp', objective: 'non-saturating',
 *             regularizers: [{ name: 'mode-seeking', options: { lambda: 1 } }] },
 *           { plugins: [mnistPlugin, conditionalArchPlugin, minimaxPlugin, modeSeekingPlugin] });
 * ```
 */
export const modeSeekingPlugin: Plugin = {
  name: '@gantry/regularizer-mode-seeking',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'regularizer',
      name: 'mode-seeking',
      description: 'MSGAN: λ / (mean|G(c,z₁) − G(c,z₂)| / mean|z₁ − z₂| + ε) on the generator (Mao et al. 2019).',
      create: (options) => new ModeSeeking(options),
    });
  },
};
