// The classifier's convolutions run on wasm (XNNPACK): tfjs' cpu backend conv2d is a scalar
// loop, ~12× slower here (43.7 s vs 3.7 s per 1 000 MNIST images on this loaded 2-core machine).
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { BatchSampler, ConfigError, deriveSeed, findProvider, registerPlugins, rootContainer, type Generator, type MetricInput } from '@gantry/core';
import { loadMnist } from '@gantry/data-mnist';
import {
  evaluateGenerator,
  inceptionScore,
  inceptionScorePlugin,
  InceptionScoreMetric,
  metricInputFor,
  rescale,
  rowsInBatches,
  sharedClassifier,
  type Classifier,
} from '@gantry/metric-inception-score';
import { beforeAll, describe, expect, it } from 'vitest';

/** A "generator" that returns real test images (in the data set's range [−1, 1]), chosen by the seed. */
function replayGenerator(): { generator: Generator; input: MetricInput } {
  const data = loadMnist({ split: 'test', range: [-1, 1], limit: 1000 });
  const generator = {
    role: 'generator',
    name: 'replay',
    prior: { shape: [1], sample: (n: number, seed: number) => tf.tensor2d(Array.from(new BatchSampler(data.size, n, seed).indices(0)), [n, 1]) },
    outputShape: [28, 28, 1],
    trainableVariables: [],
    variables: [],
    apply: ({ z }: { z: tf.Tensor }) => data.batch(Array.from(z.dataSync())).x,
    dispose() {},
  } as unknown as Generator;
  return { generator, input: metricInputFor(generator, data) };
}

describe('InceptionScoreMetric', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('rescales from the data set range to the classifier range', () => {
    const x = tf.tensor1d([-1, 0, 1]);
    const y = rescale(x, [-1, 1], [0, 1]);
    expect(Array.from(y.dataSync())).toEqual([0, 0.5, 1]);
    tf.dispose([x, y]);
  });

  it('evaluate() equals the inception score of the same images computed directly, and leaks nothing', async () => {
    const { generator, input } = replayGenerator();
    const metric = new InceptionScoreMetric({ samples: 300, splits: 3, seed: 5 });
    const first = metric.evaluate(input); // loads the shared classifier once
    const before = tf.memory().numTensors;
    const again = metric.evaluate(input);
    expect(tf.memory().numTensors).toBe(before);
    expect(again).toEqual(first);
    // The same 300 images, drawn the way the metric draws them (batches of 250 with derived seeds), scored directly.
    const x = tf.concat([input.generate(250, deriveSeedFor(5, 0)), input.generate(50, deriveSeedFor(5, 1))]);
    const scaled = tf.div(tf.add(x, 1), 2);
    const direct = inceptionScore(rowsInBatches(scaled, (s) => sharedClassifier('mnist').predict(s)).data, 10, 3);
    expect(first.inception_score).toBeCloseTo(direct.mean, 6);
    expect(first.inception_score_std).toBeCloseTo(direct.std, 6);
    expect(first.inception_score).toBeGreaterThan(7); // real digits: close to 10 on 100-image splits
    tf.dispose([x, scaled]);
    const viaHelper = await evaluateGenerator({ generator, dataset: input.dataset, metrics: [metric] });
    expect(viaHelper).toEqual(first);
  });

  it('accepts any Classifier implementation', () => {
    const { input } = replayGenerator();
    // A fake classifier: every sample is confidently class (its index mod 4) → IS = 4 exactly on balanced splits.
    let counter = 0;
    const fake: Classifier = {
      numClasses: 4,
      predict: (x) => {
        const classes = Array.from({ length: x.shape[0] }, (_, i) => (counter + i) % 4);
        counter += classes.length;
        return tf.cast(tf.oneHot(tf.tensor1d(classes, 'int32'), 4), 'float32') as tf.Tensor2D;
      },
    };
    const result = new InceptionScoreMetric({ samples: 8, splits: 2 }, fake).evaluate(input);
    expect(result.inception_score).toBeCloseTo(4, 12);
    expect(result.inception_score_std).toBeCloseTo(0, 12);
  });

  it('is provided as `inception-score` and validates its options', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [inceptionScorePlugin]);
    const provider = findProvider(container, 'metric', 'inception-score');
    const env = { seed: 0, container };
    const metric = (await provider.create({ classifier: 'fashion-mnist', samples: 100, splits: 5, every: 50 }, env)) as InceptionScoreMetric;
    expect([metric.samples, metric.splits, metric.every]).toEqual([100, 5, 50]);
    const defaults = (await provider.create({}, env)) as InceptionScoreMetric;
    expect([defaults.samples, defaults.splits, defaults.every]).toEqual([5000, 10, 1000]);
    expect(() => provider.create({ splits: 0 }, env)).toThrow(ConfigError);
    expect(() => provider.create({ splits: 2.5 }, env)).toThrow(/'splits'.*whole number.*2.5/);
    expect(() => provider.create({ classifier: 'cifar' }, env)).toThrow(/'classifier'.*'mnist', 'fashion-mnist'.*'cifar'/);
    expect(() => provider.create({ sample: 10 }, env)).toThrow(/Unknown option 'sample'.*Allowed options: classifier, samples, splits, every, seed/);
  });
});

function deriveSeedFor(seed: number, batch: number): number {
  return deriveSeed(seed, 'generate', batch);
}
