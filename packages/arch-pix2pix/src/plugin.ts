import { provide, type Plugin } from '@gantry/core';
import { multiscaleDiscriminator } from './multiscale.js';
import { patchganDiscriminator } from './patchgan.js';
import { unetGenerator } from './unet.js';

/**
 * Provides generator `unet` ({@link unetGenerator}) and discriminators `patchgan`
 * ({@link patchganDiscriminator}) and `multiscale-patchgan`
 * ({@link multiscaleDiscriminator}): pix2pix (Isola et al. 2017,
 * https://arxiv.org/abs/1611.07004) and pix2pixHD (Wang et al. 2018,
 * https://arxiv.org/abs/1711.11585). Shapes follow the data set unless set.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist-edges', generator: 'unet', discriminator: 'patchgan', objective: 'non-saturating',
 *             regularizers: [{ name: 'l1', options: { lambda: 100 } }] },
 *           { plugins: [translationDataPlugin, pix2pixPlugin, minimaxPlugin, l1Plugin] });
 * ```
 */
export const pix2pixPlugin: Plugin = {
  name: '@gantry/arch-pix2pix',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'generator',
      name: 'unet',
      description: 'pix2pix U-Net: source image → image (stride-2 convs down, transposed convs up, skips, dropout noise; ignores z)',
      create: (options, env) => unetGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'patchgan',
      description: 'pix2pix PatchGAN: a map of logits over patches of concat(source, x) (conditional: false for x alone)',
      create: (options, env) => patchganDiscriminator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'multiscale-patchgan',
      description: 'pix2pixHD multi-scale D: PatchGANs at scales 1, 1/2, 1/4 (average-pooled), logits and features of all scales',
      create: (options, env) => multiscaleDiscriminator(options, env),
    });
  },
};
