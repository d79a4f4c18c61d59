import * as tf from '@tensorflow/tfjs-core';

/** ε of {@link instanceNorm}: PyTorch's `InstanceNorm2d` default, which CycleGAN's reference code uses. */
export const INSTANCE_NORM_EPSILON = 1e-5;

/**
 * Instance normalisation (Ulyanov et al. 2016, https://arxiv.org/abs/1607.08022) of an
 * NHWC tensor: every channel of every sample is normalised over its own pixels,
 *
 *   y_{nhwc} = (x_{nhwc} − μ_{nc}) / √(σ²_{nc} + ε),   μ_{nc}, σ²_{nc} over (h, w),
 *
 * without learned scale and shift (CycleGAN's reference code uses `affine=False`).
 * Unlike batch norm it has no batch statistics, so training and inference agree and
 * one sample's translation does not depend on the rest of the batch. tfjs-layers has
 * no instance-norm layer, hence this op.
 */
export function instanceNorm(x: tf.Tensor4D, epsilon = INSTANCE_NORM_EPSILON): tf.Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))) as tf.Tensor4D;
  });
}

/**
 * Reflection padding of the two spatial axes by `p` pixels: the border rows and
 * columns are mirrored without repeating the edge (`[a b c] → [b | a b c | b]` for
 * p = 1). CycleGAN pads this way before its 7 × 7 and residual 3 × 3 convolutions,
 * which avoids the dark frame zero padding draws around translated images.
 */
export function reflectionPad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  if (p === 0) return x;
  return tf.mirrorPad(x, [[0, 0], [p, p], [p, p], [0, 0]], 'reflect');
}

/**
 * A k × k stride-1 convolution that keeps the spatial size: reflection padding by
 * ⌊k/2⌋ then a 'valid' convolution, or, with `reflect = false`, 'same' (zero) padding.
 */
export function paddedConv(x: tf.Tensor4D, kernel: tf.Tensor4D, reflect: boolean): tf.Tensor4D {
  const k = kernel.shape[0];
  return reflect ? tf.conv2d(reflectionPad(x, (k - 1) >> 1), kernel, 1, 'valid') : tf.conv2d(x, kernel, 1, 'same');
}
