import * as tf from '@tensorflow/tfjs-core';

/**
 * pix2pixHD's downsampling between discriminator scales (Wang et al. 2018,
 * https://arxiv.org/abs/1711.11585 §3.2): a 3 × 3 average pool with stride 2 and
 * TensorFlow's 'same' padding (for an even side the one padded row/column goes after
 * the image; the reference PyTorch code pads one on each side), padded pixels left
 * out of the average as there, so a side s becomes ⌈s/2⌉.
 */
export function downsample(x: tf.Tensor): tf.Tensor4D {
  return tf.avgPool(x as tf.Tensor4D, 3, 2, 'same');
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Puts the logit maps of several scales into one tensor whose element mean is
 * the mean of the per-scale means:
 *
 *   mean(combineScales(l₁, …, l_S)) = (1/S) Σₛ mean(lₛ),  and likewise for any
 *   element-wise loss f: mean f(combined) = (1/S) Σₛ mean f(lₛ).
 *
 * Each map `[n, hₛ, wₛ, 1]` is flattened to `[n, mₛ]`, tiled to a common length
 * L = lcm(m₁, …, m_S) and the results stacked to `[n, L, S]`. So objectives that
 * average a logit map over all its elements (minimax, least squares, hinge) weigh
 * every scale equally, as pix2pixHD's sum of per-scale losses does (up to the
 * constant 1/S), instead of letting the largest map dominate by its size.
 */
export function combineScales(maps: readonly tf.Tensor[]): tf.Tensor3D {
  return tf.tidy(() => {
    const n = maps[0].shape[0];
    const sizes = maps.map((m) => m.size / n);
    const length = sizes.reduce((l, m) => (l * m) / gcd(l, m), 1);
    const flat = maps.map((m, s) => tf.tile(tf.reshape(m, [n, sizes[s]]), [1, length / sizes[s]]));
    return tf.stack(flat, 2) as tf.Tensor3D;
  });
}
