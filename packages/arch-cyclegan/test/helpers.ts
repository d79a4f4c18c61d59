import * as tf from '@tensorflow/tfjs-core';
import { provide, type Batch, type Dataset, type Plugin } from '@gantry/core';

/**
 * A tiny unpaired translation set of 8 × 8 images in [−1, 1]: sources (domain A) are
 * a bright bar (+1) on a dark background (−1), row or column i mod 8; targets
 * (domain B) are inverted bars — dark on bright — of a *different* sample
 * (sample i's target is the inverse of bar (i·3 + 1) mod size), so no pair is given.
 */
export class InvertedBars implements Dataset {
  readonly name = 'inverted-bars';
  readonly sampleShape = [8, 8, 1];
  readonly range = [-1, 1] as const;

  constructor(readonly size = 32) {}

  static bar(i: number): Float32Array {
    const out = new Float32Array(64).fill(-1);
    const k = i % 8;
    const column = Math.floor(i / 8) % 2 === 1;
    for (let j = 0; j < 8; j++) out[column ? j * 8 + k : k * 8 + j] = 1;
    return out;
  }

  batch(indices: ArrayLike<number>): Batch {
    const n = indices.length;
    const source = new Float32Array(n * 64);
    const x = new Float32Array(n * 64);
    for (let k = 0; k < n; k++) {
      const i = indices[k];
      source.set(InvertedBars.bar(i), k * 64);
      const partner = InvertedBars.bar((i * 3 + 1) % this.size);
      for (let p = 0; p < 64; p++) x[k * 64 + p] = -partner[p];
    }
    return { x: tf.tensor4d(x, [n, 8, 8, 1]), source: tf.tensor4d(source, [n, 8, 8, 1]) };
  }
}

/** Provides the data set `inverted-bars` (and `bars-without-source`, which lacks `source`). */
export const barsPlugin: Plugin = {
  name: 'test-bars',
  register(container) {
    provide(container, { kind: 'dataset', name: 'inverted-bars', create: () => new InvertedBars() });
    provide(container, {
      kind: 'dataset',
      name: 'bars-without-source',
      create: () => {
        const d = new InvertedBars();
        const batch = (i: ArrayLike<number>): Batch => {
          const b = d.batch(i);
          b.source!.dispose();
          return { x: b.x };
        };
        return { name: 'bars-without-source', sampleShape: d.sampleShape, range: d.range, size: d.size, batch };
      },
    });
  },
};

/** Small networks for 8 × 8 images: fast on the cpu backend. */
export const TINY = {
  generator: { name: 'cyclegan', options: { width: 4, blocks: 1 } },
  discriminator: { name: 'cyclegan', options: { width: 4, layers: 1 } },
} as const;

/** Copies of every variable's values, by network. */
export function snapshot(models: Record<string, { variables: readonly tf.Variable[] }>): Record<string, Float32Array[]> {
  return Object.fromEntries(Object.entries(models).map(([k, m]) => [k, m.variables.map((v) => v.dataSync().slice() as Float32Array)]));
}

/** Per network: for each variable, whether any value changed. */
export function changed(before: Record<string, Float32Array[]>, after: Record<string, Float32Array[]>): Record<string, boolean[]> {
  return Object.fromEntries(Object.entries(before).map(([k, vs]) => [k, vs.map((v, i) => v.some((x, j) => x !== after[k][i][j]))]));
}
