import { ConfigError, deriveSeed, show } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A tfjs-layers weight initialiser. */
export type Initializer = ReturnType<typeof tfl.initializers.randomNormal>;

/**
 * The seed of layer `layerIndex` of a network built with seed `seed`:
 * `deriveSeed(seed, layerIndex)`, so the same run seed gives the same weights and
 * no two layers share values.
 */
export function layerSeed(seed: number, layerIndex: number): number {
  // tfjs treats a falsy seed as "unseeded" (Math.random), so never hand it 0.
  return deriveSeed(seed, layerIndex) || 1;
}

/** Standard deviation of the DCGAN initialisation N(0, 0.02²) (Radford et al. 2016, §4). */
export const DCGAN_INIT_STDDEV = 0.02;

/**
 * Kernel initialiser of layer `layerIndex`, seeded:
 * - `'glorot'`: U(−a, a), a = √(6 / (fan_in + fan_out)) (Glorot & Bengio 2010) — the MLP
 *   variant's, which keeps activations at unit scale through wide dense layers;
 * - `'dcgan'`: N(0, 0.02²) (Radford et al. 2016, https://arxiv.org/abs/1511.06434) — the
 *   convolutional variant's, as in `@gantry/arch-dcgan`.
 */
export function kernelInit(kind: 'glorot' | 'dcgan', seed: number, layerIndex: number): Initializer {
  const s = layerSeed(seed, layerIndex);
  return kind === 'dcgan'
    ? tfl.initializers.randomNormal({ mean: 0, stddev: DCGAN_INIT_STDDEV, seed: s })
    : tfl.initializers.glorotUniform({ seed: s });
}

/** Batch-norm γ initialiser N(1, 0.02²), seeded (the DCGAN reference implementation's choice). */
export function gammaInit(seed: number, layerIndex: number): Initializer {
  return tfl.initializers.randomNormal({ mean: 1, stddev: DCGAN_INIT_STDDEV, seed: layerSeed(seed, layerIndex) });
}

/** The build seed of the environment (default 0), checked. */
export function resolveSeed(component: string, seed: number | undefined): number {
  const s = seed ?? 0;
  if (typeof s !== 'number' || !Number.isFinite(s)) throw new ConfigError(`${component}: seed ${show(s)} is not a finite number.`);
  return s;
}
