import type * as tf from '@tensorflow/tfjs-core';

/** Options of one forward pass. */
export interface ApplyOptions {
  /** Training mode: batch statistics in batch norm, dropout active. */
  readonly training: boolean;
}

/**
 * A trainable function with named variables. Generators and discriminators are
 * networks; so is any auxiliary model a plugin adds (an encoder, a Q network).
 */
export interface Network<I = unknown, O = unknown> {
  /** Stable name, used as the key of the network's weights in checkpoints. */
  readonly name: string;
  /** The variables an optimizer updates. */
  readonly trainableVariables: readonly tf.Variable[];
  /**
   * Every variable that defines the network's state — trainable ones plus state
   * such as batch-norm moving statistics or spectral-norm power-iteration vectors —
   * in a fixed order. Checkpoints save and restore exactly these.
   */
  readonly variables: readonly tf.Variable[];
  /** One forward pass. Tensors created here belong to the caller's `tf.tidy`. */
  apply(input: I, options: ApplyOptions): O;
  /** Frees the variables. */
  dispose(): void;
}

/** What a generator is fed: a latent code and, for conditional GANs, a condition. */
export interface GeneratorInput {
  /** Latent code, shape `[batch, ...latentShape]`. */
  readonly z: tf.Tensor;
  /** Class labels, int32 `[batch]` (cGAN, AC-GAN). */
  readonly labels?: tf.Tensor;
  /** A source image to translate (pix2pix, CycleGAN), `[batch, h, w, c]`. */
  readonly source?: tf.Tensor;
}

/**
 * A prior p(z) over the latent space. The default is the standard normal; BEGAN
 * uses U(−1, 1); InfoGAN appends categorical and continuous codes.
 */
export interface LatentPrior {
  /** Shape of one latent code, without the batch axis. */
  readonly shape: readonly number[];
  /** Draws `batchSize` codes; the same seed gives the same codes. */
  sample(batchSize: number, seed: number): tf.Tensor;
}

/** G: maps latent codes (and conditions) to samples. */
export interface Generator extends Network<GeneratorInput, tf.Tensor> {
  readonly role: 'generator';
  /** The latent prior p(z) this generator was built for. */
  readonly prior: LatentPrior;
  /** Shape of one generated sample, without the batch axis (e.g. `[28, 28, 1]`). */
  readonly outputShape: readonly number[];
  /**
   * Set by class-conditional generators (cGAN): labels run over 0 … numClasses−1,
   * and samplers without given labels draw row i of a grid from class i.
   */
  readonly numClasses?: number;
  /**
   * Set by image-to-image generators (pix2pix, CycleGAN): the shape of one source
   * image; samplers without a given source take sources from the data set.
   */
  readonly sourceShape?: readonly number[];
}

/** What a discriminator is fed: samples and, for conditional GANs, the condition. */
export interface DiscriminatorInput {
  /** Samples, `[batch, ...inputShape]`. */
  readonly x: tf.Tensor;
  /** Class labels, int32 `[batch]`. */
  readonly labels?: tf.Tensor;
  /** The source image a sample was translated from (pix2pix's conditional D). */
  readonly source?: tf.Tensor;
}

/**
 * What a discriminator returns. `logits` is the usual score (one or more per
 * sample: PatchGAN returns a map). The other fields serve objectives and
 * regularizers that need more than a score: intermediate features (feature
 * matching), auxiliary heads (InfoGAN's Q, AC-GAN's classifier) and an
 * auto-encoder's reconstruction (BEGAN, EBGAN).
 */
export interface DiscriminatorOutput {
  readonly logits: tf.Tensor;
  readonly features?: readonly tf.Tensor[];
  readonly heads?: Readonly<Record<string, tf.Tensor>>;
  readonly reconstruction?: tf.Tensor;
}

/** D (or critic): scores samples. */
export interface Discriminator extends Network<DiscriminatorInput, DiscriminatorOutput> {
  readonly role: 'discriminator';
  /** Shape of one input sample, without the batch axis. */
  readonly inputShape: readonly number[];
}
