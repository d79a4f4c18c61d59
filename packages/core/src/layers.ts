import type * as tf from '@tensorflow/tfjs-core';
import type {
  ApplyOptions,
  Discriminator,
  DiscriminatorInput,
  DiscriminatorOutput,
  Generator,
  GeneratorInput,
  LatentPrior,
} from './network.js';

/**
 * The part of a `@tensorflow/tfjs-layers` `LayersModel` that Gantry uses. Typed
 * structurally so that core does not depend on tfjs-layers.
 */
export interface LayersModelLike {
  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: { training?: boolean }): unknown;
  // tfjs-layers types `LayerVariable.read()` as Tensor; at run time it is the Variable.
  readonly trainableWeights: ReadonlyArray<{ read(): tf.Tensor }>;
  readonly weights: ReadonlyArray<{ read(): tf.Tensor }>;
  dispose(): unknown;
}

/** Options of {@link layersGenerator}. */
export interface LayersGeneratorOptions {
  readonly name?: string;
  readonly model: LayersModelLike;
  readonly prior: LatentPrior;
  readonly outputShape: readonly number[];
  /** Maps the generator input to the model's inputs; default: `[z]`. */
  readonly inputs?: (input: GeneratorInput) => tf.Tensor | tf.Tensor[];
}

/** Wraps a tfjs-layers model as a {@link Generator}. */
export function layersGenerator(options: LayersGeneratorOptions): Generator {
  const { model, prior, outputShape } = options;
  const inputs = options.inputs ?? ((input: GeneratorInput) => input.z);
  return {
    role: 'generator',
    name: options.name ?? 'generator',
    prior,
    outputShape,
    get trainableVariables() {
      return model.trainableWeights.map((w) => w.read() as tf.Variable);
    },
    get variables() {
      return model.weights.map((w) => w.read() as tf.Variable);
    },
    apply: (input: GeneratorInput, o: ApplyOptions) => model.apply(inputs(input), { training: o.training }) as tf.Tensor,
    dispose: () => void model.dispose(),
  };
}

/** Options of {@link layersDiscriminator}. */
export interface LayersDiscriminatorOptions {
  readonly name?: string;
  readonly model: LayersModelLike;
  readonly inputShape: readonly number[];
  /** Maps the discriminator input to the model's inputs; default: `[x]`. */
  readonly inputs?: (input: DiscriminatorInput) => tf.Tensor | tf.Tensor[];
  /** Maps the model's outputs to a {@link DiscriminatorOutput}; default: the first output is `logits`. */
  readonly outputs?: (out: tf.Tensor[]) => DiscriminatorOutput;
}

/** Wraps a tfjs-layers model as a {@link Discriminator}. */
export function layersDiscriminator(options: LayersDiscriminatorOptions): Discriminator {
  const { model, inputShape } = options;
  const inputs = options.inputs ?? ((input: DiscriminatorInput) => input.x);
  const outputs = options.outputs ?? ((out: tf.Tensor[]) => ({ logits: out[0] }));
  return {
    role: 'discriminator',
    name: options.name ?? 'discriminator',
    inputShape,
    get trainableVariables() {
      return model.trainableWeights.map((w) => w.read() as tf.Variable);
    },
    get variables() {
      return model.weights.map((w) => w.read() as tf.Variable);
    },
    apply: (input: DiscriminatorInput, o: ApplyOptions) => {
      const out = model.apply(inputs(input), { training: o.training }) as tf.Tensor | tf.Tensor[];
      return outputs(Array.isArray(out) ? out : [out]);
    },
    dispose: () => void model.dispose(),
  };
}
