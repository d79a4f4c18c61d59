import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, intOption, type OptionRecord } from '@gantry/core';

/** What a conditional factory takes from the build environment (all optional for code users). */
export interface ConditionalEnvironment {
  /** Seed of the weight initialisation; default 0. */
  readonly seed?: number;
  /** Shape of one data sample, e.g. `[28, 28, 1]`. */
  readonly sampleShape?: readonly number[];
  /** Number of classes of the (labelled) data set. */
  readonly numClasses?: number;
}

/**
 * The number of classes K a conditional network is built for: the data set's
 * `numClasses`, or the option `numClasses` when no data is known (code users).
 * Both must agree when both are given.
 *
 * @throws ConfigError when neither is known (the data set has no labels), or they differ.
 */
export function resolveNumClasses(component: string, o: OptionRecord, env: ConditionalEnvironment): number {
  const own = intOption(component, o, 'numClasses', 0, { min: 2, hint: '(the number of classes of the labels)' });
  const fromData = env.numClasses;
  if (fromData === undefined || fromData === 0) {
    if (own) return own;
    throw new ConfigError(
      `${component} is class-conditional (cGAN) and needs labelled data, but the data set has no labels ` +
        "(numClasses unknown). Train it on a labelled data set such as 'mnist' or 'fashion-mnist', " +
        "or set option 'numClasses' when building it in code.",
    );
  }
  if (!Number.isInteger(fromData) || fromData < 2) {
    throw new ConfigError(`${component}: the data set declares numClasses ${fromData}; a conditional network needs a whole number ≥ 2.`);
  }
  if (own && own !== fromData) {
    throw new ConfigError(
      `${component}: option 'numClasses' is ${own}, but the data set has ${fromData} classes. Remove 'numClasses' to follow the data.`,
    );
  }
  return fromData;
}

/**
 * The one-hot code of class labels, float32 `[n, K]`: row i is e_{yᵢ}. A one-hot
 * vector times a weight matrix E (a dense layer without bias) is the row E[yᵢ],
 * i.e. a learned label embedding, so the same input serves both encodings.
 *
 * Checks what a silent `tf.oneHot` would not: labels present, int32, shape `[n]`
 * matching the batch, values in 0 … K−1 (an out-of-range label would give a zero
 * row, i.e. a class that does not exist). Reads the n labels (a small sync).
 *
 * @throws ConfigError naming `owner` and what is wrong.
 */
export function oneHotLabels(owner: string, labels: tf.Tensor | undefined, numClasses: number, batch: number): tf.Tensor2D {
  if (!labels) {
    throw new ConfigError(
      `${owner} is class-conditional (cGAN) and needs class labels, but none were given. ` +
        'Train on a labelled data set (its batches carry labels), and pass labels when sampling: ' +
        'trainer.sample(n, seed, { labels }) (the trainer and the CLI do this by default).',
    );
  }
  if (labels.dtype !== 'int32') {
    throw new ConfigError(`${owner}: class labels must be int32, got ${labels.dtype}. Cast them with tf.cast(labels, 'int32').`);
  }
  if (labels.rank !== 1 || labels.shape[0] !== batch) {
    throw new ConfigError(
      `${owner}: class labels must have shape [${batch}] (one per sample), got [${labels.shape.join(', ')}].`,
    );
  }
  const values = labels.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < numClasses)) {
      throw new ConfigError(
        `${owner}: label ${v} at position ${i} is outside 0 … ${numClasses - 1} (it was built for ${numClasses} classes).`,
      );
    }
  }
  // Cast instead of oneHot(..., 'float32'): tfjs-backend-wasm 4.22 writes the int32 bits of 1
  // into a float32 one-hot (1.4e-45, i.e. all zeros in effect), which silently unconditions a cGAN.
  return tf.tidy(() => tf.cast(tf.oneHot(labels as tf.Tensor1D, numClasses), 'float32') as tf.Tensor2D);
}
