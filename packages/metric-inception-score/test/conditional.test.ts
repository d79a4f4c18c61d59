// The classifier's convolutions run on wasm (tfjs' cpu conv2d is ~12× slower), as in metric.test.ts.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { BatchSampler, ConfigError, deriveSeed, findProvider, registerPlugins, rootContainer, type Generator, type MetricInput } from '@gantry/core';
import { loadMnist } from '@gantry/data-mnist';
import {
  classAgreement,
  ClassAgreementMetric,
  conditionalMetricsPlugin,
  ConditionalDiversityMetric,
  meanPairwiseDistance,
  requestedLabels,
  sharedClassifier,
} from '@gantry/metric-inception-score';
import { beforeAll, describe, expect, it } from 'vitest';

const data = loadMnist({ split: 'test', range: [-1, 1], limit: 1000 });
const byClass: number[][] = Array.from({ length: 10 }, () => []);
for (let i = 0; i < data.size; i++) byClass[data.label(i)].push(i);

/**
 * A "conditional generator" that returns real test images: for label y, an image of
 * class (y + shift) mod 10 chosen by z (or always the first one, `collapsed`).
 * It records the data indices it served.
 */
function replayGenerator(shift: number, collapsed = false): { generator: Generator; served: number[]; input: MetricInput } {
  const served: number[] = [];
  const generator = {
    role: 'generator',
    name: 'replay',
    numClasses: 10,
    prior: { shape: [1], sample: (n: number, seed: number) => tf.tensor2d(Array.from(new BatchSampler(data.size, n, seed).indices(0)), [n, 1]) },
    outputShape: [28, 28, 1],
    trainableVariables: [],
    variables: [],
    apply: ({ z, labels }: { z: tf.Tensor; labels?: tf.Tensor }) => {
      const draws = z.dataSync();
      const ys = labels!.dataSync();
      const indices = Array.from(ys, (y, i) => {
        const pool = byClass[(y + shift) % 10];
        return collapsed ? pool[0] : pool[draws[i] % pool.length];
      });
      served.push(...indices);
      const batch = data.batch(indices);
      batch.labels!.dispose();
      return batch.x;
    },
    dispose() {},
  } as unknown as Generator;
  const input: MetricInput = {
    generator,
    dataset: data,
    step: 0,
    generate: (n, seed, condition) => tf.tidy(() => generator.apply({ z: generator.prior.sample(n, seed), ...condition }, { training: false })),
    real: (n, seed) => tf.tidy(() => data.batch(new BatchSampler(data.size, n, seed).indices(0)).x),
  };
  return { generator, served, input };
}

/** Argmax of the classifier on data images, computed directly (tf.argMax on logits). */
function predictedClasses(indices: number[]): number[] {
  const c = sharedClassifier('mnist');
  return tf.tidy(() => {
    const x = tf.div(tf.add(data.batch(indices).x, 1), 2);
    return Array.from(tf.argMax(c.logits(x), 1).dataSync());
  });
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  sharedClassifier('mnist'); // loaded once, kept: not a leak of the metrics
});

describe('functional', () => {
  it('requestedLabels: cycle and blocks', () => {
    expect(Array.from(requestedLabels(7, 3))).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(Array.from(requestedLabels(7, 3, 'blocks'))).toEqual([0, 0, 0, 1, 1, 1, 2]);
  });

  it('classAgreement on hand-made scores', () => {
    // argmax per row: 1, 0, 2, 2 ; requested 1, 1, 2, 0 → hits at rows 0 and 2.
    const p = [0.2, 0.7, 0.1, /**/ 0.5, 0.4, 0.1, /**/ 0, 0.3, 0.7, /**/ 0.1, 0.1, 0.8];
    const r = classAgreement(p, [1, 1, 2, 0], 3);
    expect(r.agreement).toBe(0.5);
    expect(r.perClass).toEqual([0, 0.5, 1]);
    expect(r.counts).toEqual([1, 2, 1]);
    expect(classAgreement([0.5, 0.5], [1], 2).perClass[0]).toBeNaN(); // class 0 never requested
    expect(() => classAgreement([1, 0], [2], 2)).toThrow(/Label 2/);
  });

  it('meanPairwiseDistance: mean-abs and euclidean on three hand points', () => {
    // rows (0, 0), (3, 4), (0, 2): L1/2 = 3.5, 1, 2.5 → mean 7/3; L2 = 5, √13, 2 → (7 + √13)/3.
    const rows = [0, 0, 3, 4, 0, 2];
    expect(meanPairwiseDistance(rows, 3, 2, 'mean-abs')).toBeCloseTo(7 / 3, 12);
    expect(meanPairwiseDistance(rows, 3, 2, 'euclidean')).toBeCloseTo((7 + Math.sqrt(13)) / 3, 12);
    expect(meanPairwiseDistance([1, 2], 1, 2, 'euclidean')).toBeNaN();
  });
});

