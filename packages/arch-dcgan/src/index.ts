/**
 * `@gantry/arch-dcgan` — the DCGAN generator and discriminator (Radford et al. 2016,
 * https://arxiv.org/abs/1511.06434) for 28×28, 32×32 and 64×64 images with 1 or 3
 * channels, built with `@tensorflow/tfjs-layers` and seeded from the run seed.
 *
 * @packageDocumentation
 */
export { dcganPlugin } from './plugin.js';
export { dcganGenerator } from './generator.js';
export type { DcganGeneratorOptions } from './generator.js';
export { dcganDiscriminator } from './discriminator.js';
export type { DcganDiscriminatorOptions } from './discriminator.js';
export type { DcganEnvironment } from './shape.js';
export { DEFAULT_LATENT_DIM, DEFAULT_WIDTH } from './shape.js';
export { dcgan28Flops, dcganCost } from './cost.js';
export type { DcganCost, DcganCostOptions } from './cost.js';
export {
  DCGAN_CHANNELS,
  DCGAN_SIZES,
  discriminatorFilters,
  discriminatorPlan,
  generatorFilters,
  generatorPlan,
  KERNEL,
  LEAKY_SLOPE,
  layerMacs,
  planMacs,
} from './plan.js';
export type { DcganChannels, DcganShape, DcganSize, LayerPlan } from './plan.js';
export { BN_EPSILON, BN_MOMENTUM } from './build.js';
export { DCGAN_INIT_STDDEV, layerSeed } from './init.js';
