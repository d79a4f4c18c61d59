/**
 * `@gantry/arch-pix2pix` — image-to-image networks: the pix2pix U-Net generator and
 * PatchGAN discriminator (Isola et al. 2017, https://arxiv.org/abs/1611.07004) and
 * pix2pixHD's multi-scale PatchGAN (Wang et al. 2018, https://arxiv.org/abs/1711.11585),
 * built with `@tensorflow/tfjs-layers` and seeded from the run seed.
 *
 * @packageDocumentation
 */
export { pix2pixPlugin } from './plugin.js';
export { resolveUnetOptions, unetGenerator, unetModel } from './unet.js';
export type { UnetConfig, UnetOptions } from './unet.js';
export {
  PATCHGAN_KEYS,
  patchganDiscriminator,
  patchganFromConfig,
  patchganModel,
  patchReceptiveField,
  resolvePatchganOptions,
} from './patchgan.js';
export type { PatchganConfig, PatchganOptions } from './patchgan.js';
export { multiscaleDiscriminator } from './multiscale.js';
export type { MultiscaleDiscriminator, MultiscaleOptions } from './multiscale.js';
export { combineScales, downsample } from './functional.js';
export { SeededDropout } from './dropout.js';
export type { SeededDropoutArgs } from './dropout.js';
export { BN_EPSILON, BN_MOMENTUM, kernelInit, layerSeed, LEAKY_SLOPE, PIX2PIX_INIT_STDDEV } from './init.js';
export type { Initializer } from './init.js';
export { halvings, levelFilters, resolveImage } from './shape.js';
export type { ImageShape, Pix2pixEnvironment } from './shape.js';
