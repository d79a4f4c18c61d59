import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ConfigError } from '@gantry/core';
import { clipWeights, wassersteinCriticLoss, wassersteinGeneratorLoss } from '@gantry/loss-wasserstein';
import { beforeAll, describe, expect, it } from 'vitest';
import { value } from './fixtures.js';

const REAL = [0.5, -1.25, 2];
const FAKE = [1, -0.5, 0.25, 3];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('wassersteinCriticLoss', () => {
  it('equals E[f(G(z))] − E[f(x)] (by hand: 3.75/4 − 1.25/3 = 0.5208333)', () => {
    expect(value(wassersteinCriticLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE)))).toBeCloseTo(0.9375 - 1.25 / 3, 6);
  });

  it('means over every element of a score map, each batch on its own', () => {
    // Real map mean (1 + 2 + 3 + 6)/4 = 3, fake map mean (−1 − 1 + 0 + 0 + 2 + 6)/6 = 1.
    const real = tf.tensor3d([[[1, 2]], [[3, 6]]]);
    const fake = tf.tensor3d([[[-1, -1]], [[0, 0]], [[2, 6]]]);
    expect(value(wassersteinCriticLoss(real, fake))).toBeCloseTo(1 - 3, 6);
    tf.dispose([real, fake]);
  });

  it('gradients: −1/n_real for real scores, +1/n_fake for fake scores', () => {
    const [gr, gf] = tf.tidy(() =>
      tf
        .grads((r: tf.Tensor, f: tf.Tensor) => wassersteinCriticLoss(r, f))([tf.tensor1d(REAL), tf.tensor1d(FAKE)])
        .map((t) => Array.from(t.dataSync())),
    );
    gr.forEach((g) => expect(g).toBeCloseTo(-1 / 3, 7));
    gf.forEach((g) => expect(g).toBeCloseTo(1 / 4, 7));
  });
});

describe('wassersteinGeneratorLoss', () => {
  it('equals −E[f(G(z))] with gradient −1/n', () => {
    expect(value(wassersteinGeneratorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(-0.9375, 6);
    const g = tf.tidy(() => Array.from(tf.grad((f: tf.Tensor) => wassersteinGeneratorLoss(f))(tf.tensor1d(FAKE)).dataSync()));
    g.forEach((v) => expect(v).toBeCloseTo(-1 / 4, 7));
  });

  it('does not saturate: same gradient at scores ±1000', () => {
    const g = tf.tidy(() =>
      Array.from(tf.grad((f: tf.Tensor) => wassersteinGeneratorLoss(f))(tf.tensor1d([-1000, 1000])).dataSync()),
    );
    expect(g).toEqual([-0.5, -0.5]);
  });
});

describe('clipWeights', () => {
  it('clips to [−c, c] exactly and leaves values in range bit-for-bit untouched', () => {
    const inRange = [0.005, -0.0099, 0, 0.01, -0.01, 1e-7];
    const outside = [0.5, -3, 0.0100001, -1e9];
    const w = tf.variable(tf.tensor1d([...inRange, ...outside]));
    const m = tf.variable(tf.tensor2d([[2, -2], [0.003, 0.02]]));
    clipWeights([w, m], 0.01);
    const got = Array.from(w.dataSync());
    // In range: the float32 input values exactly.
    expect(got.slice(0, inRange.length)).toEqual(Array.from(new Float32Array(inRange)));
    // Outside: exactly ±fround(0.01).
    const c = Math.fround(0.01);
    expect(got.slice(inRange.length)).toEqual([c, -c, c, -c]);
    expect(Array.from(m.dataSync())).toEqual([c, -c, Math.fround(0.003), c]);
    expect(m.shape).toEqual([2, 2]);
    tf.dispose([w, m]);
  });

  it('honours other clip values and leaves int variables alone', () => {
    const w = tf.variable(tf.tensor1d([-0.7, 0.2, 0.9]));
    const counter = tf.variable(tf.tensor1d([7, -7], 'int32'));
    clipWeights([w, counter], 0.5);
    expect(Array.from(w.dataSync())).toEqual([-0.5, Math.fround(0.2), 0.5]);
    expect(Array.from(counter.dataSync())).toEqual([7, -7]);
    tf.dispose([w, counter]);
  });

  it('rejects a bad clip value', () => {
    const w = tf.variable(tf.tensor1d([1]));
    expect(() => clipWeights([w], 0)).toThrow(ConfigError);
    expect(() => clipWeights([w], Number.POSITIVE_INFINITY)).toThrow(/'c'.*got Infinity/);
    expect(w.dataSync()[0]).toBe(1);
    w.dispose();
  });
});

describe('memory', () => {
  it('no tensor leaks in losses, gradients and clipping', () => {
    const real = tf.tensor1d(REAL);
    const fake = tf.tensor1d(FAKE);
    const w = tf.variable(tf.tensor1d([0.3, -0.003]));
    const run = () => {
      tf.dispose([wassersteinCriticLoss(real, fake), wassersteinGeneratorLoss(fake)]);
      tf.tidy(() => {
        tf.grads((r: tf.Tensor, f: tf.Tensor) => wassersteinCriticLoss(r, f))([real, fake]);
      });
      clipWeights([w], 0.01);
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake, w]);
  });
});
