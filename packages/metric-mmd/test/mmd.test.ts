// The classifier's convolutions run on wasm (XNNPACK): tfjs' cpu backend conv2d is a scalar
// loop, ~12× slower here (43.7 s vs 3.7 s per 1 000 MNIST images on this loaded 2-core machine).
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { BatchSampler, ConfigError, deriveSeed, findProvider, mulberry32, registerPlugins, rootContainer, type Dataset, type Generator } from '@gantry/core';
import { loadMnist } from '@gantry/data-mnist';
import { metricInputFor } from '@gantry/metric-inception-score';
import { gaussianMmd2, medianHeuristic, mmd2, MmdMetric, mmdPlugin, type Rows } from '@gantry/metric-mmd';
import { beforeAll, describe, expect, it } from 'vitest';

/** n draws of N(μ, σ²I) in d dimensions (Box–Muller, seeded). */
function gaussian(n: number, d: number, mean: number, std: number, seed: number): Rows {
  const r = mulberry32(seed);
  const data = Float64Array.from({ length: n * d }, () => mean + std * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
  return { data, rows: n, width: d };
}

const e = Math.exp;

describe('unbiased Gaussian MMD²', () => {
  it('matches a hand-computed value on a tiny sample', () => {
    // X = {0, 1}, Y = {2, 4}, σ = 1, k = exp(−Δ²/2):
    // Σ_{i≠j} k(xᵢ,xⱼ)/(2·1) = e^{−1/2}; Σ_{i≠j} k(yᵢ,yⱼ)/(2·1) = e^{−2};
    // Σ k(xᵢ,yⱼ)/(2·2) = (e^{−2} + e^{−8} + e^{−1/2} + e^{−9/2})/4.
    const expected = e(-0.5) + e(-2) - (2 * (e(-2) + e(-8) + e(-0.5) + e(-4.5))) / 4;
    const x = { data: [0, 1], rows: 2, width: 1 };
    const y = { data: [2, 4], rows: 2, width: 1 };
    expect(gaussianMmd2(x, y, [1])).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(0.36521074189155067, 15);
    // Two bandwidths: the kernels add, so MMD² adds.
    expect(gaussianMmd2(x, y, [1, 3])).toBeCloseTo(gaussianMmd2(x, y, [1]) + gaussianMmd2(x, y, [3]), 15);
  });

  it('median heuristic: the median pairwise distance of the pooled sample, by hand', () => {
    // Pooled {0, 1, 2, 4}: distances 1, 2, 4, 1, 3, 2 → sorted 1, 1, 2, 2, 3, 4 → median 2.
    expect(medianHeuristic({ data: [0, 1], rows: 2, width: 1 }, { data: [2, 4], rows: 2, width: 1 })).toBe(2);
    // Odd count of pairs: pooled {(0,0), (3,4)} ∪ {(0,4)}: distances 5, 4, 3 → median 4.
    expect(medianHeuristic({ data: [0, 0, 3, 4], rows: 2, width: 2 }, { data: [0, 4], rows: 1, width: 2 })).toBe(4);
    const r = mmd2({ data: [0, 1], rows: 2, width: 1 }, { data: [2, 4], rows: 2, width: 1 });
    expect(r.bandwidths).toEqual([2]);
    expect(r.mmd2).toBeCloseTo(gaussianMmd2({ data: [0, 1], rows: 2, width: 1 }, { data: [2, 4], rows: 2, width: 1 }, [2]), 15);
  });

  it('is unbiased: mean over many equal-distribution draws ≈ 0 (a fixed kernel)', () => {
    const draws = 400;
    const values: number[] = [];
    for (let t = 0; t < draws; t++) {
      values.push(gaussianMmd2(gaussian(8, 3, 0, 1, deriveSeed('x', t)), gaussian(8, 3, 0, 1, deriveSeed('y', t)), [1.5]));
    }
    const mean = values.reduce((s, v) => s + v, 0) / draws;
    const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws - 1) / draws);
    console.log(`MMD² over ${draws} equal-distribution draws: mean ${mean.toExponential(2)} ± ${se.toExponential(2)} (s.e.)`);
    expect(Math.abs(mean)).toBeLessThan(3 * se);
    // Negative values occur (an unbiased estimate of 0 must go below it).
    expect(values.some((v) => v < 0)).toBe(true);
  });

  it('separates different distributions', () => {
    const same = mmd2(gaussian(200, 5, 0, 1, 1), gaussian(200, 5, 0, 1, 2)).mmd2;
    const shifted = mmd2(gaussian(200, 5, 0, 1, 1), gaussian(200, 5, 0.5, 1, 3)).mmd2;
    expect(shifted).toBeGreaterThan(0.02);
    expect(shifted).toBeGreaterThan(10 * Math.abs(same));
  });
});

describe('MmdMetric', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  function replay(data: Dataset): Generator {
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

  it('on pixels and on features: ≈ 0 for another sample of the data, clearly positive for one class only; no leaks', () => {
    // Even and odd test images: two samples of one distribution (MNIST's train and test sets differ measurably).
    const base = loadMnist({ split: 'test', range: [-1, 1] });
    const half = (offset: number): Dataset => ({
      name: `test-${offset}`,
      size: 5000,
      sampleShape: base.sampleShape,
      range: base.range,
      batch: (indices) => base.batch(Array.from(indices, (i) => 2 * i + offset)),
    });
    const data = half(0);
    const same = metricInputFor(replay(half(1)), data);
    const sevens = metricInputFor(replay(loadMnist({ split: 'test', range: [-1, 1], classes: [7], limit: 500 })), data);
    // Pixels are cheap (no classifier): more samples, so the null value is small next to the effect.
    for (const [space, samples] of [['pixels', 500], ['features', 200]] as const) {
      const metric = new MmdMetric({ space, samples, seed: 2 });
      const good = metric.evaluate(same);
      const before = tf.memory().numTensors;
      const bad = metric.evaluate(sevens);
      expect(tf.memory().numTensors).toBe(before);
      console.log(`MMD² (${space}, ${samples} samples): replayed digits ${good.mmd2.toExponential(2)} (σ = ${good.mmd_bandwidth.toFixed(2)}), only 7s ${bad.mmd2.toFixed(4)} (σ = ${bad.mmd_bandwidth.toFixed(2)})`);
      expect(bad.mmd2).toBeGreaterThan(10 * Math.abs(good.mmd2));
    }
    // A given bandwidth is used as is and not reported.
    expect(Object.keys(new MmdMetric({ samples: 50, bandwidth: [5, 10] }).evaluate(same))).toEqual(['mmd2']);
  });

  it('is provided as `mmd` with validated options', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [mmdPlugin]);
    const env = { seed: 0, container };
    const p = findProvider(container, 'metric', 'mmd');
    const m = (await p.create({}, env)) as MmdMetric;
    expect([m.space, m.samples, m.bandwidth, m.every]).toEqual(['pixels', 1000, 'median', 1000]);
    expect(((await p.create({ bandwidth: 2 }, env)) as MmdMetric).bandwidth).toBe(2);
    expect(() => p.create({ bandwidth: -1 }, env)).toThrow(ConfigError);
    expect(() => p.create({ bandwidth: 'silverman' }, env)).toThrow(/'bandwidth'.*'median'.*'silverman'/);
    expect(() => p.create({ space: 'latent' }, env)).toThrow(/'space'.*'pixels', 'features'.*'latent'/);
    expect(() => p.create({ kernel: 'rbf' }, env)).toThrow(/Unknown option 'kernel'/);
  });
});
