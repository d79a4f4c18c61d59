import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  ConfigError,
  createGan,
  findProvider,
  registerPlugins,
  rootContainer,
  type AdversarialContext,
  type Dataset,
} from '@gantry/core';
import { beganArchPlugin } from '@gantry/arch-began';
import { BEGAN_LOG_KEYS, BeganObjective, beganLossPlugin, reconstructionLoss, updateK } from '@gantry/loss-began';
import { convergencePlugin } from '@gantry/metric-convergence';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Two 2×2 grey "images" per batch and hand-picked reconstructions.
const REAL = [0, 1, 0.5, -1, /**/ 1, 1, 1, 1];
const REAL_REC = [0.5, 1, 0.5, -0.5, /**/ 1, 0, 1, 1]; // |x − D(x)|: 0.5,0,0,0.5 | 0,1,0,0 → means 0.25, 0.25 → L(x) = 0.25
const FAKE = [0, 0, 0, 0, /**/ -1, -1, 1, 1];
const FAKE_REC = [1, 1, 0, 0, /**/ 0, -1, 1, -1]; // 1,1,0,0 | 1,0,0,2 → means 0.5, 0.75 → L(G(z)) = 0.625

/** The part of the context the objective reads, with a log recorder. */
function context(logged: Record<string, number>): AdversarialContext {
  const t = (v: number[]) => tf.tensor4d(v, [2, 2, 2, 1]);
  return {
    real: t(REAL),
    fake: t(FAKE),
    dReal: { logits: tf.zeros([2, 1]), reconstruction: t(REAL_REC) },
    dFake: { logits: tf.zeros([2, 1]), reconstruction: t(FAKE_REC) },
    log: (name: string, value: tf.Scalar) => (logged[name] = value.dataSync()[0]),
  } as unknown as AdversarialContext;
}

describe('BEGAN losses', () => {
  it('L(v) = mean per-sample |v − D(v)|, L_D = L(x) − k·L(G(z)), L_G = L(G(z)) (hand-computed)', () => {
    const objective = new BeganObjective({ k0: 0.4 });
    const logged: Record<string, number> = {};
    const [d, g] = tf.tidy(() => {
      const ctx = context(logged);
      return [objective.discriminatorLoss(ctx).dataSync()[0], objective.generatorLoss(ctx).dataSync()[0]];
    });
    expect(d).toBeCloseTo(0.25 - 0.4 * 0.625, 6);
    expect(g).toBeCloseTo(0.625, 6);
    expect(logged[BEGAN_LOG_KEYS.real]).toBeCloseTo(0.25, 6);
    expect(logged[BEGAN_LOG_KEYS.fake]).toBeCloseTo(0.625, 6);
    expect(logged[BEGAN_LOG_KEYS.k]).toBeCloseTo(0.4, 6);
    expect(tf.tidy(() => reconstructionLoss(tf.tensor1d([1, -2]), tf.tensor1d([0, 0])).dataSync()[0])).toBeCloseTo(1.5, 6);
  });

  it('leaks no tensors', () => {
    const objective = new BeganObjective();
    const run = () =>
      tf.tidy(() => {
        const ctx = context({});
        objective.discriminatorLoss(ctx);
        objective.generatorLoss(ctx);
      });
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs a discriminator output with a reconstruction', () => {
    const ctx = { real: tf.zeros([1, 2]), fake: tf.zeros([1, 2]), dReal: { logits: tf.zeros([1, 1]) }, dFake: { logits: tf.zeros([1, 1]) }, log: () => {} };
    expect(() => new BeganObjective().discriminatorLoss(ctx as unknown as AdversarialContext)).toThrow(/reconstruction/);
    tf.dispose([ctx.real, ctx.fake, ctx.dReal.logits, ctx.dFake.logits]);
  });
});

describe('k_t control', () => {
  it('follows k ← clip(k + λ_k(γL(x) − L(G(z))), 0, 1) step by hand, clipping at 0 and 1', () => {
    const o = new BeganObjective({ gamma: 0.5, lambdaK: 0.1 });
    expect(o.k).toBe(0); // k_0 = 0
    const step = (real: number, fake: number) => o.afterStep({ [BEGAN_LOG_KEYS.real]: real, [BEGAN_LOG_KEYS.fake]: fake });
    step(1.0, 0.2); // 0 + 0.1·(0.5 − 0.2) = 0.03
    expect(o.k).toBeCloseTo(0.03, 12);
    step(2.0, 0.4); // 0.03 + 0.1·(1.0 − 0.4) = 0.09
    expect(o.k).toBeCloseTo(0.09, 12);
    step(0.2, 1.5); // 0.09 + 0.1·(0.1 − 1.5) = −0.05 → 0
    expect(o.k).toBe(0);
    step(1.0, 0.0); // 0.05
    step(30.0, 0.0); // 0.05 + 0.1·15 = 1.55 → 1
    expect(o.k).toBe(1);
    step(1.0, 0.6); // 1 + 0.1·(0.5 − 0.6) = 0.99
    expect(o.k).toBeCloseTo(0.99, 12);
    // Missing or non-finite losses leave k alone.
    o.afterStep({});
    o.afterStep({ [BEGAN_LOG_KEYS.real]: Number.NaN, [BEGAN_LOG_KEYS.fake]: 0 });
    expect(o.k).toBeCloseTo(0.99, 12);
    // Paper defaults: λ_k = 0.001, γ = 0.5.
    expect(updateK(0.5, 0.3, 0.1)).toBeCloseTo(0.5 + 0.001 * (0.15 - 0.1), 12);
  });

  it('saves and restores k (Stateful)', () => {
    const a = new BeganObjective({ lambdaK: 0.5 });
    a.afterStep({ [BEGAN_LOG_KEYS.real]: 1, [BEGAN_LOG_KEYS.fake]: 0.1 }); // 0.5·(0.5 − 0.1) = 0.2
    const saved = JSON.parse(JSON.stringify(a.getState()));
    expect(saved).toEqual({ k: expect.closeTo(0.2, 12) });
    const b = new BeganObjective({ lambdaK: 0.5 });
    b.setState(saved);
    expect(b.k).toBe(a.k);
    expect(() => b.setState({ k: 2 })).toThrow(ConfigError);
    expect(() => b.setState(null)).toThrow(ConfigError);
  });

  it('validates options and is provided as objective `began`', async () => {
    expect(() => new BeganObjective({ gamma: 0 })).toThrow(/gamma/);
    expect(() => new BeganObjective({ lambdaK: -1 })).toThrow(/lambdaK/);
    expect(() => new BeganObjective({ k0: 1.5 })).toThrow(/k0/);
    expect(() => new BeganObjective({ gama: 0.5 } as never)).toThrow(/Unknown option 'gama'/);
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [beganLossPlugin]);
    const o = await findProvider(container, 'objective', 'began').create({ gamma: 0.7 }, { seed: 0, container });
    expect(o).toBeInstanceOf(BeganObjective);
    expect((o as BeganObjective).gamma).toBe(0.7);
    expect(o.id).toBe('@gantry/loss-began>Began');
    container.dispose();
  });
});

