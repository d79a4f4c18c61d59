import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ConfigError, findProvider, registerPlugins, rootContainer, ShapeMismatchError, type Dataset, type MetricInput } from '@gantry/core';
import { GRID_CENTERS, GRID_STD, loadGrid, loadRing, RING_CENTERS, RING_STD } from '@gantry/data-toy';
import { modeCoverage, ModeCoverageMetric, modeCoveragePlugin } from '@gantry/metric-mode-coverage';
import { beforeAll, describe, expect, it } from 'vitest';

type Point = readonly number[];

/** A MetricInput whose generator "draws" exactly `points` (cycled to n). */
function input(points: readonly Point[], dataset: Partial<Dataset> = { name: 'none' }): MetricInput & { seeds: number[] } {
  const seeds: number[] = [];
  return {
    seeds,
    generator: undefined as never,
    dataset: dataset as Dataset,
    step: 0,
    generate: (n, seed) => {
      seeds.push(seed);
      return tf.tensor2d(Array.from({ length: n }, (_, i) => [...points[i % points.length]]));
    },
    real: () => {
      throw new Error('not used');
    },
  };
}

/** `count` points per listed mode, each at its center plus `offset`. */
const around = (centers: ReadonlyArray<Point>, modes: number[], offset: Point = [0, 0]) =>
  modes.map((k) => [centers[k][0] + offset[0], centers[k][1] + offset[1]]);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('mode-coverage on hand-made samples', () => {
  it('samples at every ring center: 8 modes covered, 100 % high quality', async () => {
    const m = new ModeCoverageMetric({ data: 'ring' });
    expect(await m.evaluate(input(around(RING_CENTERS, [0, 1, 2, 3, 4, 5, 6, 7])))).toEqual({
      'modes/covered': 8,
      'modes/high-quality': 1,
    });
  });

  it('samples at every grid center: 25 covered, 100 %', async () => {
    const m = new ModeCoverageMetric({ data: 'grid' });
    const all = around(GRID_CENTERS, Array.from({ length: 25 }, (_, k) => k));
    expect(await m.evaluate(input(all))).toEqual({ 'modes/covered': 25, 'modes/high-quality': 1 });
  });

  it('samples at only 3 modes (2.9σ off center): 3 covered, 100 %', async () => {
    const m = new ModeCoverageMetric({ data: 'ring' });
    const pts = around(RING_CENTERS, [0, 3, 5], [2.9 * RING_STD, 0]);
    expect(await m.evaluate(input(pts))).toEqual({ 'modes/covered': 3, 'modes/high-quality': 1 });
  });

  it('samples 4σ from every center: nothing covered, 0 % high quality', async () => {
    for (const [data, centers, std] of [
      ['ring', RING_CENTERS, RING_STD],
      ['grid', GRID_CENTERS, GRID_STD],
    ] as const) {
      const m = new ModeCoverageMetric({ data });
      const pts = around(centers, centers.map((_, k) => k), [0, 4 * std]);
      expect(await m.evaluate(input(pts))).toEqual({ 'modes/covered': 0, 'modes/high-quality': 0 });
    }
  });

  it('a mix: 5 modes hit, half the samples far away → 5 covered, 50 %', async () => {
    const m = new ModeCoverageMetric({ data: 'ring', samples: 1000 });
    const hits = around(RING_CENTERS, [0, 1, 2, 3, 4]);
    const misses = around(RING_CENTERS, [0, 1, 2, 3, 4], [0.5, 0.5]); // 0.5√2/0.02 ≈ 35σ off
    const pts = hits.flatMap((h, i) => [h, misses[i]]); // cycled to 1000: exactly 500 of each
    expect(await m.evaluate(input(pts))).toEqual({ 'modes/covered': 5, 'modes/high-quality': 0.5 });
  });

  it('minSamples: a mode with fewer high-quality samples than the threshold is not covered', () => {
    // Mode 0 gets 3 samples, mode 1 gets 1; σ = 1 at centers (0,0) and (10,0).
    const pts = [[0, 0], [0.5, 0], [-1, 1], [10, 0.2]];
    const centers = [[0, 0], [10, 0]];
    expect(modeCoverage(pts, centers, 1)).toMatchObject({ covered: 2, highQuality: 1, counts: [3, 1] });
    expect(modeCoverage(pts, centers, 1, { minSamples: 2 }).covered).toBe(1);
    // threshold 1σ: only (0,0), (0.5,0) and (10,0.2) are within 1.
    expect(modeCoverage(pts, centers, 1, { threshold: 1 })).toMatchObject({ highQuality: 0.75, counts: [2, 1] });
  });

  it('assigns each sample to its nearest mode, using that mode’s σ', () => {
    // (4, 0) is nearest to (5, 0) (σ 0.1, 10σ away): not high quality, though within 3σ of (0, 0) with σ 2.
    expect(modeCoverage([[4, 0]], [[0, 0], [5, 0]], [2, 0.1])).toMatchObject({ covered: 0, highQuality: 0, counts: [0, 0] });
    expect(modeCoverage(new Float32Array([0, 0, 5, 0.2]), [[0, 0], [5, 0]], [2, 0.1]).covered).toBe(2);
  });
});

