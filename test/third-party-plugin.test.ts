import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGan, GantryError, MemoryCheckpointStore, UnknownComponentError } from '@gantry/core';
import { tinyPlugin } from './fixtures/tiny-plugin.js';

const spec = {
  data: 'shifted',
  generator: 'affine',
  discriminator: 'logistic',
  objective: 'tiny',
  training: { steps: 300, batchSize: 32, seed: 7, optimizers: { '*': { name: 'adam' as const, learningRate: 0.02, beta1: 0.5 } } },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a third-party plugin registered through the public API', () => {
  it('trains: the generator mean moves to the data mean', async () => {
    const gan = await createGan(spec, { plugins: [[tinyPlugin, { mean: 3 }]] });
    const before = tf.tidy(() => tf.mean(gan.trainer.sample(2000, 1)).dataSync()[0]);
    await gan.fit();
    const after = tf.tidy(() => tf.mean(gan.trainer.sample(2000, 1)).dataSync()[0]);
    expect(Math.abs(before - 3)).toBeGreaterThan(2);
    expect(Math.abs(after - 3)).toBeLessThan(0.5);
    gan.dispose();
  });

  it('names an unknown objective and suggests the closest known one', async () => {
    await expect(createGan({ ...spec, objective: 'tinny' }, { plugins: [tinyPlugin] })).rejects.toThrow(
      /Unknown objective 'tinny'\. Did you mean 'tiny'\?/,
    );
    await expect(createGan(spec, { plugins: [] })).rejects.toBeInstanceOf(UnknownComponentError);
  });

  it('rejects a plugin built for another core version', async () => {
    const old = { ...tinyPlugin, name: 'old-plugin', core: '^2.0.0' };
    await expect(createGan(spec, { plugins: [old] })).rejects.toThrow(/built for @gantry\/core \^2\.0\.0/);
  });

  it('rejects two plugins providing the same name', async () => {
    const twin = { ...tinyPlugin, name: 'twin-plugin' };
    await expect(createGan(spec, { plugins: [tinyPlugin, twin] })).rejects.toThrow(GantryError);
    await expect(createGan(spec, { plugins: [tinyPlugin, twin] })).rejects.toThrow(/already provides/);
  });

  it('rejects a value that is not a plugin', async () => {
    await expect(createGan(spec, { plugins: [{ nom: 'x' } as never] })).rejects.toThrow(/Not a Gantry plugin/);
  });

  it('keeps tf.memory().numTensors flat over 200 steps', async () => {
    const gan = await createGan({ ...spec, training: { ...spec.training, steps: 200 } }, { plugins: [tinyPlugin] });
    gan.trainer.trainStep();
    const start = tf.memory().numTensors;
    for (let i = 0; i < 199; i++) gan.trainer.trainStep();
    expect(tf.memory().numTensors).toBe(start);
    gan.dispose();
  });

  it('resumes exactly: losses after a restore equal an uninterrupted run', async () => {
    const full = await createGan(spec, { plugins: [tinyPlugin] });
    const fullLosses: number[][] = [];
    for (let i = 0; i < 40; i++) {
      const l = full.trainer.trainStep();
      fullLosses.push([l['loss/discriminator'], l['loss/generator']]);
    }
    full.dispose();

    const store = new MemoryCheckpointStore();
    const first = await createGan({ ...spec, training: { ...spec.training, steps: 25 } }, { plugins: [tinyPlugin], checkpoints: store });
    await first.fit();
    first.dispose();
    const second = await createGan(spec, { plugins: [tinyPlugin], checkpoints: store });
    expect(await second.trainer.resume()).toBe(25);
    for (let i = 25; i < 40; i++) {
      const l = second.trainer.trainStep();
      expect([l['loss/discriminator'], l['loss/generator']]).toEqual(fullLosses[i]);
    }
    second.dispose();
  });
});
