/**
 * `@gantry/arch-began` — the BEGAN auto-encoder discriminator and decoder generator
 * (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717) for 28×28, 32×32 and
 * 64×64 images with 1 or 3 channels, plus BEGAN's latent recovery and interpolation.
 *
 * @packageDocumentation
 */
export { beganArchPlugin } from './plugin.js';
export { beganGenerator } from './generator.js';
export type { BeganGeneratorOptions } from './generator.js';
export { autoEncoderDiscriminator, beganDiscriminator, perSampleL1 } from './discriminator.js';
export type { BeganDiscriminatorOptions } from './discriminator.js';
export {
  BEGAN_KERNEL,
  beganStages,
  buildAutoEncoder,
  buildDecoder,
  DEFAULT_CONVS_PER_BLOCK,
  DEFAULT_FILTERS,
  DEFAULT_HIDDEN,
  encoderFilters,
  nearestUpsampling,
} from './architecture.js';
export type { BeganShape } from './architecture.js';
export { BEGAN_CHANNELS, BEGAN_SIZES } from './options.js';
export type { BeganEnvironment } from './options.js';
export { interpolateLatents, latentInterpolation, recoverLatent } from './latent.js';
export type { LatentInterpolation, LatentInterpolationOptions, RecoveredLatent, RecoverLatentOptions } from './latent.js';
