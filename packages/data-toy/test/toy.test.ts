import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, findProvider, registerPlugins, rootContainer } from '@gantry/core';
import {
  GRID_CENTERS,
  GRID_STD,
  loadGaussian1d,
  loadGrid,
  loadRing,
  mixtureDensity,
  RING_CENTERS,
  RING_STD,
  toyDataPlugin,
  type GaussianMixtureDataset,
} from '@gantry/data-toy';
import { beforeAll, describe, expect, it } from 'vitest';

const Z = 5; // tolerance in standard errors: a false failure has probability ≈ 6·10⁻⁷ per check

/** All samples of a data set through `batch`, as rows of d numbers. */
function all(data: GaussianMixtureDataset): number[][] {
  const b = data.batch(Array.from({ length: data.size }, (_, i) => i));
  const flat = b.x.dataSync();
  tf.dispose(b.x);
  const d = data.sampleShape[0];
  return Array.from({ length: data.size }, (_, i) => Array.from(flat.subarray(i * d, (i + 1) * d)));
}

/** Assigns each sample to the nearest of `centers`; per-mode counts, means and stds per coordinate. */
function perMode(samples: number[][], centers: number[][]) {
  const K = centers.length;
  const d = centers[0].length;
  const count = new Array(K).fill(0);
  const sum = centers.map(() => new Array(d).fill(0));
  const sumSq = centers.map(() => new Array(d).fill(0));
  const radiusSq: number[][] = centers.map(() => []);
  for (const x of samples) {
    let best = 0;
    let bestD = Infinity;
    centers.forEach((c, k) => {
      const dist = c.reduce((a, v, j) => a + (x[j] - v) ** 2, 0);
      if (dist < bestD) {
        bestD = dist;
        best = k;
      }
    });
    count[best]++;
    radiusSq[best].push(bestD);
    x.forEach((v, j) => {
      sum[best][j] += v;
      sumSq[best][j] += v * v;
    });
  }
  const mean = sum.map((s, k) => s.map((v) => v / count[k]));
  const std = sumSq.map((s, k) => s.map((v, j) => Math.sqrt(v / count[k] - mean[k][j] ** 2)));
  return { count, mean, std, radiusSq };
}

/** Checks counts ≈ n·w, means ≈ μ and stds ≈ σ within Z standard errors, and a χ² bound on the counts. */
function checkModes(samples: number[][], centers: number[][], sigma: number[], weights: number[]) {
  const n = samples.length;
  const { count, mean, std, radiusSq } = perMode(samples, centers);
  let chi2 = 0;
  centers.forEach((c, k) => {
    const expected = n * weights[k];
    expect(Math.abs(count[k] - expected)).toBeLessThan(Z * Math.sqrt(n * weights[k] * (1 - weights[k])) + 1e-9);
    chi2 += (count[k] - expected) ** 2 / expected;
    c.forEach((mu, j) => {
      expect(Math.abs(mean[k][j] - mu)).toBeLessThan((Z * sigma[k]) / Math.sqrt(count[k]));
      // SE of a sample std of a normal ≈ σ/√(2n).
      expect(Math.abs(std[k][j] - sigma[k])).toBeLessThan((Z * sigma[k]) / Math.sqrt(2 * count[k]));
    });
    if (c.length === 2) {
      // ‖x − μ‖²/σ² ~ χ²₂ = Exp(½): P(≤ 2) = 1 − e⁻¹.
      const p = 1 - Math.exp(-1);
      const frac = radiusSq[k].filter((r) => r <= 2 * sigma[k] ** 2).length / count[k];
      expect(Math.abs(frac - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / count[k]));
    }
  });
  const df = centers.length - 1;
  if (df > 0) expect(chi2).toBeLessThan(df + 6 * Math.sqrt(2 * df));
}

