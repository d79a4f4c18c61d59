// A 1-D data set, an affine generator and a linear critic written against core's
// public contracts only, as a third party would (cf. /work/main/test/fixtures/tiny-plugin.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext, Batch, Dataset, Discriminator, DiscriminatorOutput, Generator } from '@gantry/core';

/** n samples mean + 0.5·sin(12.9898 i): deterministic, mean ≈ `mean`. */
export class ShiftedData implements Dataset {
  readonly name = 'shifted';
  readonly sampleShape = [1];
  readonly range = [-10, 10] as const;
  private readonly values: Float32Array;
  constructor(readonly size: number, mean: number) {
    this.values = new Float32Array(size);
    for (let i = 0; i < size; i++) this.values[i] = mean + Math.sin(i * 12.9898) * 0.5;
  }
  batch(indices: ArrayLike<number>): Batch {
    const out = new Float32Array(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = this.values[indices[i]];
    return { x: tf.tensor2d(out, [indices.length, 1]) };
  }
}

/** G(z) = w·z + b with w = 1, b = 0: the initial samples are N(0, 1). */
export function affineGenerator(): Generator {
  const w = tf.variable(tf.ones([1, 1]));
  const b = tf.variable(tf.zeros([1]));
  return {
    name: 'generator',
    role: 'generator',
    prior: { shape: [1], sample: (n, s) => tf.randomNormal([n, 1], 0, 1, 'float32', s) },
    outputShape: [1],
    trainableVariables: [w, b],
    variables: [w, b],
    apply: ({ z }) => tf.add(tf.matMul(z as tf.Tensor2D, w as tf.Tensor2D), b),
    dispose: () => tf.dispose([w, b]),
  };
}

/** f(x) = w·x + b, plus a non-trainable variable that constraints must leave alone. */
export function linearCritic(w0 = 0.3, b0 = -0.2): Discriminator & { state: tf.Variable } {
  const w = tf.variable(tf.tensor2d([[w0]]));
  const b = tf.variable(tf.tensor1d([b0]));
  const state = tf.variable(tf.tensor1d([5]), false);
  return {
    name: 'discriminator',
    role: 'discriminator',
    inputShape: [1],
    trainableVariables: [w, b],
    variables: [w, b, state],
    state,
    apply: ({ x }): DiscriminatorOutput => ({ logits: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b) }),
    dispose: () => tf.dispose([w, b, state]),
  };
}

/** The part of the context these objectives read: D's outputs on real and fake samples. */
export function fakeContext(real: tf.Tensor, fake: tf.Tensor): AdversarialContext {
  return { dReal: { logits: real }, dFake: { logits: fake } } as unknown as AdversarialContext;
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Reads a scalar and frees it. */
export function value(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}
