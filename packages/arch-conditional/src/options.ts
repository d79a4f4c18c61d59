import { ConfigError, enumOption, intOption, show, type OptionRecord } from '@gantry/core';

/** Hidden nonlinearities. */
export const HIDDEN_ACTIVATIONS = ['leakyRelu', 'relu'] as const;
/** A hidden nonlinearity: LeakyReLU (slope 0.2, DCGAN's D and most cGAN code) or ReLU. */
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** Output nonlinearities of a generator. */
export const OUTPUT_ACTIVATIONS = ['tanh', 'sigmoid', 'none'] as const;
/** `'tanh'` for data in [−1, 1] (the image data sets' default range), `'sigmoid'` for [0, 1], `'none'` for unbounded data. */
export type OutputActivation = (typeof OUTPUT_ACTIVATIONS)[number];

/** Negative slope of LeakyReLU: 0.2 (Radford et al. 2016). */
export const LEAKY_SLOPE = 0.2;

/**
 * Batch-norm momentum 0.9 (moving = 0.9·moving + 0.1·batch) and ε 1e-5, as `@gantry/arch-dcgan`
 * (PyTorch's settings): tfjs's default momentum 0.99 leaves early inference-mode samples with stale statistics.
 */
export const BN_SETTINGS = { momentum: 0.9, epsilon: 1e-5 } as const;

/** Latent length when `latentDim` is not given: 100, as in Mirza & Osindero (2014) and DCGAN. */
export const DEFAULT_LATENT_DIM = 100;

/**
 * The label encoding, option `embeddingDim`: 0 concatenates the one-hot code e_y ∈ {0, 1}^K,
 * as in Mirza & Osindero (2014); d ≥ 1 concatenates a learned embedding E[y] ∈ ℝ^d, E initialised
 * N(0, 1) (a lookup table, as `torch.nn.Embedding`).
 *
 * Why the default is an embedding as wide as its partner: a Glorot-initialised dense layer fed
 * [z ; e_y] with z ∈ ℝ¹⁰⁰ gets ~1 % of its input variance from the one-hot label (D, fed 784
 * pixels, even less), so the network starts out nearly blind to y and must first grow the label
 * weights. An N(0, 1) embedding of d = 100 dimensions carries as much variance as z from the start.
 */
export function embeddingDimOption(component: string, o: OptionRecord, fallback: number): number {
  return intOption(component, o, 'embeddingDim', fallback, { min: 0, hint: '(0: one-hot labels; d ≥ 1: a learned d-dimensional embedding)' });
}

/** Label-embedding width of the MLP discriminator's concatenation when `embeddingDim` is not given. */
export const DEFAULT_DISCRIMINATOR_EMBEDDING = 100;

/** The hidden activation option, default `'leakyRelu'`. */
export function activationOption(component: string, o: OptionRecord): HiddenActivation {
  return enumOption(component, o, 'activation', HIDDEN_ACTIVATIONS, 'leakyRelu');
}

/** The data's sample shape, which a conditional network needs (it is built for one data set). */
export function requireSampleShape(component: string, sampleShape: readonly number[] | undefined): readonly number[] {
  if (!sampleShape) {
    throw new ConfigError(
      `${component}: the sample shape is unknown: build it for a data set (createGan does), or pass { sampleShape } in the environment, e.g. [28, 28, 1].`,
    );
  }
  if (sampleShape.length === 0 || !sampleShape.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new ConfigError(`${component}: data sample shape ${show(sampleShape)} is not a list of positive sizes.`);
  }
  return sampleShape;
}

/**
 * `[28, 28, c]`, the data's sample shape: the convolutional variant is built for
 * 28 × 28 images with c channels (MNIST, Fashion-MNIST).
 */
export function image28Shape(component: string, sampleShape: readonly number[] | undefined): [number, number, number] {
  const s = requireSampleShape(component, sampleShape);
  if (s.length !== 3 || s[0] !== 28 || s[1] !== 28) {
    throw new ConfigError(
      `${component} is built for 28 × 28 images [28, 28, c] (e.g. MNIST), but the data's samples have shape [${s.join(', ')}]. ` +
        "Use 'cgan-mlp' (any sample shape) for other data.",
    );
  }
  return [28, 28, s[2]];
}
