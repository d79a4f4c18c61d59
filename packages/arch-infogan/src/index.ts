/**
 * `@gantry/arch-infogan` — InfoGAN networks (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657): generators on the InfoGAN prior and discriminators
 * whose Q head shares D's trunk, in an MLP variant (fast on a CPU) and the paper's small
 * conv network for 28-pixel MNIST; latent-traversal PNGs and the categorical-purity metric.
 *
 * @packageDocumentation
 */
export { infoganArchPlugin } from './plugin.js';
export { DEFAULT_CONV_WIDTH, DEFAULT_G_HIDDEN, infoganConvGenerator, infoganMlpGenerator } from './generator.js';
export type { InfoganConvGeneratorOptions, InfoganGenerator, InfoganMlpGeneratorOptions } from './generator.js';
export { DEFAULT_D_HIDDEN, DEFAULT_Q_HIDDEN, infoganConvDiscriminator, infoganMlpDiscriminator, qDiscriminator } from './discriminator.js';
export type { InfoganConvDiscriminatorOptions, InfoganMlpDiscriminatorOptions } from './discriminator.js';
export {
  BN_EPSILON,
  BN_MOMENTUM,
  buildConvGeneratorModel,
  buildMlpGeneratorModel,
  buildQDiscriminator,
  LEAKY_SLOPE,
} from './build.js';
export type { ConvGeneratorSpec, MlpGeneratorSpec, QDiscriminatorSpec, QOutputIndex, QSizes } from './build.js';
export { CONV_INIT_STDDEV, kernelInit, layerSeed } from './init.js';
export { DEFAULT_SAMPLE_SHAPE } from './options.js';
export type { InfoganEnvironment } from './options.js';
export { measureCategoricalPurity, purityFromCounts } from './purity.js';
export type { PurityOptions, PurityResult } from './purity.js';
export { CategoricalPurityMetric, PURITY_KEYS } from './purity-metric.js';
export type { CategoricalPurityOptions } from './purity-metric.js';
export { traversalImages, traversalPng, writeTraversalPng } from './traversal-png.js';
export type { TraversalDrawOptions, TraversalSpec } from './traversal-png.js';
