import { deriveSeed } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A tfjs-layers weight initialiser. */
export type Initializer = ReturnType<typeof tfl.initializers.randomNormal>;

/** Weight initialisation schemes of the MLP. */
export const MLP_INITS = ['glorot', 'dcgan'] as const;
/** A weight initialisation scheme (see {@link kernelInit}). */
export type MlpInit = (typeof MLP_INITS)[number];

/**
 * The seed of layer `layerIndex` of a network built with seed `seed`:
 * `deriveSeed(seed, layerIndex)`, so the same run seed gives the same weights and
 * no two layers share values.
 */
export function layerSeed(seed: number, layerIndex: number): number {
  // tfjs treats a falsy seed as "unseeded" (Math.random), so never hand it 0.
  return deriveSeed(seed, layerIndex) || 1;
}

/**
 * Kernel initialiser, seeded:
 * - `'glorot'`: U(−a, a), a = √(6 / (fan_in + fan_out)) (Glorot & Bengio 2010), which
 *   keeps activations at unit scale through 128-wide layers — the usual choice for
 *   small MLPs on toy data;
 * - `'dcgan'`: N(0, 0.02²) (Radford et al. 2016, https://arxiv.org/abs/1511.06434),
 *   for comparisons with the convolutional models.
 */
export function kernelInit(kind: MlpInit, seed: number): Initializer {
  return kind === 'dcgan'
    ? tfl.initializers.randomNormal({ mean: 0, stddev: 0.02, seed })
    : tfl.initializers.glorotUniform({ seed });
}
