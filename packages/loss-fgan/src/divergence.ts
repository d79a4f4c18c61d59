import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, show } from '@gantry/core';

/**
 * An f-divergence as f-GAN needs it (Nowozin et al. 2016, https://arxiv.org/abs/1606.00709):
 *
 * D_f(P ‖ Q) = ∫ q(x) f(p(x)/q(x)) dx,  f convex (usually with f(1) = 0),
 *
 * estimated through the variational (Fenchel) lower bound
 *
 * D_f(P ‖ Q) ≥ sup_T 𝔼_P[T(x)] − 𝔼_Q[f*(T(x))],  f*(t) = sup_u { u·t − f(u) },
 *
 * which is tight at T*(x) = f′(p(x)/q(x)). The discriminator outputs an unconstrained
 * value v and T = g_f(v), where the output activation g_f maps ℝ into dom f*.
 */
export interface Divergence {
  /** Name the divergence is selected by (option `divergence`), e.g. `'kl'`. */
  readonly name: string;
  /** One line for docs and error messages. */
  readonly description?: string;
  /** Output activation g_f: ℝ → dom f*, elementwise on the discriminator's raw output v. */
  activation(v: tf.Tensor): tf.Tensor;
  /** Fenchel conjugate f*(t), elementwise, for t ∈ dom f* (outside it the value is meaningless). */
  conjugate(t: tf.Tensor): tf.Tensor;
  /**
   * f*(g_f(v)) in one numerically stable expression (e.g. softplus(v) for the GAN row,
   * where −log(1 − exp(−softplus(−v))) would round to log 0). Filled in by
   * {@link defineDivergence} as `conjugate(activation(v))` when not given.
   */
  activatedConjugate(v: tf.Tensor): tf.Tensor;
  /** The generator function f(u), u > 0, on plain numbers (docs, tests, exact divergences). */
  f(u: number): number;
  /** f′(u), if known: the optimal critic is T*(x) = f′(p(x)/q(x)). */
  fPrime?(u: number): number;
}

/** What {@link defineDivergence} takes: a {@link Divergence} whose fused form is optional. */
export interface DivergenceSpec {
  readonly name: string;
  readonly description?: string;
  activation(v: tf.Tensor): tf.Tensor;
  conjugate(t: tf.Tensor): tf.Tensor;
  activatedConjugate?(v: tf.Tensor): tf.Tensor;
  f(u: number): number;
  fPrime?(u: number): number;
}

/**
 * Makes a {@link Divergence} from its parts, checking them, so that any f works with
 * the f-GAN objective without editing this package:
 *
 * ```ts
 * // α = 2 "half Pearson": f(u) = (u − 1)²/2, f*(t) = t²/2 + t, g_f(v) = v.
 * const halfPearson = defineDivergence({
 *   name: 'half-pearson',
 *   activation: (v) => v,
 *   conjugate: (t) => tf.add(tf.mul(tf.square(t), 0.5), t),
 *   f: (u) => 0.5 * (u - 1) ** 2,
 * });
 * ```
 *
 * Register it with `[fganPlugin, { divergences: [halfPearson] }]`, with a plugin of
 * your own that calls {@link provideDivergence}, or pass it to `new FGanObjective`.
 * The activation must map all of ℝ into dom f* (else the bound is undefined), and
 * the tensor functions must be differentiable tfjs ops.
 */
export function defineDivergence(spec: DivergenceSpec): Divergence {
  if (spec === null || typeof spec !== 'object') {
    throw new ConfigError(`defineDivergence needs an object { name, activation, conjugate, f }, got ${show(spec)}.`);
  }
  if (typeof spec.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(spec.name)) {
    throw new ConfigError(
      `A divergence's name must be a non-empty string of letters, digits, '.', '_' or '-', got ${show(spec.name)}.`,
    );
  }
  for (const key of ['activation', 'conjugate', 'f'] as const) {
    if (typeof spec[key] !== 'function') {
      throw new ConfigError(`Divergence '${spec.name}' needs a function '${key}', got ${show(spec[key])}.`);
    }
  }
  for (const key of ['activatedConjugate', 'fPrime'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'function') {
      throw new ConfigError(`Divergence '${spec.name}': '${key}' must be a function if given, got ${show(spec[key])}.`);
    }
  }
  // f(1) = 0 makes D_f(P ‖ P) = 0, but the GAN row of Table 2 has f(1) = −log 4 on
  // purpose, so only check that f is a real function of plain numbers.
  const atOne = spec.f(1);
  if (typeof atOne !== 'number' || !Number.isFinite(atOne)) {
    throw new ConfigError(`Divergence '${spec.name}': f(1) must be a finite number, got ${show(atOne)}.`);
  }
  const { activation, conjugate } = spec;
  const fused = spec.activatedConjugate;
  return Object.freeze({
    name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    activation: (v: tf.Tensor) => activation(v),
    conjugate: (t: tf.Tensor) => conjugate(t),
    activatedConjugate: fused ? (v: tf.Tensor) => fused(v) : (v: tf.Tensor) => tf.tidy(() => conjugate(activation(v))),
    f: spec.f,
    ...(spec.fPrime ? { fPrime: spec.fPrime } : {}),
  });
}

/** True for values shaped like a {@link Divergence} (e.g. passed in code as `divergence`). */
export function isDivergence(value: unknown): value is Divergence {
  if (value === null || typeof value !== 'object') return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.name === 'string' &&
    typeof d.activation === 'function' &&
    typeof d.conjugate === 'function' &&
    typeof d.activatedConjugate === 'function' &&
    typeof d.f === 'function'
  );
}
