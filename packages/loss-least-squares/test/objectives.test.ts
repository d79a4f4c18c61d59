import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ConfigError, createGan, findProvider, registerPlugins, rootContainer, type BuildEnvironment } from '@gantry/core';
import { LeastSquaresObjective, leastSquaresPlugin } from '@gantry/loss-least-squares';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShiftedData, affineGenerator, fakeContext, linearCritic, mean } from './fixtures.js';

const REAL = [1.5, -0.5, 3];
const FAKE = [-2, 0.25, 1];
const half = (xs: number[], t: number) => 0.5 * mean(xs.map((s) => (s - t) ** 2));

function losses(o: LeastSquaresObjective): [number, number] {
  return tf.tidy(() => {
    const ctx = fakeContext(tf.tensor2d(REAL, [3, 1]), tf.tensor2d(FAKE, [3, 1]));
    return [o.discriminatorLoss(ctx).dataSync()[0], o.generatorLoss(ctx).dataSync()[0]];
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LeastSquaresObjective', () => {
  it('defaults to (a, b, c) = (0, 1, 1) and reads ctx.dReal / ctx.dFake logits', () => {
    const o = new LeastSquaresObjective();
    expect(o.id).toBe('@gantry/loss-least-squares>LeastSquares');
    expect(o.requiresDiscriminator).toBe(true);
    expect([o.a, o.b, o.c]).toEqual([0, 1, 1]);
    const [d, g] = losses(o);
    expect(d).toBeCloseTo(half(REAL, 1) + half(FAKE, 0), 5);
    expect(g).toBeCloseTo(half(FAKE, 1), 5);
  });

  it('uses a custom coding', () => {
    const [d, g] = losses(new LeastSquaresObjective({ a: -1, b: 1, c: 0 }));
    expect(d).toBeCloseTo(half(REAL, 1) + half(FAKE, -1), 5);
    expect(g).toBeCloseTo(half(FAKE, 0), 5);
  });

  it('validates options', () => {
    expect(() => new LeastSquaresObjective({ a: 2, b: 2 })).toThrow(/'a'.*'b'.*must differ/);
    expect(() => new LeastSquaresObjective({ d: 1 } as never)).toThrow(/Unknown option 'd'.*Allowed options: a, b, c/);
    expect(() => new LeastSquaresObjective({ c: '1' as never })).toThrow(/Option 'c' of objective 'least-squares' must be a finite number, got '1'/);
  });

  it('does not leak tensors', () => {
    const o = new LeastSquaresObjective();
    losses(o);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) losses(o);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('leastSquaresPlugin', () => {
  it('provides least-squares and validates options', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [leastSquaresPlugin]);
    const env: BuildEnvironment = { seed: 1, container };
    const p = findProvider(container, 'objective', 'least-squares');
    const o = (await p.create({ a: -1, b: 1, c: 0 }, env)) as LeastSquaresObjective;
    expect([o.a, o.b, o.c]).toEqual([-1, 1, 0]);
    await expect(async () => p.create({ alpha: 1 }, env)).rejects.toThrow(ConfigError);
    expect(((await p.create({ b: null }, env)) as LeastSquaresObjective).b).toBe(1); // JSON null = default
  });
});

describe('training through createGan', () => {
  it('moves G towards the data with flat memory', async () => {
    const gan = await createGan(
      {
        data: new ShiftedData(512, 3),
        generator: affineGenerator(),
        discriminator: linearCritic(),
        objective: 'least-squares',
        training: { steps: 300, batchSize: 32, seed: 5, optimizers: { '*': { name: 'adam', learningRate: 0.02, beta1: 0.5 } } },
      },
      { plugins: [leastSquaresPlugin] },
    );
    const sampleMean = () => tf.tidy(() => tf.mean(gan.trainer.sample(2000, 1)).dataSync()[0]);
    expect(Math.abs(sampleMean() - 3)).toBeGreaterThan(2.5);
    gan.trainer.trainStep();
    const start = tf.memory().numTensors;
    for (let i = 1; i < 300; i++) gan.trainer.trainStep();
    expect(tf.memory().numTensors).toBe(start);
    expect(Math.abs(sampleMean() - 3)).toBeLessThan(0.5);
    gan.dispose();
  });
});
