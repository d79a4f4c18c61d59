import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@gantry/core';

/**
 * Mean absolute error over every element (batch included):
 *
 *   L₁(a, b) = (1/N) Σᵢ |aᵢ − bᵢ|,  N = number of elements,
 *
 * pix2pix's 𝔼_{x,y,z}‖y − G(x, z)‖₁ (Isola et al. 2017, https://arxiv.org/abs/1611.07004
 * eq. 3), normalised per pixel as the reference implementation's `L1Loss` does,
 * so λ = 100 means the same whatever the image size.
 *
 * @throws ShapeMismatchError when the shapes differ (no broadcasting: it would hide a bug).
 */
export function meanAbsoluteError(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeMismatchError(`L1 distance of tensors of different shapes: [${a.shape.join(', ')}] and [${b.shape.join(', ')}].`);
  }
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar);
}