describe('ClassAgreementMetric', () => {
  it('a generator that returns real images of the requested class scores the classifier accuracy on them', () => {
    const { served, input } = replayGenerator(0);
    const metric = new ClassAgreementMetric({ samples: 200, seed: 3 });
    const before = tf.memory().numTensors;
    const out = metric.evaluate(input);
    expect(tf.memory().numTensors).toBe(before);
    expect(served).toHaveLength(200);
    const predicted = predictedClasses(served);
    const correct = served.filter((idx, i) => predicted[i] === data.label(idx)).length;
    expect(out.class_agreement).toBeCloseTo(correct / 200, 12);
    expect(out.class_agreement).toBeGreaterThanOrEqual(0.97); // the classifier is 99.1 % accurate
    // Per class: 20 requests each (cycle order), the same count by hand.
    for (let c = 0; c < 10; c++) {
      const positions = served.map((_, i) => i).filter((i) => i % 10 === c);
      expect(positions).toHaveLength(20);
      expect(out[`class_agreement/${c}`]).toBeCloseTo(positions.filter((i) => predicted[i] === c).length / 20, 12);
    }
  });

  it('a generator that draws the wrong class (y + 1) scores ≈ 0', () => {
    const { served, input } = replayGenerator(1);
    const out = new ClassAgreementMetric({ samples: 200, seed: 3, perClass: false }).evaluate(input);
    const predicted = predictedClasses(served);
    const requested = requestedLabels(200, 10);
    expect(out.class_agreement).toBeCloseTo(predicted.filter((p, i) => p === requested[i]).length / 200, 12);
    expect(out.class_agreement).toBeLessThanOrEqual(0.02);
    expect(Object.keys(out)).toEqual(['class_agreement']);
  });

  it('needs a conditional generator with the classifier’s classes; validates options', () => {
    const { generator, input } = replayGenerator(0);
    const unconditional = { ...input, generator: { ...generator, numClasses: undefined } };
    expect(() => new ClassAgreementMetric({ samples: 10 }).evaluate(unconditional)).toThrow(ConfigError);
    expect(() => new ClassAgreementMetric({ samples: 10 }).evaluate(unconditional)).toThrow(/needs a class-conditional generator.*'replay'/);
    const five = { ...input, generator: { ...generator, numClasses: 5 } };
    expect(() => new ClassAgreementMetric({ samples: 10 }).evaluate(five)).toThrow(/5 classes but the classifier 10/);
    expect(() => new ClassAgreementMetric({ samples: 0 })).toThrow(/'samples'.*≥ 1/);
    expect(() => new ClassAgreementMetric({ labels: 'random' } as never)).toThrow(/'labels'.*'cycle', 'blocks'/);
    expect(() => new ClassAgreementMetric({ sample: 5 } as never)).toThrow(/Unknown option 'sample'/);
  });
});

describe('ConditionalDiversityMetric', () => {
  it('real images: pixel and feature diversity equal a direct computation; a collapsed generator scores 0', () => {
    const { served, input } = replayGenerator(0);
    const metric = new ConditionalDiversityMetric({ samplesPerClass: 8, seed: 1, perClass: true });
    const before = tf.memory().numTensors;
    const out = metric.evaluate(input);
    expect(tf.memory().numTensors).toBe(before);
    expect(served).toHaveLength(80);
    const c = sharedClassifier('mnist');
    let pixel = 0;
    let feature = 0;
    for (let cls = 0; cls < 10; cls++) {
      const idx = served.slice(cls * 8, cls * 8 + 8);
      idx.forEach((i) => expect(data.label(i)).toBe(cls));
      const images = tf.tidy(() => tf.div(tf.add(data.batch(idx).x, 1), 2));
      const px = images.arraySync() as number[][][][];
      const ft = tf.tidy(() => c.features(images).arraySync());
      images.dispose();
      let p = 0;
      let f = 0;
      for (let a = 0; a < 8; a++) {
        for (let b = a + 1; b < 8; b++) {
          let s = 0;
          for (let r = 0; r < 28; r++) for (let q = 0; q < 28; q++) s += Math.abs(px[a][r][q][0] - px[b][r][q][0]);
          p += s / 784;
          f += Math.hypot(...ft[a].map((v, k) => v - ft[b][k]));
        }
      }
      expect(out[`conditional_diversity_pixel/${cls}`]).toBeCloseTo(p / 28, 5);
      expect(out[`conditional_diversity_feature/${cls}`]).toBeCloseTo(f / 28, 3);
      pixel += p / 28 / 10;
      feature += f / 28 / 10;
    }
    expect(out.conditional_diversity_pixel).toBeCloseTo(pixel, 5);
    expect(out.conditional_diversity_feature).toBeCloseTo(feature, 3);
    expect(out.conditional_diversity_pixel).toBeGreaterThan(0.05);

    const collapsed = replayGenerator(0, true);
    const zero = new ConditionalDiversityMetric({ samplesPerClass: 4 }).evaluate(collapsed.input);
    expect(zero).toEqual({ conditional_diversity_pixel: 0, conditional_diversity_feature: 0 });
  });

  it('the plugin provides class-agreement and conditional-diversity', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [conditionalMetricsPlugin]);
    const env = { seed: deriveSeed(0, 'eval'), container };
    expect(await findProvider(container, 'metric', 'class-agreement').create({ samples: 50 }, env)).toBeInstanceOf(ClassAgreementMetric);
    expect(await findProvider(container, 'metric', 'conditional-diversity').create({}, env)).toBeInstanceOf(ConditionalDiversityMetric);
    expect(() => new ConditionalDiversityMetric({ samplesPerClass: 1 })).toThrow(/'samplesPerClass'.*≥ 2/);
  });
});
