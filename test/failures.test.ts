import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGan, NonFiniteError, provide, ShapeMismatchError, type AdversarialContext, type Plugin } from '@gantry/core';
import { FileCheckpointStore } from '@gantry/core/node';
import { affineGenerator, logisticDiscriminator, TinyObjective, tinyPlugin } from './fixtures/tiny-plugin.js';

/** An objective whose generator loss turns NaN from step `at` on. */
class PoisonedObjective extends TinyObjective {
  override readonly id = 'poison-plugin>Poisoned';
  constructor(private readonly at: number) {
    super();
  }
  override generatorLoss(ctx: AdversarialContext): tf.Scalar {
    const loss = super.generatorLoss(ctx);
    return ctx.step >= this.at ? tf.mul(loss, NaN) : loss;
  }
}

const poisonPlugin: Plugin = {
  name: 'poison-plugin',
  register(c) {
    provide(c, { kind: 'objective', name: 'poisoned', create: (o) => new PoisonedObjective(Number(o.at ?? 5)) });
  },
};

const spec = {
  data: 'shifted',
  generator: 'affine',
  discriminator: 'logistic',
  objective: { name: 'poisoned', options: { at: 5 } },
  training: { steps: 20, batchSize: 16, seed: 1, checkpointEvery: 2 },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('failures are named and lose nothing', () => {
  it('a NaN loss stops the run with step, phase and plugin named, keeping the last good checkpoint', async () => {
    const store = new FileCheckpointStore(mkdtempSync(join(tmpdir(), 'gantry-nan-')));
    const gan = await createGan(spec, { plugins: [tinyPlugin, poisonPlugin], checkpoints: store });
    const error = await gan.fit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    expect((error as Error).message).toMatch(/Non-finite loss of phase 'generator' \(NaN\) at step 5 .*poison-plugin>Poisoned/);
    expect(store.list()).toEqual(['ckpt-000000002.gantry', 'ckpt-000000004.gantry']);
    const latest = await store.loadLatest();
    expect(latest?.step).toBe(4);
    expect(latest?.models.generator.every((a) => Array.from(a.data).every(Number.isFinite))).toBe(true);
    gan.dispose();
  });

  it("onNonFinite: 'skip' skips the bad update and carries on with finite weights", async () => {
    const gan = await createGan({ ...spec, training: { ...spec.training, onNonFinite: 'skip' as const, steps: 8 } }, { plugins: [tinyPlugin, poisonPlugin] });
    await gan.fit();
    expect(gan.trainer.logs['skipped/generator']).toBe(1);
    for (const v of gan.game.models.generator.variables) expect(Array.from(v.dataSync()).every(Number.isFinite)).toBe(true);
    gan.dispose();
  });

  it('a generator whose output does not fit the discriminator is named with both shapes', async () => {
    const wide: Plugin = {
      name: 'wide-plugin',
      register(c) {
        provide(c, { kind: 'generator', name: 'wide', create: (_o, env) => ({ ...affineGenerator(env.seed), outputShape: [2] }) });
      },
    };
    const attempt = createGan({ ...spec, generator: 'wide', objective: 'tiny' }, { plugins: [tinyPlugin, wide] });
    await expect(attempt).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(createGan({ ...spec, generator: 'wide', objective: 'tiny' }, { plugins: [tinyPlugin, wide] })).rejects.toThrow(
      /Generator 'generator' outputs samples of shape \[2\], but discriminator 'discriminator' expects \[1\]/,
    );
  });

  it('data that does not fit the discriminator is named', async () => {
    const narrow: Plugin = {
      name: 'narrow-plugin',
      register(c) {
        provide(c, { kind: 'discriminator', name: 'narrow', create: (_o, env) => ({ ...logisticDiscriminator(env.seed), inputShape: [3] }) });
        provide(c, { kind: 'generator', name: 'narrow', create: (_o, env) => ({ ...affineGenerator(env.seed), outputShape: [3] }) });
      },
    };
    await expect(
      createGan({ ...spec, generator: 'narrow', discriminator: 'narrow', objective: 'tiny' }, { plugins: [tinyPlugin, narrow] }),
    ).rejects.toThrow(/Data set 'shifted' has samples of shape \[1\], but discriminator 'discriminator' expects \[3\]/);
  });

  it('a missing data set is named with the known ones', async () => {
    await expect(createGan({ ...spec, data: 'mnits' }, { plugins: [tinyPlugin] })).rejects.toThrow(/Unknown dataset 'mnits'\. Known datasets: shifted/);
  });

  it('the same seed gives the same losses; another seed does not', async () => {
    const run = async (seed: number) => {
      const gan = await createGan({ ...spec, objective: 'tiny', training: { ...spec.training, seed, steps: 10 } }, { plugins: [tinyPlugin] });
      const out = [];
      for (let i = 0; i < 10; i++) out.push(gan.trainer.trainStep()['loss/discriminator']);
      gan.dispose();
      return out;
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });
});
