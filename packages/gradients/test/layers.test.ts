import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  expectClose,
  expectGradientMatchesFD,
  numericalGradientOfVariable,
  uniform,
  useBackend,
} from './helpers.js';

const t = (shape: number[], seed: number, lo = -1, hi = 1) =>
  tf.tensor(uniform(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape);

/** ‖∇ₓ L(x)‖², the shape of every gradient penalty. */
const sqNormOfInputGrad = (loss: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.sum(tf.square(tf.grad((u: tf.Tensor) => tf.sum(loss(u)))(x))) as tf.Scalar);

describe.each(BACKENDS)('second-order gradients of layers on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('dense (tf.matMul + bias, softplus): ∂‖∇ₓL‖²/∂{W, b, x} match finite differences', () => {
    const x = t([3, 4], 1);
    const W = t([4, 5], 2);
    const b = t([5], 3, -0.5, 0.5);
    const c = t([3, 5], 4);
    const L = (xx: tf.Tensor, WW: tf.Tensor, bb: tf.Tensor) => tf.mul(c, tf.softplus(tf.add(tf.matMul(xx, WW), bb)));
    expectGradientMatchesFD((w) => sqNormOfInputGrad((u) => L(u, w, b), x), W);
    expectGradientMatchesFD((v) => sqNormOfInputGrad((u) => L(u, W, v), x), b);
    expectGradientMatchesFD((xx) => sqNormOfInputGrad((u) => L(u, W, b), xx), x);
    tf.dispose([x, W, b, c]);
  });

  it('conv2d (stride 2, same, bias, elu): ∂‖∇ₓL‖²/∂{W, b, x} match finite differences', () => {
    const x = t([2, 5, 5, 2], 5);
    const W = t([3, 3, 2, 3], 6, -0.5, 0.5);
    const b = t([3], 7, -0.5, 0.5);
    const c = t([2, 3, 3, 3], 8);
    const L = (xx: tf.Tensor, WW: tf.Tensor, bb: tf.Tensor) =>
      tf.mul(c, tf.elu(tf.add(tf.conv2d(xx as tf.Tensor4D, WW as tf.Tensor4D, 2, 'same'), bb)));
    expectGradientMatchesFD((w) => sqNormOfInputGrad((u) => L(u, w, b), x), W);
    expectGradientMatchesFD((v) => sqNormOfInputGrad((u) => L(u, W, v), x), b);
    expectGradientMatchesFD((xx) => sqNormOfInputGrad((u) => L(u, W, b), xx), x);
    tf.dispose([x, W, b, c]);
  });

  it('conv2d: ∂/∂x of ‖∂L/∂W‖² (through the Conv2DBackpropFilter gradient) matches finite differences', () => {
    const x = t([1, 4, 4, 2], 9);
    const W = t([3, 3, 2, 2], 10, -0.5, 0.5);
    const c = t([1, 4, 4, 2], 11);
    const L = (xx: tf.Tensor, WW: tf.Tensor) => tf.sum(tf.mul(c, tf.tanh(tf.conv2d(xx as tf.Tensor4D, WW as tf.Tensor4D, 1, 'same'))));
    const psi = (xx: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(tf.grad((w: tf.Tensor) => L(xx, w))(W))) as tf.Scalar);
    expectGradientMatchesFD(psi, x);
    tf.dispose([x, W, c]);
  });

  it('conv2dTranspose (stride 2, same, bias, sigmoid): ∂‖∇ₓL‖²/∂{W, b, x} and ∂‖∂L/∂W‖²/∂x match finite differences', () => {
    const x = t([2, 3, 3, 3], 12);
    const W = t([3, 3, 2, 3], 13, -0.5, 0.5); // [h, w, outChannels, inChannels]
    const b = t([2], 14, -0.5, 0.5);
    const c = t([2, 6, 6, 2], 15);
    const L = (xx: tf.Tensor, WW: tf.Tensor, bb: tf.Tensor) =>
      tf.mul(c, tf.sigmoid(tf.add(tf.conv2dTranspose(xx as tf.Tensor4D, WW as tf.Tensor4D, [2, 6, 6, 2], 2, 'same'), bb)));
    expectGradientMatchesFD((w) => sqNormOfInputGrad((u) => L(u, w, b), x), W);
    expectGradientMatchesFD((v) => sqNormOfInputGrad((u) => L(u, W, v), x), b);
    expectGradientMatchesFD((xx) => sqNormOfInputGrad((u) => L(u, W, b), xx), x);
    const psi = (xx: tf.Tensor) =>
      tf.tidy(() => tf.sum(tf.square(tf.grad((w: tf.Tensor) => tf.sum(L(xx, w, b)))(W))) as tf.Scalar);
    expectGradientMatchesFD(psi, x);
    tf.dispose([x, W, b, c]);
  });

  it('batch norm in training mode (tf.moments + tf.batchNorm, tanh): ∂‖∇ₓL‖²/∂{γ, β, x} match finite differences', () => {
    const x = t([2, 3, 3, 2], 16, -2, 2);
    const gamma = t([2], 17, 0.5, 1.5);
    const beta = t([2], 18, -0.5, 0.5);
    const c = t([2, 3, 3, 2], 19);
    const L = (xx: tf.Tensor, g: tf.Tensor, bt: tf.Tensor) => {
      // Batch statistics are functions of x: the gradient flows through them too.
      const { mean, variance } = tf.moments(xx, [0, 1, 2]);
      return tf.mul(c, tf.tanh(tf.batchNorm(xx, mean, variance, bt, g, 1e-3)));
    };
    expectGradientMatchesFD((g) => sqNormOfInputGrad((u) => L(u, g, beta), x), gamma);
    expectGradientMatchesFD((bt) => sqNormOfInputGrad((u) => L(u, gamma, bt), x), beta);
    expectGradientMatchesFD((xx) => sqNormOfInputGrad((u) => L(u, gamma, beta), xx), x, { atol: 3e-3 });
    tf.dispose([x, gamma, beta, c]);
  });

  it("a conv critic's biases get a penalty gradient: ∂/∂b ‖∇ₓD(x)‖² for conv + bias + leakyRelu + dense", () => {
    const x = t([2, 4, 4, 1], 37);
    const K = tf.variable(t([3, 3, 1, 3], 21, -0.6, 0.6));
    const b = tf.variable(t([3], 22, -0.3, 0.3));
    const v = tf.variable(t([12, 1], 23));
    const c0 = tf.variable(tf.scalar(0.1));
    const pre = () => tf.add(tf.conv2d(x as tf.Tensor4D, K as unknown as tf.Tensor4D, 2, 'same'), b);
    const D = (u: tf.Tensor) =>
      tf.add(tf.matMul(tf.reshape(tf.leakyRelu(tf.add(tf.conv2d(u as tf.Tensor4D, K as unknown as tf.Tensor4D, 2, 'same'), b), 0.2), [-1, 12]), v), c0);
    // Kink guard: every pre-activation is further from 0 than a ±h step in K or b can move it.
    expect(tf.tidy(() => tf.min(tf.abs(pre())).dataSync()[0])).toBeGreaterThan(0.05);
    const penalty = () => sqNormOfInputGrad(D, x);
    const { grads } = tf.variableGrads(penalty, [K, b, v, c0]);
    // The penalty does not depend on D's output bias c0 at all (∇ₓD has no c0 in it):
    // no gradient is the right answer there. b enters ∇ₓD through leakyRelu′(pre).
    expect(Object.keys(grads).sort()).toEqual([K.name, b.name, v.name].sort());
    for (const [variable, step] of [[K, 1e-3], [b, 1e-3], [v, 1e-2]] as const) {
      expectClose(grads[variable.name].dataSync(), numericalGradientOfVariable(penalty, variable, { step }), 1e-2, 1e-3);
    }
    // leakyRelu is piecewise linear, so ∇ₓD is locally constant in b: the exact gradient is 0.
    expectClose(grads[b.name].dataSync(), [0, 0, 0], 0, 1e-6);
    tf.dispose(grads);
    tf.dispose([x, K, b, v, c0]);
  });

  it('the same critic with elu: ∂/∂b ‖∇ₓD‖² is non-zero and matches finite differences', () => {
    const x = t([2, 4, 4, 1], 24);
    const K = tf.variable(t([3, 3, 1, 3], 25, -0.6, 0.6));
    const b = tf.variable(t([3], 26, -0.3, 0.3));
    const v = tf.variable(t([12, 1], 27));
    const D = (u: tf.Tensor) =>
      tf.matMul(tf.reshape(tf.elu(tf.add(tf.conv2d(u as tf.Tensor4D, K as unknown as tf.Tensor4D, 2, 'same'), b)), [-1, 12]), v);
    const penalty = () => sqNormOfInputGrad(D, x);
    const { grads } = tf.variableGrads(penalty, [K, b, v]);
    const numeric = numericalGradientOfVariable(penalty, b);
    expect(Math.max(...numeric.map(Math.abs))).toBeGreaterThan(1e-2);
    expectClose(grads[b.name].dataSync(), numeric);
    expectClose(grads[K.name].dataSync(), numericalGradientOfVariable(penalty, K));
    tf.dispose(grads);
    tf.dispose([x, K, b, v]);
  });

  it('tfjs-layers critic (fused conv2d + bias, batchNormalization, leakyReLU, dense): penalty gradients of every weight match finite differences', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tfl.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed: 1 }), biasInitializer: tfl.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 2 }) }),
        tfl.layers.batchNormalization({ gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: 3 }), betaInitializer: tfl.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 4 }) }),
        tfl.layers.leakyReLU({ alpha: 0.2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.randomUniform({ minval: -1, maxval: 1, seed: 5 }) }),
      ],
    });
    const x = t([3, 4, 4, 1], 28);
    const D = (u: tf.Tensor) => model.apply(u, { training: true }) as tf.Tensor;
    const penalty = () => sqNormOfInputGrad(D, x);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(penalty, vars);
    // conv kernel, conv bias, γ, β, dense kernel; the dense bias does not enter ∇ₓD.
    expect(Object.keys(grads).length).toBe(5);
    for (const variable of vars) {
      if (!(variable.name in grads)) {
        expect(variable.name).toMatch(/dense.*bias/);
        continue;
      }
      expectClose(grads[variable.name].dataSync(), numericalGradientOfVariable(penalty, variable, { step: 1e-3 }), 2e-2, 2e-3);
    }
    tf.dispose(grads);
    tf.dispose(x);
    model.dispose();
  });

  it('leaves no tensors behind', () => {
    const x = t([2, 4, 4, 1], 29);
    const K = t([3, 3, 1, 2], 30);
    const run = () =>
      tf.tidy(() =>
        tf.grad((k: tf.Tensor) =>
          sqNormOfInputGrad((u) => tf.leakyRelu(tf.elu(tf.tanh(tf.conv2d(u as tf.Tensor4D, k as tf.Tensor4D, 1, 'same'))), 0.2), x),
        )(K).dataSync(),
      );
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, K]);
  });
});
