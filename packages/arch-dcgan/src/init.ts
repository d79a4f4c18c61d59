import { deriveSeed } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A tfjs-layers weight initialiser. */
export type Initializer = ReturnType<typeof tfl.initializers.randomNormal>;

/** Standard deviation of the DCGAN weight initialisation, N(0, 0.02²) (Radford et al. 2016, §4). */
export const DCGAN_INIT_STDDEV = 0.02;

/**
 * The seed of layer `layerIndex` of a network built with seed `seed`:
 * `deriveSeed(seed, layerIndex)`. Each layer gets its own stream, so the same
 * run seed always gives the same weights while no two layers share values.
 */
export function layerSeed(seed: number, layerIndex: number): number {
  // tfjs treats a falsy seed as "unseeded" (Math.random), so never hand it 0.
  return deriveSeed(seed, layerIndex) || 1;
}

/** Kernel initialiser N(0, 0.02²), seeded. */
export function dcganKernelInit(seed: number): Initializer {
  return tfl.initializers.randomNormal({ mean: 0, stddev: DCGAN_INIT_STDDEV, seed });
}

/** Batch-norm γ initialiser N(1, 0.02²), seeded (the DCGAN reference implementation's choice). */
export function dcganGammaInit(seed: number): Initializer {
  return tfl.initializers.randomNormal({ mean: 1, stddev: DCGAN_INIT_STDDEV, seed });
}
