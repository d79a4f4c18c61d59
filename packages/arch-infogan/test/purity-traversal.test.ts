import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, normalPrior, type Generator, type MetricInput } from '@gantry/core';
import type { Classifier } from '@gantry/metric-inception-score';
import {
  CategoricalPurityMetric,
  infoganMlpGenerator,
  measureCategoricalPurity,
  purityFromCounts,
  traversalImages,
  traversalPng,
  writeTraversalPng,
} from '@gantry/arch-infogan';
import { infoGanPrior, splitLatent } from '@gantry/regularizer-mutual-information';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('purity from counts (hand-computed)', () => {
  it('Σ_c max_y n(c, y) / N, the majority-class baseline and the distinct majorities', () => {
    // Rows = code values, columns = classes.
    // max per row: 8 (y 0), 8 (y 2), 5 (y 0, first of the tie) → 21 of N = 30: purity 0.7.
    // Column sums 14, 3, 13: baseline 14/30 = 0.4667. Majorities {0, 2, 0}: 2 distinct.
    const r = purityFromCounts([[8, 2, 0], [1, 1, 8], [5, 0, 5]]);
    expect(r.purity).toBeCloseTo(0.7, 12);
    expect(r.baseline).toBeCloseTo(14 / 30, 12);
    expect(r.nominalChance).toBeCloseTo(1 / 3, 12);
    expect(r.majority).toEqual([0, 2, 0]);
    expect(r.distinctClasses).toBe(2);
    expect(r.total).toBe(30);
  });

  it('a code independent of the class scores the baseline', () => {
    // Every value sees the classes in the same proportions 6 : 3 : 1 → purity = baseline = 0.6.
    const r = purityFromCounts([[6, 3, 1], [12, 6, 2]]);
    expect(r.purity).toBeCloseTo(0.6, 12);
    expect(r.baseline).toBeCloseTo(0.6, 12);
  });

  it('rejects empty or ragged tables', () => {
    expect(() => purityFromCounts([])).toThrow(RangeError);
    expect(() => purityFromCounts([[1, 2], [3]])).toThrow(RangeError);
    expect(() => purityFromCounts([[0, 0]])).toThrow(RangeError);
  });
});

/*
 * A generator whose "image" is its code's one-hot block (so the code value is readable in
 * the output) and a classifier that labels class map[c] for an image of value c: purity
 * and majorities are then known exactly.
 */
const LAYOUT = { noise: 3, noiseDistribution: 'uniform' as const, categorical: [4], continuous: 1 };
function oneHotGenerator(): Generator {
  const prior = infoGanPrior(LAYOUT);
  return {
    role: 'generator',
    name: 'one-hot',
    prior,
    outputShape: [4],
    trainableVariables: [],
    variables: [],
    apply: ({ z }) => tf.tidy(() => splitLatent(LAYOUT, z).oneHots[0]),
    dispose: () => undefined,
  };
}
function mappingClassifier(map: number[], numClasses = 10): Classifier {
  return {
    numClasses,
    inputRange: [0, 1],
    predict: (x) => tf.tidy(() => tf.matMul(x as tf.Tensor2D, tf.cast(tf.oneHot(tf.tensor1d(map, 'int32'), numClasses), 'float32')) as tf.Tensor2D),
  };
}

