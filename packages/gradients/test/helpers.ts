import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers tfjs's stock gradients; importing it first proves that
// registerHigherOrderGradients replaces them.
import '@tensorflow/tfjs-layers';
import { registerGantryKernels } from '@gantry/kernels';
import { numericalGradient, registerHigherOrderGradients } from '@gantry/gradients';

import { assertClose, uniformValues } from '@gantry/core/testing';

export { numericalGradientOfVariable } from '@gantry/gradients';

export const BACKENDS = ['cpu', 'wasm'] as const;

/** Selects a backend with Gantry's kernels (wasm lacks Conv2DBackpropFilter) and our gradients. */
export async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  registerHigherOrderGradients();
  await tf.setBackend(name);
  await tf.ready();
  if (name === 'wasm') registerGantryKernels('wasm');
}

/** Deterministic values in [lo, hi), independent of tfjs's RNG. */
export const uniform = uniformValues;

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

/** allclose(actual, expected, rtol, atol), as a test assertion. */
export const expectClose = assertClose;

