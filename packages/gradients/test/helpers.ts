import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers tfjs's stock gradients; importing it first proves that
// registerHigherOrderGradients replaces them.
import '@tensorflow/tfjs-layers';
import { registerGantryKernels } from '@gantry/kernels';
import { numericalGradient, registerHigherOrderGradients } from '@gantry/gradients';
import { expect } from 'vitest';

export const BACKENDS = ['cpu', 'wasm'] as const;

/** Selects a backend with Gantry's kernels (wasm lacks Conv2DBackpropFilter) and our gradients. */
export async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  registerHigherOrderGradients();
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

/** Values of magnitude in [0.3, 1) with random signs: far from relu/leakyRelu kinks. */
export function awayFromZero(n: number, seed: number): number[] {
  return uniform(n, seed, -1, 1).map((v) => Math.sign(v || 1) * (0.3 + 0.7 * Math.abs(v)));
}

/** Expects tf.grad(f)(x) to match central finite differences (allclose, rtol/atol). */
export function expectGradientMatchesFD(
  f: (x: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  { rtol = 1e-2, atol = 1e-3, step = 1e-2 } = {},
): Float64Array {
  const g = tf.tidy(() => tf.grad(f)(x));
  const analytic = Float64Array.from(g.dataSync());
  g.dispose();
  const numeric = numericalGradient(f, x, { step });
  expectClose(analytic, numeric, rtol, atol);
  return analytic;
}

export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-2,
  atol = 1e-3,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]);
    if (!ok) {
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
