import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from '@gantry/core';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link SeededDropout}. */
export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of units dropped, in [0, 1). */
  readonly rate: number;
  /** Seed of the masks. */
  readonly seed: number;
}

/**
 * Inverted dropout, y = x ⊙ m / (1 − p) with m ~ Bernoulli(1 − p), active only
 * when the model is applied with `training: true` (Srivastava et al. 2014).
 *
 * Why not tfjs-layers' `Dropout`: with a seed it draws the same mask on every
 * call (no noise at all), without one it uses `Math.random` (runs not
 * reproducible). Here call k draws its mask with seed `deriveSeed(seed, k)`:
 * fresh noise each call, the same sequence in every run with the same seed. (A
 * resumed run restarts the count, so its dropout noise differs from an
 * uninterrupted run's — it is noise either way.)
 */
export class SeededDropout extends tfl.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className = 'GantryPix2pixSeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs['training'] || this.rate === 0) return x;
    const seed = deriveSeed(this.seed, this.calls++) || 1;
    return tf.tidy(() => {
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate), 'float32');
      return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(SeededDropout, 'gantry');
