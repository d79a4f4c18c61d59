import { provide, type Plugin } from '@gantry/core';
import { FeatureMatching } from './feature-matching.js';

/**
 * Provides the regularizer `feature-matching`: pix2pixHD's
 * λ·Σᵢ (1/Nᵢ)‖Dᵢ(s, x) − Dᵢ(s, G(s))‖₁ on the generator's loss (Wang et al. 2018,
 * https://arxiv.org/abs/1711.11585), λ = 10 by default.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist-edges', generator: 'unet', discriminator: 'multiscale-patchgan', objective: 'least-squares',
 *             regularizers: [{ name: 'feature-matching', options: { lambda: 10 } }] },
 *           { plugins: [translationDataPlugin, pix2pixPlugin, leastSquaresPlugin, featureMatchingPlugin] });
 * ```
 */
export const featureMatchingPlugin: Plugin = {
  name: '@gantry/regularizer-feature-matching',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'regularizer',
      name: 'feature-matching',
      description: "pix2pixHD's feature matching λ·Σ mean|D_i(s, x) − D_i(s, G(s))| over D's features, on the generator (λ = 10)",
      create: (options) => new FeatureMatching(options),
    });
  },
};
