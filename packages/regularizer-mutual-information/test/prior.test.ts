import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { ConfigError } from '@gantry/core';
import {
  categoricalTraversal,
  codeEntropy,
  continuousTraversal,
  encodeLatent,
  infoGanPrior,
  isInfoGanPrior,
  layoutOffsets,
  linspace,
  resolveLayout,
  splitLatent,
  withCategory,
} from '@gantry/regularizer-mutual-information';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const rows = (t: tf.Tensor): number[][] => {
  const out = t.arraySync() as number[][];
  t.dispose();
  return out;
};
const argmax = (r: number[]) => r.indexOf(Math.max(...r));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('layout', () => {
  it("defaults to the paper's MNIST setting: 62 noise + one 10-way code + 2 continuous = 74", () => {
    const p = infoGanPrior();
    expect(p.layout).toEqual({ noise: 62, noiseDistribution: 'uniform', categorical: [10], continuous: 2 });
    expect(p.shape).toEqual([74]);
    expect(isInfoGanPrior(p)).toBe(true);
    expect(isInfoGanPrior({ shape: [3], sample: () => tf.zeros([1, 3]) })).toBe(false);
  });

  it('offsets: noise at 0, one-hot blocks after it, continuous last', () => {
    const o = layoutOffsets(resolveLayout('t', { noise: 5, categorical: [3, 4], continuous: 2 }));
    expect(o).toEqual({ categoricalStart: 5, categoricalStarts: [5, 8], categoricalWidth: 7, continuousStart: 12, size: 14 });
  });

  it('H(c) = Σ log Kᵢ + m·log 2', () => {
    const h = codeEntropy(resolveLayout('t', { categorical: [10, 4], continuous: 3 }));
    expect(h.categorical).toBeCloseTo(Math.log(40), 10); // log 10 + log 4
    expect(h.continuous).toBeCloseTo(3 * Math.LN2, 10);
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => resolveLayout("generator 'x'", { categorical: [10, 1] })).toThrow(/Option 'categorical' of generator 'x'/);
    expect(() => resolveLayout("generator 'x'", { continuous: -1 })).toThrow(/'continuous'.*-1/);
    expect(() => resolveLayout("generator 'x'", { noise: 0, categorical: [], continuous: 0 })).toThrow(ConfigError);
    expect(() => resolveLayout("generator 'x'", { noiseDistribution: 'cauchy' })).toThrow(/'uniform', 'normal'/);
    expect(() => resolveLayout("generator 'x'", { nosie: 3 })).toThrow(/Unknown option 'nosie'/);
  });
});

