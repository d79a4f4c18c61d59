import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ConfigError } from '@gantry/core';
import { leastSquaresDiscriminatorLoss, leastSquaresGeneratorLoss } from '@gantry/loss-least-squares';
import { beforeAll, describe, expect, it } from 'vitest';
import { mean, value } from './fixtures.js';

const REAL = [0.5, -1, 2];
const FAKE = [1, -0.5, 0.25, 3];
const half = (xs: number[], t: number) => 0.5 * mean(xs.map((s) => (s - t) ** 2));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('leastSquaresDiscriminatorLoss', () => {
  it('equals ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²], default (a, b) = (0, 1)', () => {
    // By hand: real (0.25 + 4 + 1)/3 = 1.75, fake (1 + 0.25 + 0.0625 + 9)/4 = 2.578125; ½(1.75 + 2.578125) = 2.1640625.
    expect(half(REAL, 1) + half(FAKE, 0)).toBeCloseTo(2.1640625, 12);
    expect(value(leastSquaresDiscriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE)))).toBeCloseTo(2.1640625, 5);
  });

  it('uses the given coding', () => {
    const got = value(leastSquaresDiscriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE), { a: -1, b: 1 }));
    expect(got).toBeCloseTo(half(REAL, 1) + half(FAKE, -1), 5);
  });

  it('means over every element of a score map', () => {
    const real = [[0.5, 1.5], [1, 3]];
    const fake = [[0, 2], [-2, 0]];
    const expected = half(real.flat(), 1) + half(fake.flat(), 0);
    expect(value(leastSquaresDiscriminatorLoss(tf.tensor2d(real), tf.tensor2d(fake)))).toBeCloseTo(expected, 5);
  });

  it('gradients: (D(x) − b)/n_real and (D(G(z)) − a)/n_fake', () => {
    const [gr, gf] = tf.tidy(() =>
      tf
        .grads((r: tf.Tensor, f: tf.Tensor) => leastSquaresDiscriminatorLoss(r, f, { a: -1, b: 1 }))([
          tf.tensor1d(REAL),
          tf.tensor1d(FAKE),
        ])
        .map((t) => Array.from(t.dataSync())),
    );
    REAL.forEach((s, i) => expect(gr[i]).toBeCloseTo((s - 1) / 3, 6));
    FAKE.forEach((s, i) => expect(gf[i]).toBeCloseTo((s + 1) / 4, 6));
  });

  it('rejects a = b and non-finite targets', () => {
    const r = tf.tensor1d(REAL);
    expect(() => leastSquaresDiscriminatorLoss(r, r, { a: 1, b: 1 })).toThrow(/must differ/);
    expect(() => leastSquaresDiscriminatorLoss(r, r, { a: Number.NaN, b: 1 })).toThrow(ConfigError);
    r.dispose();
  });
});

describe('leastSquaresGeneratorLoss', () => {
  it('equals ½E[(D(G(z)) − c)²] with gradient (D(G(z)) − c)/n', () => {
    // c = 1 by hand: (0 + 2.25 + 0.5625 + 4)/4 / 2 = 0.8515625.
    expect(value(leastSquaresGeneratorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(0.8515625, 6);
    expect(value(leastSquaresGeneratorLoss(tf.tensor1d(FAKE), 0))).toBeCloseTo(half(FAKE, 0), 5);
    const g = tf.tidy(() => Array.from(tf.grad((f: tf.Tensor) => leastSquaresGeneratorLoss(f, 0.5))(tf.tensor1d(FAKE)).dataSync()));
    FAKE.forEach((s, i) => expect(g[i]).toBeCloseTo((s - 0.5) / 4, 6));
    const f = tf.tensor1d(FAKE);
    expect(() => leastSquaresGeneratorLoss(f, Number.POSITIVE_INFINITY)).toThrow(/'c'/);
    f.dispose();
  });
});

describe('Mao et al.: optimal D and the Pearson χ² divergence', () => {
  it('a tabular D trained on L_D reaches D* = (b·p_d + a·p_g)/(p_d + p_g); then 2·C(G) = χ²(p_d + p_g ‖ 2p_g)', () => {
    // Three points; p_d = (½, ¼, ¼), p_g = (¼, 0, ¾), as batches of equally likely samples.
    const pd = [0.5, 0.25, 0.25];
    const pg = [0.25, 0, 0.75];
    const realIdx = [0, 0, 1, 2];
    const fakeIdx = [0, 2, 2, 2];
    const [a, b, c] = [-1, 1, 0]; // b − c = 1, b − a = 2: the χ² condition
    const d = tf.variable(tf.zeros([3]));
    const ri = tf.tensor1d(realIdx, 'int32');
    const fi = tf.tensor1d(fakeIdx, 'int32');
    const sgd = tf.train.sgd(1);
    for (let i = 0; i < 200; i++) {
      sgd.minimize(() => leastSquaresDiscriminatorLoss(tf.gather(d, ri), tf.gather(d, fi), { a, b }), false, [d]);
    }
    const optimal = pd.map((p, k) => (b * p + a * pg[k]) / (p + pg[k])); // (1/3, 1, −1/2)
    Array.from(d.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(optimal[k], 5));

    // C(G) = ½E_pd[(D* − c)²] + ½E_pg[(D* − c)²]: G's loss plus the term constant in G.
    const cOfG = value(tf.tidy(() => tf.add(leastSquaresGeneratorLoss(tf.gather(d, ri), c), leastSquaresGeneratorLoss(tf.gather(d, fi), c))));
    const chi2 = pd.reduce((s, p, k) => s + (2 * pg[k] - (p + pg[k])) ** 2 / (p + pg[k]), 0); // 7/12
    expect(2 * cOfG).toBeCloseTo(chi2, 5);
    tf.dispose([d, ri, fi]);
    sgd.dispose();
  });
});

describe('memory', () => {
  it('no tensor leaks in losses and gradients', () => {
    const real = tf.tensor1d(REAL);
    const fake = tf.tensor1d(FAKE);
    const run = () => {
      tf.dispose([leastSquaresDiscriminatorLoss(real, fake), leastSquaresGeneratorLoss(fake, 0)]);
      tf.tidy(() => {
        tf.grads((r: tf.Tensor, f: tf.Tensor) => leastSquaresDiscriminatorLoss(r, f))([real, fake]);
        tf.grad((f: tf.Tensor) => leastSquaresGeneratorLoss(f))(fake);
      });
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
  });
});
