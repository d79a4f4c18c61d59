import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link numericalGradient} and {@link checkGradient}. */
export interface FiniteDifferenceOptions {
  /**
   * Step h of the central difference. Default 1e-2: with float32 evaluations of f,
   * rounding noise grows like ε_f32·|f|/h while truncation error grows like h²·|f‴|,
   * and h ≈ 1e-2 balances the two for O(1) functions.
   */
  readonly step?: number;
}

/** Options of {@link checkGradient}. */
export interface CheckGradientOptions extends FiniteDifferenceOptions {
  /** Relative tolerance (default 1e-2). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-3). */
  readonly atol?: number;
}

/** Result of {@link checkGradient}. */
export interface GradientCheck {
  /** tf.grad(f)(x), flattened. */
  readonly analytic: Float64Array;
  /** Central finite differences of f, flattened. */
  readonly numeric: Float64Array;
  /** max_i |analytic_i − numeric_i| / (atol + rtol·|numeric_i|); ≤ 1 passes. */
  readonly worst: number;
  /** Index of the worst element. */
  readonly worstIndex: number;
  readonly ok: boolean;
}

/**
 * Central finite differences of a scalar function, element by element:
 * ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with the difference taken in float64.
 * f may itself take gradients (then this checks second-order gradients). Leaves no
 * tensors behind.
 */
export function numericalGradient(
  f: (x: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  options: FiniteDifferenceOptions = {},
): Float64Array {
  const h = options.step ?? 1e-2;
  const base = x.dataSync();
  const out = new Float64Array(base.length);
  const at = (values: Float32Array): number =>
    tf.tidy(() => f(tf.tensor(values, x.shape, 'float32')).dataSync()[0]);
  for (let i = 0; i < base.length; i++) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i] += h;
    minus[i] -= h;
    // Divide by the step float32 actually took, not the nominal h.
    out[i] = (at(plus) - at(minus)) / (plus[i] - minus[i]);
  }
  return out;
}

/**
 * Compares tf.grad(f)(x) with {@link numericalGradient}: passes when
 * |analytic − numeric| ≤ atol + rtol·|numeric| for every element (numpy's `allclose`).
 * Use it on an f that contains `tf.grad` to check second-order gradients.
 */
export function checkGradient(
  f: (x: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  options: CheckGradientOptions = {},
): GradientCheck {
  const rtol = options.rtol ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const analytic = Float64Array.from(tf.tidy(() => tf.grad(f)(x).dataSync()));
  const numeric = numericalGradient(f, x, options);
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < numeric.length; i++) {
    const e = Math.abs(analytic[i] - numeric[i]) / (atol + rtol * Math.abs(numeric[i]));
    if (!(e <= worst)) {
      worst = e;
      worstIndex = i;
    }
  }
  return { analytic, numeric, worst, worstIndex, ok: worst <= 1 };
}

/**
 * Central finite differences of a scalar function of a variable, element by element:
 * ∂f/∂vᵢ ≈ (f(v + h·eᵢ) − f(v − h·eᵢ)) / 2h. The variable is assigned each perturbed
 * value and restored afterwards (also when f throws), so f reads it as a model would.
 */
export function numericalGradientOfVariable(f: () => tf.Scalar, v: tf.Variable, options: FiniteDifferenceOptions = {}): Float64Array {
  const h = options.step ?? 1e-2;
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
      plus[i] += h;
      minus[i] -= h;
      out[i] = (at(plus) - at(minus)) / (plus[i] - minus[i]);
    }
  } finally {
    tf.tidy(() => v.assign(tf.tensor(original, v.shape, 'float32')));
  }
  return out;
}