describe('measureCategoricalPurity', () => {
  it('a code that maps values to distinct classes: purity 1, all majorities recovered', () => {
    const r = measureCategoricalPurity(oneHotGenerator(), { classifier: mappingClassifier([7, 2, 9, 0]), samplesPerValue: 30, range: [0, 1], batchSize: 16 });
    expect(r.purity).toBe(1);
    expect(r.majority).toEqual([7, 2, 9, 0]);
    expect(r.distinctClasses).toBe(4);
    expect(r.total).toBe(120);
    expect(r.counts[1][2]).toBe(30);
    expect(r.baseline).toBeCloseTo(0.25, 12);
  });

  it('two values on one class: purity still 1, but only 3 distinct classes', () => {
    const r = measureCategoricalPurity(oneHotGenerator(), { classifier: mappingClassifier([1, 1, 4, 5]), samplesPerValue: 10, range: [0, 1] });
    expect(r.purity).toBe(1);
    expect(r.distinctClasses).toBe(3);
    expect(r.baseline).toBeCloseTo(0.5, 12);
  });

  it('rescales from the data range to the classifier range', () => {
    // Samples in [−1, 1] are mapped by (x + 1)/2: a one-hot becomes (1, 0.5, 0.5, 0.5), whose argmax is still the value.
    const g = oneHotGenerator();
    const shifted: Generator = { ...g, apply: (input, o) => tf.tidy(() => tf.sub(tf.mul(g.apply(input, o), 2), 1)) };
    const r = measureCategoricalPurity(shifted, { classifier: mappingClassifier([0, 1, 2, 3]), samplesPerValue: 5, range: [-1, 1] });
    expect(r.majority).toEqual([0, 1, 2, 3]);
    expect(r.purity).toBe(1);
  });

  it('needs an InfoGAN prior with a categorical code, and leaks no tensors', () => {
    const plain = { ...oneHotGenerator(), prior: normalPrior([8]) };
    expect(() => measureCategoricalPurity(plain, { classifier: mappingClassifier([0, 1, 2, 3]) })).toThrow(ConfigError);
    const run = () => measureCategoricalPurity(oneHotGenerator(), { classifier: mappingClassifier([0, 1, 2, 3]), samplesPerValue: 6, range: [0, 1] });
    run();
    const before = tf.memory().numTensors;
    run();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the metric reports purity, baseline and distinct classes under its keys', async () => {
    const metric = new CategoricalPurityMetric({ samplesPerValue: 8, every: 0 }, mappingClassifier([3, 3, 8, 1]));
    const input = { generator: oneHotGenerator(), dataset: { range: [0, 1] } } as unknown as MetricInput;
    expect(await metric.evaluate(input)).toEqual({ categorical_purity: 1, categorical_purity_baseline: 0.5, categorical_purity_classes: 3 });
    expect(() => new CategoricalPurityMetric({ classifier: 'cifar' as never })).toThrow(/'mnist', 'fashion-mnist'/);
    expect(() => new CategoricalPurityMetric({ samplesPerValue: 0 })).toThrow(/'samplesPerValue'/);
  });
});

describe('traversal images', () => {
  /** "Images" 1×1×1 whose pixel is the code value / 10 plus the continuous code / 100: readable per cell. */
  function readableGenerator(): Generator {
    const prior = infoGanPrior(LAYOUT);
    return {
      ...oneHotGenerator(),
      prior,
      outputShape: [1, 1, 1],
      apply: ({ z }) =>
        tf.tidy(() => {
          const parts = splitLatent(LAYOUT, z);
          const value = tf.cast(tf.argMax(parts.oneHots[0], 1), 'float32');
          return tf.reshape(tf.add(tf.div(value, 10), tf.div(tf.reshape(parts.continuous, [-1]), 100)), [-1, 1, 1, 1]);
        }),
    };
  }

  it('categorical: row r shows code value r in every column', () => {
    const { images, columns } = traversalImages(readableGenerator(), { kind: 'categorical', columns: 3, continuous: 0 });
    expect(columns).toBe(3);
    expect(Array.from(images.dataSync()).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 0, 0, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3]);
    images.dispose();
  });

  it('continuous: columns sweep the code over the given values', () => {
    const { images, columns } = traversalImages(readableGenerator(), { kind: 'continuous', values: [-2, 0, 2], rows: [1, 3] });
    expect(columns).toBe(3);
    expect(Array.from(images.dataSync()).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.08, 0.1, 0.12, 0.28, 0.3, 0.32]);
    images.dispose();
  });

  it('writes a PNG of K rows × C columns of 28-pixel tiles, with no tensor left behind', () => {
    const g = infoganMlpGenerator({ hidden: [8], categorical: [3], continuous: 1, noise: 4 }, { seed: 1 });
    const before = tf.memory().numTensors;
    const png = traversalPng(g, { kind: 'categorical', columns: 5 }, { scale: 1, padding: 2 });
    expect(tf.memory().numTensors).toBe(before);
    // PNG signature, then IHDR width and height (big-endian) at bytes 16–23.
    expect(Array.from(png.slice(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(5 * 28 + 6 * 2); // 152
    expect(view.getUint32(20)).toBe(3 * 28 + 4 * 2); // 92
    const path = join(mkdtempSync(join(tmpdir(), 'infogan-')), 'traversal.png');
    writeTraversalPng(path, g, { kind: 'continuous', index: 0, values: [-1, 1] }, { scale: 1 });
    expect(readFileSync(path).readUInt32BE(16)).toBe(2 * 28 + 3 * 2);
    g.dispose();
  });
});
