/**
 * `@gantry/arch-conditional` — class-conditional generators and discriminators for
 * Gantry (cGAN, Mirza & Osindero 2014, https://arxiv.org/abs/1411.1784), with the
 * projection discriminator (Miyato & Koyama 2018, https://arxiv.org/abs/1802.05637) as an
 * option: an MLP variant (`cgan-mlp`) and a small DCGAN-like one for 28 × 28 images
 * (`cgan-dcgan`), built with `@tensorflow/tfjs-layers` and seeded from the run seed.
 *
 * @packageDocumentation
 */
export { conditionalArchPlugin } from './plugin.js';
export { cganMlpGenerator, DEFAULT_MLP_GENERATOR_HIDDEN } from './mlp-generator.js';
export type { CganMlpGeneratorOptions } from './mlp-generator.js';
export { cganMlpDiscriminator, DEFAULT_MLP_DISCRIMINATOR_HIDDEN } from './mlp-discriminator.js';
export type { CganMlpDiscriminatorOptions } from './mlp-discriminator.js';
export { cganDcganGenerator, DEFAULT_CONV_WIDTH } from './conv-generator.js';
export type { CganDcganGeneratorOptions } from './conv-generator.js';
export { cganDcganDiscriminator } from './conv-discriminator.js';
export type { CganDcganDiscriminatorOptions } from './conv-discriminator.js';
export { conditionalDiscriminator, conditionalGenerator } from './conditional.js';
export type { ConditionalDiscriminator, ConditionalGenerator } from './conditional.js';
export { oneHotLabels, resolveNumClasses } from './labels.js';
export type { ConditionalEnvironment } from './labels.js';
export {
  BN_SETTINGS,
  DEFAULT_DISCRIMINATOR_EMBEDDING,
  DEFAULT_LATENT_DIM,
  HIDDEN_ACTIVATIONS,
  LEAKY_SLOPE,
  OUTPUT_ACTIVATIONS,
} from './options.js';
export type { HiddenActivation, OutputActivation } from './options.js';
export { DCGAN_INIT_STDDEV, layerSeed } from './init.js';
