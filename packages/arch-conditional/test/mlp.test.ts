import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@gantry/core';
import { cganMlpDiscriminator, cganMlpGenerator, LEAKY_SLOPE } from '@gantry/arch-conditional';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Matrix = number[][];
const count = (vars: readonly tf.Variable[]) => vars.reduce((n, v) => n + v.size, 0);
const read = (v: tf.Variable) => v.arraySync() as Matrix & number[];
const lrelu = (a: number) => (a > 0 ? a : LEAKY_SLOPE * a);
/** Row vector x times matrix W plus b, by hand. */
const affine = (x: number[], w: Matrix, b?: number[]) => w[0].map((_, j) => x.reduce((s, xi, i) => s + xi * w[i][j], b ? b[j] : 0));
/** The one variable of a shape (the functional model orders weights topologically, not by creation). */
const byShape = (vars: readonly tf.Variable[], ...shape: number[]) => {
  const found = vars.filter((v) => v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i]));
  expect(found.length).toBe(1);
  return found[0];
};
const oneHot = (y: number, k: number) => Array.from({ length: k }, (_, i) => (i === y ? 1 : 0));
const env = { seed: 3, sampleShape: [2, 3], numClasses: 3 };

describe('cganMlpGenerator', () => {
  it('G(z, y) = tanh(W₂·lrelu(W₁[z ; e_y] + b₁) + b₂), reshaped: checked by hand-written products', () => {
    const g = cganMlpGenerator({ latentDim: 2, hidden: [5], batchNorm: false, embeddingDim: 0 }, env);
    expect(g.numClasses).toBe(3);
    expect(g.outputShape).toEqual([2, 3]);
    expect(g.prior.shape).toEqual([2]);
    // (2 + 3)·5 + 5 + 5·6 + 6
    expect(count(g.trainableVariables)).toBe(25 + 5 + 30 + 6);
    const [w1, b1, w2, b2] = g.trainableVariables.map(read);
    const z = [
      [0.3, -1.2],
      [1.5, 0.4],
    ];
    const y = [2, 0];
    const want = z.map((zi, i) => affine(affine([...zi, ...oneHot(y[i], 3)], w1, b1).map(lrelu), w2, b2).map(Math.tanh));
    const got = tf.tidy(() => g.apply({ z: tf.tensor2d(z), labels: tf.tensor1d(y, 'int32') }, { training: true }).arraySync()) as number[][][];
    expect(got.length).toBe(2);
    got.forEach((sample, i) => sample.flat().forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
    g.dispose();
  });

  it('embeddingDim d concatenates a learned E[y] ∈ ℝ^d (a lookup table, N(0, 1) at the start) instead of e_y', () => {
    const g = cganMlpGenerator({ latentDim: 1, hidden: [4], embeddingDim: 2, activation: 'relu', outputActivation: 'none', batchNorm: false }, { ...env, sampleShape: [2] });
    // E: 3·2, then (1 + 2)·4 + 4, then 4·2 + 2
    expect(count(g.trainableVariables)).toBe(6 + 16 + 10);
    const [e, w1, b1, w2, b2] = g.trainableVariables.map(read);
    const want = [0, 1, 2].map((y) => affine(affine([0.7, ...e[y]], w1, b1).map((a) => Math.max(0, a)), w2, b2));
    const got = tf.tidy(() =>
      g.apply({ z: tf.tensor2d([[0.7], [0.7], [0.7]]), labels: tf.tensor1d([0, 1, 2], 'int32') }, { training: false }).arraySync(),
    ) as number[][];
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i], 5));
    // The label matters: three classes, three different outputs from one z.
    expect(new Set(got.map((r) => r[0].toFixed(6))).size).toBe(3);
    g.dispose();
  });

  it('batch norm (default): no hidden bias, γ and β per unit, moving statistics as state; batch statistics in training', () => {
    const g = cganMlpGenerator({ latentDim: 2, hidden: [5], embeddingDim: 0 }, env);
    // W₁ (2 + 3)·5 (no bias) + γ, β 5 each + W₂ 5·6 + b₂ 6
    expect(count(g.trainableVariables)).toBe(25 + 10 + 30 + 6);
    expect(count(g.variables) - count(g.trainableVariables)).toBe(10); // moving mean and variance
    tf.tidy(() => {
      // In training mode each hidden unit is normalised over the batch: with γ = 1, β = 0 its
      // pre-activations have mean 0 — checked through the first layer by hand.
      const z = tf.tensor2d([[0.3, -1.2], [1.5, 0.4], [-0.6, 0.9]]);
      const labels = tf.tensor1d([0, 1, 2], 'int32');
      const w1 = read(byShape(g.trainableVariables, 5, 5));
      const pre = [[0.3, -1.2, 1, 0, 0], [1.5, 0.4, 0, 1, 0], [-0.6, 0.9, 0, 0, 1]].map((r) => affine(r, w1));
      const normed = pre.map((r) => r.map((v, j) => {
        const col = pre.map((q) => q[j]);
        const mean = col.reduce((a, b) => a + b, 0) / 3;
        const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / 3;
        return (v - mean) / Math.sqrt(variance + 1e-5);
      }));
      const [w2, b2] = [read(byShape(g.trainableVariables, 5, 6)), read(byShape(g.trainableVariables, 6)) as unknown as number[]];
      const want = normed.map((h) => affine(h.map(lrelu), w2, b2).map(Math.tanh));
      const got = g.apply({ z, labels }, { training: true }).arraySync() as number[][][];
      got.forEach((sample, i) => sample.flat().forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 4)));
    });
    g.dispose();
  });

  it('default label code: an embedding as wide as z for G, 100-wide for the concatenating D', () => {
    const g = cganMlpGenerator({ latentDim: 7, hidden: [4] }, env);
    expect(g.trainableVariables.map((v) => v.shape)).toContainEqual([3, 7]);
    expect(g.trainableVariables.map((v) => v.shape)).toContainEqual([14, 4]); // [z ; E[y]] → 4
    const d = cganMlpDiscriminator({ hidden: [4] }, env);
    expect(d.trainableVariables.map((v) => v.shape)).toContainEqual([3, 100]);
    expect(d.trainableVariables.map((v) => v.shape)).toContainEqual([106, 4]); // [vec x ; E[y]] → 4
    // E starts N(0, 1): 3 × 400 draws have mean ≈ 0 and standard deviation ≈ 1 (±0.06 is > 3 standard errors).
    const wide = cganMlpGenerator({ latentDim: 400, hidden: [2] }, env);
    const e = Array.from(byShape(wide.trainableVariables, 3, 400).dataSync());
    const mean = e.reduce((a, b) => a + b, 0) / e.length;
    const sd = Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / e.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(sd - 1)).toBeLessThan(0.06);
    wide.dispose();
    g.dispose();
    d.dispose();
  });

  it('is deterministic in the seed', () => {
    const a = cganMlpGenerator({ hidden: [4] }, env);
    const b = cganMlpGenerator({ hidden: [4] }, env);
    const c = cganMlpGenerator({ hidden: [4] }, { ...env, seed: 4 });
    const flat = (g: typeof a) => g.variables.flatMap((v) => Array.from(v.dataSync()));
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).not.toEqual(flat(c));
    [a, b, c].forEach((g) => g.dispose());
  });

  it('frees every intermediate tensor', () => {
    const g = cganMlpGenerator({ hidden: [4] }, env);
    const z = tf.ones([4, 100]);
    const labels = tf.tensor1d([0, 1, 2, 0], 'int32');
    tf.dispose(g.apply({ z, labels }, { training: true }));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(g.apply({ z, labels }, { training: true }));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, labels]);
    g.dispose();
  });
});

