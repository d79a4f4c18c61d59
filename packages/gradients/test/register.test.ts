import * as tf from '@tensorflow/tfjs-core';
import {
  checkGradient,
  higherOrderGradientKernels,
  higherOrderGradients,
  higherOrderGradientsRegistered,
  numericalGradient,
  registerHigherOrderGradients,
  tanhGradient,
} from '@gantry/gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers.js';

describe('registerHigherOrderGradients', () => {
  beforeAll(() => useBackend('cpu'));

  it('covers the activations, masks and conv kernels Gantry uses', () => {
    for (const k of ['Tanh', 'Sigmoid', 'Exp', 'Elu', 'EluGrad', 'LeakyRelu', 'Relu', 'Softplus', 'Greater', 'Less', 'Equal', 'Conv2DBackpropFilter', 'Conv2DBackpropInput']) {
      expect(higherOrderGradientKernels).toContain(k);
    }
    expect(new Set(higherOrderGradientKernels).size).toBe(higherOrderGradients.length);
  });

  it('is idempotent and re-installs itself after tfjs definitions are registered again', () => {
    registerHigherOrderGradients();
    expect(registerHigherOrderGradients()).toEqual([]);
    expect(higherOrderGradientsRegistered()).toBe(true);
    tf.registerGradient({ kernelName: tf.Tanh, outputsToSave: [true], gradFunc: (dy) => ({ x: () => dy as tf.Tensor }) });
    expect(higherOrderGradientsRegistered()).toBe(false);
    expect(registerHigherOrderGradients()).toEqual(['Tanh']);
    expect(tf.getGradient(tf.Tanh)).toBe(tanhGradient);
  });

  it('does not print tfjs\'s "Overriding the gradient" warning, even in DEBUG mode', () => {
    const warn = console.warn;
    const seen: unknown[] = [];
    console.warn = (...args: unknown[]) => void seen.push(args[0]);
    const debug = tf.env().getBool('DEBUG');
    const isTest = tf.env().getBool('IS_TEST');
    const prod = tf.env().getBool('PROD');
    try {
      tf.env().set('DEBUG', true);
      tf.env().set('IS_TEST', false);
      tf.env().set('PROD', false);
      tf.registerGradient({ kernelName: tf.Exp, gradFunc: (dy) => ({ x: () => dy as tf.Tensor }) });
      expect(seen.some((m) => String(m).startsWith('Overriding the gradient for'))).toBe(true); // tfjs does warn here
      seen.length = 0;
      expect(registerHigherOrderGradients()).toEqual(['Exp']);
      expect(seen).toEqual([]);
    } finally {
      tf.env().set('DEBUG', debug);
      tf.env().set('IS_TEST', isTest);
      tf.env().set('PROD', prod);
      console.warn = warn;
    }
  });
});

describe('finite-difference helpers', () => {
  beforeAll(() => useBackend('cpu'));

  it('numericalGradient of Σx³ is 3x², checkGradient passes a right gradient and fails a wrong one', () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const before = tf.memory().numTensors;
    const fd = numericalGradient((t) => tf.sum(tf.pow(t, 3)), x);
    // Central differences of x³ are exact up to h² = 1e-4 (the truncation term is h²·f‴/6 = h²).
    [0.75, 3, 12].forEach((v, i) => expect(fd[i]).toBeCloseTo(v + 1e-4, 2));
    expect(checkGradient((t) => tf.sum(tf.pow(t, 3)), x).ok).toBe(true);
    // d/dx Σx² is 2x; this custom gradient claims x.
    const wrong = tf.customGrad(((t: tf.Tensor) => ({
      value: tf.sum(tf.square(t)),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, t),
    })) as unknown as Parameters<typeof tf.customGrad>[0]);
    const bad = checkGradient((t) => wrong(t) as tf.Scalar, x);
    expect(bad.ok).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
