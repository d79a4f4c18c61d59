import { provide, type Plugin } from '@gantry/core';
import { snCnnDiscriminator, snDcganDiscriminator } from './discriminators.js';
import { registerSpectralNormLayers } from './layers.js';

/**
 * Provides the discriminators `sn-dcgan` (DCGAN's D with spectral normalization on
 * every conv/dense layer and no batch norm) and `sn-cnn` (SN-GAN's standard CNN),
 * Miyato et al. 2018, https://arxiv.org/abs/1802.05957. Registering the plugin also
 * registers the SN layers with tfjs serialization.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist', generator: 'dcgan', discriminator: 'sn-dcgan', objective: 'non-saturating' },
 *           { plugins: [mnistPlugin, dcganPlugin, spectralNormPlugin, minimaxPlugin] });
 * ```
 */
export const spectralNormPlugin: Plugin = {
  name: '@gantry/plugin-spectral-norm',
  core: '^0.1.0',
  register(container) {
    registerSpectralNormLayers();
    provide(container, {
      kind: 'discriminator',
      name: 'sn-dcgan',
      description: 'DCGAN discriminator with spectral normalization on every conv/dense layer, no batch norm (Miyato et al. 2018)',
      create: (options, env) => snDcganDiscriminator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'sn-cnn',
      description: "SN-GAN's standard CNN discriminator (3×3/4×4 convs, LeakyReLU 0.1), spectrally normalised (Miyato et al. 2018)",
      create: (options, env) => snCnnDiscriminator(options, env),
    });
  },
};
