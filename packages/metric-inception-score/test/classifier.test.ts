// The classifier's convolutions run on wasm (XNNPACK): tfjs' cpu backend conv2d is a scalar
// loop, ~12× slower here (43.7 s vs 3.7 s per 1 000 MNIST images on this loaded 2-core machine).
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { statSync } from 'node:fs';
import { loadFashionMnist, loadMnist, type MnistDataset } from '@gantry/data-mnist';
import {
  classifierMetadata,
  CnnClassifier,
  decodeClassifier,
  encodeClassifier,
  inceptionScore,
  loadClassifier,
  rowsInBatches,
  sharedClassifier,
} from '@gantry/metric-inception-score';
import { beforeAll, describe, expect, it } from 'vitest';

const TEST_IMAGES = 2000;
/**
 * MNIST accuracy is checked on the whole test set: the test set's blocks differ in difficulty
 * (measured, blocks of 2 000: 98.60, 98.65, 99.15, 99.65, 99.40 %), so 2 000 images could pass or
 * fail a 99 % bar depending on which are taken. 10 000 images take ~15 s on wasm.
 */
const MNIST_TEST_IMAGES = 10000;

/** p(y|x) of the first `count` images of `data` (float64 rows) and their labels. */
function predictions(classifier: CnnClassifier, data: MnistDataset, count: number): { p: Float64Array; labels: Int32Array } {
  const { x, labels } = data.batch(Array.from({ length: count }, (_, i) => i));
  const p = rowsInBatches(x, (s) => classifier.predict(s), 500).data;
  const truth = Int32Array.from(labels!.dataSync());
  tf.dispose([x, labels!]);
  return { p, labels: truth };
}

/** Fraction of rows whose argmax is the label (counted in JS). */
function accuracy({ p, labels }: { p: Float64Array; labels: Int32Array }): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (p[i * 10 + c] > p[i * 10 + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}

describe('shipped classifiers', () => {
  let mnist: { p: Float64Array; labels: Int32Array };
  beforeAll(async () => {
    await tf.setBackend('wasm');
    mnist = predictions(sharedClassifier('mnist'), loadMnist({ split: 'test', range: [0, 1] }), MNIST_TEST_IMAGES);
  });

  it('MNIST: ≥ 99 % on the 10 000 test images, as the metadata records', () => {
    const acc = accuracy(mnist);
    const first = accuracy({ p: mnist.p.subarray(0, TEST_IMAGES * 10), labels: mnist.labels.subarray(0, TEST_IMAGES) });
    console.log(`MNIST classifier: ${(100 * acc).toFixed(2)} % on all ${MNIST_TEST_IMAGES} test images (first ${TEST_IMAGES}: ${(100 * first).toFixed(2)} %); metadata: ${(100 * classifierMetadata('mnist').testAccuracy).toFixed(2)} %`);
    expect(acc).toBeCloseTo(classifierMetadata('mnist').testAccuracy, 3);
    expect(acc).toBeGreaterThanOrEqual(0.99);
    expect(classifierMetadata('mnist').testAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(classifierMetadata('mnist').testImages).toBe(10000);
  });

  it('Fashion-MNIST: ≥ 90 % on the 10 000 test images, as the metadata records', () => {
    // Whole test set too: 90.14 % leaves too little margin for a 2 000-image subset.
    const acc = accuracy(predictions(sharedClassifier('fashion-mnist'), loadFashionMnist({ split: 'test', range: [0, 1] }), 10000));
    console.log(`Fashion-MNIST classifier: ${(100 * acc).toFixed(2)} % on 10 000 test images; metadata: ${(100 * classifierMetadata('fashion-mnist').testAccuracy).toFixed(2)} %`);
    expect(acc).toBeCloseTo(classifierMetadata('fashion-mnist').testAccuracy, 3);
    expect(acc).toBeGreaterThanOrEqual(0.9);
    expect(classifierMetadata('fashion-mnist').testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('weights are small (< 1 MB) and round-trip exactly through the file format', () => {
    for (const name of ['mnist', 'fashion-mnist']) {
      const bytes = statSync(new URL(`../classifiers/${name}/weights.bin`, import.meta.url)).size;
      expect(bytes).toBeLessThan(1024 * 1024);
      expect(bytes).toBe(4 * sharedClassifier(name).parameterCount);
    }
    const a = loadClassifier('mnist');
    const { model, weights } = encodeClassifier(a);
    const b = decodeClassifier(JSON.parse(JSON.stringify(model)), weights);
    a.weights.forEach((w, i) => expect(Array.from(b.weights[i].dataSync())).toEqual(Array.from(w.dataSync())));
    a.dispose();
    b.dispose();
  });

  it('exposes 128-d penultimate features whose logits layer reproduces predict', () => {
    const c = sharedClassifier('mnist');
    const { x, labels } = loadMnist({ split: 'test', range: [0, 1] }).batch([0, 1, 2]);
    const f = c.features(x);
    expect(f.shape).toEqual([3, 128]);
    // softmax(f·W + b) recomputed in JS from the stored dense weights.
    const fv = f.dataSync();
    const w = c.weights[6].dataSync();
    const b = c.weights[7].dataSync();
    const p = c.predict(x).dataSync();
    for (let i = 0; i < 3; i++) {
      const logits = Array.from({ length: 10 }, (_, k) => b[k] + Array.from({ length: 128 }, (_, j) => fv[i * 128 + j] * w[j * 10 + k]).reduce((s, v) => s + v, 0));
      const max = Math.max(...logits);
      const z = logits.reduce((s, l) => s + Math.exp(l - max), 0);
      for (let k = 0; k < 10; k++) expect(p[i * 10 + k]).toBeCloseTo(Math.exp(logits[k] - max) / z, 5);
    }
    tf.dispose([x, f, labels!]);
  });

  it('IS of the real MNIST test set (10 000, 10 splits) is close to 10 (literature: ≈ 9.88) and IS of uniform noise is ≈ 1', () => {
    const c = sharedClassifier('mnist');
    const real = inceptionScore(mnist.p, 10, 10);
    const noise = tf.randomUniform([500, 28, 28, 1], 0, 1, 'float32', 7);
    const noiseScore = inceptionScore(rowsInBatches(noise, (s) => c.predict(s), 500).data, 10, 10);
    console.log(`IS: MNIST test (${MNIST_TEST_IMAGES} images, 10 splits) ${real.mean.toFixed(3)} ± ${real.std.toFixed(3)}; uniform noise (500) ${noiseScore.mean.toFixed(3)} ± ${noiseScore.std.toFixed(3)}`);
    expect(real.mean).toBeGreaterThan(9);
    expect(real.mean).toBeLessThanOrEqual(10);
    expect(noiseScore.mean).toBeLessThan(2);
    noise.dispose();
  });

  it('does not leak tensors', () => {
    const c = sharedClassifier('mnist');
    const x = tf.randomUniform([8, 28, 28, 1]);
    rowsInBatches(x, (s) => c.predict(s), 3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      rowsInBatches(x, (s) => c.predict(s), 3);
      rowsInBatches(x, (s) => c.features(s), 5);
      tf.dispose(c.logits(x));
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects unknown classifier names', () => {
    expect(() => loadClassifier('cifar10')).toThrow(/Unknown classifier 'cifar10'.*mnist, fashion-mnist/);
  });
});
