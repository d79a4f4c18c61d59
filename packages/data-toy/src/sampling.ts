import { mulberry32 } from '@gantry/core';
import type { GaussianMixture } from './mixture.js';

/** murmur3's 32-bit finaliser: a bijection of uint32 with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Seed of sample `index` of a data set seeded with `seed`. For a fixed seed it is
 * a bijection of the index (an odd multiple plus a constant, then a bijective
 * mix), so no two samples below 2³² share a random stream.
 */
export function sampleSeed(seed: number, index: number): number {
  return fmix32((fmix32(seed ^ 0x9e3779b9) + Math.imul(index, 0x27d4eb2f)) >>> 0);
}

/**
 * Draws sample `index` of a mixture: the mode k with probability wₖ, then
 * μₖ + σₖ·ε with ε ~ N(0, I) by Box–Muller (z = √(−2 ln u₁)·(cos 2πu₂, sin 2πu₂)).
 * A pure function of (seed, index): it needs no other sample and no state.
 *
 * @param out - Receives the d coordinates at `offset`.
 * @returns The mode index k.
 */
export function drawSample(
  mixture: GaussianMixture,
  cumulative: Float64Array,
  seed: number,
  index: number,
  out: Float32Array,
  offset: number,
): number {
  const random = mulberry32(sampleSeed(seed, index));
  const u = random();
  let k = 0;
  while (k < cumulative.length - 1 && u >= cumulative[k]) k++;
  const mean = mixture.means[k];
  const s = mixture.stds[k];
  for (let j = 0; j < mean.length; j += 2) {
    // 1 − u lies in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    out[offset + j] = mean[j] + s * r * Math.cos(theta);
    if (j + 1 < mean.length) out[offset + j + 1] = mean[j + 1] + s * r * Math.sin(theta);
  }
  return k;
}

/** Running sums of the weights, the last forced to 1 so every u in [0, 1) finds a mode. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, k) => {
    sum += w;
    out[k] = sum;
  });
  out[out.length - 1] = 1;
  return out;
}
