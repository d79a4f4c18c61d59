import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from './data.js';
import { ConfigError, ShapeMismatchError } from './errors.js';
import type { Discriminator, Generator } from './network.js';

/**
 * Checks, before any training, that the parts of a run produce what they declare:
 * a real batch has the declared shape, float32 values inside the declared range; the
 * generator's samples have its declared shape and float32 dtype; the discriminator
 * gives finite float32 logits. Declarations can lie (a data set that forgot to scale
 * its pixels, a network that casts to int) and the trainer would then fail far from
 * the cause or, worse, train on nonsense. Costs one small forward pass.
 */
export function probeRun(dataset: Dataset, generator: Generator, discriminator: Discriminator | undefined): void {
  tf.tidy(() => {
    const n = Math.min(2, dataset.size);
    const batch = dataset.batch(Array.from({ length: n }, (_, i) => i));
    const x = batch.x;
    const expected = [n, ...dataset.sampleShape];
    if (x.shape.length !== expected.length || x.shape.some((d, i) => d !== expected[i])) {
      throw new ShapeMismatchError(
        `Data set '${dataset.name}' declares samples of shape [${dataset.sampleShape.join(', ')}] but its batch of ${n} has shape [${x.shape.join(', ')}].`,
      );
    }
    if (x.dtype !== 'float32') throw new ConfigError(`Data set '${dataset.name}' returns ${x.dtype} samples; Gantry trains on float32.`);
    const [lo, hi] = dataset.range;
    const values = x.dataSync();
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (!Number.isFinite(v)) throw new ConfigError(`Data set '${dataset.name}' contains a non-finite value (${v}).`);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const slack = 1e-4 * (hi - lo);
    if (min < lo - slack || max > hi + slack) {
      throw new ConfigError(
        `Data set '${dataset.name}' declares values in [${lo}, ${hi}] but a batch has values in [${min}, ${max}]: ` +
          'scale the data (e.g. pixels to [-1, 1] for a tanh generator) or declare its true range.',
      );
    }
    const fake = generator.apply({ z: generator.prior.sample(n, 0), ...(batch.labels ? { labels: batch.labels } : {}), ...(batch.source ? { source: batch.source } : {}) }, { training: false });
    const made = [n, ...generator.outputShape];
    if (fake.shape.length !== made.length || fake.shape.some((d, i) => d !== made[i])) {
      throw new ShapeMismatchError(
        `Generator '${generator.name}' declares samples of shape [${generator.outputShape.join(', ')}] but returned [${fake.shape.join(', ')}] for ${n} codes.`,
      );
    }
    if (fake.dtype !== 'float32') throw new ConfigError(`Generator '${generator.name}' returns ${fake.dtype} samples; it must return float32.`);
    if (discriminator) {
      const out = discriminator.apply({ x: fake, ...(batch.labels ? { labels: batch.labels } : {}), ...(batch.source ? { source: batch.source } : {}) }, { training: false });
      if (out.logits.dtype !== 'float32') throw new ConfigError(`Discriminator '${discriminator.name}' returns ${out.logits.dtype} logits; it must return float32.`);
      if (out.logits.shape[0] !== n) {
        throw new ShapeMismatchError(`Discriminator '${discriminator.name}' returned logits of shape [${out.logits.shape.join(', ')}] for a batch of ${n}: the first axis must be the batch.`);
      }
    }
  });
}
