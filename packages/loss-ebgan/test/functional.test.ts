import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ConfigError, ShapeMismatchError } from '@gantry/core';
import {
  ebganDiscriminatorLoss,
  ebganGeneratorLoss,
  pullingAwayTerm,
  reconstructionEnergy,
} from '@gantry/loss-ebgan';
import { beforeAll, describe, expect, it } from 'vitest';
import { bruteForcePt, mean, value } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Two 2×2×1 samples and their reconstructions.
const X = [
  [0, 1, -1, 0.5],
  [1, 1, 1, 1],
];
const REC = [
  [0.5, 1, 0, -0.5],
  [1, 3, 1, 0],
];
const images = (rows: number[][]) => tf.tensor4d(rows.flat(), [rows.length, 2, 2, 1]);

describe('reconstructionEnergy', () => {
  it('is the per-sample mean squared error (by hand 0.5625 and 1.25)', () => {
    const t = reconstructionEnergy(images(X), images(REC));
    expect(t.shape).toEqual([2]);
    // (0.25 + 0 + 1 + 1)/4 = 0.5625; (0 + 4 + 0 + 1)/4 = 1.25.
    expect(Array.from(t.dataSync())).toEqual([0.5625, 1.25]);
    t.dispose();
  });

  it('gradient w.r.t. the reconstruction: 2(x̂ − x)/d per element (through L_G = E[D(G(z))])', () => {
    const x = images(X);
    const g = tf.tidy(() =>
      Array.from(tf.grad((r: tf.Tensor) => ebganGeneratorLoss(reconstructionEnergy(x, r)))(images(REC)).dataSync()),
    );
    const expected = REC.flatMap((row, i) => row.map((r, k) => (2 * (r - X[i][k])) / 4 / 2));
    g.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    x.dispose();
  });

  it('needs a reconstruction of the sample shape', () => {
    const x = images(X);
    const r = tf.zeros([2, 4]);
    expect(() => reconstructionEnergy(x, r)).toThrow(ShapeMismatchError);
    tf.dispose([x, r]);
  });
});

describe('EBGAN losses', () => {
  const REAL = [0.2, 0.5];
  const FAKE = [0.3, 1.5, 0.9];

  it('L_D = E[D(x)] + E[max(0, m − D(G(z)))] (by hand with m = 1: 0.35 + 0.8/3)', () => {
    expect(value(ebganDiscriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE)))).toBeCloseTo(0.35 + 0.8 / 3, 6);
    const m = 2;
    const expected = mean(REAL) + mean(FAKE.map((e) => Math.max(0, m - e)));
    expect(value(ebganDiscriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE), m))).toBeCloseTo(expected, 6);
  });

  it('gradients: 1/n_real for real energies, −1/n_fake below the margin, 0 above', () => {
    const [gr, gf] = tf.tidy(() =>
      tf
        .grads((r: tf.Tensor, f: tf.Tensor) => ebganDiscriminatorLoss(r, f, 1))([tf.tensor1d(REAL), tf.tensor1d(FAKE)])
        .map((t) => Array.from(t.dataSync())),
    );
    gr.forEach((g) => expect(g).toBeCloseTo(0.5, 7));
    FAKE.forEach((e, i) => expect(gf[i]).toBeCloseTo(e < 1 ? -1 / 3 : 0, 7));
  });

  it('L_G = E[D(G(z))] with gradient 1/n', () => {
    expect(value(ebganGeneratorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(0.9, 6);
    const g = tf.tidy(() => Array.from(tf.grad((f: tf.Tensor) => ebganGeneratorLoss(f))(tf.tensor1d(FAKE)).dataSync()));
    g.forEach((v) => expect(v).toBeCloseTo(1 / 3, 7));
  });

  it('rejects a margin ≤ 0', () => {
    const e = tf.tensor1d(REAL);
    expect(() => ebganDiscriminatorLoss(e, e, 0)).toThrow(ConfigError);
    expect(() => ebganDiscriminatorLoss(e, e, Number.NaN)).toThrow(/'margin'.*got NaN/);
    e.dispose();
  });
});

describe('pullingAwayTerm', () => {
  const S = [
    [1, 2, 0],
    [0.5, -1, 3],
    [-2, 0.25, 1],
    [1, 1, 1],
  ];

  it('equals the brute-force double loop over i ≠ j', () => {
    const expected = bruteForcePt(S);
    expect(value(pullingAwayTerm(tf.tensor2d(S)))).toBeCloseTo(expected, 6);
    // Spatial embeddings are flattened per sample.
    expect(value(pullingAwayTerm(tf.tensor3d(S.flat(), [4, 3, 1])))).toBeCloseTo(expected, 6);
  });

  it('is 0 for orthogonal, 1 for parallel embeddings, and 0 (not NaN) for one sample or a zero vector', () => {
    expect(value(pullingAwayTerm(tf.eye(3)))).toBeCloseTo(0, 7);
    expect(value(pullingAwayTerm(tf.tensor2d([[1, 2], [-2, -4], [0.5, 1]])))).toBeCloseTo(1, 6);
    expect(value(pullingAwayTerm(tf.tensor2d([[1, 2]])))).toBe(0);
    // Pairs with the zero vector have cosine 0: only (row 1, row 2) counts, cos² = 1 → 2/6.
    expect(value(pullingAwayTerm(tf.tensor2d([[0, 0], [1, 0], [3, 0]])))).toBeCloseTo(2 / 6, 6);
  });

  it('gradient matches central finite differences of the brute-force formula', () => {
    const s = [
      [1, 2],
      [0.5, -1],
      [-2, 0.25],
    ];
    const g = tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => pullingAwayTerm(t))(tf.tensor2d(s)).dataSync()));
    const h = 1e-6;
    s.flat().forEach((_, k) => {
      const bump = (delta: number) => s.map((row, i) => row.map((v, j) => (i * 2 + j === k ? v + delta : v)));
      const numeric = (bruteForcePt(bump(h)) - bruteForcePt(bump(-h))) / (2 * h);
      expect(g[k]).toBeCloseTo(numeric, 4);
    });
  });
});

describe('memory', () => {
  it('no tensor leaks in energies, losses, PT and gradients', () => {
    const x = images(X);
    const r = images(REC);
    const s = tf.tensor2d([[1, 2], [0.5, -1], [-2, 0.25]]);
    const run = () => {
      tf.dispose([reconstructionEnergy(x, r), pullingAwayTerm(s)]);
      tf.dispose(tf.tidy(() => pullingAwayTerm(tf.zeros([1, 2]))));
      tf.tidy(() => {
        tf.grad((t: tf.Tensor) => pullingAwayTerm(t))(s);
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          ebganDiscriminatorLoss(reconstructionEnergy(x, a), reconstructionEnergy(x, b)),
        )([r, r]);
      });
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, r, s]);
  });
});
