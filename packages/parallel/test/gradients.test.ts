import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@gantry/backend';
import { createGan, type Gan, type TrainingState } from '@gantry/core';
import { createParallelGan, loadPluginModules } from '@gantry/parallel';
import { PLUGINS, tinyDcgan } from './helpers.js';

/**
 * With SGD, one update is w₁ = w₀ − η·g, so (w₀ − w₁)/η is the gradient the trainer
 * applied: for N workers, the average of their shard gradients; for one process, the
 * full-batch gradient. One step is the D update, then the G update through the updated
 * D. η_D = 0.1 keeps D sane; η_G = 1000 makes G's update large against its weights, so
 * that w₀ − w₁ resolves G's gradient to float32 precision (with η = 1 it would be
 * below the weights' last bits).
 */
const spec = (batchSize: number) =>
  tinyDcgan({
    steps: 1,
    batchSize,
    seed: 5,
    optimizers: { discriminator: { name: 'sgd', learningRate: 0.1 }, generator: { name: 'sgd', learningRate: 1000 } },
  });

/** Per trainable variable: the update applied in one step (w₀ − w₁), by checkpoint name. */
async function stepUpdates(gan: Pick<Gan, 'trainer' | 'game'>): Promise<Map<string, Float64Array>> {
  // Keyed by network and position (tfjs makes variable names unique per process).
  const isTrainable = (net: string, i: number) => gan.game.models[net].trainableVariables.includes(gan.game.models[net].variables[i]);
  const flat = (s: TrainingState) =>
    new Map(Object.entries(s.models).flatMap(([net, vs]) => vs.flatMap((v, i) => (isTrainable(net, i) ? [[`${net} ${i}`, v.data] as const] : []))));
  const before = flat(await gan.trainer.state());
  gan.trainer.trainStep();
  const after = flat(await gan.trainer.state());
  return new Map([...before].map(([k, v]) => [k, Float64Array.from(v, (x, i) => x - after.get(k)![i])]));
}

/** Per variable: max |a − b| / max |b|. */
function relativeDifferences(a: Map<string, Float64Array>, b: Map<string, Float64Array>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, ref] of b) {
    const x = a.get(k)!;
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < ref.length; i++) {
      diff = Math.max(diff, Math.abs(x[i] - ref[i]));
      scale = Math.max(scale, Math.abs(ref[i]));
    }
    out[k] = diff / scale;
  }
  return out;
}

let single: Map<string, Float64Array>;
let single9: Map<string, Float64Array>;
beforeAll(async () => {
  await selectBackend('cpu');
  const plugins = await loadPluginModules(PLUGINS, undefined, 'import');
  for (const [batch, set] of [[8, (m: Map<string, Float64Array>) => (single = m)], [9, (m: Map<string, Float64Array>) => (single9 = m)]] as const) {
    const gan = await createGan(spec(batch), { plugins });
    set(await stepUpdates(gan));
    gan.dispose();
  }
});

describe('multi-worker gradients vs the full-batch gradient', () => {
  const cases = [
    { workers: 2, batch: 8, syncBatchNorm: true },
    { workers: 3, batch: 9, syncBatchNorm: true }, // shards of 3
    { workers: 2, batch: 9, syncBatchNorm: true }, // uneven shards 4 + 5: weighted average
  ];
  for (const c of cases) {
    it(`${c.workers} workers, batch ${c.batch}, synchronised BN: the averaged gradient is the full-batch gradient (relative 1e-5)`, async () => {
      const gan = await createParallelGan(spec(c.batch), { workers: c.workers, plugins: PLUGINS, prefetch: false, syncBatchNorm: c.syncBatchNorm });
      try {
        await gan.sync();
        // Measured: max 3.0e-6 (2 × 4), 1.1e-6 (3 × 3), 4.2e-6 (4 + 5) — float32 summation order.
        const rel = relativeDifferences(await stepUpdates(gan), c.batch === 8 ? single : single9);
        expect(Object.keys(rel).length).toBeGreaterThan(10);
        for (const [k, r] of Object.entries(rel)) expect(r, k).toBeLessThan(1e-5);
      } finally {
        await gan.close();
      }
    });
  }

  it('2 workers, per-replica BN: the gradient differs from the full-batch one (each shard normalised by its own statistics)', async () => {
    const gan = await createParallelGan(spec(8), { workers: 2, plugins: PLUGINS, prefetch: false, syncBatchNorm: false });
    try {
      await gan.sync();
      const rel = relativeDifferences(await stepUpdates(gan), single);
      // Measured: 0.1 … 1.8 (a batch of 4 per replica gives noisy statistics).
      expect(Math.max(...Object.values(rel))).toBeGreaterThan(1e-2);
    } finally {
      await gan.close();
    }
  });
});
