import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@gantry/core';
import { instanceNorm, paddedConv, PatchDiscriminator, reflectionPad, ResnetGenerator } from '@gantry/arch-cyclegan';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('instanceNorm', () => {
  it('normalises each channel of each sample over its pixels (hand-computed)', () => {
    // Sample 0: channel 0 = [1, 2, 3, 4] (μ 2.5, σ² 1.25), channel 1 = [10, 10, 10, 10] (σ² 0).
    // Sample 1: channel 0 = [0, 0, 0, 8] (μ 2, σ² 12).
    const x = tf.tensor4d([1, 10, 2, 10, 3, 10, 4, 10, 0, 5, 0, 5, 0, 5, 8, 5], [2, 2, 2, 2]);
    const y = values(instanceNorm(x));
    const s0 = Math.sqrt(1.25 + 1e-5);
    const s1 = Math.sqrt(12 + 1e-5);
    const expected = [-1.5 / s0, 0, -0.5 / s0, 0, 0.5 / s0, 0, 1.5 / s0, 0, -2 / s1, 0, -2 / s1, 0, -2 / s1, 0, 6 / s1, 0];
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });
});

describe('reflectionPad / paddedConv', () => {
  const image = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);

  it('mirrors the border without repeating the edge', () => {
    const padded = reflectionPad(image, 1);
    expect(padded.shape).toEqual([1, 5, 5, 1]);
    expect(values(padded).slice(0, 10)).toEqual([5, 4, 5, 6, 5, 2, 1, 2, 3, 2]);
  });

  it('a 3 × 3 box filter sums the mirrored neighbourhood', () => {
    const box = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    const out = values(paddedConv(image, box, true));
    // (0,0): rows [5 4 5], [2 1 2], [5 4 5] = 33; (1,1): 1 + … + 9 = 45.
    expect(out[0]).toBeCloseTo(33, 5);
    expect(out[4]).toBeCloseTo(45, 5);
    // Zero padding: (0,0) = 1 + 2 + 4 + 5 = 12.
    expect(values(paddedConv(image, box, false))[0]).toBeCloseTo(12, 5);
  });
});

