import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  ConfigError,
  createGan,
  findProvider,
  registerPlugins,
  rootContainer,
  type BuildEnvironment,
} from '@gantry/core';
import { WassersteinObjective, WeightClipping, wassersteinPlugin } from '@gantry/loss-wasserstein';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ShiftedData, affineGenerator, fakeContext, linearCritic, mean } from './fixtures.js';

const REAL = [1.5, -0.5, 3];
const FAKE = [-2, 0.25, 1];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('WassersteinObjective', () => {
  it('has a stable id, needs a critic and reads ctx.dReal / ctx.dFake logits', () => {
    const o = new WassersteinObjective();
    expect(o.id).toBe('@gantry/loss-wasserstein>Wasserstein');
    expect(o.requiresDiscriminator).toBe(true);
    const [d, g] = tf.tidy(() => {
      const ctx = fakeContext(tf.tensor2d(REAL, [3, 1]), tf.tensor2d(FAKE, [3, 1]));
      return [o.discriminatorLoss(ctx).dataSync()[0], o.generatorLoss(ctx).dataSync()[0]];
    });
    expect(d).toBeCloseTo(mean(FAKE) - mean(REAL), 6);
    expect(g).toBeCloseTo(-mean(FAKE), 6);
  });

  it('takes no options', () => {
    expect(() => new WassersteinObjective({ clip: 0.01 } as never)).toThrow(/Unknown option 'clip'.*takes no options/);
  });
});

describe('WeightClipping', () => {
  it('defaults to c = 0.01 on the discriminator and clips only trainable variables', () => {
    const clip = new WeightClipping();
    expect(clip.id).toBe('@gantry/loss-wasserstein>WeightClipping');
    expect(clip.c).toBe(0.01);
    expect(clip.targets).toEqual(['discriminator']);
    const d = linearCritic(0.3, -0.004);
    clip.apply(d);
    expect(Array.from(d.trainableVariables[0].dataSync())).toEqual([Math.fround(0.01)]);
    expect(Array.from(d.trainableVariables[1].dataSync())).toEqual([Math.fround(-0.004)]);
    expect(Array.from(d.state.dataSync())).toEqual([5]); // not trainable: untouched
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) clip.apply(d);
    expect(tf.memory().numTensors).toBe(before);
    d.dispose();
  });

  it('validates options', () => {
    expect(new WeightClipping({ c: 0.05, targets: ['critic'] }).targets).toEqual(['critic']);
    expect(() => new WeightClipping({ c: -1 })).toThrow(/'c'.*got -1/);
    expect(() => new WeightClipping({ targets: [] })).toThrow(/targets/);
    expect(() => new WeightClipping({ clip: 0.01 } as never)).toThrow(/Unknown option 'clip'.*Allowed options: c, targets/);
  });
});

describe('wassersteinPlugin', () => {
  const setup = () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [wassersteinPlugin]);
    const env: BuildEnvironment = { seed: 1, container };
    return { container, env };
  };

  it('provides the objective wasserstein and the constraint weight-clipping', async () => {
    const { container, env } = setup();
    const o = await findProvider(container, 'objective', 'wasserstein').create({}, env);
    expect(o.id).toBe(WassersteinObjective.id);
    const c = (await findProvider(container, 'constraint', 'weight-clipping').create({ c: 0.02 }, env)) as WeightClipping;
    expect(c.c).toBe(0.02);
    expect(findProvider(container, 'constraint', 'weight-clipping').description).toMatch(/clip/);
  });

  it('rejects unknown keys and bad values', async () => {
    const { container, env } = setup();
    await expect(async () => findProvider(container, 'objective', 'wasserstein').create({ nCritic: 5 }, env)).rejects.toThrow(
      ConfigError,
    );
    await expect(async () =>
      findProvider(container, 'constraint', 'weight-clipping').create({ c: '0.01' }, env),
    ).rejects.toThrow(/'c'.*got '0\.01'/);
  });
});

describe('training through createGan (paper setup: n_critic = 5, RMSProp, clipping)', () => {
  const spec = (steps: number, learningRate: number, clip: WeightClipping) => ({
    data: new ShiftedData(512, 3),
    generator: affineGenerator(),
    discriminator: linearCritic(),
    objective: 'wasserstein',
    constraints: [clip],
    discriminatorSteps: 5,
    training: { steps, batchSize: 32, seed: 3, optimizers: { '*': { name: 'rmsprop' as const, learningRate } } },
  });

  it('clips the critic after each of its 5 updates per step, never the generator', async () => {
    const clip = new WeightClipping({ c: 0.01 });
    const spy = vi.spyOn(clip, 'apply');
    const gan = await createGan(spec(4, 5e-5, clip), { plugins: [wassersteinPlugin] });
    await gan.fit();
    expect(spy).toHaveBeenCalledTimes(4 * 5);
    for (const call of spy.mock.calls) expect(call[0].name).toBe('discriminator');
    for (const v of gan.game.models.discriminator.trainableVariables) {
      for (const x of v.dataSync()) expect(Math.abs(x)).toBeLessThanOrEqual(Math.fround(0.01));
    }
    // G's weight started at 1 and moved by ~lr per step: far outside [−c, c].
    expect(gan.game.models.generator.trainableVariables[0].dataSync()[0]).toBeGreaterThan(0.9);
    gan.dispose();
  });

  it('moves G towards the data (the linear critic sees the mean) with flat memory', async () => {
    const clip = new WeightClipping({ c: 0.01 });
    const gan = await createGan(spec(250, 0.02, clip), { plugins: [wassersteinPlugin] });
    const sampleMean = () => tf.tidy(() => tf.mean(gan.trainer.sample(2000, 1)).dataSync()[0]);
    expect(Math.abs(sampleMean() - 3)).toBeGreaterThan(2.5);
    gan.trainer.trainStep();
    const start = tf.memory().numTensors;
    for (let i = 1; i < 250; i++) gan.trainer.trainStep();
    expect(tf.memory().numTensors).toBe(start);
    expect(Math.abs(sampleMean() - 3)).toBeLessThan(0.5);
    const logs = gan.trainer.trainStep();
    expect(Object.keys(logs)).toContain('discriminator/Wasserstein');
    gan.dispose();
  });
});
