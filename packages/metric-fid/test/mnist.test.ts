// The classifier's convolutions run on wasm (XNNPACK): tfjs' cpu backend conv2d is a scalar
// loop, ~12× slower here (43.7 s vs 3.7 s per 1 000 MNIST images on this loaded 2-core machine).
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { BatchSampler, ConfigError, findProvider, registerPlugins, rootContainer, type Generator, type MetricInput } from '@gantry/core';
import { loadMnist } from '@gantry/data-mnist';
import { featureMoments, FidMetric, fidPlugin, frechetDistance, kid, KidMetric } from '@gantry/metric-fid';
import { metricInputFor, rowsInBatches, sharedClassifier } from '@gantry/metric-inception-score';
import { beforeAll, describe, expect, it } from 'vitest';

const N = 2000;

/** Classifier features of images in [0, 1] as float64 rows. */
function featuresOf(x: tf.Tensor) {
  return rowsInBatches(x, (s) => sharedClassifier('mnist').features(s), 500);
}

/** A "generator" replaying images from `data` (indices from the seed): a perfect generator of that data. */
function replay(data: ReturnType<typeof loadMnist>): Generator {
  return {
    role: 'generator',
    name: 'replay',
    prior: { shape: [1], sample: (n: number, seed: number) => tf.tensor2d(Array.from(new BatchSampler(data.size, n, seed).indices(0)), [n, 1]) },
    outputShape: [28, 28, 1],
    trainableVariables: [],
    variables: [],
    apply: ({ z }: { z: tf.Tensor }) => data.batch(Array.from(z.dataSync())).x,
    dispose() {},
  } as unknown as Generator;
}

describe('FID / KID on MNIST with the shipped classifier', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('train vs test is small; MNIST vs noise is large', () => {
    const range: [number, number] = [0, 1];
    const idx = Array.from({ length: N }, (_, i) => i);
    const train = loadMnist({ split: 'train', range }).batch(idx);
    const test = loadMnist({ split: 'test', range }).batch(idx);
    const noise = tf.randomUniform([N, 28, 28, 1], 0, 1, 'float32', 3);
    const [fTrain, fTest, fNoise] = [featuresOf(train.x), featuresOf(test.x), featuresOf(noise)];
    const d = fTrain.width;
    const mTrain = featureMoments(fTrain.data, N, d);
    const mTest = featureMoments(fTest.data, N, d);
    const mNoise = featureMoments(fNoise.data, N, d);
    const fidTrainTest = frechetDistance(mTrain, mTest);
    const fidTestNoise = frechetDistance(mTest, mNoise);
    // Two halves of the test set: the finite-sample floor of FID at n = 1000.
    const half = featureMoments(fTest.data.subarray(0, 1000 * d), 1000, d);
    const otherHalf = featureMoments(fTest.data.subarray(1000 * d), 1000, d);
    const fidHalves = frechetDistance(half, otherHalf);
    const kidTrainTest = kid(fTrain.data, N, fTest.data, N, d, { subsets: 4, subsetSize: 500 });
    const kidTestNoise = kid(fTest.data, N, fNoise.data, N, d, { subsets: 4, subsetSize: 500 });
    // Scale reference: the mean squared feature norm of the test set.
    let norm2 = 0;
    for (const v of fTest.data) norm2 += v * v;
    console.log(
      `MNIST features (d = ${d}, n = ${N}): FID train/test ${fidTrainTest.toFixed(3)}, test halves (n = 1000) ${fidHalves.toFixed(3)}, ` +
        `test/noise ${fidTestNoise.toFixed(1)}; KID train/test ${kidTrainTest.mean.toExponential(2)} ± ${kidTrainTest.std.toExponential(1)}, ` +
        `test/noise ${kidTestNoise.mean.toFixed(2)} ± ${kidTestNoise.std.toFixed(2)}; E‖f‖² = ${(norm2 / N).toFixed(1)}`,
    );
    expect(fidTestNoise).toBeGreaterThan(20 * fidTrainTest);
    expect(fidTrainTest).toBeLessThan(0.05 * (norm2 / N));
    expect(kidTestNoise.mean).toBeGreaterThan(20 * Math.abs(kidTrainTest.mean));
    expect(kidTestNoise.mean).toBeGreaterThan(10 * kidTestNoise.std);
    tf.dispose([train.x, train.labels!, test.x, test.labels!, noise]);
  });

  it('FidMetric / KidMetric evaluate a replaying generator: ≈ 0 for the data itself, large for another class', () => {
    const data = loadMnist({ split: 'test', range: [-1, 1] });
    const input: MetricInput = metricInputFor(replay(loadMnist({ split: 'train', range: [-1, 1], limit: 5000 })), data);
    const ones: MetricInput = metricInputFor(replay(loadMnist({ split: 'train', range: [-1, 1], classes: [1], limit: 1000 })), data);
    const fidMetric = new FidMetric({ samples: 600, seed: 1 });
    const kidMetric = new KidMetric({ samples: 600, subsets: 3, subsetSize: 300, seed: 1 });
    const good = { ...fidMetric.evaluate(input), ...kidMetric.evaluate(input) };
    const before = tf.memory().numTensors;
    const bad = { ...fidMetric.evaluate(ones), ...kidMetric.evaluate(ones) };
    expect(tf.memory().numTensors).toBe(before);
    console.log(`metric evaluate (600 samples): replayed train digits fid ${good.fid.toFixed(2)} kid ${good.kid.toExponential(2)}; only 1s fid ${bad.fid.toFixed(1)} kid ${bad.kid.toFixed(2)}`);
    expect(bad.fid).toBeGreaterThan(10 * good.fid);
    expect(bad.kid).toBeGreaterThan(10 * Math.abs(good.kid));
    // Repeating an evaluation gives the same numbers (seeded draws, cached real side).
    expect(fidMetric.evaluate(input).fid).toBe(good.fid);
  });

  it('is provided as `fid` and `kid` with validated options', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [fidPlugin]);
    const env = { seed: 0, container };
    const fid = findProvider(container, 'metric', 'fid');
    const kidProvider = findProvider(container, 'metric', 'kid');
    expect(((await fid.create({}, env)) as FidMetric).samples).toBe(5000);
    const k = (await kidProvider.create({ subsets: 3, subsetSize: 50, every: 10 }, env)) as KidMetric;
    expect([k.subsets, k.subsetSize, k.every, k.samples]).toEqual([3, 50, 10, 2000]);
    expect(() => fid.create({ samples: 1 }, env)).toThrow(ConfigError);
    expect(() => fid.create({ subsets: 3 }, env)).toThrow(/Unknown option 'subsets'.*metric 'fid'/);
    expect(() => kidProvider.create({ classifier: 'inception' }, env)).toThrow(/'classifier'.*'inception'/);
  });
});
