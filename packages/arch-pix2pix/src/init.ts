import { deriveSeed } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Standard deviation of the weight initialisation, N(0, 0.02²), as pix2pix does
 * (Isola et al. 2017, https://arxiv.org/abs/1611.07004 §6.2, following DCGAN).
 */
export const PIX2PIX_INIT_STDDEV = 0.02;

/** LeakyReLU slope of the encoder and the discriminator: max(a, 0.2·a). */
export const LEAKY_SLOPE = 0.2;

/** Batch-norm momentum 0.9 (PyTorch's 0.1 convention): tfjs's 0.99 lags too far behind on short runs. */
export const BN_MOMENTUM = 0.9;
/** Batch-norm ε, 1e-5 as in the PyTorch reference implementation. */
export const BN_EPSILON = 1e-5;

/** A tfjs-layers initialiser. */
export type Initializer = ReturnType<typeof tfl.initializers.randomNormal>;

/**
 * The seed of one layer: `deriveSeed(seed, layer)`, never 0 (tfjs reads a falsy
 * seed as "unseeded"). Same run seed → same weights; no two layers share values.
 */
export function layerSeed(seed: number, layer: string): number {
  return deriveSeed(seed, layer) || 1;
}

/** Kernel initialiser N(0, 0.02²), seeded. */
export function kernelInit(seed: number, layer: string): Initializer {
  return tfl.initializers.randomNormal({ mean: 0, stddev: PIX2PIX_INIT_STDDEV, seed: layerSeed(seed, layer) });
}

/** Batch norm with γ ~ N(1, 0.02²), β = 0, momentum {@link BN_MOMENTUM}, ε {@link BN_EPSILON}. */
export function batchNorm(seed: number, layer: string): tfl.layers.Layer {
  return tfl.layers.batchNormalization({
    name: layer,
    momentum: BN_MOMENTUM,
    epsilon: BN_EPSILON,
    gammaInitializer: tfl.initializers.randomNormal({ mean: 1, stddev: PIX2PIX_INIT_STDDEV, seed: layerSeed(seed, layer) }),
    betaInitializer: 'zeros',
  });
}
