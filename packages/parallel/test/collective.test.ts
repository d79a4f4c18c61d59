import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollectiveBuffer, ParallelError, SharedCollective, spawnModuleWorker } from '@gantry/parallel';
import { inputs, sleep } from './fixtures/collective-inputs.js';

const workerUrl = new URL('./fixtures/collective-worker.ts', import.meta.url);
let started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.map((w) => w.terminate()));
  started = [];
});

/** Starts replicas 1 … size−1 running `script`; resolves when they are up, and gives their final messages. */
async function replicas(buffer: SharedArrayBuffer, size: number, script: string, timeoutMs = 20_000) {
  const results: Array<Promise<{ type: string; out?: any; message?: string }>> = [];
  const ready: Array<Promise<void>> = [];
  for (let rank = 1; rank < size; rank++) {
    const w = spawnModuleWorker(workerUrl, { buffer, rank, size, script, timeoutMs });
    started.push(w);
    let first = true;
    ready.push(new Promise((resolve, reject) => {
      w.once('error', reject);
      w.on('message', (m) => first && m.type === 'ready' && ((first = false), resolve()));
    }));
    results.push(new Promise((resolve) => w.on('message', (m) => m.type !== 'ready' && resolve(m))));
  }
  await Promise.all(ready);
  return results;
}

describe('SharedCollective', () => {
  it('allReduce sums every replica’s values (chunked through small slots) and gives every replica the same bits; allGather keeps rank order', async () => {
    const size = 3;
    // 64-float slots: the 1357 values go in 22 chunks, each summed by three replicas in thirds.
    const buffer = createCollectiveBuffer(size, 64);
    const others = await replicas(buffer, size, 'reduce');
    const c = new SharedCollective(buffer, 0, size, { timeoutMs: 20_000 });
    const [a, b] = inputs(0);
    const sum = c.allReduce([a, b]);
    const gathered = c.allGather(a.subarray(0, 5));
    const again = c.allReduce([b]);
    const theirs = await Promise.all(others);

    // Independent reference: float64 sums of the three replicas' inputs.
    const all = [0, 1, 2].map((r) => inputs(r));
    const expected = Array.from({ length: 1357 }, (_, i) => all.reduce((s, [x, y]) => s + (i < 1000 ? x[i] : y[i - 1000]), 0));
    expect(sum.length).toBe(1357);
    for (let i = 0; i < sum.length; i++) expect(Math.abs(sum[i] - expected[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[i])));
    for (let i = 0; i < 357; i++) expect(Math.abs(again[i] - expected[1000 + i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[1000 + i])));
    for (const t of theirs) {
      expect(t.type).toBe('done');
      expect(Buffer.from(new Float32Array(t.out.sum).buffer).equals(Buffer.from(sum.buffer))).toBe(true);
      expect(Buffer.from(new Float32Array(t.out.again).buffer).equals(Buffer.from(again.buffer))).toBe(true);
      expect(t.out.gathered.map((g: Float32Array) => Array.from(g))).toEqual(gathered.map((g) => Array.from(g)));
    }
    expect(gathered.map((g) => Array.from(g))).toEqual(all.map(([x]) => Array.from(x.subarray(0, 5))));
    expect(c.stats.calls).toBe(3);
  });

  it('allReduceTensors: weighted sums of tensors straight from and into backend memory, same bits everywhere', async () => {
    await tf.setBackend('cpu');
    const size = 3;
    const buffer = createCollectiveBuffer(size, 64); // chunks cross the boundary between the two tensors
    const others = await replicas(buffer, size, 'tensors');
    const c = new SharedCollective(buffer, 0, size, { timeoutMs: 20_000 });
    const [a, b] = inputs(0);
    const before = tf.memory().numTensors;
    const out = c.allReduceTensors([tf.tensor(a, [10, 100]), tf.tensor(b)], 1 / 6);
    expect(out.map((t) => t.shape)).toEqual([[10, 100], [357]]);
    const all = [0, 1, 2].map((r) => inputs(r));
    const ours = [...out[0].dataSync(), ...out[1].dataSync()];
    ours.forEach((v, i) => {
      const expected = all.reduce((s, [x, y], r) => s + ((r + 1) / 6) * (i < 1000 ? x[i] : y[i - 1000]), 0);
      expect(Math.abs(v - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
    });
    for (const t of await Promise.all(others)) {
      expect(t.type).toBe('done');
      expect(t.out.shapes).toEqual([[10, 100], [357]]);
      expect(Buffer.from(Float32Array.from([...t.out.sums[0], ...t.out.sums[1]]).buffer).equals(Buffer.from(Float32Array.from(ours).buffer))).toBe(true);
    }
    tf.dispose(out);
    expect(tf.memory().numTensors).toBe(before + 2); // only the two inputs made here remain
  });

  it('a replica that never arrives makes the others fail with a clear timeout error instead of hanging', async () => {
    const buffer = createCollectiveBuffer(2, 1024);
    await replicas(buffer, 2, 'hang', 300);
    const c = new SharedCollective(buffer, 0, 2, { timeoutMs: 300 });
    const started = performance.now();
    expect(() => c.allReduce([inputs(0)[0]])).toThrow(/Replica 0 waited more than 300 ms .*hung or died/);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(c.aborted()).toEqual({ rank: 0, reason: 'timeout' });
  });

  it('an abort by one replica wakes the others with an error naming it (and its message, when known)', async () => {
    const buffer = createCollectiveBuffer(3, 1024);
    const others = await replicas(buffer, 3, 'throw');
    const c = new SharedCollective(buffer, 0, 3, { timeoutMs: 20_000, describeFailure: (r) => (r === 2 ? 'replica gave up' : undefined) });
    let error: unknown;
    try {
      c.allReduce([inputs(0)[0]]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParallelError);
    expect((error as ParallelError).message).toBe('Replica 2 failed: replica gave up.');
    expect((error as ParallelError).replica).toBe(2);
    const [one, two] = await Promise.all(others);
    expect(one.message).toMatch(/Replica 2 failed/);
    expect(two.message).toBe('replica gave up');
  });

  it('replicas that bring different amounts to an exchange fail with an error saying so', async () => {
    const buffer = createCollectiveBuffer(2, 1024);
    const [other] = await replicas(buffer, 2, 'mismatch');
    const c = new SharedCollective(buffer, 0, 2, { timeoutMs: 20_000 });
    expect(() => c.allReduce([inputs(0)[0].subarray(0, 4)])).toThrow(/disagree on what to exchange|Replica 1 failed/);
    expect((await other).message).toMatch(/disagree on what to exchange|Replica 0 failed/);
  });

  it('rejects bad sizes', () => {
    expect(() => createCollectiveBuffer(0)).toThrow(RangeError);
    expect(() => new SharedCollective(createCollectiveBuffer(2, 64), 2, 2)).toThrow(/rank/);
    void sleep;
  });
});
