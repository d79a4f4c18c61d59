import * as tfl from '@tensorflow/tfjs-layers';
import { boolOption, checkKeys, ConfigError, intOption, stringOption } from '@gantry/core';
import { dense, labelCode, LayerCounter, projectionHead, type Symbolic } from './blocks.js';
import { conditionalDiscriminator, type ConditionalDiscriminator } from './conditional.js';
import { DEFAULT_CONV_WIDTH } from './conv-generator.js';
import { gammaInit, resolveSeed } from './init.js';
import { resolveNumClasses, type ConditionalEnvironment } from './labels.js';
import { BN_SETTINGS, embeddingDimOption, image28Shape, LEAKY_SLOPE } from './options.js';

/** Options of {@link cganDcganDiscriminator} (plain JSON, as in configs). */
export interface CganDcganDiscriminatorOptions {
  /** Filters of the first convolution w; default 32 (then 2w). */
  readonly width?: number;
  /** Batch norm after the second convolution; default true (DCGAN's). Turn off for gradient penalties. */
  readonly batchNorm?: boolean;
  /**
   * false (default): the label code as K (or d) constant planes concatenated to the image's
   * channels; true: projection discriminator on the flattened conv features φ(x).
   */
  readonly projection?: boolean;
  /** Concatenation only: 0 (default) one-hot planes (K of the 1 + K input channels: a strong signal already); d ≥ 1 a learned embedding. */
  readonly embeddingDim?: number;
  /** Number of classes when no data set is known; must match the data's when both are given. */
  readonly numClasses?: number;
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

const KEYS = ['width', 'batchNorm', 'projection', 'embeddingDim', 'numClasses', 'name'] as const;

/**
 * A small DCGAN-like conditional discriminator for 28 × 28 images, one logit per sample:
 *
 *   φ(x, ·) = vec(LReLU(BN(Conv_{2w}(LReLU(Conv_w(input)))))),   4×4 kernels, stride 2, 28 → 14 → 7,
 *
 * - concatenation (default; cGAN, Mirza & Osindero 2014, https://arxiv.org/abs/1411.1784):
 *   input = [x ; c(y)·1_{28×28}] — the label code broadcast to constant planes and stacked
 *   on the image's channels —, D(x, y) = wᵀφ + b;
 * - projection (`projection: true`; Miyato & Koyama 2018, https://arxiv.org/abs/1802.05637):
 *   input = x, D(x, y) = ψ(φ(x)) + ⟨E[y], φ(x)⟩.
 *
 * LReLU slope 0.2, no sigmoid (logits), φ returned as `features`. Weights N(0, 0.02²),
 * BN γ ~ N(1, 0.02²), seeded per layer.
 */
export function cganDcganDiscriminator(
  options: CganDcganDiscriminatorOptions = {},
  env: ConditionalEnvironment = {},
): ConditionalDiscriminator {
  const component = "discriminator 'cgan-dcgan'";
  const o = checkKeys(component, options, KEYS);
  const numClasses = resolveNumClasses(component, o, env);
  const inputShape = image28Shape(component, env.sampleShape);
  const width = intOption(component, o, 'width', DEFAULT_CONV_WIDTH, { min: 1 });
  const bn = boolOption(component, o, 'batchNorm', true);
  const projection = boolOption(component, o, 'projection', false);
  const embeddingDim = embeddingDimOption(component, o, 0);
  if (projection && o.embeddingDim !== undefined) {
    throw new ConfigError(`${component}: option 'embeddingDim' applies to concatenation only; the projection's embedding has the width of φ(x). Remove one of them.`);
  }
  const name = stringOption(component, o, 'name', 'discriminator');
  const seed = resolveSeed(component, env.seed);
  const layers = new LayerCounter(seed, 'dcgan');
  const lrelu = (t: Symbolic) => tfl.layers.leakyReLU({ alpha: LEAKY_SLOPE }).apply(t) as Symbolic;
  const conv = (filters: number, useBias: boolean) =>
    tfl.layers.conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', useBias, kernelInitializer: layers.kernel(), biasInitializer: 'zeros' });

  const x = tfl.input({ shape: [...inputShape] });
  const y = tfl.input({ shape: [numClasses] });
  let h: Symbolic = x;
  if (!projection) {
    const code = labelCode(layers, y, embeddingDim);
    const depth = code.shape[1] as number;
    const planes = tfl.layers.upSampling2d({ size: [inputShape[0], inputShape[1]] }).apply(
      tfl.layers.reshape({ targetShape: [1, 1, depth] }).apply(code),
    ) as Symbolic;
    h = tfl.layers.concatenate({ axis: -1 }).apply([x, planes]) as Symbolic;
  }
  h = lrelu(conv(width, true).apply(h) as Symbolic);
  h = conv(2 * width, !bn).apply(h) as Symbolic;
  if (bn) h = tfl.layers.batchNormalization({ ...BN_SETTINGS, gammaInitializer: gammaInit(seed, layers.next()), betaInitializer: 'zeros' }).apply(h) as Symbolic;
  const phi = tfl.layers.flatten().apply(lrelu(h)) as Symbolic;
  const logits = projection ? projectionHead(layers, phi, y) : (dense(layers, 1).apply(phi) as Symbolic);
  const model = tfl.model({ name, inputs: [x, y], outputs: [logits, phi] });
  return conditionalDiscriminator({ name, model, inputShape, numClasses });
}