describe('@gantry/data-toy', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gaussian-1d defaults to 100 000 samples of N(4, 0.5²), shape [1]', () => {
    const data = loadGaussian1d();
    expect(data.size).toBe(100_000);
    expect(data.sampleShape).toEqual([1]);
    expect(data.name).toBe('gaussian-1d');
    checkModes(all(data), [[4]], [0.5], [1]);
  });

  it('gaussian-1d mixtures: weights, per-mode means and stds match the spec', () => {
    const data = loadGaussian1d({ means: [-2, 3], stds: [0.3, 0.6], weights: [1, 3], seed: 7 });
    expect(data.weights).toEqual([0.25, 0.75]);
    checkModes(all(data), [[-2], [3]], [0.3, 0.6], [0.25, 0.75]);
    // One std for all means.
    expect(loadGaussian1d({ means: [0, 10], stds: [2] }).stds).toEqual([2, 2]);
  });

  it('ring: 8 modes on a circle of radius 2, std 0.02, equally often', () => {
    const centers = Array.from({ length: 8 }, (_, k) => [2 * Math.cos((k * Math.PI) / 4), 2 * Math.sin((k * Math.PI) / 4)]);
    expect(RING_STD).toBe(0.02);
    RING_CENTERS.forEach((c, k) => {
      expect(c[0]).toBeCloseTo(centers[k][0], 12);
      expect(c[1]).toBeCloseTo(centers[k][1], 12);
    });
    expect(RING_CENTERS[2][1]).toBeCloseTo(2, 12); // (0, 2)
    const data = loadRing();
    expect(data.sampleShape).toEqual([2]);
    expect(data.centers).toHaveLength(8);
    checkModes(all(data), centers, new Array(8).fill(0.02), new Array(8).fill(1 / 8));
  });

  it('grid: 25 modes at (−4, −2, 0, 2, 4)², std 0.05, equally often', () => {
    const axis = [-4, -2, 0, 2, 4];
    const centers = axis.flatMap((a) => axis.map((b) => [a, b]));
    expect(GRID_STD).toBe(0.05);
    expect(GRID_CENTERS.map((c) => [...c])).toEqual(centers);
    const data = loadGrid();
    checkModes(all(data), centers, new Array(25).fill(0.05), new Array(25).fill(1 / 25));
    // Options reshape the lattice: 3 × 3, spacing 1 → (−1, 0, 1)².
    expect(loadGrid({ side: 3, spacing: 1 }).centers.map((c) => [...c])).toEqual(
      [-1, 0, 1].flatMap((a) => [-1, 0, 1].map((b) => [a, b])),
    );
  });

  it('a batch is a pure function of (seed, indices): same indices, same numbers; any batch composition', () => {
    const a = loadRing({ size: 1000 });
    const b = loadRing({ size: 1000 });
    const x1 = a.batch([5, 999, 5]).x;
    const x2 = b.batch([5, 999, 5]).x;
    const v1 = Array.from(x1.dataSync());
    expect(v1).toEqual(Array.from(x2.dataSync()));
    expect(v1.slice(0, 2)).toEqual(v1.slice(4, 6));
    // Sample 999 alone, and in a data set of another size, is the same point.
    const alone = loadRing({ size: 5000 }).batch([999]).x;
    expect(Array.from(alone.dataSync())).toEqual(v1.slice(2, 4));
    // Another seed gives other samples.
    const other = loadRing({ size: 1000, seed: 1 }).batch([5]).x;
    expect(Array.from(other.dataSync())).not.toEqual(v1.slice(0, 2));
    // The mode of a sample is its nearest center.
    const k = a.mode(5);
    const dist = RING_CENTERS.map((c) => Math.hypot(v1[0] - c[0], v1[1] - c[1]));
    expect(dist.indexOf(Math.min(...dist))).toBe(k);
    tf.dispose([x1, x2, alone, other]);
  });

  it('density: closed-form values, integrates to 1, and the tensor version agrees', () => {
    // N(4, 0.5²) at its mean: 1 / (0.5 √(2π)).
    expect(loadGaussian1d().density(4)).toBeCloseTo(1 / (0.5 * Math.sqrt(2 * Math.PI)), 12);
    // One σ away: e^{−1/2} times the peak.
    expect(loadGaussian1d().density(4.5)).toBeCloseTo(Math.exp(-0.5) / (0.5 * Math.sqrt(2 * Math.PI)), 12);
    const mix = loadGaussian1d({ means: [-2, 3], stds: [0.3, 0.6], weights: [1, 3] });
    // Trapezoid rule over [−10, 15], step 10⁻³.
    const h = 1e-3;
    let integral = 0;
    for (let i = 0; i <= 25_000; i++) {
      const w = i === 0 || i === 25_000 ? 0.5 : 1;
      integral += w * mix.density(-10 + i * h);
    }
    expect(Math.abs(integral * h - 1)).toBeLessThan(1e-9);
    // Mass left of 0.5 is the first mode's weight (the second contributes Φ(−2.5/0.6)·0.75 ≈ 1.2·10⁻⁵).
    let left = 0;
    for (let i = 0; i <= 10_500; i++) left += (i === 0 || i === 10_500 ? 0.5 : 1) * mix.density(-10 + i * h);
    expect(left * h).toBeCloseTo(0.25 + 0.75 * 1.545e-5, 5);
    // Ring at a center: (1/8)/(2πσ²), the other modes ≥ 0.76 away (≈ 38σ) add nothing.
    expect(loadRing().density([2, 0])).toBeCloseTo(1 / 8 / (2 * Math.PI * 0.02 ** 2), 8);
    // Tensor version = scalar version.
    const xs = [-3, -2, 0, 0.5, 3, 4.2];
    const t = tf.tensor1d(xs);
    const p = mix.densityTensor(t);
    const pv = p.dataSync();
    xs.forEach((x, i) => expect(pv[i] / mixtureDensity(mix, x)).toBeCloseTo(1, 4));
    const pts = tf.tensor2d([[2, 0], [0, 2.01], [1, 1]]);
    const pr = loadRing().densityTensor(pts);
    const ring = loadRing();
    Array.from(pr.dataSync()).forEach((v, i) => {
      const expected = ring.density([[2, 0], [0, 2.01], [1, 1]][i]);
      expect(Math.abs(v - expected)).toBeLessThanOrEqual(1e-4 * expected + 1e-30);
    });
    tf.dispose([t, p, pts, pr]);
  });

  it('rejects bad options and indices with clear errors', () => {
    expect(() => loadGaussian1d({ stds: [0] })).toThrow(ConfigError);
    expect(() => loadGaussian1d({ stds: [0] })).toThrow(/'stds'.*> 0.*\[0\]/);
    expect(() => loadGaussian1d({ means: [] })).toThrow(/'means'.*non-empty/);
    expect(() => loadGaussian1d({ means: [1, 2, 3], stds: [1, 2] })).toThrow(/2 values for 3 means/);
    expect(() => loadGaussian1d({ means: [1, 2], weights: [1, -1] })).toThrow(/'weights'.*≥ 0/);
    expect(() => loadGaussian1d({ means: [1, 2], weights: [0, 0] })).toThrow(/all zero/);
    expect(() => loadGaussian1d({ means: [1, 2], weights: [1] })).toThrow(/1 values for 2 means/);
    expect(() => loadGaussian1d({ mean: 4 } as never)).toThrow(/Unknown option 'mean'.*means, stds, weights, size, seed/);
    expect(() => loadRing({ size: 0 })).toThrow(/'size'.*0/);
    expect(() => loadRing({ seed: -1 })).toThrow(/'seed'/);
    expect(() => loadRing({ modes: 0 })).toThrow(/'modes'.*≥ 1/);
    expect(() => loadRing({ radius: -2 })).toThrow(/'radius'/);
    expect(() => loadGrid({ std: Number.NaN })).toThrow(/'std'/);
    expect(() => loadGrid({ side: 2.5 })).toThrow(/'side'/);
    const data = loadRing({ size: 10 });
    expect(() => data.batch([10])).toThrow(/Index 10 .*'ring' of 10 samples/);
    expect(() => data.batch([0.5])).toThrow(RangeError);
    expect(() => data.density([1])).toThrow(RangeError);
  });

  it('toyDataPlugin provides gaussian-1d, ring and grid, validating options', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [toyDataPlugin]);
    const env = { seed: 123, container };
    const ring = await findProvider(container, 'dataset', 'ring').create({ size: 64 }, env);
    expect(ring.size).toBe(64);
    // The run's seed does not change the data (default data seed 0).
    const direct = loadRing({ size: 64 }).batch([3]).x;
    const provided = ring.batch([3]).x;
    expect(Array.from(provided.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([direct, provided]);
    expect((await findProvider(container, 'dataset', 'grid').create({}, env)).sampleShape).toEqual([2]);
    expect((await findProvider(container, 'dataset', 'gaussian-1d').create({ means: [0] }, env)).sampleShape).toEqual([1]);
    expect(() => findProvider(container, 'dataset', 'grid').create({ sides: 3 }, env)).toThrow(/Unknown option 'sides'/);
  });

  it('leaks no tensors', () => {
    const data = loadGaussian1d({ means: [-1, 1], size: 1000 });
    const warm = data.batch([0]).x;
    const wp = data.densityTensor(warm);
    tf.dispose([warm, wp]);
    const before = tf.memory().numTensors;
    for (let r = 0; r < 5; r++) {
      const { x } = data.batch([r, r + 10, 999]);
      const p = data.densityTensor(x);
      tf.dispose([x, p]);
      const wrong = tf.zeros([2, 2]); // a 2-D point for a 1-D density
      expect(() => data.densityTensor(wrong)).toThrow(RangeError);
      wrong.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
