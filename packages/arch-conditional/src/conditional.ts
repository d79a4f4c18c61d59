import * as tf from '@tensorflow/tfjs-core';
import {
  type ApplyOptions,
  type DiscriminatorInput,
  type GeneratorInput,
  layersDiscriminator,
  layersGenerator,
  type Discriminator,
  type DiscriminatorOutput,
  type Generator,
  type LatentPrior,
  type LayersModelLike,
} from '@gantry/core';
import { oneHotLabels } from './labels.js';

/** A class-conditional generator: `numClasses` is always set. */
export type ConditionalGenerator = Generator & { readonly numClasses: number };

/** A class-conditional discriminator, with the number of classes it was built for. */
export type ConditionalDiscriminator = Discriminator & { readonly numClasses: number };

/**
 * Wraps a two-input tfjs-layers model `[z, onehot(y)] → x` as a class-conditional
 * {@link Generator} G(z, y): labels are checked and one-hot encoded here
 * ({@link oneHotLabels}), and `numClasses` tells samplers to draw one row per class.
 */
export function conditionalGenerator(options: {
  readonly name: string;
  readonly model: LayersModelLike;
  readonly prior: LatentPrior;
  readonly outputShape: readonly number[];
  readonly numClasses: number;
}): ConditionalGenerator {
  const { name, numClasses } = options;
  const owner = `Generator '${name}'`;
  const g = layersGenerator({
    name,
    model: options.model,
    prior: options.prior,
    outputShape: options.outputShape,
    inputs: ({ z, labels }) => [z, oneHotLabels(owner, labels, numClasses, z.shape[0])],
  });
  const apply = g.apply;
  // The one-hot code is freed here, so an apply outside a tidy leaves only its output.
  // Object.assign sets the fields without reading g's getters.
  return Object.assign(g, { numClasses, apply: (input: GeneratorInput, o: ApplyOptions) => tf.tidy(() => apply(input, o)) });
}

/**
 * Wraps a two-input tfjs-layers model `[x, onehot(y)] → [logits, φ(x, y)]` as a
 * class-conditional {@link Discriminator} D(x, y). The second output, when the model has
 * one, is returned as `features` (for feature matching and similar).
 */
export function conditionalDiscriminator(options: {
  readonly name: string;
  readonly model: LayersModelLike;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
}): ConditionalDiscriminator {
  const { name, numClasses } = options;
  const owner = `Discriminator '${name}'`;
  const d = layersDiscriminator({
    name,
    model: options.model,
    inputShape: options.inputShape,
    inputs: ({ x, labels }) => [x, oneHotLabels(owner, labels, numClasses, x.shape[0])],
    outputs: (out: tf.Tensor[]): DiscriminatorOutput => (out.length > 1 ? { logits: out[0], features: out.slice(1) } : { logits: out[0] }),
  });
  const apply = d.apply;
  return Object.assign(d, {
    numClasses,
    apply: (input: DiscriminatorInput, o: ApplyOptions) => tf.tidy(() => apply(input, o) as unknown as tf.TensorContainer) as unknown as DiscriminatorOutput,
  });
}
