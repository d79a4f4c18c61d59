import * as tfl from '@tensorflow/tfjs-layers';
import { boolOption, checkKeys, ConfigError, numberArrayOption, stringOption } from '@gantry/core';
import { activation, dense, labelCode, LayerCounter, projectionHead, type Symbolic } from './blocks.js';
import { conditionalDiscriminator, type ConditionalDiscriminator } from './conditional.js';
import { resolveSeed } from './init.js';
import { resolveNumClasses, type ConditionalEnvironment } from './labels.js';
import { activationOption, DEFAULT_DISCRIMINATOR_EMBEDDING, embeddingDimOption, requireSampleShape, type HiddenActivation } from './options.js';

/** Options of {@link cganMlpDiscriminator} (plain JSON, as in configs). */
export interface CganMlpDiscriminatorOptions {
  /** Widths of the hidden layers; default [512, 256]. */
  readonly hidden?: readonly number[];
  /** Hidden nonlinearity: `'leakyRelu'` (slope 0.2, default) or `'relu'`. */
  readonly activation?: HiddenActivation;
  /**
   * false (default): concatenate the label code to the input, D(x, y) = f([x ; c(y)]);
   * true: projection discriminator, D(x, y) = ψ(φ(x)) + ⟨E[y], φ(x)⟩ with φ the last hidden layer.
   */
  readonly projection?: boolean;
  /** Concatenation only: a learned d-dimensional label embedding, default 100 (N(0, 1) init, so y is not drowned by the pixels); 0: one-hot. */
  readonly embeddingDim?: number;
  /** Number of classes when no data set is known; must match the data's when both are given. */
  readonly numClasses?: number;
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

/** Hidden widths of the MLP discriminator when `hidden` is not given. */
export const DEFAULT_MLP_DISCRIMINATOR_HIDDEN: readonly number[] = [512, 256];

const KEYS = ['hidden', 'activation', 'projection', 'embeddingDim', 'numClasses', 'name'] as const;

/**
 * The conditional MLP discriminator, one logit per sample (`[batch, 1]`, no sigmoid: the
 * objective applies its own link). Two ways to condition on the label y:
 *
 * - concatenation (default; cGAN, Mirza & Osindero 2014, https://arxiv.org/abs/1411.1784):
 *   D(x, y) = w_L · act(… act(W_1 [vec(x) ; c(y)] + b_1) …) + b_L, c(y) = E[y] ∈ ℝ¹⁰⁰ by default;
 * - projection (`projection: true`; Miyato & Koyama 2018, https://arxiv.org/abs/1802.05637):
 *   D(x, y) = ψ(φ(x)) + ⟨E[y], φ(x)⟩ with φ(x) the last hidden layer, ψ linear — the form the
 *   optimal D takes when p(y|x) is log-linear in φ, which conditions more sharply than
 *   concatenation.
 *
 * Returns the last hidden layer φ as `features`. Kernels Glorot-uniform, seeded per layer.
 */
export function cganMlpDiscriminator(
  options: CganMlpDiscriminatorOptions = {},
  env: ConditionalEnvironment = {},
): ConditionalDiscriminator {
  const component = "discriminator 'cgan-mlp'";
  const o = checkKeys(component, options, KEYS);
  const numClasses = resolveNumClasses(component, o, env);
  const inputShape = requireSampleShape(component, env.sampleShape);
  const hidden = numberArrayOption(component, o, 'hidden', DEFAULT_MLP_DISCRIMINATOR_HIDDEN, {
    integer: true,
    min: 1,
    minLength: 1,
    hint: '(widths of the hidden layers; at least one, φ(x) for the projection)',
  });
  const act = activationOption(component, o);
  const projection = boolOption(component, o, 'projection', false);
  const embeddingDim = embeddingDimOption(component, o, DEFAULT_DISCRIMINATOR_EMBEDDING);
  if (projection && o.embeddingDim !== undefined) {
    throw new ConfigError(`${component}: option 'embeddingDim' applies to concatenation only; the projection's embedding has the width of φ(x). Remove one of them.`);
  }
  const name = stringOption(component, o, 'name', 'discriminator');
  const layers = new LayerCounter(resolveSeed(component, env.seed), 'glorot');

  const x = tfl.input({ shape: [...inputShape] });
  const y = tfl.input({ shape: [numClasses] });
  let h: Symbolic = inputShape.length > 1 ? (tfl.layers.flatten().apply(x) as Symbolic) : x;
  if (!projection) h = tfl.layers.concatenate().apply([h, labelCode(layers, y, embeddingDim)]) as Symbolic;
  for (const units of hidden) h = activation(act).apply(dense(layers, units).apply(h)) as Symbolic;
  const logits = projection ? projectionHead(layers, h, y) : (dense(layers, 1).apply(h) as Symbolic);
  const model = tfl.model({ name, inputs: [x, y], outputs: [logits, h] });
  return conditionalDiscriminator({ name, model, inputShape, numClasses });
}
