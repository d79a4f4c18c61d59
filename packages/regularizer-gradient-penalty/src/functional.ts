import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@gantry/core';

/**
 * Added to Σ g² inside the square root of a gradient norm: ‖g‖ = √(Σ g² + 10⁻¹²).
 * √ has an infinite slope at 0, so a sample whose input gradient is exactly 0 (a dead
 * leakyRelu-free region, a constant critic at initialisation) would give 0/0 = NaN in
 * the penalty's gradient; with the epsilon it gives 0. The value changes by at most
 * 10⁻⁶ (and not at all in float32 once Σ g² ≳ 10⁻⁵). Squared norms (R1/R2) need no epsilon.
 */
export const NORM_EPSILON = 1e-12;

/** How a gradient norm is pulled towards its target. */
export type PenaltyMode = 'two-sided' | 'one-sided';

/**
 * ∇ₓ Σ D(x): the gradient of the sum of D's outputs w.r.t. its input, shaped like x.
 * Row n is the per-sample gradient ∇_{xₙ} D(xₙ) (summed over the sample's logits for
 * PatchGAN-style score maps) as long as D treats samples independently — batch norm
 * in training mode couples them (Gulrajani et al. recommend layer norm for this reason).
 * Taken inside the caller's gradient tape, so the result can be differentiated again
 * (register `@gantry/gradients` first for correct second-order gradients).
 */
export function inputGradient(discriminate: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.grad((u: tf.Tensor) => tf.sum(discriminate(u)))(x);
}

/** Σ over all non-batch axes of g²: ‖gₙ‖², shape [n]. */
export function perSampleSquaredNorms(g: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.reshape(tf.square(g), [g.shape[0], -1]), 1) as tf.Tensor1D);
}

/** ‖gₙ‖₂ = √(Σ gₙ² + {@link NORM_EPSILON}) over all non-batch axes, shape [n]. */
export function perSampleNorms(g: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.add(perSampleSquaredNorms(g), NORM_EPSILON)) as tf.Tensor1D);
}

/**
 * 𝔼ₙ[(‖gₙ‖ − t)²] (`'two-sided'`, Gulrajani et al. 2017, https://arxiv.org/abs/1704.00028
 * eq. 3) or 𝔼ₙ[max(0, ‖gₙ‖ − t)²] (`'one-sided'`, their appendix: only gradients steeper
 * than t are penalised).
 */
export function normPenalty(norms: tf.Tensor1D, target = 1, mode: PenaltyMode = 'two-sided'): tf.Scalar {
  return tf.tidy(() => {
    const excess = tf.sub(norms, target);
    return tf.mean(tf.square(mode === 'one-sided' ? tf.relu(excess) : excess)) as tf.Scalar;
  });
}

/**
 * x̂ = ε·x + (1 − ε)·x̃ with one ε per sample (WGAN-GP's random points on the
 * lines between real and generated samples). `epsilon` has shape [n].
 */
export function interpolate(real: tf.Tensor, fake: tf.Tensor, epsilon: tf.Tensor): tf.Tensor {
  sameShape(real, fake, 'interpolate');
  return tf.tidy(() => {
    const e = tf.reshape(epsilon, [real.shape[0], ...real.shape.slice(1).map(() => 1)]);
    return tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
  });
}

/** ε ~ U[0, 1], one per sample, shape [n], fixed by `seed`. */
export function sampleEpsilon(n: number, seed: number): tf.Tensor1D {
  return tf.randomUniform([n], 0, 1, 'float32', seed);
}

/**
 * DRAGAN's points around the real data (Kodali et al. 2017, https://arxiv.org/abs/1705.07215,
 * as in the authors' code): x_p = x + c·std(x)·u with u ~ U[0, 1] per element and std
 * the standard deviation of all elements of the batch; then, with `alpha` given,
 * x̂ = x + α·(x_p − x) with one α per sample (shape [n]); without it x̂ = x_p.
 */
export function perturb(real: tf.Tensor, c: number, u: tf.Tensor, alpha?: tf.Tensor): tf.Tensor {
  sameShape(real, u, 'perturb');
  return tf.tidy(() => {
    const std = tf.sqrt(tf.moments(real).variance);
    let delta = tf.mul(tf.mul(std, c), u);
    if (alpha) delta = tf.mul(tf.reshape(alpha, [real.shape[0], ...real.shape.slice(1).map(() => 1)]), delta);
    return tf.add(real, delta);
  });
}

/** WGAN-GP: 𝔼[(‖∇_x̂ D(x̂)‖ − t)²] (or one-sided) at x̂ = ε·x + (1 − ε)·x̃. */
export function wganGradientPenalty(
  discriminate: (x: tf.Tensor) => tf.Tensor,
  real: tf.Tensor,
  fake: tf.Tensor,
  epsilon: tf.Tensor,
  options: { readonly target?: number; readonly mode?: PenaltyMode } = {},
): tf.Scalar {
  return tf.tidy(() =>
    normPenalty(perSampleNorms(inputGradient(discriminate, interpolate(real, fake, epsilon))), options.target, options.mode),
  );
}

/** R1/R2 (Mescheder et al. 2018, https://arxiv.org/abs/1801.04406): 𝔼ₙ[‖∇ₓ D(xₙ)‖²], unweighted. */
export function squaredGradientPenalty(discriminate: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(perSampleSquaredNorms(inputGradient(discriminate, x))) as tf.Scalar);
}

function sameShape(a: tf.Tensor, b: tf.Tensor, what: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeMismatchError(
      `${what} needs tensors of one shape, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}].`,
    );
  }
}
