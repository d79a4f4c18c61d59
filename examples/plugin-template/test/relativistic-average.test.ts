import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, findProvider, registerPlugins, rootContainer, type AdversarialContext } from '@gantry/core';
import {
  examplePlugin,
  RelativisticAverageObjective,
  relativisticAverageDiscriminatorLoss,
  relativisticAverageGeneratorLoss,
} from '../src/index.js';

// Reference values from the paper's probability form −log σ(t), written in plain JS
// (a second method: the code under test uses softplus on tensors).
const negLogSigmoid = (t: number) => -Math.log(1 / (1 + Math.exp(-t)));
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
function referenceLosses(real: number[], fake: number[]) {
  const mr = mean(real);
  const mf = mean(fake);
  return {
    d: mean(real.map((c) => negLogSigmoid(c - mf))) + mean(fake.map((c) => negLogSigmoid(-(c - mr)))),
    g: mean(fake.map((c) => negLogSigmoid(c - mr))) + mean(real.map((c) => negLogSigmoid(-(c - mf)))),
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('relativistic average losses', () => {
  it('match the values computed by hand', () => {
    // c_r = [1, 3] (m_r = 2), c_f = [0, −2] (m_f = −1):
    // L_D = ½(ln(1+e⁻²) + ln(1+e⁻⁴)) + ½(ln(1+e⁻²) + ln(1+e⁻⁴)) = 0.126928011 + 0.018149927
    // L_G = ½(ln(1+e²) + ln(1+e⁴)) · 2 = 2.126928011 + 4.018149927
    const real = tf.tensor2d([[1], [3]]);
    const fake = tf.tensor2d([[0], [-2]]);
    expect(relativisticAverageDiscriminatorLoss(real, fake).dataSync()[0]).toBeCloseTo(0.145077938, 5);
    expect(relativisticAverageGeneratorLoss(real, fake).dataSync()[0]).toBeCloseTo(6.145077938, 5);
    tf.dispose([real, fake]);
  });

  it('match the probability form on random logits of different batch sizes', () => {
    const r = [0.3, -1.2, 2.5, 0.7, -0.1];
    const f = [-0.4, 1.1, -2.2];
    const ref = referenceLosses(r, f);
    const real = tf.tensor2d(r, [5, 1]);
    const fake = tf.tensor2d(f, [3, 1]);
    expect(relativisticAverageDiscriminatorLoss(real, fake).dataSync()[0]).toBeCloseTo(ref.d, 5);
    expect(relativisticAverageGeneratorLoss(real, fake).dataSync()[0]).toBeCloseTo(ref.g, 5);
    tf.dispose([real, fake]);
  });

  it("has the closed-form gradient of L_G with respect to the fake logits", () => {
    // L_G = (1/n)Σ_k softplus(m_r − c_k) + (1/m)Σ_j softplus(c_r,j − m_f), m_f = (1/n)Σ_k c_k, so
    // ∂L_G/∂c_k = −σ(m_r − c_k)/n − (1/n)·(1/m)Σ_j σ(c_r,j − m_f).
    const r = [0.5, -1, 2];
    const f = [0.2, -0.6];
    const sigma = (t: number) => 1 / (1 + Math.exp(-t));
    const mr = mean(r);
    const mf = mean(f);
    const shared = mean(r.map((c) => sigma(c - mf))) / f.length;
    const expected = f.map((c) => -sigma(mr - c) / f.length - shared);
    const real = tf.tensor1d(r);
    const fake = tf.tensor1d(f);
    const grad = tf.grad((x: tf.Tensor) => relativisticAverageGeneratorLoss(real, x))(fake);
    const got = Array.from(grad.dataSync());
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 5));
    tf.dispose([real, fake, grad]);
  });

  it('leaks no tensors', () => {
    const real = tf.randomNormal([8, 1], 0, 1, 'float32', 1);
    const fake = tf.randomNormal([8, 1], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      relativisticAverageDiscriminatorLoss(real, fake).dispose();
      relativisticAverageGeneratorLoss(real, fake).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
  });
});

describe('the plugin', () => {
  it('provides the objective by name through the public registration API', () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [examplePlugin]);
    const provider = findProvider(container, 'objective', 'relativistic-average');
    const objective = provider.create({}, { seed: 0, container });
    expect(objective).toBeInstanceOf(RelativisticAverageObjective);
    expect(objective.requiresDiscriminator).toBe(true);
  });

  it('computes its losses from the context logits', () => {
    const objective = new RelativisticAverageObjective();
    const dReal = { logits: tf.tensor2d([[1], [3]]) };
    const dFake = { logits: tf.tensor2d([[0], [-2]]) };
    const ctx = { dReal, dFake } as unknown as AdversarialContext;
    expect(objective.discriminatorLoss(ctx).dataSync()[0]).toBeCloseTo(0.145077938, 5);
    expect(objective.generatorLoss(ctx).dataSync()[0]).toBeCloseTo(6.145077938, 5);
    tf.dispose([dReal.logits, dFake.logits]);
  });

  it('rejects unknown options with a ConfigError naming the key', () => {
    expect(() => new RelativisticAverageObjective({ labelSmoothing: 0.1 })).toThrow(ConfigError);
    expect(() => new RelativisticAverageObjective({ labelSmoothing: 0.1 })).toThrow(/labelSmoothing/);
  });
});
