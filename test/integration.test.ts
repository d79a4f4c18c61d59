// Our own plugins composed through the public API, as a user would: the toy ring
// with MLPs (batch norm-free) and DCGAN on MNIST (batch norm, the default run).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGan, MemoryCheckpointStore, type GanSpec } from '@gantry/core';
import { dcganPlugin } from '@gantry/arch-dcgan';
import { mlpPlugin } from '@gantry/arch-mlp';
import { mnistPlugin } from '@gantry/data-mnist';
import { toyDataPlugin } from '@gantry/data-toy';
import { minimaxPlugin } from '@gantry/loss-minimax';
import { registerCpuKernels } from '@gantry/kernels';

const plugins = [toyDataPlugin, mnistPlugin, mlpPlugin, dcganPlugin, minimaxPlugin];

const ring: GanSpec = {
  data: { name: 'ring', options: { size: 4096 } },
  generator: 'mlp',
  discriminator: 'mlp',
  objective: 'non-saturating',
  training: { steps: 200, batchSize: 64, seed: 11, optimizers: { '*': { name: 'adam', learningRate: 1e-3, beta1: 0.5 } } },
};

const mnist: GanSpec = {
  data: { name: 'mnist', options: { limit: 256 } },
  generator: { name: 'dcgan', options: { width: 8 } },
  discriminator: { name: 'dcgan', options: { width: 8 } },
  objective: 'non-saturating',
  training: { steps: 12, batchSize: 8, seed: 5 },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerCpuKernels();
});

describe('composed from our plugins', () => {
  it('200 steps on the ring keep tf.memory().numTensors flat', async () => {
    const gan = await createGan(ring, { plugins });
    gan.trainer.trainStep();
    const start = tf.memory().numTensors;
    for (let i = 1; i < 200; i++) gan.trainer.trainStep();
    expect(tf.memory().numTensors).toBe(start);
    gan.dispose();
  });

  for (const [name, spec, stop] of [['ring (MLP)', ring, 30], ['MNIST (DCGAN with batch norm)', mnist, 6]] as const) {
    it(`${name}: resuming at step k gives exactly the losses of an uninterrupted run`, async () => {
      const total = stop * 2;
      const uninterrupted = await createGan({ ...spec, training: { ...spec.training, steps: total } }, { plugins });
      const expected: Array<Record<string, number>> = [];
      for (let i = 0; i < total; i++) expected.push(uninterrupted.trainer.trainStep());
      uninterrupted.dispose();

      const store = new MemoryCheckpointStore();
      const first = await createGan({ ...spec, training: { ...spec.training, steps: stop } }, { plugins, checkpoints: store });
      await first.fit();
      first.dispose();
      const resumed = await createGan({ ...spec, training: { ...spec.training, steps: total } }, { plugins, checkpoints: store });
      expect(await resumed.trainer.resume()).toBe(stop);
      for (let i = stop; i < total; i++) expect(resumed.trainer.trainStep()).toEqual(expected[i]);
      resumed.dispose();
    });
  }
});