describe('sampling', () => {
  const layout = { noise: 4, noiseDistribution: 'uniform' as const, categorical: [10, 3], continuous: 2 };

  it('draws valid one-hots, U(−1, 1) codes and noise; reproducibly per seed (seed 0 included)', () => {
    const p = infoGanPrior(layout);
    for (const seed of [0, 1, 99]) {
      const z = rows(p.sample(32, seed));
      for (const r of z) {
        expect(r).toHaveLength(4 + 13 + 2);
        for (const v of [...r.slice(0, 4), ...r.slice(17)]) expect(Math.abs(v)).toBeLessThanOrEqual(1);
        for (const [from, k] of [[4, 10], [14, 3]]) {
          const block = r.slice(from, from + k);
          expect(block.every((v) => v === 0 || v === 1)).toBe(true);
          expect(block.reduce((a, b) => a + b, 0)).toBe(1);
        }
      }
      expect(rows(p.sample(32, seed))).toEqual(z);
    }
    expect(rows(p.sample(8, 1))).not.toEqual(rows(p.sample(8, 2)));
  });

  it('draws each categorical value with probability 1/K (10 000 draws, each count within 4σ = 120 of 1000)', () => {
    const p = infoGanPrior({ noise: 1, categorical: [10], continuous: 0 });
    const counts = new Array(10).fill(0);
    for (const r of rows(p.sample(10000, 5))) counts[argmax(r.slice(1))] += 1;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it("normal noise has mean ≈ 0 and standard deviation ≈ 1 (20 000 values: within 0.03)", () => {
    const p = infoGanPrior({ noise: 20, noiseDistribution: 'normal', categorical: [], continuous: 0 });
    const v = rows(p.sample(1000, 3)).flat();
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
  });

  it('builds float one-hots on the wasm backend too (its OneHot kernel ignores dtype)', async () => {
    await tf.setBackend('wasm');
    try {
      const z = rows(infoGanPrior(layout).sample(16, 4));
      for (const r of z) expect(r.slice(4, 14).reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('leaks no tensors', () => {
    const p = infoGanPrior(layout);
    p.sample(4, 1).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) p.sample(4, i).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('encode, split, withCategory', () => {
  const layout = resolveLayout('t', { noise: 2, categorical: [3], continuous: 1 });

  it('encodeLatent lays out [noise | one-hot | continuous] and splitLatent inverts it', () => {
    const z = tf.tidy(() =>
      encodeLatent(layout, {
        noise: tf.tensor2d([[0.1, 0.2], [0.3, 0.4]]),
        categories: tf.tensor2d([[2], [0]], undefined, 'int32'),
        continuous: tf.tensor2d([[-0.5], [1.5]]),
      }),
    );
    expect(z.arraySync()).toEqual([
      [0.1, 0.2, 0, 0, 1, -0.5].map(Math.fround),
      [0.3, 0.4, 1, 0, 0, 1.5].map(Math.fround),
    ]);
    const parts = splitLatent(layout, z);
    expect(parts.noise.arraySync()).toEqual([[0.1, 0.2], [0.3, 0.4]].map((r) => r.map(Math.fround)));
    expect(parts.oneHots[0].arraySync()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(parts.continuous.arraySync()).toEqual([[-0.5], [1.5]]);
    tf.dispose([z, parts.noise, parts.continuous, ...parts.oneHots]);
  });

  it('encodeLatent and splitLatent reject parts that do not fit', () => {
    tf.tidy(() => {
      expect(() => encodeLatent(layout, { noise: tf.zeros([2, 2]), continuous: tf.zeros([2, 1]) })).toThrow(/no 'categories'/);
      expect(() => encodeLatent(layout, { noise: tf.zeros([2, 3]), categories: tf.zeros([2, 1]), continuous: tf.zeros([2, 1]) })).toThrow(/'noise' must have shape \[2, 2\]/);
      expect(() => splitLatent(layout, tf.zeros([2, 7]))).toThrow(/\[batch, 6\]/);
    });
  });

  it('withCategory replaces only the chosen one-hot block', () => {
    const z = tf.tensor2d([[0.1, 0.2, 1, 0, 0, -0.5], [0.3, 0.4, 0, 1, 0, 0.7]]);
    const out = rows(withCategory(layout, z, 0, 2));
    expect(out).toEqual([[0.1, 0.2, 0, 0, 1, -0.5].map(Math.fround), [0.3, 0.4, 0, 0, 1, 0.7].map(Math.fround)]);
    expect(() => withCategory(layout, z, 0, 3)).toThrow(RangeError);
    expect(() => withCategory(layout, z, 1, 0)).toThrow(RangeError);
    z.dispose();
  });
});

describe('traversal codes', () => {
  const layout = resolveLayout('t', { noise: 3, categorical: [4, 2], continuous: 2 });
  const oneHotArg = (r: number[], from: number, k: number) => argmax(r.slice(from, from + k));

  it('categorical: row r has value r, each column keeps its noise and other codes, continuous fixed', () => {
    const z = rows(categoricalTraversal(layout, { columns: 3, seed: 7, continuous: 0.25 }));
    expect(z).toHaveLength(4 * 3);
    for (let r = 0; r < 4; r++) {
      for (let j = 0; j < 3; j++) {
        const cell = z[r * 3 + j];
        expect(oneHotArg(cell, 3, 4)).toBe(r);
        expect(cell.slice(3, 7).reduce((a, b) => a + b, 0)).toBe(1);
        expect(cell.slice(0, 3)).toEqual(z[j].slice(0, 3)); // same noise down the column
        expect(cell.slice(7, 9)).toEqual(z[j].slice(7, 9)); // same second code down the column
        expect(cell.slice(9)).toEqual([0.25, 0.25]);
      }
    }
    expect(z[0].slice(0, 3)).not.toEqual(z[1].slice(0, 3)); // columns differ
  });

  it('categorical: chosen values and code', () => {
    const z = rows(categoricalTraversal(layout, { code: 1, values: [1, 0], columns: 2 }));
    expect(z.map((cell) => oneHotArg(cell, 7, 2))).toEqual([1, 1, 0, 0]);
  });

  it('continuous: columns sweep one code, rows the categorical values, one noise vector for the grid', () => {
    const values = linspace(-2, 2, 5);
    expect(values).toEqual([-2, -1, 0, 1, 2]);
    const z = rows(continuousTraversal(layout, { index: 1, values, seed: 3, others: -0.5 }));
    expect(z).toHaveLength(4 * 5);
    for (let r = 0; r < 4; r++) {
      for (let j = 0; j < 5; j++) {
        const cell = z[r * 5 + j];
        expect(oneHotArg(cell, 3, 4)).toBe(r);
        expect(cell.slice(9)).toEqual([-0.5, values[j]]);
        expect(cell.slice(0, 3)).toEqual(z[0].slice(0, 3));
        expect(cell.slice(7, 9)).toEqual(z[0].slice(7, 9));
      }
    }
  });

  it('rejects out-of-range choices', () => {
    expect(() => categoricalTraversal(layout, { code: 2 })).toThrow(ConfigError);
    expect(() => categoricalTraversal(layout, { values: [4] })).toThrow(/'values'/);
    expect(() => continuousTraversal(layout, { index: 2 })).toThrow(/'index'/);
  });
});

afterAll(async () => {
  await tf.setBackend('cpu');
});
