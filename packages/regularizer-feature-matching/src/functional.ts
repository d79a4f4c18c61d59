import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@gantry/core';

/**
 * The identity whose gradient is zero: the value is treated as a constant by
 * every gradient computation (TensorFlow's `stop_gradient`, PyTorch's `detach`).
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  // customGrad's inputs are typed loosely (tensors or a save function); only x is passed.
  const f = tf.customGrad((...inputs) => ({ value: tf.clone(inputs[0] as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) }));
  return f(x) as T;
}

/**
 * pix2pixHD's feature-matching loss (Wang et al. 2018, https://arxiv.org/abs/1711.11585 eq. 4),
 *
 *   L_FM = Σᵢ (1/Nᵢ) ‖fᵢ(real) − fᵢ(fake)‖₁,
 *
 * summed over every feature tensor i (every layer of every discriminator scale),
 * each an element mean (Nᵢ = number of elements of layer i, batch included). The
 * real features go through {@link stopGradient}: they are targets, so the
 * gradient flows to the fake side only (the reference implementation's `detach()`).
 *
 * @throws ShapeMismatchError when the two lists differ in length or a pair in shape.
 */
export function featureMatchingLoss(real: readonly tf.Tensor[], fake: readonly tf.Tensor[]): tf.Scalar {
  if (real.length !== fake.length) {
    throw new ShapeMismatchError(`Feature matching needs as many real as fake features, got ${real.length} and ${fake.length}.`);
  }
  real.forEach((r, i) => {
    const f = fake[i];
    if (r.shape.length !== f.shape.length || r.shape.some((d, k) => d !== f.shape[k])) {
      throw new ShapeMismatchError(`Feature ${i}: real [${r.shape.join(', ')}] and fake [${f.shape.join(', ')}] differ in shape.`);
    }
  });
  return tf.tidy(() => {
    const terms = real.map((r, i) => tf.mean(tf.abs(tf.sub(stopGradient(r), fake[i]))));
    return (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
  });
}
