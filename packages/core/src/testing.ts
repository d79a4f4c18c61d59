/**
 * Small, fully known building blocks for testing objectives, regularizers and
 * constraints — ours and third parties' — without a real network or data set:
 * a deterministic 1-D data set, an affine generator and a linear critic whose
 * outputs and gradients can be computed by hand. Import from `@gantry/core/testing`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext } from './context.js';
import type { Batch, Dataset } from './data.js';
import type { Discriminator, DiscriminatorOutput, Generator } from './network.js';

/** `size` samples mean + 0.5·sin(12.9898·i): deterministic, with mean ≈ `mean`. */
export class ShiftedData implements Dataset {
  readonly name = 'shifted';
  readonly sampleShape = [1];
  readonly range = [-10, 10] as const;
  private readonly values: Float32Array;
  constructor(
    readonly size: number,
    mean: number,
  ) {
    this.values = new Float32Array(size);
    for (let i = 0; i < size; i++) this.values[i] = mean + Math.sin(i * 12.9898) * 0.5;
  }
  batch(indices: ArrayLike<number>): Batch {
    const out = new Float32Array(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = this.values[indices[i]];
    return { x: tf.tensor2d(out, [indices.length, 1]) };
  }
}

/** G(z) = w·z + b with w = 1, b = 0 at the start: the initial samples are N(0, 1). */
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

/**
 * A translation generator G(z, s) = w·s for `[n, 1, 1, 1]` sources: it ignores z (as
 * pix2pix's U-Net does), so reconstruction terms on it have closed forms in w.
 */
export function scalingGenerator(w0: number): Generator & { w: tf.Variable } {
  const w = tf.variable(tf.scalar(w0));
  return {
    name: 'generator',
    role: 'generator',
    prior: { shape: [1], sample: (n) => tf.zeros([n, 1]) },
    outputShape: [1, 1, 1],
    sourceShape: [1, 1, 1],
    trainableVariables: [w],
    variables: [w],
    w,
    apply: ({ source }) => tf.mul(source!, w),
    dispose: () => w.dispose(),
  };
}

/** D(x) = w·x + b, plus a non-trainable variable that constraints must leave alone. */
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

/**
 * A context holding only the given values — D's logits on real and fake samples
 * and, optionally, the samples — for testing a loss on fixed numbers. Reading
 * anything else is a test bug and yields undefined.
 */
export function logitsContext(dReal: tf.Tensor, dFake: tf.Tensor, samples: { real?: tf.Tensor; fake?: tf.Tensor } = {}): AdversarialContext {
  return { ...samples, dReal: { logits: dReal }, dFake: { logits: dFake } } as unknown as AdversarialContext;
}

/** Reads a scalar tensor and frees it. */
export function scalarValue(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

/**
 * `n` deterministic values in [lo, hi) from a small linear congruential generator,
 * independent of tfjs's RNG and backend, for test inputs that every run and
 * backend sees alike.
 */
export function uniformValues(n: number, seed: number, lo = -1, hi = 1): number[] {
  let s = seed >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(lo + ((s >>> 8) / 16777216) * (hi - lo));
  }
  return out;
}

/**
 * Throws unless every |actualᵢ − expectedᵢ| ≤ atol + rtol·|expectedᵢ| (numpy's
 * allclose) and the lengths agree; the message names the first bad element.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-2, atol = 1e-3): void {
  if (actual.length !== expected.length) throw new Error(`assertClose: got ${actual.length} values, expected ${expected.length}.`);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]} (rtol ${rtol}, atol ${atol})`);
    }
  }
}
