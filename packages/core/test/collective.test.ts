import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { activeCollective, batchMoments, drawPerSample, shardOf, withCollective, type Collective, type PhaseContext } from '@gantry/core';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(a.shape).toEqual(b.shape);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
};

/**
 * Replica 0 of two, in one thread: replica 1's contributions are supplied up front —
 * its (n, mean, variance) rows for the forward exchange and its weighted ∂L/∂(μ, σ²)
 * for the backward one.
 */
function twoReplicas(other: { gather: Float32Array; reduce: Float32Array }): Collective & { calls: string[] } {
  const calls: string[] = [];
  return {
    rank: 0,
    size: 2,
    syncBatchNorm: true,
    calls,
    allGather(values) {
      calls.push('gather');
      return [values, other.gather];
    },
    allReduce(parts) {
      calls.push('reduce');
      const own = Float32Array.from(parts.flatMap((p) => Array.from(p)));
      return own.map((v, i) => v + other.reduce[i]);
    },
  };
}

describe('shardOf', () => {
  it('splits a batch into contiguous shards whose sizes differ by at most one', () => {
    const shards = [0, 1, 2].map((i) => shardOf(i, 3, 8));
    expect(shards.map((s) => [s.start, s.end])).toEqual([[0, 2], [2, 5], [5, 8]]);
    expect(shardOf(0, 1, 5)).toEqual({ index: 0, count: 1, size: 5, start: 0, end: 5 });
    expect(() => shardOf(2, 2, 8)).toThrow(RangeError);
    expect(() => shardOf(0, 4, 3)).toThrow(/cannot be split over 4 replicas/);
  });
});

describe('batchMoments', () => {
  it('is tf.moments when no data-parallel step is running, or when batch norm is per replica', () => {
    const x = tf.randomNormal([5, 3, 2, 4], 1, 2, 'float32', 1);
    const ref = tf.moments(x, [0, 1, 2]);
    const plain = batchMoments(x, [0, 1, 2]);
    const perReplica = withCollective({ ...twoReplicas({ gather: new Float32Array(0), reduce: new Float32Array(0) }), syncBatchNorm: false }, () =>
      batchMoments(x, [0, 1, 2]),
    );
    for (const m of [plain, perReplica]) {
      expect(maxAbs(m.mean, ref.mean)).toBe(0);
      expect(maxAbs(m.variance, ref.variance)).toBe(0);
    }
    expect(activeCollective()).toBeUndefined();
    tf.dispose([x, ref.mean, ref.variance, plain.mean, plain.variance, perReplica.mean, perReplica.variance]);
  });

  it('synchronised: statistics and input gradient of the global batch (3 + 5 rows) equal full-batch tf.moments', () => {
    // L = Σⱼ aⱼμⱼ + bⱼσⱼ², the same function of the global statistics on both replicas.
    const x0 = tf.randomNormal([3, 2, 4], 0.5, 1.5, 'float32', 2);
    const x1 = tf.randomNormal([5, 2, 4], -0.3, 0.7, 'float32', 3);
    const a = tf.tensor1d([0.3, -1.1, 2.0, 0.7]);
    const b = tf.tensor1d([1.5, 0.2, -0.4, 0.9]);
    const loss = (m: { mean: tf.Tensor; variance: tf.Tensor }) => tf.add(tf.sum(tf.mul(a, m.mean)), tf.sum(tf.mul(b, m.variance))) as tf.Scalar;

    // Reference: one process with the whole batch.
    const full = tf.concat([x0, x1]);
    const ref = tf.moments(full, [0, 1]);
    const refGrad = tf.slice(tf.grad((x: tf.Tensor) => loss(tf.moments(x, [0, 1])))(full), [0, 0, 0], [3, 2, 4]);

    // Replica 1's messages: its n, μ₁, σ₁² (forward) and (n₁/n)·∂L/∂(μ, σ²) = (5/8)·(a, b) (backward).
    const m1 = tf.moments(x1, [0, 1]);
    const gather = Float32Array.from([10, ...m1.mean.dataSync(), ...m1.variance.dataSync()]);
    const reduce = Float32Array.from([...a.dataSync(), ...b.dataSync()].map((v) => (10 / 16) * v));
    const c = twoReplicas({ gather, reduce });
    const ours = withCollective(c, () => batchMoments(x0, [0, 1]));
    expect(maxAbs(ours.mean, ref.mean)).toBeLessThan(1e-6);
    expect(maxAbs(ours.variance, ref.variance)).toBeLessThan(1e-5);
    // The replica's gradient, weighted by its share n₀/n = 6/16 as the trainer does, is the full-batch gradient of its rows.
    const grad = withCollective(c, () => tf.grad((x: tf.Tensor) => loss(batchMoments(x, [0, 1])))(x0));
    expect(maxAbs(tf.mul(grad, 6 / 16), refGrad)).toBeLessThan(1e-6);
    // One exchange per forward pass and one per backward pass (the first forward had no tape).
    expect(c.calls).toEqual(['gather', 'gather', 'reduce']);

    // Closed form, independently: ∂L/∂xᵢⱼ = aⱼ/n + 2bⱼ(xᵢⱼ − μⱼ)/n over the n = 16 positions per channel.
    const closed = tf.div(tf.add(a, tf.mul(tf.mul(b, 2), tf.sub(x0, ref.mean))), 16);
    expect(maxAbs(refGrad, closed)).toBeLessThan(1e-6);
    tf.dispose([x0, x1, a, b, full, ref.mean, ref.variance, refGrad, m1.mean, m1.variance, ours.mean, ours.variance, grad, closed]);
  });

  it('leaks no tensors', () => {
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 4);
    const c = twoReplicas({ gather: Float32Array.from([4, 0, 0, 0, 1, 1, 1]), reduce: new Float32Array(6) });
    const once = () => tf.tidy(() => withCollective(c, () => tf.grad((v: tf.Tensor) => tf.sum(batchMoments(v, [0]).variance))(x)));
    once().dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) once().dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('drawPerSample', () => {
  it('without a trainer-provided perSample draws one row per batch sample with ctx.seed(purpose)', () => {
    const x = tf.zeros([6, 2]);
    const ctx = { batch: { x }, seed: (p: string) => (p === 'z' ? 42 : 0) } as unknown as PhaseContext;
    const drawn = drawPerSample(ctx, 'z', (n, seed) => tf.randomNormal([n, 3], 0, 1, 'float32', seed));
    const ref = tf.randomNormal([6, 3], 0, 1, 'float32', 42);
    expect(maxAbs(drawn, ref)).toBe(0);
    tf.dispose([x, drawn, ref]);
  });
});
