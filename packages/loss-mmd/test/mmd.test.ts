import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  ConfigError,
  createGan,
  findProvider,
  mulberry32,
  registerPlugins,
  rootContainer,
  ShapeMismatchError,
  type AdversarialContext,
} from '@gantry/core';
import { toyDataPlugin } from '@gantry/data-toy';
import { DEFAULT_BANDWIDTHS, mixtureKernel, mmd2Unbiased, MmdObjective, mmdPlugin } from '@gantry/loss-mmd';
import { beforeAll, describe, expect, it } from 'vitest';
import { affineGenerator } from '../../../test/fixtures/tiny-plugin.js';

type Points = number[][];

/** k(a, b) = Σ_σ exp(−‖a − b‖²/(2σ²)), float64. */
function k(a: number[], b: number[], sigmas: readonly number[]): number {
  let d2 = 0;
  for (let i = 0; i < a.length; i++) d2 += (a[i] - b[i]) ** 2;
  return sigmas.reduce((s, sigma) => s + Math.exp(-d2 / (2 * sigma * sigma)), 0);
}

/** Brute-force double loops of Gretton et al. 2012's MMD²_u (and the biased V-statistic). */
function bruteForce(x: Points, y: Points, sigmas: readonly number[], biased = false): number {
  const m = x.length;
  const n = y.length;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (biased || i !== j) xx += k(x[i], x[j], sigmas);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (biased || i !== j) yy += k(y[i], y[j], sigmas);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xy += k(x[i], y[j], sigmas);
  return biased ? xx / (m * m) + yy / (n * n) - (2 * xy) / (m * n) : xx / (m * (m - 1)) + yy / (n * (n - 1)) - (2 * xy) / (m * n);
}

/** n points of N(shift, I_d), Box–Muller on a seeded stream. */
function gaussian(n: number, d: number, random: () => number, shift = 0): Points {
  return Array.from({ length: n }, () =>
    Array.from({ length: d }, () => shift + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())),
  );
}

const mmd = (x: Points, y: Points, sigmas: readonly number[] = DEFAULT_BANDWIDTHS) =>
  tf.tidy(() => mmd2Unbiased(tf.tensor2d(x), tf.tensor2d(y), sigmas).dataSync()[0]);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('mmd2Unbiased', () => {
  const x = [
    [0.1, -0.4, 1.2],
    [0.7, 0.3, -0.5],
    [-1.1, 0.8, 0.2],
    [0.4, 0.4, 0.9],
  ];
  const y = [
    [0.9, -0.2, 1.5],
    [1.7, 0.1, 0.3],
    [-0.3, 1.4, 0.6],
    [1.2, 0.8, -0.1],
    [0.5, -0.9, 0.7],
  ];

  it('matches a plain-JS double loop on a tiny sample', () => {
    for (const sigmas of [[1], [0.5, 1, 2], DEFAULT_BANDWIDTHS]) {
      expect(Math.abs(mmd(x, y, sigmas) - bruteForce(x, y, sigmas))).toBeLessThan(1e-5);
    }
  });

  it('flattens samples of any shape and defaults to σ ∈ {1, 2, 4, 8, 16}', () => {
    expect(DEFAULT_BANDWIDTHS).toEqual([1, 2, 4, 8, 16]);
    const v = tf.tidy(() => mmd2Unbiased(tf.tensor3d(x.map((r) => r.map((e) => [e]))), tf.tensor2d(y)).dataSync()[0]);
    expect(Math.abs(v - bruteForce(x, y, [1, 2, 4, 8, 16]))).toBeLessThan(1e-5);
  });

  it('kernel matrix matches the double loop', () => {
    const km = tf.tidy(() => mixtureKernel(tf.tensor2d(x), tf.tensor2d(y), [0.5, 3]).arraySync());
    x.forEach((a, i) => y.forEach((b, j) => expect(km[i][j]).toBeCloseTo(k(a, b, [0.5, 3]), 5)));
  });

  it('is unbiased: the mean over many draws from one distribution is 0 within 3 standard errors', () => {
    const random = mulberry32(12345);
    const draws = 300;
    const unbiased: number[] = [];
    const biased: number[] = [];
    for (let r = 0; r < draws; r++) {
      const a = gaussian(8, 2, random);
      const b = gaussian(8, 2, random);
      unbiased.push(mmd(a, b, [0.5, 1, 2]));
      biased.push(bruteForce(a, b, [0.5, 1, 2], true));
    }
    const stats = (v: number[]) => {
      const mu = v.reduce((s, e) => s + e, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, e) => s + (e - mu) ** 2, 0) / (v.length - 1));
      return { mu, se: sd / Math.sqrt(v.length) };
    };
    const u = stats(unbiased);
    expect(Math.abs(u.mu)).toBeLessThan(3 * u.se);
    // The test has power: the biased V-statistic on the same draws is clearly positive.
    const b = stats(biased);
    expect(b.mu).toBeGreaterThan(10 * b.se);
  });

  it('grows with a mean shift', () => {
    const random = mulberry32(7);
    const a = gaussian(64, 2, random);
    const b0 = gaussian(64, 2, random);
    const values = [0, 0.5, 1, 2, 4].map((s) => mmd(a, b0.map((p) => p.map((e) => e + s))));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(Math.abs(values[0])).toBeLessThan(0.1);
  });

  it('rejects bad input, naming it', () => {
    expect(() => mmd2Unbiased(tf.zeros([1, 2]), tf.zeros([3, 2]))).toThrow(ShapeMismatchError);
    expect(() => mmd2Unbiased(tf.zeros([3, 2]), tf.zeros([3, 3]))).toThrow(/one size/);
    expect(() => mmd2Unbiased(tf.zeros([3, 2]), tf.zeros([3, 2]), [])).toThrow(/'bandwidths'/);
    expect(() => mmd2Unbiased(tf.zeros([3, 2]), tf.zeros([3, 2]), [1, -2])).toThrow(ConfigError);
  });
});

