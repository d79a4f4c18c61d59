import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  adversarialContext,
  ConfigError,
  findProvider,
  registerPlugins,
  rootContainer,
  type Batch,
  type Discriminator,
  type PhaseContext,
} from '@gantry/core';
import { scalingGenerator } from '@gantry/core/testing';
import { L1Reconstruction, l1Plugin, meanAbsoluteError } from '@gantry/regularizer-l1';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A discriminator that must not be called: L1 does not involve D. */
const untouchable = { name: 'discriminator', apply: () => { throw new Error('D was called'); } } as unknown as Discriminator;

function phase(batch: Batch): PhaseContext {
  return { step: 0, phase: 'generator', repeat: 0, batch, models: {}, seed: () => 1, log: () => {} };
}

describe('meanAbsoluteError', () => {
  it('is the mean of |a − b| over every element', () => {
    // |1 − 0| + |−2 − 1| + |3 − 3| + |0.5 + 0.5| = 1 + 3 + 0 + 1 = 5, over 4 elements = 1.25.
    const a = tf.tensor2d([[1, -2], [3, 0.5]]);
    const b = tf.tensor2d([[0, 1], [3, -0.5]]);
    expect(meanAbsoluteError(a, b).dataSync()[0]).toBeCloseTo(1.25, 6);
    expect(() => meanAbsoluteError(a, tf.zeros([4]))).toThrow(/different shapes/);
    tf.dispose([a, b]);
  });
});

describe('L1Reconstruction', () => {
  it("defaults to pix2pix's λ = 100 on the generator phase; validates options", () => {
    const r = new L1Reconstruction();
    expect(r.weight).toBe(100);
    expect(r.phases).toEqual(['generator']);
    expect(new L1Reconstruction({ lambda: 10 }).weight).toBe(10);
    expect(() => new L1Reconstruction({ lambda: -1 })).toThrow(ConfigError);
    expect(() => new L1Reconstruction({ lamda: 1 } as object)).toThrow(/Unknown option 'lamda'/);
  });

  it('penalty = mean|x − G(s)| with the hand-computed gradient, reaching G only', () => {
    // s = [1, −2], x = [3, 1], G(s) = w·s with w = 2 → [2, −4]; x − G = [1, 5]; mean |·| = 3.
    // ∂/∂w mean|x − w·s| = mean(−sign(x − w·s)·s) = mean(−1·1, −1·(−2)) = (−1 + 2)/2 = 0.5.
    const g = scalingGenerator(2);
    const source = tf.tensor4d([1, -2], [2, 1, 1, 1]);
    const x = tf.tensor4d([3, 1], [2, 1, 1, 1]);
    const r = new L1Reconstruction();
    const { value, grads } = tf.variableGrads(() => r.penalty(adversarialContext(phase({ x, source }), g, untouchable)), [g.w]);
    expect(value.dataSync()[0]).toBeCloseTo(3, 6);
    expect(grads[g.w.name].dataSync()[0]).toBeCloseTo(0.5, 6);
    tf.dispose([value, ...Object.values(grads)]);
    // The real batch is data, not a parameter: nothing flows into it from λ·L1 through D.
    const dx = tf.grad((xx: tf.Tensor) => r.penalty(adversarialContext(phase({ x: xx, source }), g, untouchable)))(x);
    // ∂/∂x mean|x − G| = sign(x − G)/N = [1, 1]/2 (a plain function of the data; D untouched).
    expect(Array.from(dx.dataSync())).toEqual([0.5, 0.5]);
    tf.dispose([dx, source, x]);
    g.dispose();
  });

  it('needs paired data and leaks nothing', () => {
    const g = scalingGenerator(1);
    const x = tf.ones([2, 1, 1, 1]);
    const r = new L1Reconstruction();
    expect(() => r.penalty(adversarialContext(phase({ x }), g, untouchable))).toThrow(/no source.*mnist-edges/);
    const source = tf.zeros([2, 1, 1, 1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => void r.penalty(adversarialContext(phase({ x, source }), g, untouchable)));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, source]);
    g.dispose();
  });

  it('is provided as `l1`', async () => {
    const c = rootContainer.createChildContainer();
    registerPlugins(c, [l1Plugin]);
    const r = await findProvider(c, 'regularizer', 'l1').create({ lambda: 50 }, { seed: 0, container: c });
    expect(r.weight).toBe(50);
  });
});
