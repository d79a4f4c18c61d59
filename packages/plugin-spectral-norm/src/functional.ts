import * as tf from '@tensorflow/tfjs-core';

/**
 * ε of the L2 normalisations, x / max(‖x‖₂, ε): 1e-12 as in PyTorch's
 * `spectral_norm`. It only matters for an all-zero kernel, where it keeps u and v
 * finite (zero) instead of NaN.
 */
export const DEFAULT_EPSILON = 1e-12;

/** Options of {@link powerIteration} and {@link spectralNormalize}. */
export interface PowerIterationOptions {
  /** Power iterations per call; default 1 (Miyato et al. 2018 — u persists, so one per step suffices). */
  readonly iterations?: number;
  /** ε of the normalisations; default {@link DEFAULT_EPSILON}. */
  readonly epsilon?: number;
}

/** What one power-iteration pass yields. */
export interface PowerIterationResult {
  /** The updated left singular vector estimate u ∈ ℝ^out, ‖u‖ = 1. */
  readonly u: tf.Tensor1D;
  /** The right singular vector estimate v ∈ ℝ^d, ‖v‖ = 1. */
  readonly v: tf.Tensor1D;
}

/** What {@link spectralNormalize} returns. */
export interface SpectralNormalizeResult {
  /** W_SN = W / σ(W), the kernel's shape. */
  readonly kernel: tf.Tensor;
  /** σ(W) ≈ uᵀ W_mat v, a scalar (gradient flows through W only). */
  readonly sigma: tf.Scalar;
  /** The updated u, to be stored for the next call. */
  readonly u: tf.Tensor1D;
}

/** x / max(‖x‖₂, ε). */
export function l2Normalize(x: tf.Tensor, epsilon = DEFAULT_EPSILON): tf.Tensor {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x), epsilon)));
}

/**
 * The kernel as the matrix M = W_matᵀ ∈ ℝ^{d × out}, with out its last axis:
 * `reshape(K, [−1, out])`.
 *
 * - Dense kernel `[in, out]` (y = x K): M = K, W_mat = Kᵀ ∈ ℝ^{out × in}, the
 *   matrix of y = W_mat x (PyTorch's `Linear.weight`).
 * - Conv2D kernel `[kh, kw, in, out]`: M = reshape(K, [kh·kw·in, out]), so
 *   W_mat = Mᵀ ∈ ℝ^{out × kh·kw·in}. PyTorch reshapes its `[out, in, kh, kw]`
 *   weight to (out, in·kh·kw), i.e. W_mat' = reshape(transpose(K, [3, 2, 0, 1]), [out, −1]);
 *   the two differ only by a permutation of columns, which leaves the singular
 *   values and u unchanged (v is permuted). Working on M avoids a transpose per step.
 *
 * As in SN-GAN, this is the spectral norm of the reshaped kernel, not of the
 * convolution operator itself (which can be up to kh·kw times larger).
 */
export function kernelMatrix(kernel: tf.Tensor): tf.Tensor2D {
  const out = kernel.shape[kernel.rank - 1];
  return tf.reshape(kernel, [-1, out]);
}

/**
 * Power iteration on W_mat = Mᵀ (M = {@link kernelMatrix}(kernel)), starting from u
 * (Miyato et al. 2018, https://arxiv.org/abs/1802.05957, Algorithm 1):
 *
 * v ← normalize(W_matᵀ u) = normalize(M u),   u ← normalize(W_mat v) = normalize(Mᵀ v),
 *
 * repeated `iterations` times. u and v converge to the leading singular vectors.
 * Both are returned WITHOUT gradient (stop-gradient, as in the paper's
 * implementation): the ops run inside a `customGrad` whose gradient is zero, so
 * the tape records one node instead of the whole iteration.
 */
export function powerIteration(kernel: tf.Tensor, u: tf.Tensor, options: PowerIterationOptions = {}): PowerIterationResult {
  const iterations = options.iterations ?? 1;
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  const out = kernel.shape[kernel.rank - 1];
  const d = kernel.size / out;
  if (u.size !== out) {
    throw new RangeError(`powerIteration: u has ${u.size} entries, but the kernel has ${out} outputs (its last axis).`);
  }
  // One tensor [v; u] so a single customGrad node covers the whole iteration.
  const iterate = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [w, u0] = args as [tf.Tensor, tf.Tensor];
    const value = tf.tidy(() => {
      const m = kernelMatrix(w);
      let uk = tf.reshape(u0, [out, 1]);
      let vk: tf.Tensor = tf.zeros([d, 1]);
      for (let i = 0; i < iterations; i++) {
        vk = l2Normalize(tf.matMul(m, uk), epsilon);
        uk = l2Normalize(tf.matMul(m, vk, true, false), epsilon);
      }
      return tf.concat([tf.reshape(vk, [d]), tf.reshape(uk, [out])]);
    });
    return { value, gradFunc: () => [tf.zerosLike(w), tf.zerosLike(u0)] };
  });
  return tf.tidy(() => {
    const vu = iterate(kernel, tf.reshape(u, [out]));
    return { v: tf.slice(vu, [0], [d]) as tf.Tensor1D, u: tf.slice(vu, [d], [out]) as tf.Tensor1D };
  });
}

/**
 * Spectral normalization (Miyato et al. 2018, https://arxiv.org/abs/1802.05957, eq. 8):
 *
 * W_SN = W / σ(W),   σ(W) ≈ uᵀ W_mat v = vᵀ M u,
 *
 * with u, v from {@link powerIteration} (started from the stored u). u and v are
 * constants for the gradient, so ∂σ/∂W_mat = u vᵀ and
 * ∂W_SN/∂W = (I − W_SN ⊗ u vᵀ)/σ — the gradient of the paper's eq. 12.
 * Returns the normalised kernel, σ and the new u (store it to persist the iteration).
 */
export function spectralNormalize(kernel: tf.Tensor, u: tf.Tensor, options: PowerIterationOptions = {}): SpectralNormalizeResult {
  return tf.tidy(() => {
    const { u: u1, v } = powerIteration(kernel, u, options);
    const m = kernelMatrix(kernel);
    const sigma = tf.sum(tf.mul(tf.reshape(v, [-1, 1]), tf.matMul(m, tf.reshape(u1, [-1, 1])))) as tf.Scalar;
    return { kernel: tf.div(kernel, sigma), sigma, u: u1 };
  });
}
