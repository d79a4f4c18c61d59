import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@gantry/core';
import { cganDcganDiscriminator, cganDcganGenerator } from '@gantry/arch-conditional';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const count = (vars: readonly tf.Variable[]) => vars.reduce((n, v) => n + v.size, 0);
const env = { seed: 5, sampleShape: [28, 28, 1], numClasses: 10 };

describe('cganDcganGenerator', () => {
  it('[z ; e_y] → 7×7×4w → 14×14×2w → 28×28×1 with the hand-counted parameters, tanh range, one per class', () => {
    const g = cganDcganGenerator({ width: 2, latentDim: 3, embeddingDim: 0 }, env);
    expect(g.numClasses).toBe(10);
    expect(g.outputShape).toEqual([28, 28, 1]);
    // Dense (3 + 10)·(7·7·8), no bias (BN follows) + BN γ, β (392 each)
    // ConvT 4·4·8→4 kernel [4, 4, 4, 8], no bias + BN γ, β (4 each)
    // ConvT 4·4·4→1 kernel [4, 4, 1, 4] + bias 1
    const want = 13 * 392 + 2 * 392 + 4 * 4 * 4 * 8 + 2 * 4 + 4 * 4 * 1 * 4 + 1;
    expect(count(g.trainableVariables)).toBe(want);
    // Moving mean and variance of both batch norms are state, not trained.
    expect(count(g.variables) - count(g.trainableVariables)).toBe(2 * 392 + 2 * 4);
    tf.tidy(() => {
      const x = g.apply({ z: g.prior.sample(3, 1), labels: tf.tensor1d([0, 5, 9], 'int32') }, { training: true });
      expect(x.shape).toEqual([3, 28, 28, 1]);
      const v = x.dataSync();
      expect(Math.max(...v)).toBeLessThanOrEqual(1);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    });
    g.dispose();
  });

  it('the label changes the sample, the same label and z give the same one', () => {
    const g = cganDcganGenerator({ width: 2, latentDim: 3, batchNorm: false }, env);
    tf.tidy(() => {
      const z = tf.tile(g.prior.sample(1, 2), [3, 1]);
      const x = g.apply({ z, labels: tf.tensor1d([1, 1, 2], 'int32') }, { training: false });
      const [a, b, c] = tf.unstack(x).map((t) => Array.from(t.dataSync()));
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
    });
    g.dispose();
  });

  it('rejects images that are not 28 × 28', () => {
    expect(() => cganDcganGenerator({}, { ...env, sampleShape: [32, 32, 3] })).toThrow(ConfigError);
    expect(() => cganDcganGenerator({}, { ...env, sampleShape: [32, 32, 3] })).toThrow(/28 × 28.*\[32, 32, 3\].*cgan-mlp/);
    expect(() => cganDcganDiscriminator({}, { ...env, sampleShape: [2] })).toThrow(/28 × 28/);
  });
});

describe('cganDcganDiscriminator', () => {
  it('concatenation: K label planes stacked on the image channels (first conv sees 1 + 10 channels)', () => {
    const d = cganDcganDiscriminator({ width: 2 }, env);
    expect(d.numClasses).toBe(10);
    const shapes = d.trainableVariables.map((v) => v.shape);
    expect(shapes).toContainEqual([4, 4, 11, 2]);
    // conv1 4·4·11·2 + 2; conv2 4·4·2·4 (no bias) + BN 2·4; dense 7·7·4 + 1
    expect(count(d.trainableVariables)).toBe(4 * 4 * 11 * 2 + 2 + 4 * 4 * 2 * 4 + 8 + 196 + 1);
    tf.tidy(() => {
      const out = d.apply({ x: tf.zeros([2, 28, 28, 1]), labels: tf.tensor1d([3, 4], 'int32') }, { training: true });
      expect(out.logits.shape).toEqual([2, 1]);
      expect(out.features![0].shape).toEqual([2, 196]);
    });
    d.dispose();
  });

  it('the label enters only through the label planes: zero their kernel slice and D ignores y', () => {
    const d = cganDcganDiscriminator({ width: 2, batchNorm: false }, env);
    const kernel = d.trainableVariables.find((v) => v.shape.length === 4 && v.shape[2] === 11)!;
    const x = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 3);
    const logits = (labels: number[]) =>
      tf.tidy(() => Array.from(d.apply({ x, labels: tf.tensor1d(labels, 'int32') }, { training: false }).logits.dataSync()));
    expect(logits([1, 2])).not.toEqual(logits([7, 8]));
    const mask = tf.concat([tf.ones([4, 4, 1, 2]), tf.zeros([4, 4, 10, 2])], 2);
    kernel.assign(tf.mul(kernel, mask));
    logits([1, 2]).forEach((v, i) => expect(v).toBeCloseTo(logits([7, 8])[i], 6));
    tf.dispose([x, mask]);
    d.dispose();
  });

  it('projection on the flattened conv features φ (dim 7·7·2w)', () => {
    const d = cganDcganDiscriminator({ width: 2, projection: true }, env);
    const shapes = d.trainableVariables.map((v) => v.shape);
    expect(shapes).toContainEqual([4, 4, 1, 2]); // the image alone
    expect(shapes).toContainEqual([10, 196]); // E
    expect(shapes).toContainEqual([196, 1]); // ψ
    tf.tidy(() => {
      const out = d.apply({ x: tf.zeros([2, 28, 28, 1]), labels: tf.tensor1d([3, 4], 'int32') }, { training: true });
      const phi = out.features![0].arraySync() as number[][];
      const e = d.trainableVariables.find((v) => v.shape[0] === 10 && v.shape[1] === 196)!.arraySync() as number[][];
      const w = d.trainableVariables.find((v) => v.shape[0] === 196 && v.shape[1] === 1)!.arraySync() as number[][];
      const b = d.trainableVariables.find((v) => v.shape.length === 1 && v.shape[0] === 1)!.arraySync() as number[];
      const want = [3, 4].map((y, i) => phi[i].reduce((s, p, j) => s + p * (w[j][0] + e[y][j]), b[0]));
      Array.from(out.logits.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
    });
    d.dispose();
  });
});
