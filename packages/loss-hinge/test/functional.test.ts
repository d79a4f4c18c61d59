import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { hingeDiscriminatorLoss, hingeGeneratorLoss } from '@gantry/loss-hinge';
import { beforeAll, describe, expect, it } from 'vitest';
import { mean, value } from './fixtures.js';

// Scores on both sides of each margin (real: 1, fake: −1), none exactly at a kink.
const REAL = [0.5, -1, 2, 1.25];
const FAKE = [1, -0.5, -3, 0.25, -1.5];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('hingeDiscriminatorLoss', () => {
  it('equals E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]', () => {
    // By hand: real (0.5 + 2 + 0 + 0)/4 = 0.625; fake (2 + 0.5 + 0 + 1.25 + 0)/5 = 0.75.
    const expected = mean(REAL.map((s) => Math.max(0, 1 - s))) + mean(FAKE.map((s) => Math.max(0, 1 + s)));
    expect(expected).toBeCloseTo(1.375, 12);
    expect(value(hingeDiscriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE)))).toBeCloseTo(1.375, 6);
  });

  it('is 0 when every sample is beyond its margin', () => {
    expect(value(hingeDiscriminatorLoss(tf.tensor1d([1, 5]), tf.tensor1d([-1, -7])))).toBe(0);
  });

  it('means over every element of a score map', () => {
    const real = [[0, 3], [0.5, -2]]; // hinge terms 1, 0, 0.5, 3 → 1.125
    const fake = [[0, -3], [1, -0.5]]; // 1, 0, 2, 0.5 → 0.875
    expect(value(hingeDiscriminatorLoss(tf.tensor2d(real), tf.tensor2d(fake)))).toBeCloseTo(2, 6);
  });

  it('gradients: −1/n_real below the real margin, +1/n_fake above the fake margin, 0 beyond', () => {
    const [gr, gf] = tf.tidy(() =>
      tf
        .grads((r: tf.Tensor, f: tf.Tensor) => hingeDiscriminatorLoss(r, f))([tf.tensor1d(REAL), tf.tensor1d(FAKE)])
        .map((t) => Array.from(t.dataSync())),
    );
    REAL.forEach((s, i) => expect(gr[i]).toBeCloseTo(s < 1 ? -1 / 4 : 0, 7));
    FAKE.forEach((s, i) => expect(gf[i]).toBeCloseTo(s > -1 ? 1 / 5 : 0, 7));
  });
});

describe('hingeGeneratorLoss', () => {
  it('equals −E[D(G(z))] with gradient −1/n everywhere, even past the margin', () => {
    expect(value(hingeGeneratorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(-mean(FAKE), 6);
    const g = tf.tidy(() => Array.from(tf.grad((f: tf.Tensor) => hingeGeneratorLoss(f))(tf.tensor1d(FAKE)).dataSync()));
    g.forEach((v) => expect(v).toBeCloseTo(-1 / 5, 7));
  });
});

describe('memory', () => {
  it('no tensor leaks in losses and gradients', () => {
    const real = tf.tensor1d(REAL);
    const fake = tf.tensor1d(FAKE);
    const run = () => {
      tf.dispose([hingeDiscriminatorLoss(real, fake), hingeGeneratorLoss(fake)]);
      tf.tidy(() => {
        tf.grads((r: tf.Tensor, f: tf.Tensor) => hingeDiscriminatorLoss(r, f))([real, fake]);
        tf.grad((f: tf.Tensor) => hingeGeneratorLoss(f))(fake);
      });
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
  });
});