describe('mode-coverage on data drawn from the mixture itself', () => {
  it('ring: 8 modes and 1 − e^(−9/2) ≈ 98.9 % high quality, within 3 standard errors', async () => {
    const ring = loadRing({ size: 2500, seed: 4 });
    const pts: number[][] = [];
    const flat = ring.samples(Array.from({ length: 2500 }, (_, i) => i));
    for (let i = 0; i < 2500; i++) pts.push([flat[2 * i], flat[2 * i + 1]]);
    // Option-less: the centers come from the data set.
    const result = await new ModeCoverageMetric().evaluate(input(pts, ring));
    const p = 1 - Math.exp(-4.5); // P(‖x − μ‖ ≤ 3σ) for a 2-D isotropic Gaussian (Rayleigh)
    const se = Math.sqrt((p * (1 - p)) / 2500);
    expect(result['modes/covered']).toBe(8);
    expect(Math.abs(result['modes/high-quality'] - p)).toBeLessThan(3 * se);
  });

  it('follows a custom grid from the data set when no mixture option is given', async () => {
    const grid = loadGrid({ side: 3, spacing: 1, std: 0.1, size: 10 });
    const pts = grid.means.map((c) => [c[0] + 0.25, c[1]]); // 2.5σ off
    expect(await new ModeCoverageMetric({ samples: 9 }).evaluate(input(pts, grid))).toEqual({
      'modes/covered': 9,
      'modes/high-quality': 1,
    });
  });
});

describe('options and plumbing', () => {
  it('defaults: 2500 samples, every 1000 steps, 3σ, ≥ 1 sample, seed 0', async () => {
    const m = new ModeCoverageMetric({ data: 'ring' });
    expect([m.samples, m.every, m.threshold, m.minSamples, m.seed]).toEqual([2500, 1000, 3, 1, 0]);
    const inp = input([[2, 0]]);
    await m.evaluate(inp);
    await m.evaluate(inp);
    expect(inp.seeds).toEqual([0, 0]); // the same latent codes every evaluation
    expect(m.id).toBe('@gantry/metric-mode-coverage>ModeCoverage');
  });

  it('explicit centers and std', async () => {
    const m = new ModeCoverageMetric({ centers: [[0, 0], [1, 1]], std: [0.1, 0.2], samples: 4 });
    const r = await m.evaluate(input([[0, 0.35], [1, 1.5], [0.05, 0], [1, 1]])); // 3.5σ, 2.5σ, 0.5σ, 0σ
    expect(r).toEqual({ 'modes/covered': 2, 'modes/high-quality': 0.75 });
  });

  it('reject bad options, naming them', () => {
    expect(() => new ModeCoverageMetric({ data: 'rings' as never })).toThrow(/'data'.*'rings'/);
    expect(() => new ModeCoverageMetric({ data: 'ring', centers: [[0, 0]], std: 1 })).toThrow(/not both/);
    expect(() => new ModeCoverageMetric({ centers: [[0, 0]] })).toThrow(/'std'/);
    expect(() => new ModeCoverageMetric({ centers: [[0, 0], [1]], std: 1 })).toThrow(/'centers'/);
    expect(() => new ModeCoverageMetric({ samples: 0 })).toThrow(/'samples'/);
    expect(() => new ModeCoverageMetric({ sample: 10 } as never)).toThrow(/Unknown option 'sample'/);
    expect(() => new ModeCoverageMetric({ threshold: -1 })).toThrow(ConfigError);
  });

  it('explains a data set without known modes and a generator of the wrong size', async () => {
    await expect(new ModeCoverageMetric().evaluate(input([[0, 0]]))).rejects.toThrow(/set option 'data'/);
    await expect(new ModeCoverageMetric({ data: 'ring', samples: 2 }).evaluate(input([[0, 0, 0]]))).rejects.toThrow(
      ShapeMismatchError,
    );
  });

  it('is provided by the plugin from JSON options', async () => {
    const c = rootContainer.createChildContainer();
    registerPlugins(c, [modeCoveragePlugin]);
    const m = await findProvider(c, 'metric', 'mode-coverage').create({ data: 'grid', every: 50 }, { seed: 0, container: c });
    expect(m.every).toBe(50);
  });

  it('leaks no tensors (also when the shape is wrong)', async () => {
    const m = new ModeCoverageMetric({ data: 'ring', samples: 100 });
    const good = input(around(RING_CENTERS, [0, 1]));
    const bad = input([[0, 0, 0]]);
    await m.evaluate(good);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await m.evaluate(good);
      await m.evaluate(bad).catch(() => undefined);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
