import * as tf from '@tensorflow/tfjs-core';
import { Adam, ConfigError, type Generator } from '@gantry/core';

/** Options of {@link recoverLatent}. */
export interface RecoverLatentOptions {
  /** Adam steps; default 500. */
  readonly steps?: number;
  /** Adam's learning rate; default 0.01 (z lives in [−1, 1]). */
  readonly learningRate?: number;
  /** Seed of the starting codes z₀ ~ p(z); default 0. */
  readonly seed?: number;
  /** Box of z: after every step z is clipped to [−bound, bound]; default 1 (BEGAN's U(−1, 1) prior). */
  readonly bound?: number;
}

/** What {@link recoverLatent} returns. */
export interface RecoveredLatent {
  /** The codes, `[batch, ...latentShape]` (the caller disposes). */
  readonly z: tf.Tensor;
  /** mean |x − G(z₀)| before the first step. */
  readonly initialError: number;
  /** mean |x − G(z)| after the last step. */
  readonly finalError: number;
}

/**
 * Finds latent codes for given images, as BEGAN does to test how well G covers the
 * data (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717 §4.2): minimise
 *
 * z_x = argmin_z |x − G(z)|  (mean L1, per sample)
 *
 * by Adam over z only (G's weights are untouched; G runs in inference mode), starting
 * from z₀ ~ p(z) and clipping z to [−1, 1] after each step so it stays in the
 * prior's support. Codes of a batch are independent (G has no batch coupling in
 * inference mode), so one call recovers many images.
 */
export function recoverLatent(generator: Generator, images: tf.Tensor, options: RecoverLatentOptions = {}): RecoveredLatent {
  const steps = options.steps ?? 500;
  const learningRate = options.learningRate ?? 0.01;
  const bound = options.bound ?? 1;
  if (!Number.isInteger(steps) || steps < 0) throw new ConfigError(`recoverLatent: 'steps' must be a whole number ≥ 0, got ${String(steps)}.`);
  if (!(learningRate > 0)) throw new ConfigError(`recoverLatent: 'learningRate' must be positive, got ${String(learningRate)}.`);
  if (!(bound > 0)) throw new ConfigError(`recoverLatent: 'bound' must be positive, got ${String(bound)}.`);
  const n = images.shape[0];
  const start = tf.tidy(() => tf.clipByValue(generator.prior.sample(n, options.seed ?? 0), -bound, bound));
  const z = tf.variable(start);
  start.dispose();
  const optimizer = new Adam({ name: 'adam', learningRate });
  const error = () => tf.mean(tf.abs(tf.sub(images, generator.apply({ z }, { training: false })))) as tf.Scalar;
  try {
    const initialError = tf.tidy(() => error().dataSync()[0]);
    for (let step = 0; step < steps; step++) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(error, [z]);
        optimizer.update([z], [grads[z.name]]);
        z.assign(tf.clipByValue(z, -bound, bound));
        value.dispose();
      });
    }
    const finalError = tf.tidy(() => error().dataSync()[0]);
    return { z: tf.clone(z), initialError, finalError };
  } finally {
    optimizer.dispose();
    z.dispose();
  }
}

/**
 * `count` codes on the segment from zA to zB: z_i = (1 − t_i)·zA + t_i·zB with
 * t_i = i/(count − 1), shape `[count, ...latentShape]`. zA, zB are one code each
 * (`[...latentShape]` or `[1, ...latentShape]`).
 */
export function interpolateLatents(zA: tf.Tensor, zB: tf.Tensor, count: number): tf.Tensor {
  if (!Number.isInteger(count) || count < 2) throw new ConfigError(`interpolateLatents: 'count' must be a whole number ≥ 2, got ${String(count)}.`);
  return tf.tidy(() => {
    const a = zA.shape[0] === 1 && zA.rank > 1 ? tf.squeeze(zA, [0]) : zA;
    const b = zB.shape[0] === 1 && zB.rank > 1 ? tf.squeeze(zB, [0]) : zB;
    const t = tf.reshape(tf.linspace(0, 1, count), [count, ...a.shape.map(() => 1)]);
    return tf.add(tf.mul(tf.sub(1, t), tf.expandDims(a, 0)), tf.mul(t, tf.expandDims(b, 0)));
  });
}

/** Options of {@link latentInterpolation}. */
export interface LatentInterpolationOptions extends RecoverLatentOptions {
  /** Images in the strip, both ends included; default 8. */
  readonly count?: number;
}

/** What {@link latentInterpolation} returns (the caller disposes the tensors). */
export interface LatentInterpolation {
  /** G(z_i) along the segment, `[count, h, w, c]`, in G's output range. */
  readonly images: tf.Tensor;
  /** The two recovered codes, `[2, ...latentShape]`. */
  readonly codes: tf.Tensor;
  /** mean |x − G(z)| of the recovery, before and after. */
  readonly initialError: number;
  readonly finalError: number;
}

/**
 * BEGAN's interpolation test (Berthelot et al. 2017, §4.2, Fig. 4): recover the codes
 * of two real images with {@link recoverLatent}, then generate the images along the
 * segment between them (inference mode). A smooth strip suggests G generalises
 * rather than memorises. Write it with core's `imageGrid(images, { columns: count })`
 * and `encodePng`.
 */
export function latentInterpolation(
  generator: Generator,
  imageA: tf.Tensor,
  imageB: tf.Tensor,
  options: LatentInterpolationOptions = {},
): LatentInterpolation {
  const count = options.count ?? 8;
  const pair = tf.tidy(() => tf.stack([squeezeBatch(imageA), squeezeBatch(imageB)]));
  const recovered = recoverLatent(generator, pair, options);
  pair.dispose();
  const images = tf.tidy(() => {
    const [a, b] = tf.unstack(recovered.z);
    return generator.apply({ z: interpolateLatents(a, b, count) }, { training: false });
  });
  return { images, codes: recovered.z, initialError: recovered.initialError, finalError: recovered.finalError };
}

/** `[1, h, w, c]` → `[h, w, c]`; `[h, w, c]` unchanged. */
function squeezeBatch(image: tf.Tensor): tf.Tensor {
  return image.rank === 4 ? tf.squeeze(image, [0]) : image;
}
