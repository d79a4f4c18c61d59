import * as tfl from '@tensorflow/tfjs-layers';
import { boolOption, checkKeys, enumOption, intOption, normalPrior, stringOption, uniformPrior } from '@gantry/core';
import { dense, labelCode, LayerCounter, type Symbolic } from './blocks.js';
import { conditionalGenerator, type ConditionalGenerator } from './conditional.js';
import { gammaInit, resolveSeed } from './init.js';
import { resolveNumClasses, type ConditionalEnvironment } from './labels.js';
import { BN_SETTINGS, DEFAULT_LATENT_DIM, embeddingDimOption, image28Shape } from './options.js';

/** Options of {@link cganDcganGenerator} (plain JSON, as in configs). */
export interface CganDcganGeneratorOptions {
  /** Length of z; default 100. */
  readonly latentDim?: number;
  /** Base filters w; default 32. The 7×7 map has 4w filters, the 14×14 map 2w. */
  readonly width?: number;
  /** Batch norm after every hidden layer; default true (DCGAN's). */
  readonly batchNorm?: boolean;
  /** A learned d-dimensional label embedding, default d = latentDim (N(0, 1) init: y carries as much variance as z); 0: one-hot. */
  readonly embeddingDim?: number;
  /** Number of classes when no data set is known; must match the data's when both are given. */
  readonly numClasses?: number;
  /** Prior of z: N(0, I) (`'normal'`, default) or U(−1, 1) (`'uniform'`). */
  readonly prior?: 'normal' | 'uniform';
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

/** Base filters of the convolutional variant when `width` is not given (half of DCGAN's 64: CPU-sized). */
export const DEFAULT_CONV_WIDTH = 32;

const KEYS = ['latentDim', 'width', 'batchNorm', 'embeddingDim', 'numClasses', 'prior', 'name'] as const;

/**
 * A small DCGAN-like conditional generator for 28 × 28 images (cGAN, Mirza & Osindero 2014,
 * https://arxiv.org/abs/1411.1784, on the DCGAN architecture of Radford et al. 2016,
 * https://arxiv.org/abs/1511.06434):
 *
 *   G(z, y) = tanh(ConvT_C(ReLU(BN(ConvT_{2w}(ReLU(BN(Dense_{7·7·4w}([z ; c(y)]))))))))
 *
 * — the label code c(y) (a learned N(0, 1)-initialised embedding as wide as z by default, or
 * one-hot) concatenated to z, a dense
 * projection to a 7×7×4w map, then two stride-2 4×4 transposed convolutions to 28×28×C.
 * Weights N(0, 0.02²), BN γ ~ N(1, 0.02²), seeded per layer with `deriveSeed(env.seed, i)`.
 */
export function cganDcganGenerator(options: CganDcganGeneratorOptions = {}, env: ConditionalEnvironment = {}): ConditionalGenerator {
  const component = "generator 'cgan-dcgan'";
  const o = checkKeys(component, options, KEYS);
  const numClasses = resolveNumClasses(component, o, env);
  const [h0, w0, channels] = image28Shape(component, env.sampleShape);
  const latentDim = intOption(component, o, 'latentDim', DEFAULT_LATENT_DIM, { min: 1 });
  const width = intOption(component, o, 'width', DEFAULT_CONV_WIDTH, { min: 1 });
  const bn = boolOption(component, o, 'batchNorm', true);
  const embeddingDim = embeddingDimOption(component, o, latentDim);
  const priorKind = enumOption(component, o, 'prior', ['normal', 'uniform'] as const, 'normal');
  const name = stringOption(component, o, 'name', 'generator');
  const seed = resolveSeed(component, env.seed);
  const layers = new LayerCounter(seed, 'dcgan');
  const norm = (t: Symbolic): Symbolic =>
    bn ? (tfl.layers.batchNormalization({ ...BN_SETTINGS, gammaInitializer: gammaInit(seed, layers.next()), betaInitializer: 'zeros' }).apply(t) as Symbolic) : t;
  const relu = (t: Symbolic) => tfl.layers.reLU().apply(t) as Symbolic;
  const convT = (filters: number, useBias: boolean) =>
    tfl.layers.conv2dTranspose({ filters, kernelSize: 4, strides: 2, padding: 'same', useBias, kernelInitializer: layers.kernel(), biasInitializer: 'zeros' });

  const z = tfl.input({ shape: [latentDim] });
  const y = tfl.input({ shape: [numClasses] });
  let h = tfl.layers.concatenate().apply([z, labelCode(layers, y, embeddingDim)]) as Symbolic;
  h = relu(norm(dense(layers, 7 * 7 * 4 * width, !bn).apply(h) as Symbolic));
  h = tfl.layers.reshape({ targetShape: [7, 7, 4 * width] }).apply(h) as Symbolic;
  h = relu(norm(convT(2 * width, !bn).apply(h) as Symbolic));
  const x = tfl.layers.activation({ activation: 'tanh' }).apply(convT(channels, true).apply(h)) as Symbolic;
  const model = tfl.model({ name, inputs: [z, y], outputs: x });
  return conditionalGenerator({
    name,
    model,
    prior: priorKind === 'uniform' ? uniformPrior([latentDim]) : normalPrior([latentDim]),
    outputShape: [h0, w0, channels],
    numClasses,
  });
}