describe('MmdObjective', () => {
  it('needs no discriminator and refuses a discriminator loss clearly', () => {
    const o = new MmdObjective();
    expect(o.requiresDiscriminator).toBe(false);
    expect(o.id).toBe('@gantry/loss-mmd>Mmd');
    expect(() => o.discriminatorLoss({} as AdversarialContext)).toThrow(/no discriminator loss.*Omit `discriminator`/);
  });

  it('validates options', () => {
    expect(new MmdObjective({ bandwidths: [0.5] }).bandwidths).toEqual([0.5]);
    expect(() => new MmdObjective({ bandwith: [1] } as never)).toThrow(/Unknown option 'bandwith'/);
    expect(() => new MmdObjective({ bandwidths: 2 as never })).toThrow(/'bandwidths'.*2/);
    const c = rootContainer.createChildContainer();
    registerPlugins(c, [mmdPlugin]);
    const built = findProvider(c, 'objective', 'mmd').create({ bandwidths: [3] }, { seed: 0, container: c });
    expect((built as MmdObjective).bandwidths).toEqual([3]);
  });

  it('passes gradient to the generator, matching finite differences', () => {
    const gen = affineGenerator(11);
    const real = tf.tensor2d([3.6, 4.2, 4.9, 3.1, 4.4, 3.9], [6, 1]);
    const z = tf.tensor2d([-1.2, -0.3, 0.1, 0.8, 1.5], [5, 1]);
    const objective = new MmdObjective();
    const loss = () => objective.generatorLoss({ real, fake: gen.apply({ z }, { training: true }) } as unknown as AdversarialContext);
    const { value, grads } = tf.variableGrads(loss, gen.trainableVariables as tf.Variable[]);
    const [w, b] = gen.trainableVariables as tf.Variable[];
    const gb = grads[b.name].dataSync()[0];
    const gw = grads[w.name].dataSync()[0];
    expect(Number.isFinite(gw) && gw !== 0).toBe(true);
    expect(gb).toBeLessThan(0); // raising the offset moves G(z) ≈ 0 towards the data at ≈ 4
    // Central difference in float64 on the brute-force estimator.
    const wv = w.dataSync()[0];
    const bv = b.dataSync()[0];
    const at = (bias: number) =>
      bruteForce(
        [...real.dataSync()].map((e) => [e]),
        [...z.dataSync()].map((e) => [e * wv + bias]),
        DEFAULT_BANDWIDTHS,
      );
    const h = 1e-4;
    expect(gb).toBeCloseTo((at(bv + h) - at(bv - h)) / (2 * h), 4);
    value.dispose();
    Object.values(grads).forEach((g) => g.dispose());
    real.dispose();
    z.dispose();
    gen.dispose?.();
  });

  it('trains an affine generator to N(4, 0.5²) in a createGan run without a discriminator', async () => {
    const generator = affineGenerator(5);
    const gan = await createGan(
      {
        data: { name: 'gaussian-1d', options: { size: 4096 } },
        generator,
        objective: 'mmd',
        training: { steps: 200, batchSize: 64, seed: 3, optimizers: { '*': { name: 'adam', learningRate: 0.05 } } },
      },
      { plugins: [toyDataPlugin, mmdPlugin] },
    );
    expect(gan.game.phases.map((p) => p.name)).toEqual(['generator']);
    expect(Object.keys(gan.game.models)).toEqual(['generator']);
    const result = await gan.fit();
    expect(result.step).toBe(200);
    const samples = Array.from(
      tf.tidy(() => generator.apply({ z: tf.randomNormal([4000, 1], 0, 1, 'float32', 9) }, { training: false })).dataSync(),
    );
    const mu = samples.reduce((s, e) => s + e, 0) / samples.length;
    const sd = Math.sqrt(samples.reduce((s, e) => s + (e - mu) ** 2, 0) / (samples.length - 1));
    expect(Math.abs(mu - 4)).toBeLessThan(0.15);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.15); // measured 4.01 and 0.55
    gan.dispose();
  });

  it('leaks no tensors', () => {
    const real = tf.randomNormal([16, 2], 0, 1, 'float32', 1);
    const fake = tf.randomNormal([16, 2], 1, 1, 'float32', 2);
    const objective = new MmdObjective();
    const run = () => {
      objective.generatorLoss({ real, fake } as unknown as AdversarialContext).dispose();
      mixtureKernel(real, fake).dispose();
      tf.grad((f: tf.Tensor) => mmd2Unbiased(real, f))(fake).dispose();
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    real.dispose();
    fake.dispose();
  });
});
