/**
 * `@gantry/plugin-spectral-norm` — spectral normalization (Miyato et al. 2018,
 * https://arxiv.org/abs/1802.05957): W_SN = W/σ(W) with σ from one power iteration
 * per forward pass, as tfjs-layers layers, a model converter, and SN discriminators.
 *
 * @packageDocumentation
 */
export { DEFAULT_EPSILON, kernelMatrix, l2Normalize, powerIteration, spectralNormalize } from './functional.js';
export type { PowerIterationOptions, PowerIterationResult, SpectralNormalizeResult } from './functional.js';
export {
  registerSpectralNormLayers,
  SERIALIZATION_PACKAGE,
  SpectralNormConv2D,
  SpectralNormDense,
} from './layers.js';
export type { SpectralNormConv2DArgs, SpectralNormDenseArgs } from './layers.js';
export type { SpectralNormArgs, SpectralNormSettings } from './spectral-state.js';
export { SPECTRAL_NORM_REPLACEMENTS, spectralNormModel } from './model.js';
export type { SpectralNormModelOptions } from './model.js';
export { SN_CNN_LEAKY_SLOPE, snCnnDiscriminator, snDcganDiscriminator } from './discriminators.js';
export type { SnCnnDiscriminatorOptions, SnDcganDiscriminatorOptions } from './discriminators.js';
export type { SnEnvironment } from './options.js';
export { spectralNormPlugin } from './plugin.js';
