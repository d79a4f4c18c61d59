import { provide, type Plugin } from '@gantry/core';
import { MutualInformation } from './mutual-information.js';

/**
 * Provides the regularizer `mutual-information`: InfoGAN's variational bound L_I
 * (Chen et al. 2016, https://arxiv.org/abs/1606.03657), added with weight λ to the
 * discriminator's and the generator's losses. Pair it with a generator whose prior is an
 * InfoGAN prior and a discriminator returning Q's heads (`@gantry/arch-infogan`).
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'infogan-mlp', discriminator: 'infogan-mlp', objective: 'non-saturating',
 *     regularizers: [{ name: 'mutual-information', options: { lambda: 1 } }] },
 *   { plugins: [mnistPlugin, infoganArchPlugin, minimaxPlugin, mutualInformationPlugin] },
 * );
 * ```
 */
export const mutualInformationPlugin: Plugin = {
  name: '@gantry/regularizer-mutual-information',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'regularizer',
      name: 'mutual-information',
      description: "InfoGAN: λ·L_I = λ·[CE(c, Q_cat(G(z))) + Gaussian NLL of continuous codes] on D's and G's losses (Chen et al. 2016).",
      create: (options) => new MutualInformation(options),
    });
  },
};
