import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '@gantry/core';

/** Standard deviation of the initial weights: N(0, 0.02²), CycleGAN's and pix2pix's `init_type='normal'`. */
export const INIT_STD = 0.02;

/**
 * The variables of one network, created in a fixed order from one seed: each
 * kernel is drawn from N(0, {@link INIT_STD}²) with a seed derived from the
 * network's seed and its index, biases start at zero. The order is the
 * checkpoint order.
 */
export class Parameters {
  readonly variables: tf.Variable[] = [];

  constructor(private readonly seed: number) {}

  /** A convolution kernel `[kh, kw, in, out]` (or a transposed one, `[kh, kw, out, in]`). */
  kernel(shape: [number, number, number, number]): tf.Variable<tf.Rank.R4> {
    const v = tf.variable(tf.randomNormal(shape, 0, INIT_STD, 'float32', deriveSeed(this.seed, 'kernel', this.variables.length)));
    this.variables.push(v);
    return v as tf.Variable<tf.Rank.R4>;
  }

  /** A bias of `n` zeros. */
  bias(n: number): tf.Variable<tf.Rank.R1> {
    const v = tf.variable(tf.zeros([n]));
    this.variables.push(v);
    return v as tf.Variable<tf.Rank.R1>;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
