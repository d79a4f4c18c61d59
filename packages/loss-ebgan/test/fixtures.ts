// A data set, a generator and a hand-made auto-encoder discriminator written against
// core's public contracts only (cf. /work/main/test/fixtures/tiny-plugin.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext, Batch, Dataset, Discriminator, DiscriminatorOutput, Generator } from '@gantry/core';

/** 2-D points on the circle of radius 1 around (2, 2) at angles 12.9898·i: deterministic. */
export class RingData implements Dataset {
  readonly name = 'ring';
  readonly sampleShape = [2];
  readonly range = [-5, 5] as const;
  private readonly values: Float32Array;
  constructor(readonly size: number) {
    this.values = new Float32Array(size * 2);
    for (let i = 0; i < size; i++) {
      this.values[2 * i] = 2 + Math.cos(i * 12.9898);
      this.values[2 * i + 1] = 2 + Math.sin(i * 12.9898);
    }
  }
  batch(indices: ArrayLike<number>): Batch {
    const out = new Float32Array(indices.length * 2);
    for (let i = 0; i < indices.length; i++) out.set(this.values.subarray(2 * indices[i], 2 * indices[i] + 2), 2 * i);
    return { x: tf.tensor2d(out, [indices.length, 2]) };
  }
}

/** G(z) = zW + b, z ∈ ℝ², starting at N(0, I). */
export function affineGenerator(): Generator {
  const w = tf.variable(tf.eye(2));
  const b = tf.variable(tf.zeros([2]));
  return {
    name: 'generator',
    role: 'generator',
    prior: { shape: [2], sample: (n, s) => tf.randomNormal([n, 2], 0, 1, 'float32', s) },
    outputShape: [2],
    trainableVariables: [w, b],
    variables: [w, b],
    apply: ({ z }) => tf.add(tf.matMul(z as tf.Tensor2D, w as tf.Tensor2D), b),
    dispose: () => tf.dispose([w, b]),
  };
}

/**
 * A tiny auto-encoder D for inputs of shape `inputShape`: code h = tanh(flat(x)·W_e + b_e)
 * of size k, reconstruction flat(x̂) = h·W_d + b_d. Returns `{ logits, reconstruction,
 * features: [h] }` — the embedding last, as the pulling-away term expects. `logits` is the
 * per-sample energy (EBGAN ignores it).
 */
export function autoEncoder(inputShape: number[], k: number, seed = 1): Discriminator {
  const d = inputShape.reduce((a, b) => a * b, 1);
  const we = tf.variable(tf.randomNormal([d, k], 0, 0.5, 'float32', seed));
  const be = tf.variable(tf.zeros([k]));
  const wd = tf.variable(tf.randomNormal([k, d], 0, 0.5, 'float32', seed + 1));
  const bd = tf.variable(tf.zeros([d]));
  const vars = [we, be, wd, bd];
  return {
    name: 'discriminator',
    role: 'discriminator',
    inputShape,
    trainableVariables: vars,
    variables: vars,
    apply: ({ x }): DiscriminatorOutput => {
      const n = x.shape[0];
      const flat = tf.reshape(x, [n, d]) as tf.Tensor2D;
      const h = tf.tanh(tf.add(tf.matMul(flat, we as tf.Tensor2D), be)) as tf.Tensor2D;
      const rec = tf.add(tf.matMul(h, wd as tf.Tensor2D), bd);
      return {
        logits: tf.mean(tf.squaredDifference(rec, flat), 1, true),
        reconstruction: tf.reshape(rec, x.shape),
        features: [h],
      };
    },
    dispose: () => tf.dispose(vars),
  };
}

/** The part of the context EBGAN reads: samples and D's outputs on them. */
export function fakeContext(
  real: tf.Tensor,
  fake: tf.Tensor,
  dReal: Partial<DiscriminatorOutput>,
  dFake: Partial<DiscriminatorOutput>,
): AdversarialContext {
  return { real, fake, dReal, dFake } as unknown as AdversarialContext;
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Reads a scalar and frees it. */
export function value(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

/** f_PT by the definition: a double loop over i ≠ j in float64. */
export function bruteForcePt(s: number[][]): number {
  const n = s.length;
  const dot = (a: number[], b: number[]) => a.reduce((acc, v, k) => acc + v * b[k], 0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      total += (dot(s[i], s[j]) / (Math.sqrt(dot(s[i], s[i])) * Math.sqrt(dot(s[j], s[j])))) ** 2;
    }
  }
  return total / (n * (n - 1));
}
