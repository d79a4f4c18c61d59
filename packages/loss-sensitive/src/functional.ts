import * as tf from '@tensorflow/tfjs-core';
import { checkEnum, checkNumber, ShapeMismatchError } from '@gantry/core';

/** How the margin Δ(x, G(z)) measures the distance between a real and a generated sample. */
export type MarginDistance = 'l1' | 'l2';

/**
 * How D's raw outputs become the loss values L_θ ≥ 0: `'softplus'` (default),
 * `'relu'` (the author's reference code), or `'identity'` (raw logits; L_D is then
 * unbounded below, see {@link LossSensitiveObjective}).
 */
export type LossActivation = 'softplus' | 'relu' | 'identity';

/** Options of {@link lossSensitiveMargin}. */
export interface MarginOptions {
  /** `'l1'` (default): mean |x − G(z)| over a sample's elements; `'l2'`: their root mean square. */
  readonly distance?: MarginDistance;
  /** Factor on the distance (the reference code's τ). Default 1. */
  readonly scale?: number;
}

/**
 * The data-dependent margin of LS-GAN (Qi 2017, https://arxiv.org/abs/1701.06264),
 * one value per pair (x_i, G(z_i)), shape `[n]`:
 *
 * - `'l1'`: Δ_i = scale · (1/d)·Σ_k |x_ik − G(z_i)_k|   (mean absolute difference),
 * - `'l2'`: Δ_i = scale · √((1/d)·Σ_k (x_ik − G(z_i)_k)²) (root mean square difference),
 *
 * over the d elements of one sample. Both are distances (norms divided by d or √d),
 * so the margin does not grow with the image size; the paper uses the L1 distance.
 * Real and fake batches must have one shape (the i-th real sample is paired with the
 * i-th generated one).
 */
export function lossSensitiveMargin(real: tf.Tensor, fake: tf.Tensor, options: MarginOptions = {}): tf.Tensor1D {
  const distance = checkEnum('lossSensitiveMargin', 'distance', options.distance ?? 'l1', ['l1', 'l2'] as const);
  const scale = checkNumber('lossSensitiveMargin', 'scale', options.scale ?? 1, { above: 0 });
  if (!sameShape(real.shape, fake.shape)) {
    throw new ShapeMismatchError(
      `The LS-GAN margin pairs each real sample with a generated one, so real and fake batches must have one shape; ` +
        `got [${real.shape.join(', ')}] and [${fake.shape.join(', ')}].`,
    );
  }
  return tf.tidy(() => {
    const diff = tf.reshape(tf.sub(real, fake), [real.shape[0], -1]);
    const d = distance === 'l1' ? tf.mean(tf.abs(diff), 1) : tf.sqrt(tf.mean(tf.square(diff), 1));
    return (scale === 1 ? d : tf.mul(d, scale)) as tf.Tensor1D;
  });
}

/**
 * L_θ of each sample, shape `[n]`: the activation of D's outputs, averaged over
 * any non-batch axes (one value for a `[n, 1]` output, the map mean for a score map).
 */
export function sampleLosses(logits: tf.Tensor, activation: LossActivation = 'softplus'): tf.Tensor1D {
  const act = checkEnum('sampleLosses', 'activation', activation, ['softplus', 'relu', 'identity'] as const);
  return tf.tidy(() => {
    const v = act === 'softplus' ? tf.softplus(logits) : act === 'relu' ? tf.relu(logits) : logits;
    return tf.mean(tf.reshape(v, [logits.shape[0], -1]), 1) as tf.Tensor1D;
  });
}

/**
 * The loss function's objective of LS-GAN (Qi 2017, https://arxiv.org/abs/1701.06264,
 * the problem min_θ S(θ, φ*)):
 *
 * L_D = 𝔼_x[L_θ(x)] + λ·𝔼_{x,z}[(Δ(x, G(z)) + L_θ(x) − L_θ(G(z)))₊],
 *
 * from per-sample losses `realLosses`, `fakeLosses` and `margins` (all `[n]`). The
 * hinge asks every real sample's loss to be smaller than its paired fake sample's
 * by at least the margin Δ; the first term keeps real losses small.
 * Gradient w.r.t. L_θ(x_i): (1 + λ·1[h_i > 0])/n; w.r.t. L_θ(G(z_i)): −λ·1[h_i > 0]/n,
 * with h_i the hinge's argument. Margins get no gradient (they do not depend on θ).
 */
export function lossSensitiveDiscriminatorLoss(
  realLosses: tf.Tensor,
  fakeLosses: tf.Tensor,
  margins: tf.Tensor,
  lambda = 1,
): tf.Scalar {
  const l = checkNumber('lossSensitiveDiscriminatorLoss', 'lambda', lambda, { above: 0 });
  if (!sameShape(realLosses.shape, fakeLosses.shape) || !sameShape(realLosses.shape, margins.shape)) {
    throw new ShapeMismatchError(
      `lossSensitiveDiscriminatorLoss needs per-sample real losses, fake losses and margins of one shape, got ` +
        `[${realLosses.shape.join(', ')}], [${fakeLosses.shape.join(', ')}] and [${margins.shape.join(', ')}].`,
    );
  }
  return tf.tidy(() => {
    const hinge = tf.relu(tf.sub(tf.add(margins, realLosses), fakeLosses));
    return tf.add(tf.mean(realLosses), tf.mul(tf.mean(hinge), l));
  });
}

/**
 * The generator's objective of LS-GAN (Qi 2017, https://arxiv.org/abs/1701.06264,
 * min_φ T(θ*, φ)): L_G = 𝔼_z[L_θ(G(z))], from per-sample losses. Gradient 1/n.
 */
export function lossSensitiveGeneratorLoss(fakeLosses: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(fakeLosses));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
