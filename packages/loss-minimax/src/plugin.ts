import { provide, type Plugin } from '@gantry/core';
import { MaximumLikelihoodObjective } from './maximum-likelihood-objective.js';
import { MinimaxObjective } from './minimax-objective.js';
import { NonSaturatingObjective } from './non-saturating-objective.js';

/**
 * Provides the objectives `minimax`, `non-saturating` and `maximum-likelihood`
 * (Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661). Options:
 * `{ labelSmoothing?: number in [0, 1) }`, plus `maxLogit?: number ≤ 88` for
 * `maximum-likelihood`; unknown keys throw a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan',
 *     objective: { name: 'non-saturating', options: { labelSmoothing: 0.1 } } },
 *   { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin] },
 * );
 * ```
 */
export const minimaxPlugin: Plugin = {
  name: '@gantry/loss-minimax',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'minimax',
      description: 'Original GAN game: D by cross-entropy, G minimises E[log(1 − D(G(z)))] (Goodfellow et al. 2014).',
      create: (options) => new MinimaxObjective(options),
    });
    provide(container, {
      kind: 'objective',
      name: 'non-saturating',
      description: 'Non-saturating GAN game: D by cross-entropy, G minimises −E[log D(G(z))] (Goodfellow et al. 2014).',
      create: (options) => new NonSaturatingObjective(options),
    });
    provide(container, {
      kind: 'objective',
      name: 'maximum-likelihood',
      description: 'Maximum-likelihood GAN game: D by cross-entropy, G minimises −E[exp(logit D(G(z)))] (Goodfellow 2014).',
      create: (options) => new MaximumLikelihoodObjective(options),
    });
  },
};