/** 8 tiny 28×28 images in [−1, 1]. */
function tinyImages(): Dataset {
  const x = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 1), 2), 1));
  return {
    name: 'tiny',
    size: 8,
    sampleShape: [28, 28, 1],
    range: [-1, 1],
    batch: (indices) => ({ x: tf.gather(x, Array.from(indices)) }),
    dispose: () => x.dispose(),
  };
}

describe('BEGAN end to end', () => {
  it('trains with the BEGAN networks: logs L(x), L(G(z)), k; updates k by the formula; checkpoints k', async () => {
    const gan = await createGan(
      {
        data: tinyImages(),
        generator: { name: 'began', options: { filters: 2, convsPerBlock: 1, latentDim: 4 } },
        discriminator: { name: 'began', options: { filters: 2, convsPerBlock: 1, hidden: 4 } },
        objective: { name: 'began', options: { gamma: 0.5, lambdaK: 0.01 } },
        metrics: [{ name: 'convergence', options: { gamma: 0.5 } }],
        training: { steps: 3, batchSize: 4, seed: 1, optimizers: { '*': { name: 'adam', learningRate: 1e-4 } } },
      },
      { plugins: [beganArchPlugin, beganLossPlugin, convergencePlugin], container: rootContainer.createChildContainer() },
    );
    const objective = gan.game.stateful['@gantry/loss-began>Began'] as unknown as BeganObjective;
    expect(objective).toBeInstanceOf(BeganObjective);
    const seen: Array<Record<string, number>> = [];
    let k = 0;
    for (let s = 0; s < 3; s++) {
      const logs = { ...gan.trainer.trainStep() };
      seen.push(logs);
      expect(logs[BEGAN_LOG_KEYS.k]).toBeCloseTo(k, 6);
      k = Math.min(1, Math.max(0, k + 0.01 * (0.5 * logs[BEGAN_LOG_KEYS.real] - logs[BEGAN_LOG_KEYS.fake])));
      expect(objective.k).toBeCloseTo(k, 6);
      // L_D and L_G as logged by the game agree with the formulas.
      expect(logs['loss/discriminator']).toBeCloseTo(logs[BEGAN_LOG_KEYS.real] - logs[BEGAN_LOG_KEYS.k] * logs[BEGAN_LOG_KEYS.fake], 5);
    }
    const state = await gan.trainer.state();
    expect(state.components['@gantry/loss-began>Began']).toEqual({ k: objective.k });
    gan.dispose();
    expect(seen.every((l) => l[BEGAN_LOG_KEYS.real] > 0 && l[BEGAN_LOG_KEYS.fake] > 0)).toBe(true);
  });

  it('fit() adds M_global = L(x) + |γL(x) − L(G(z))| to each step', async () => {
    const steps: Array<Readonly<Record<string, number>>> = [];
    const gan = await createGan(
      {
        data: tinyImages(),
        generator: { name: 'began', options: { filters: 2, convsPerBlock: 1, latentDim: 4 } },
        discriminator: { name: 'began', options: { filters: 2, convsPerBlock: 1, hidden: 4 } },
        objective: { name: 'began', options: { gamma: 0.7 } },
        metrics: [{ name: 'convergence', options: { gamma: 0.7 } }],
        training: { steps: 2, batchSize: 4, seed: 2 },
      },
      {
        plugins: [beganArchPlugin, beganLossPlugin, convergencePlugin],
        container: rootContainer.createChildContainer(),
        callbacks: [{ onStepEnd: (e) => void steps.push({ ...e.logs }) }],
      },
    );
    await gan.fit();
    gan.dispose();
    expect(steps.length).toBe(2);
    for (const logs of steps) {
      const real = logs[BEGAN_LOG_KEYS.real];
      const fake = logs[BEGAN_LOG_KEYS.fake];
      expect(logs.convergence).toBeCloseTo(real + Math.abs(0.7 * real - fake), 6);
    }
  });
});