describe('cganMlpDiscriminator', () => {
  const x = [
    [
      [0.5, -0.2, 0.1],
      [0.9, -1, 0.3],
    ],
    [
      [-0.4, 0.8, 0],
      [0.2, 0.6, -0.7],
    ],
  ];
  const y = [1, 2];

  it('concatenation: D(x, y) = w₂·lrelu(W₁[vec x ; e_y] + b₁) + b₂, with φ as features', () => {
    const d = cganMlpDiscriminator({ hidden: [4], embeddingDim: 0 }, env);
    expect(d.numClasses).toBe(3);
    expect(count(d.trainableVariables)).toBe((6 + 3) * 4 + 4 + 4 + 1);
    const [w1, b1, w2, b2] = d.trainableVariables.map(read);
    const phi = x.map((xi, i) => affine([...xi.flat(), ...oneHot(y[i], 3)], w1, b1).map(lrelu));
    const want = phi.map((p) => affine(p, w2, b2)[0]);
    tf.tidy(() => {
      const out = d.apply({ x: tf.tensor3d(x), labels: tf.tensor1d(y, 'int32') }, { training: true });
      expect(out.logits.shape).toEqual([2, 1]);
      Array.from(out.logits.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
      Array.from(out.features![0].dataSync()).forEach((v, i) => expect(v).toBeCloseTo(phi.flat()[i], 5));
    });
    d.dispose();
  });

  it('projection: D(x, y) = wᵀφ(x) + b + ⟨E[y], φ(x)⟩ (Miyato & Koyama 2018 eq. 3), by hand', () => {
    const d = cganMlpDiscriminator({ hidden: [4], projection: true }, env);
    // φ: 6·4 + 4; ψ: 4 + 1; E: 3·4
    expect(count(d.trainableVariables)).toBe(28 + 5 + 12);
    const vars = d.trainableVariables;
    const [w1, b1, w, b, e] = [[6, 4], [4], [4, 1], [1], [3, 4]].map((shape) => read(byShape(vars, ...shape)));
    const phi = x.map((xi) => affine(xi.flat(), w1, b1).map(lrelu));
    const want = phi.map((p, i) => affine(p, w, b)[0] + p.reduce((s, pj, j) => s + pj * e[y[i]][j], 0));
    tf.tidy(() => {
      const out = d.apply({ x: tf.tensor3d(x), labels: tf.tensor1d(y, 'int32') }, { training: true });
      Array.from(out.logits.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    });
    d.dispose();
  });

  it('the gradient of D reaches the label embedding of the projection (only the rows of the classes seen)', () => {
    const d = cganMlpDiscriminator({ hidden: [4], projection: true }, env);
    const e = byShape(d.trainableVariables, 3, 4);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.sum(d.apply({ x: tf.tensor3d(x), labels: tf.tensor1d(y, 'int32') }, { training: true }).logits) as tf.Scalar,
        [e],
      );
      // ∂/∂E[c] Σᵢ ⟨E[yᵢ], φᵢ⟩ = Σ_{i: yᵢ = c} φᵢ: zero for class 0, φ₀ for class 1, φ₁ for class 2.
      const phi = d.apply({ x: tf.tensor3d(x), labels: tf.tensor1d(y, 'int32') }, { training: true }).features![0].arraySync() as Matrix;
      const g = grads[e.name].arraySync() as Matrix;
      g[0].forEach((v) => expect(v).toBe(0));
      g[1].forEach((v, j) => expect(v).toBeCloseTo(phi[0][j], 5));
      g[2].forEach((v, j) => expect(v).toBeCloseTo(phi[1][j], 5));
    });
    d.dispose();
  });
});

