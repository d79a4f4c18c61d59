import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@gantry/backend';
import { MemoryCheckpointStore } from '@gantry/core';
import { ShiftedData } from '@gantry/core/testing';
import { createParallelGan, ParallelError } from '@gantry/parallel';
import { bitDifferences, PLUGINS, tinyDcgan, until } from './helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('createParallelGan: replicas stay identical', () => {
  it('2 workers, synchronised BN: same initial weights; after fit, more steps and a resume the weights and Adam state are bit-identical everywhere; no tensor leaks', async () => {
    const store = new MemoryCheckpointStore();
    const gan = await createParallelGan(tinyDcgan({ steps: 3 }), { workers: 2, plugins: PLUGINS, checkpoints: store });
    let resumed;
    try {
      expect(gan.initialWeightsIdentical).toBe(true);
      await gan.fit();
      expect(store.saved).toHaveLength(1); // at step 3
      const own = await gan.trainer.state();
      expect(own.step).toBe(3);
      expect(bitDifferences(own, (await gan.workerStates())[0])).toEqual([]);

      // Leaks: live tensors after step 4 and after step 7 are the same, on both replicas.
      const tensorsAt = async (steps: number) => {
        while (gan.trainer.step < steps) gan.trainer.trainStep();
        await until(() => gan.stats()[1].steps >= steps - 3); // the worker's count started at fit
        return gan.stats().map((s) => s.tensors);
      };
      const at4 = await tensorsAt(4);
      expect(await tensorsAt(7)).toEqual(at4);
      const s7 = await gan.trainer.state();
      expect(bitDifferences(s7, (await gan.workerStates())[0])).toEqual([]);

      // A new 2-worker run resumes from the step-3 checkpoint and reaches the same bits at step 7.
      resumed = await createParallelGan(tinyDcgan({ steps: 7 }), { workers: 2, plugins: PLUGINS, checkpoints: store, prefetch: false });
      await resumed.fit();
      const r7 = await resumed.trainer.state();
      expect(r7.step).toBe(7);
      expect(bitDifferences(r7, s7)).toEqual([]);
      expect(bitDifferences(r7, (await resumed.workerStates())[0])).toEqual([]);
    } finally {
      await Promise.all([gan.close(), resumed?.close()]);
    }
  });

  it('2 workers, per-replica BN: the moving statistics are averaged, so weights stay bit-identical too', async () => {
    const gan = await createParallelGan(tinyDcgan({ steps: 3 }), { workers: 2, plugins: PLUGINS, syncBatchNorm: false, prefetch: false });
    try {
      await gan.fit();
      expect(bitDifferences(await gan.trainer.state(), (await gan.workerStates())[0])).toEqual([]);
    } finally {
      await gan.close();
    }
  });
});

describe('createParallelGan: failures', () => {
  it('an error in a worker reaches the main thread with its message, without hanging', async () => {
    const gan = await createParallelGan(
      tinyDcgan({ steps: 5 }, { objective: { name: 'test-ns', options: { failRank: 1, failStep: 1, mode: 'throw' } } }),
      { workers: 2, plugins: PLUGINS, timeoutMs: 30_000, prefetch: false },
    );
    const started = performance.now();
    try {
      const error = await gan.fit().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ParallelError);
      expect((error as Error).message).toMatch(/^Replica 1 failed: boom from the test objective on replica 1/);
      expect(gan.trainer.step).toBe(1);
    } finally {
      await gan.close();
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('a hung worker makes the step fail after the timeout with a clear message', async () => {
    const gan = await createParallelGan(
      tinyDcgan({ steps: 5 }, { objective: { name: 'test-ns', options: { failRank: 1, failStep: 0, mode: 'hang' } } }),
      { workers: 2, plugins: PLUGINS, timeoutMs: 1500, prefetch: false },
    );
    const started = performance.now();
    try {
      await expect(gan.fit()).rejects.toThrow(/waited more than 1500 ms for the other replicas .*hung or died/);
    } finally {
      await gan.close();
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("workers: 'auto' trains a model too small to gain on this thread alone (no worker threads)", async () => {
    const gan = await createParallelGan(tinyDcgan({ steps: 2 }), { workers: 'auto', plugins: PLUGINS });
    try {
      expect(gan.workers).toBe(1);
      await gan.fit();
      expect(gan.stats()).toHaveLength(1);
      expect(gan.stats()[0].dataMisses).toBeGreaterThan(0); // batches built here: nothing to prefetch for
    } finally {
      await gan.close();
    }
  });

  it('a spec with component instances, or more workers than samples per batch, is rejected up front', async () => {
    await expect(createParallelGan({ ...tinyDcgan({}), data: new ShiftedData(10, 0) }, { workers: 2, plugins: PLUGINS })).rejects.toThrow(
      /spec\.data is an instance/,
    );
    await expect(createParallelGan(tinyDcgan({ batchSize: 2 }), { workers: 3, plugins: PLUGINS })).rejects.toThrow(/cannot be split over 3 workers/);
  });
});
