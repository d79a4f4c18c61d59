import { deriveSeed } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A tfjs-layers weight initialiser. */
export type Initializer = ReturnType<typeof tfl.initializers.randomNormal>;

/**
 * The seed of the layer called `layer` in a network built with seed `seed`:
 * s_layer = `deriveSeed(seed, layer)` (for the InfoGAN networks, https://arxiv.org/abs/1606.03657) — named, so adding a head does not change the trunk's weights.
 */
export function layerSeed(seed: number, layer: string): number {
  // tfjs treats a falsy seed as "unseeded" (Math.random), so never hand it 0.
  return deriveSeed(seed, layer) || 1;
}

/** Standard deviation of the conv variant's weights, W ~ N(0, 0.02²) as in DCGAN (Radford et al. 2016, https://arxiv.org/abs/1511.06434). */
export const CONV_INIT_STDDEV = 0.02;

/**
 * Kernel initialiser of a layer: Glorot-uniform U(−a, a), a = √(6 / (fan_in + fan_out)),
 * for the MLP variant (unit-scale activations through wide dense layers); N(0, 0.02²) for
 * the conv variant (the DCGAN initialisation, https://arxiv.org/abs/1511.06434, that InfoGAN's MNIST architecture,
 * https://arxiv.org/abs/1606.03657, follows).
 */
export function kernelInit(kind: 'glorot' | 'dcgan', seed: number): Initializer {
  return kind === 'dcgan'
    ? tfl.initializers.randomNormal({ mean: 0, stddev: CONV_INIT_STDDEV, seed })
    : tfl.initializers.glorotUniform({ seed });
}
