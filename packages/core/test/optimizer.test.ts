import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '@gantry/core';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Adam by hand, in float64, for a scalar parameter. */
function adamByHand(w0: number, grads: number[], lr: number, b1: number, b2: number, eps: number): number {
  let w = w0, m = 0, v = 0;
  grads.forEach((g, i) => {
    const t = i + 1;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    w -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
  });
  return w;
}

describe('optimizers', () => {
  it('Adam matches the update rule computed by hand', () => {
    const w = tf.variable(tf.scalar(1.5));
    const opt = createOptimizer({ name: 'adam', learningRate: 0.1, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 });
    const grads = [0.3, -1.2, 2.0, 0.01];
    for (const g of grads) opt.update([w], [tf.scalar(g)]);
    expect(w.dataSync()[0]).toBeCloseTo(adamByHand(1.5, grads, 0.1, 0.5, 0.999, 1e-7), 5);
    opt.dispose();
    w.dispose();
  });

  it('RMSProp and SGD match their rules', () => {
    const w = tf.variable(tf.scalar(1));
    const rms = createOptimizer({ name: 'rmsprop', learningRate: 0.01, decay: 0.9, epsilon: 1e-7 });
    rms.update([w], [tf.scalar(2)]);
    // s = 0.1·4 = 0.4; w = 1 − 0.01·2/(√0.4 + 1e-7)
    expect(w.dataSync()[0]).toBeCloseTo(1 - 0.02 / (Math.sqrt(0.4) + 1e-7), 6);
    const sgd = createOptimizer({ name: 'sgd', learningRate: 0.5 });
    w.assign(tf.scalar(1));
    sgd.update([w], [tf.scalar(3)]);
    expect(w.dataSync()[0]).toBeCloseTo(-0.5, 6);
  });

  it('state round-trips: a restored optimizer continues identically', () => {
    const a = tf.variable(tf.tensor1d([1, -2]));
    const b = tf.variable(tf.tensor1d([1, -2]));
    const o1 = createOptimizer({ name: 'adam', learningRate: 0.05 });
    for (const g of [[0.1, 0.2], [0.3, -0.4]]) o1.update([a], [tf.tensor1d(g)]);
    b.assign(a);
    const o2 = createOptimizer({ name: 'adam', learningRate: 0.05 });
    o2.setState(o1.getState());
    for (const g of [[1, 2], [-0.5, 0.25]]) {
      o1.update([a], [tf.tensor1d(g)]);
      o2.update([b], [tf.tensor1d(g)]);
    }
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  it('rejects bad specs with the name of the problem', () => {
    expect(() => createOptimizer({ name: 'adam', learningRate: -1 })).toThrow(/learningRate must be a positive number, got -1/);
    expect(() => createOptimizer({ name: 'adamw' as 'adam', learningRate: 1 })).toThrow(/Unknown optimizer 'adamw'/);
    expect(() => createOptimizer({ name: 'adam', learningRate: 1, beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
  });
});
