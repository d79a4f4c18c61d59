import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // tfjs's stock gradients, which the package must replace
import { registerGantryKernels } from '@gantry/kernels';
import {
  adversarialContext,
  deriveSeed,
  type AdversarialContext,
  type Discriminator,
  type Generator,
} from '@gantry/core';
import { expect } from 'vitest';

export const BACKENDS = ['cpu', 'wasm'] as const;

export async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
  if (name === 'wasm') registerGantryKernels('wasm');
}

/** Deterministic values in [lo, hi) (a small LCG, independent of tfjs's RNG). */
export function uniform(n: number, seed: number, lo = -1, hi = 1): number[] {
  let s = seed >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(lo + ((s >>> 8) / 16777216) * (hi - lo));
  }
  return out;
}

/** A discriminator from a plain function of x (logits), with the given variables. */
export function discriminator(f: (x: tf.Tensor) => tf.Tensor, variables: tf.Variable[] = [], inputShape: number[] = []): Discriminator {
  return {
    role: 'discriminator',
    name: 'discriminator',
    inputShape,
    trainableVariables: variables,
    variables,
    apply: ({ x }) => ({ logits: f(x) }),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** A generator whose output is a fixed tensor (so G(z) is known exactly). */
export function fixedGenerator(fake: tf.Tensor): Generator {
  return {
    role: 'generator',
    name: 'generator',
    prior: { shape: [1], sample: (n) => tf.zeros([n, 1]) },
    outputShape: fake.shape.slice(1),
    trainableVariables: [],
    variables: [],
    apply: () => tf.clone(fake),
    dispose: () => undefined,
  };
}

/** The discriminator-phase context core's game builds, over a real batch and a fixed G(z). */
export function context(real: tf.Tensor, fake: tf.Tensor, d: Discriminator, step = 0, runSeed = 7): AdversarialContext {
  return adversarialContext(
    {
      step,
      phase: 'discriminator',
      repeat: 0,
      batch: { x: real },
      models: {},
      seed: (purpose) => deriveSeed(runSeed, step, 'discriminator', 0, purpose),
      log: () => undefined,
    },
    fixedGenerator(fake),
    d,
  );
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-2, atol = 1e-3): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
      expect.fail(`element ${i}: got ${actual[i]}, expected ${expected[i]} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** Central finite differences w.r.t. a variable's elements (assigning and restoring it). */
export function numericalGradientOfVariable(f: () => tf.Scalar, v: tf.Variable, step = 1e-2): Float64Array {
  const original = v.dataSync().slice();
  const out = new Float64Array(original.length);
  const at = (values: Float32Array): number => {
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
    return tf.tidy(() => f().dataSync()[0]);
  };
  try {
    for (let i = 0; i < original.length; i++) {
      const plus = Float32Array.from(original);
      const minus = Float32Array.from(original);
      plus[i] += step;
      minus[i] -= step;
      out[i] = (at(plus) - at(minus)) / (plus[i] - minus[i]);
    }
  } finally {
    tf.tidy(() => v.assign(tf.tensor(original, v.shape, 'float32')));
  }
  return out;
}
