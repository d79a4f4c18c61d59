import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, createGan, findProvider, registerPlugins, rootContainer, type Batch, type Dataset, type Objective } from '@gantry/core';
import { ShiftedData } from '@gantry/core/testing';
import { conditionalArchPlugin } from '@gantry/arch-conditional';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CENTRES = [
  [-3, 0],
  [0, 3],
  [3, 0],
];

/** Three labelled clusters in the plane: sample i has class i mod 3, centre CENTRES[class] + small deterministic jitter. */
class Clusters implements Dataset {
  readonly name = 'clusters';
  readonly sampleShape = [2];
  readonly range = [-10, 10] as const;
  readonly numClasses = 3;
  constructor(readonly size: number) {}
  batch(indices: ArrayLike<number>): Batch {
    const x: number[] = [];
    const labels: number[] = [];
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      const c = i % 3;
      x.push(CENTRES[c][0] + 0.3 * Math.sin(i * 12.9898), CENTRES[c][1] + 0.3 * Math.cos(i * 78.233));
      labels.push(c);
    }
    return { x: tf.tensor2d(x, [indices.length, 2]), labels: tf.tensor1d(labels, 'int32') };
  }
}

/** Non-saturating GAN loss, written out so the test needs no loss plugin. */
const nonSaturating: Objective = {
  id: 'test>NonSaturating',
  requiresDiscriminator: true,
  discriminatorLoss: (ctx) => tf.add(tf.mean(tf.softplus(tf.neg(ctx.dReal.logits))), tf.mean(tf.softplus(ctx.dFake.logits))) as tf.Scalar,
  generatorLoss: (ctx) => tf.mean(tf.softplus(tf.neg(ctx.dFake.logits))) as tf.Scalar,
};

describe('conditionalArchPlugin', () => {
  it('provides cgan-mlp and cgan-dcgan generators and discriminators', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [conditionalArchPlugin]);
    for (const kind of ['generator', 'discriminator'] as const) {
      for (const name of ['cgan-mlp', 'cgan-dcgan']) expect(findProvider(container, kind, name).description).toBeTruthy();
    }
    const g = await findProvider(container, 'generator', 'cgan-mlp').create({ hidden: [4] }, { seed: 1, container, sampleShape: [2], numClasses: 3 });
    expect(g.numClasses).toBe(3);
    g.dispose();
  });

  it('createGan on data without labels fails with a ConfigError that names the fix', async () => {
    const run = createGan(
      { data: new ShiftedData(64, 1), generator: 'cgan-mlp', discriminator: 'cgan-mlp', objective: nonSaturating },
      { plugins: [conditionalArchPlugin] },
    );
    await expect(run).rejects.toThrow(ConfigError);
    await expect(
      createGan({ data: new ShiftedData(64, 1), generator: 'cgan-mlp', discriminator: 'cgan-mlp', objective: nonSaturating }, { plugins: [conditionalArchPlugin] }),
    ).rejects.toThrow(/needs labelled data/);
  });

  for (const projection of [false, true]) {
    it(`learns p(x | y) on three labelled clusters (projection: ${projection}): samples of class c land at centre c`, async () => {
      const gan = await createGan(
        {
          data: new Clusters(300),
          generator: { name: 'cgan-mlp', options: { hidden: [16, 16], latentDim: 2, outputActivation: 'none' } },
          discriminator: { name: 'cgan-mlp', options: { hidden: [16, 16], projection } },
          objective: nonSaturating,
          training: { steps: 200, batchSize: 48, seed: 2, optimizers: { '*': { name: 'adam', learningRate: 3e-3, beta1: 0.5, beta2: 0.999 } } },
        },
        { plugins: [conditionalArchPlugin] },
      );
      await gan.fit();
      expect(gan.game.sampler.numClasses).toBe(3);
      // The trainer's default condition: 99 samples in blocks of 33 per class.
      const x = gan.trainer.sample(99, 5).arraySync() as number[][];
      let hits = 0;
      x.forEach((p, i) => {
        const want = Math.floor(i / 33);
        const d = CENTRES.map((c) => Math.hypot(p[0] - c[0], p[1] - c[1]));
        if (d.indexOf(Math.min(...d)) === want) hits++;
      });
      expect(hits / 99).toBeGreaterThanOrEqual(0.9);
      const before = tf.memory().numTensors;
      gan.trainer.trainStep();
      gan.trainer.trainStep();
      expect(tf.memory().numTensors).toBe(before);
      gan.dispose();
    });
  }
});
