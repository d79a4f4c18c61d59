import { provide, type Plugin } from '@gantry/core';
import { L1Reconstruction } from './l1-reconstruction.js';

/**
 * Provides the regularizer `l1`: pix2pix's λ·𝔼|x − G(source)| on the generator's
 * loss (Isola et al. 2017, https://arxiv.org/abs/1611.07004), λ = 100 by default.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist-edges', generator: 'unet', discriminator: 'patchgan', objective: 'non-saturating',
 *             regularizers: [{ name: 'l1', options: { lambda: 100 } }] },
 *           { plugins: [translationDataPlugin, pix2pixPlugin, minimaxPlugin, l1Plugin] });
 * ```
 */
export const l1Plugin: Plugin = {
  name: '@gantry/regularizer-l1',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'regularizer',
      name: 'l1',
      description: "pix2pix's L1 term λ·mean|x − G(source)| on the generator (paired data; λ = 100)",
      create: (options) => new L1Reconstruction(options),
    });
  },
};