describe('errors', () => {
  it('data without labels, a numClasses mismatch, bad options', () => {
    expect(() => cganMlpGenerator({}, { sampleShape: [2] })).toThrow(ConfigError);
    expect(() => cganMlpGenerator({}, { sampleShape: [2] })).toThrow(/needs labelled data.*'mnist'/);
    expect(() => cganMlpDiscriminator({}, { sampleShape: [2] })).toThrow(/needs labelled data/);
    expect(() => cganMlpGenerator({ numClasses: 5 }, env)).toThrow(/'numClasses' is 5, but the data set has 3 classes/);
    expect(() => cganMlpGenerator({ numClasses: 1 }, { sampleShape: [2] })).toThrow(/numClasses.*≥ 2/);
    expect(() => cganMlpGenerator({}, { numClasses: 3 })).toThrow(/sample shape is unknown/);
    expect(() => cganMlpGenerator({ embedingDim: 3 } as never, env)).toThrow(/Unknown option 'embedingDim'.*embeddingDim/);
    expect(() => cganMlpGenerator({ embeddingDim: -1 }, env)).toThrow(/'embeddingDim'.*≥ 0/);
    expect(() => cganMlpDiscriminator({ projection: 'yes' } as never, env)).toThrow(/'projection'.*true or false.*'yes'/);
    expect(() => cganMlpDiscriminator({ projection: true, embeddingDim: 4 }, env)).toThrow(/'embeddingDim' applies to concatenation only/);
    expect(() => cganMlpDiscriminator({ hidden: [] }, env)).toThrow(/'hidden'/);
    // Code users without data: numClasses as an option.
    const g = cganMlpGenerator({ numClasses: 4, hidden: [2] }, { sampleShape: [2] });
    expect(g.numClasses).toBe(4);
    g.dispose();
  });

  it('labels missing, of the wrong dtype or shape, or out of range at apply time', () => {
    const g = cganMlpGenerator({ hidden: [2], latentDim: 2 }, env);
    const d = cganMlpDiscriminator({ hidden: [2] }, env);
    const z = tf.zeros([2, 2]);
    const xs = tf.zeros([2, 2, 3]);
    const float = tf.tensor1d([0, 1], 'float32');
    const three = tf.tensor1d([0, 1, 2], 'int32');
    const high = tf.tensor1d([0, 3], 'int32');
    const negative = tf.tensor1d([-1, 0], 'int32');
    const before = tf.memory().numTensors;
    const apply = (labels?: tf.Tensor) => () => tf.tidy(() => g.apply({ z, ...(labels ? { labels } : {}) }, { training: false }));
    expect(apply()).toThrow(ConfigError);
    expect(apply()).toThrow(/Generator 'generator' is class-conditional .* needs class labels/);
    expect(() => d.apply({ x: xs }, { training: false })).toThrow(/Discriminator 'discriminator' is class-conditional/);
    expect(apply(float)).toThrow(/int32, got float32/);
    expect(apply(three)).toThrow(/shape \[2\].*got \[3\]/);
    expect(apply(high)).toThrow(/label 3 at position 1 is outside 0 … 2/);
    expect(apply(negative)).toThrow(/label -1 at position 0/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([float, three, high, negative]);
    tf.dispose([z, xs]);
    g.dispose();
    d.dispose();
  });
});
