import * as tfl from '@tensorflow/tfjs-layers';
import { boolOption, checkKeys, enumOption, intOption, normalPrior, numberArrayOption, stringOption, uniformPrior } from '@gantry/core';
import { activation, dense, labelCode, LayerCounter, outputActivation, type Symbolic } from './blocks.js';
import { conditionalGenerator, type ConditionalGenerator } from './conditional.js';
import { resolveSeed } from './init.js';
import { resolveNumClasses, type ConditionalEnvironment } from './labels.js';
import {
  activationOption,
  BN_SETTINGS,
  DEFAULT_LATENT_DIM,
  embeddingDimOption,
  OUTPUT_ACTIVATIONS,
  requireSampleShape,
  type HiddenActivation,
  type OutputActivation,
} from './options.js';

/** Options of {@link cganMlpGenerator} (plain JSON, as in configs). */
export interface CganMlpGeneratorOptions {
  /** Length of z; default 100. */
  readonly latentDim?: number;
  /** Widths of the hidden layers; default [256, 512]. */
  readonly hidden?: readonly number[];
  /** Hidden nonlinearity: `'leakyRelu'` (slope 0.2, default) or `'relu'`. */
  readonly activation?: HiddenActivation;
  /** `'tanh'` (default; data in [−1, 1]), `'sigmoid'` ([0, 1]) or `'none'` (unbounded data). */
  readonly outputActivation?: OutputActivation;
  /** A learned d-dimensional label embedding, default d = latentDim (N(0, 1) init: y carries as much variance as z); 0: one-hot. */
  readonly embeddingDim?: number;
  /** Number of classes when no data set is known; must match the data's when both are given. */
  readonly numClasses?: number;
  /**
   * Batch norm before each hidden activation (momentum 0.9, ε 1e-5); default true. It makes
   * MLP generators on images train several times faster (as in most MLP GAN code); turn it
   * off for exact, sample-independent outputs in training mode.
   */
  readonly batchNorm?: boolean;
  /** Prior of z: N(0, I) (`'normal'`, default) or U(−1, 1) (`'uniform'`). */
  readonly prior?: 'normal' | 'uniform';
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

/** Hidden widths of the MLP generator when `hidden` is not given. */
export const DEFAULT_MLP_GENERATOR_HIDDEN: readonly number[] = [256, 512];

const KEYS = ['latentDim', 'hidden', 'activation', 'outputActivation', 'embeddingDim', 'numClasses', 'batchNorm', 'prior', 'name'] as const;

/**
 * The conditional MLP generator of cGAN (Mirza & Osindero 2014, https://arxiv.org/abs/1411.1784):
 *
 *   G(z, y) = f_out(W_L · act(BN(… act(BN(W_1 [z ; c(y)] + b_1)) …)) + b_L),   z ~ p(z),
 *
 * where [· ; ·] is concatenation and c(y) the label code: a learned embedding E[y] ∈ ℝ^d
 * (default, d = dim z, E ~ N(0, 1) at the start) or the paper's one-hot e_y (`embeddingDim: 0`,
 * which G learns to use only slowly next to a 100-d z). The paper maps z and y through separate hidden
 * layers before joining them; concatenating at the input is the common simplification
 * (one fewer hyper-parameter, same expressive power with a wide first layer).
 *
 * BN is batch normalisation (Ioffe & Szegedy 2015, https://arxiv.org/abs/1502.03167; on by
 * default, `batchNorm: false` drops it). Output reshaped to the data's sample shape; `numClasses` is set, so samplers draw
 * one grid row per class. Kernels Glorot-uniform, seeded per layer with
 * `deriveSeed(env.seed, i)`. Fast on a CPU: the default variant for demos.
 */
export function cganMlpGenerator(options: CganMlpGeneratorOptions = {}, env: ConditionalEnvironment = {}): ConditionalGenerator {
  const component = "generator 'cgan-mlp'";
  const o = checkKeys(component, options, KEYS);
  const numClasses = resolveNumClasses(component, o, env);
  const outputShape = requireSampleShape(component, env.sampleShape);
  const latentDim = intOption(component, o, 'latentDim', DEFAULT_LATENT_DIM, { min: 1 });
  const hidden = numberArrayOption(component, o, 'hidden', DEFAULT_MLP_GENERATOR_HIDDEN, { integer: true, min: 1, hint: '(widths of the hidden layers)' });
  const act = activationOption(component, o);
  const out = enumOption(component, o, 'outputActivation', OUTPUT_ACTIVATIONS, 'tanh');
  const embeddingDim = embeddingDimOption(component, o, latentDim);
  const bn = boolOption(component, o, 'batchNorm', true);
  const priorKind = enumOption(component, o, 'prior', ['normal', 'uniform'] as const, 'normal');
  const name = stringOption(component, o, 'name', 'generator');
  const seed = resolveSeed(component, env.seed);
  const layers = new LayerCounter(seed, 'glorot');
  const norm = (t: Symbolic): Symbolic =>
    bn ? (tfl.layers.batchNormalization({ ...BN_SETTINGS, gammaInitializer: 'ones', betaInitializer: 'zeros' }).apply(t) as Symbolic) : t;

  const z = tfl.input({ shape: [latentDim] });
  const y = tfl.input({ shape: [numClasses] });
  let h = tfl.layers.concatenate().apply([z, labelCode(layers, y, embeddingDim)]) as Symbolic;
  // Hidden layers followed by batch norm have no bias (BN's β replaces it).
  for (const units of hidden) h = activation(act).apply(norm(dense(layers, units, !bn).apply(h) as Symbolic)) as Symbolic;
  const units = outputShape.reduce((a, b) => a * b, 1);
  let x = outputActivation(dense(layers, units).apply(h) as Symbolic, out);
  if (outputShape.length > 1) x = tfl.layers.reshape({ targetShape: [...outputShape] }).apply(x) as Symbolic;
  const model = tfl.model({ name, inputs: [z, y], outputs: x });
  return conditionalGenerator({
    name,
    model,
    prior: priorKind === 'uniform' ? uniformPrior([latentDim]) : normalPrior([latentDim]),
    outputShape,
    numClasses,
  });
}
