/**
 * `@gantry/arch-mlp` — multilayer-perceptron generators and discriminators for
 * toy data (1-D and 2-D densities), built with `@tensorflow/tfjs-layers` and
 * seeded from the run seed.
 *
 * @packageDocumentation
 */
export { mlpPlugin } from './plugin.js';
export { mlpGenerator } from './generator.js';
export type { MlpGeneratorOptions } from './generator.js';
export { mlpDiscriminator } from './discriminator.js';
export type { MlpDiscriminatorOptions } from './discriminator.js';
export { DEFAULT_HIDDEN } from './resolve.js';
export type { MlpEnvironment } from './resolve.js';
export { buildMlp, MLP_ACTIVATIONS, MLP_LEAKY_SLOPE, MLP_OUTPUT_ACTIVATIONS } from './build.js';
export type { MlpActivation, MlpOutputActivation, MlpSpec } from './build.js';
export { kernelInit, layerSeed, MLP_INITS } from './init.js';
export type { MlpInit } from './init.js';
