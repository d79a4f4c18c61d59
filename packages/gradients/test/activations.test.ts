import * as tf from '@tensorflow/tfjs-core';
import { registerHigherOrderGradients } from '@gantry/gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { awayFromZero, BACKENDS, expectClose, expectGradientMatchesFD, uniform, useBackend } from './helpers.js';

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

/** Each activation with its first and second derivative in closed form (independent of tfjs). */
const ACTIVATIONS: ReadonlyArray<{
  name: string;
  f: (x: tf.Tensor) => tf.Tensor;
  d1: (x: number) => number;
  d2: (x: number) => number;
}> = [
  { name: 'tanh', f: tf.tanh, d1: (x) => 1 - Math.tanh(x) ** 2, d2: (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2) },
  { name: 'sigmoid', f: tf.sigmoid, d1: (x) => sigma(x) * (1 - sigma(x)), d2: (x) => sigma(x) * (1 - sigma(x)) * (1 - 2 * sigma(x)) },
  { name: 'softplus', f: tf.softplus, d1: sigma, d2: (x) => sigma(x) * (1 - sigma(x)) },
  { name: 'exp', f: tf.exp, d1: Math.exp, d2: Math.exp },
  { name: 'elu', f: tf.elu, d1: (x) => (x > 0 ? 1 : Math.exp(x)), d2: (x) => (x > 0 ? 0 : Math.exp(x)) },
  { name: 'relu', f: tf.relu, d1: (x) => (x > 0 ? 1 : 0), d2: () => 0 },
  { name: 'leakyRelu', f: (x) => tf.leakyRelu(x, 0.2), d1: (x) => (x > 0 ? 1 : 0.2), d2: () => 0 },
];

/** Points away from the kinks of relu/leakyRelu/elu at 0. */
const X = [-1.7, -0.6, -0.25, 0.3, 0.8, 1.9];
const C = [0.9, -1.3, 0.5, 1.1, -0.7, 0.4];

describe('stock tfjs 4.22 (what this package fixes)', () => {
  beforeAll(() => useBackend('cpu'));

  it("drops the saved-output term: d/dw[d/dx tanh(wx)] at w = 0.7, x = 1.3 comes out as 1 − tanh²(wx) = 0.480", () => {
    const ours = tf.getGradient(tf.Tanh);
    // The stock definition, as tfjs registers it: d tanh = dy·(1 − y²) with y the saved output.
    tf.registerGradient({
      kernelName: tf.Tanh,
      outputsToSave: [true],
      gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(y))) }),
    });
    try {
      const g = tf.tidy(() =>
        tf.grad((w: tf.Tensor) => tf.grad((x: tf.Tensor) => tf.tanh(tf.mul(w, x)))(tf.scalar(1.3)))(tf.scalar(0.7)).dataSync()[0],
      );
      expect(g).toBeCloseTo(1 - Math.tanh(0.91) ** 2, 5); // 0.480, not −0.150
    } finally {
      tf.registerGradient(ours);
    }
    expect(registerHigherOrderGradients()).toEqual([]);
  });
});

describe.each(BACKENDS)('activations on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('d/dw[d/dx tanh(wx)] at w = 0.7, x = 1.3 equals (1 − t²)(1 − 2wx·t), t = tanh(wx) ≈ −0.150', () => {
    // d/dx tanh(wx) = w(1 − t²); d/dw of that = (1 − t²) + w·(−2t)(1 − t²)·x = (1 − t²)(1 − 2wxt).
    const w = 0.7;
    const x = 1.3;
    const t = Math.tanh(w * x);
    const exact = (1 - t * t) * (1 - 2 * w * x * t);
    expect(exact).toBeCloseTo(-0.15, 3);
    const g = tf.tidy(() =>
      tf.grad((wt: tf.Tensor) => tf.grad((xt: tf.Tensor) => tf.tanh(tf.mul(wt, xt)))(tf.scalar(x)))(tf.scalar(w)).dataSync()[0],
    );
    expect(g).toBeCloseTo(exact, 5);
  });

  for (const { name, f, d1, d2 } of ACTIVATIONS) {
    it(`${name}: first and second derivatives equal the closed forms`, () => {
      const [first, second] = tf.tidy(() => {
        const x = tf.tensor1d(X);
        const c = tf.tensor1d(C);
        const df = (t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(f(u)))(t);
        // Σ c ⊙ f′(x) has gradient c ⊙ f″(x).
        const dd = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(c, df(t))))(x);
        return [df(x).dataSync(), dd.dataSync()];
      });
      expectClose(first, X.map(d1), 1e-5, 1e-6);
      expectClose(second, X.map((x, i) => C[i] * d2(x)), 1e-4, 1e-6);
    });

    it(`${name}: ∂/∂w of ‖∇ₓ Σ c ⊙ ${name}(w ⊙ x + b)‖² matches finite differences (mixed second order)`, () => {
      const x = tf.tensor1d(X);
      const c = tf.tensor1d(C);
      const b = tf.tensor1d([0.05, -0.1, 0.02, 0.1, -0.05, 0.08]);
      const w = tf.tensor1d(uniform(6, 3, 0.6, 1.2));
      // Pre-activations w⊙x + b stay ≥ 0.1 away from 0, so ±h steps in w cross no kink.
      const penalty = (wt: tf.Tensor) =>
        tf.tidy(() => {
          const gx = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(c, f(tf.add(tf.mul(wt, u), b)))))(x);
          return tf.sum(tf.square(gx)) as tf.Scalar;
        });
      expectGradientMatchesFD(penalty, w);
      tf.dispose([x, c, b, w]);
    });
  }

  it('tanh: the third derivative is right too (the gradient is differentiable to any order)', () => {
    const got = tf.tidy(() => {
      const d = (g: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(g(u)))(t);
      return d(d(d(tf.tanh)))(tf.tensor1d(X)).dataSync();
    });
    // tanh‴ = −2(1 − t²)(1 − 3t²).
    expectClose(got, X.map((x) => -2 * (1 - Math.tanh(x) ** 2) * (1 - 3 * Math.tanh(x) ** 2)), 1e-4, 1e-6);
  });

  it('softmax and x − logSumExp(x) (log-softmax): second order matches finite differences', () => {
    const x = tf.tensor2d(uniform(6, 5), [2, 3]);
    const c = tf.tensor2d(uniform(6, 6), [2, 3]);
    for (const op of [(t: tf.Tensor) => tf.softmax(t), (t: tf.Tensor) => tf.sub(t, tf.logSumExp(t, -1, true))]) {
      const f = (t: tf.Tensor) =>
        tf.tidy(() => tf.sum(tf.square(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(c, tf.exp(op(u)))))(t))) as tf.Scalar);
      expectGradientMatchesFD(f, x);
    }
    tf.dispose([x, c]);
  });

  it('pow: ∂/∂b of ∂(a^b)/∂a matches the closed form a^(b−1)(1 + b ln a)', () => {
    const a = [0.5, 1.5, 2.5];
    const b = [1.5, 2, 0.7];
    const got = tf.tidy(() => {
      const at = tf.tensor1d(a);
      return tf.grad((bt: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.pow(u, bt)))(at)))(tf.tensor1d(b)).dataSync();
    });
    expectClose(got, a.map((ai, i) => ai ** (b[i] - 1) * (1 + b[i] * Math.log(ai))), 1e-4, 1e-6);
  });

  it('awayFromZero helper keeps |x| ≥ 0.3', () => {
    expect(Math.min(...awayFromZero(100, 1).map(Math.abs))).toBeGreaterThanOrEqual(0.3);
  });
});