describe('ResnetGenerator', () => {
  const source = tf.randomUniform([3, 8, 8, 1], -1, 1, 'float32', 5);
  const z = (v: number) => tf.fill([3, 1], v);

  it('translates [n, h, w, c_src] to [n, h, w, c] in (−1, 1) and declares its source shape', () => {
    const g = new ResnetGenerator([8, 8, 1], { width: 4, blocks: 2 }, 1);
    expect(g.sourceShape).toEqual([8, 8, 1]);
    expect(g.outputShape).toEqual([8, 8, 1]);
    // stem, 2 downs, 2 per block, 2 ups, head kernel and bias
    expect(g.trainableVariables.length).toBe(1 + 2 + 2 * 2 + 2 + 2);
    const out = g.apply({ z: z(0), source }, { training: true });
    expect(out.shape).toEqual([3, 8, 8, 1]);
    expect(values(out).every((v) => v > -1 && v < 1)).toBe(true);
    const rgb = new ResnetGenerator([8, 8, 1], { width: 2, blocks: 0, sourceChannels: 3 }, 1);
    expect(rgb.sourceShape).toEqual([8, 8, 3]);
    expect(rgb.apply({ z: z(0), source: tf.zeros([2, 8, 8, 3]) }, { training: false }).shape).toEqual([2, 8, 8, 1]);
  });

  it('ignores z without dropout; with dropout z seeds the masks while training only', () => {
    const plain = new ResnetGenerator([8, 8, 1], { width: 4, blocks: 1 }, 1);
    expect(values(plain.apply({ z: z(0.1), source }, { training: true }))).toEqual(values(plain.apply({ z: z(-3), source }, { training: true })));
    const noisy = new ResnetGenerator([8, 8, 1], { width: 4, blocks: 1, dropout: 0.5 }, 1);
    const run = (v: number, training: boolean) => values(noisy.apply({ z: z(v), source }, { training }));
    expect(run(0.1, true)).toEqual(run(0.1, true));
    expect(run(0.1, true)).not.toEqual(run(0.7, true));
    expect(run(0.1, false)).toEqual(run(0.7, false));
  });

  it('is a function of its seed', () => {
    const first = (seed: number) => values(new ResnetGenerator([8, 8, 1], { width: 2, blocks: 1 }, seed).trainableVariables[0]);
    expect(first(3)).toEqual(first(3));
    expect(first(3)).not.toEqual(first(4));
  });

  it('passes gradient to every variable', () => {
    const g = new ResnetGenerator([8, 8, 1], { width: 4, blocks: 1 }, 2);
    const target = tf.randomUniform([3, 8, 8, 1], -1, 1, 'float32', 9);
    const { grads } = tf.variableGrads(
      () => tf.mean(tf.abs(tf.sub(g.apply({ z: z(0), source }, { training: true }), target))) as tf.Scalar,
      g.trainableVariables as tf.Variable[],
    );
    for (const v of g.trainableVariables) expect(tf.sum(tf.abs(grads[v.name])).dataSync()[0]).toBeGreaterThan(0);
  });

  it('rejects bad shapes and options', () => {
    expect(() => new ResnetGenerator([30, 30, 1])).toThrow(/multiples of 4/);
    expect(() => new ResnetGenerator([8, 8, 1], { width: 0 })).toThrow(/Option 'width'/);
    expect(() => new ResnetGenerator([8, 8, 1], { dropout: 1 })).toThrow(/Option 'dropout'.*\[0, 1\)/);
    expect(() => new ResnetGenerator([8, 8, 1], { depth: 2 } as never)).toThrow(/Unknown option 'depth'/);
    expect(() => new ResnetGenerator([8, 8, 1], { reflect: 'yes' } as never)).toThrow(ConfigError);
    const g = new ResnetGenerator([8, 8, 1], { width: 2, blocks: 0 });
    expect(() => g.apply({ z: z(0) }, { training: false })).toThrow(/source image/);
  });

  it('leaks no tensors', () => {
    const g = new ResnetGenerator([8, 8, 1], { width: 4, blocks: 1, dropout: 0.5 }, 1);
    const once = () => tf.tidy(() => void g.apply({ z: z(0.3), source }, { training: true }).dataSync());
    once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) once();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('PatchDiscriminator', () => {
  it('returns a map of patch scores: h/2^L × w/2^L', () => {
    const d = new PatchDiscriminator([8, 8, 1], { width: 4, layers: 1 }, 1);
    expect(d.apply({ x: tf.zeros([2, 8, 8, 1]) }, { training: true }).logits.shape).toEqual([2, 4, 4, 1]);
    const d28 = new PatchDiscriminator([28, 28, 1], { width: 2 }, 1);
    expect(d28.outputShape).toEqual([7, 7, 1]);
    expect(d28.apply({ x: tf.zeros([1, 28, 28, 1]) }, { training: true }).logits.shape).toEqual([1, 7, 7, 1]);
    const d32 = new PatchDiscriminator([32, 32, 3], { width: 2 }, 1);
    expect(d32.apply({ x: tf.zeros([1, 32, 32, 3]) }, { training: false }).logits.shape).toEqual([1, 8, 8, 1]);
    // C_k, C_2k (stride 2), C_4k (stride 1), output conv; biases of the first and last.
    expect(d32.trainableVariables.length).toBe(4 + 2);
  });

  it('scores each image on its own (instance norm, no batch statistics)', () => {
    const d = new PatchDiscriminator([8, 8, 1], { width: 4, layers: 1 }, 1);
    const x = tf.randomUniform([4, 8, 8, 1], -1, 1, 'float32', 3);
    const all = values(d.apply({ x }, { training: true }).logits);
    const first = values(d.apply({ x: tf.slice(x, [0], [1]) }, { training: true }).logits);
    first.forEach((v, i) => expect(v).toBeCloseTo(all[i], 5));
  });

  it('rejects bad options', () => {
    expect(() => new PatchDiscriminator([8, 8, 1], { layers: 4 })).toThrow(/Option 'layers'.*\[1, 3\]/);
    expect(() => new PatchDiscriminator([8, 8, 1], { slope: -0.1 })).toThrow(/Option 'slope'/);
    expect(() => new PatchDiscriminator([8, 8])).toThrow(ConfigError);
  });
});
