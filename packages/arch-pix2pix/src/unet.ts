import * as tfl from '@tensorflow/tfjs-layers';
import {
  boolOption,
  checkKeys,
  ConfigError,
  enumOption,
  type Generator,
  type GeneratorInput,
  intOption,
  layersGenerator,
  normalPrior,
  numberOption,
  stringOption,
} from '@gantry/core';
import { SeededDropout } from './dropout.js';
import { batchNorm, kernelInit, layerSeed, LEAKY_SLOPE } from './init.js';
import { halvings, levelFilters, type Pix2pixEnvironment, resolveImage, resolveSeed } from './shape.js';

/** Options of {@link unetGenerator} (plain JSON, as in configs). */
export interface UnetOptions {
  /** Image side; default: from the data's `sampleShape`. Must be divisible by 2^depth. */
  readonly size?: number;
  /** Output channels; default: from the data's `sampleShape`. */
  readonly channels?: number;
  /** Source channels; default: equal to `channels`. */
  readonly sourceChannels?: number;
  /**
   * Stride-2 encoder blocks; default: as many as the side allows, up to 5
   * (32 → 1×1 bottleneck; 28 → 2, i.e. 28 → 7). pix2pix's U-Net-256 has 8.
   */
  readonly depth?: number;
  /** Filters of the first block, doubling per level up to 8·width; default 16 (pix2pix: 64), so it trains on a CPU. */
  readonly width?: number;
  /** Dropout rate of the first decoder blocks; default 0.5 (the paper's). 0 turns the noise off. */
  readonly dropout?: number;
  /** How many decoder blocks, from the bottleneck up, get dropout; default 3 (the paper's), capped at depth − 1. */
  readonly dropoutBlocks?: number;
  /**
   * Decoder upsampling: `'transpose'` (default, the paper's 4×4 stride-2 transposed
   * convolution) or `'resize'` (nearest ×2 then 3×3 convolution, which avoids
   * checkerboard artefacts; Odena et al. 2016, https://distill.pub/2016/deconv-checkerboard/).
   */
  readonly upsample?: 'transpose' | 'resize';
  /** Batch norm in the inner blocks; default true (the paper's). */
  readonly batchNorm?: boolean;
  /** Skip connections; default true. `false` gives the paper's plain encoder-decoder baseline (§4.3). */
  readonly skips?: boolean;
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

/** {@link UnetOptions} with defaults filled in. */
export interface UnetConfig {
  readonly size: number;
  readonly channels: number;
  readonly sourceChannels: number;
  readonly depth: number;
  readonly width: number;
  readonly dropout: number;
  readonly dropoutBlocks: number;
  readonly upsample: 'transpose' | 'resize';
  readonly batchNorm: boolean;
  readonly skips: boolean;
  readonly name: string;
  readonly seed: number;
}

const KEYS = ['size', 'channels', 'sourceChannels', 'depth', 'width', 'dropout', 'dropoutBlocks', 'upsample', 'batchNorm', 'skips', 'name'];
const COMPONENT = "generator 'unet'";

/** Validates {@link UnetOptions} against the build environment. */
export function resolveUnetOptions(options: unknown, env: Pix2pixEnvironment = {}): UnetConfig {
  const o = checkKeys(COMPONENT, options, KEYS);
  const { size, channels } = resolveImage(COMPONENT, o, env);
  const depth = intOption(COMPONENT, o, 'depth', Math.max(1, halvings(size, 5)), { min: 1 });
  if (size % 2 ** depth !== 0) {
    throw new ConfigError(
      `Option 'depth' of ${COMPONENT} must leave a whole side after halving ${depth} times, but ${size} / 2^${depth} = ${size / 2 ** depth}. ` +
        `Use depth ≤ ${halvings(size, 99)} (or data of side 32, e.g. size: 32 in the data set's options).`,
    );
  }
  return {
    size,
    channels,
    sourceChannels: intOption(COMPONENT, o, 'sourceChannels', channels, { min: 1 }),
    depth,
    width: intOption(COMPONENT, o, 'width', 16, { min: 1 }),
    dropout: numberOption(COMPONENT, o, 'dropout', 0.5, { min: 0, below: 1 }),
    dropoutBlocks: Math.min(intOption(COMPONENT, o, 'dropoutBlocks', 3, { min: 0 }), depth - 1),
    upsample: enumOption(COMPONENT, o, 'upsample', ['transpose', 'resize'] as const, 'transpose'),
    batchNorm: boolOption(COMPONENT, o, 'batchNorm', true),
    skips: boolOption(COMPONENT, o, 'skips', true),
    name: stringOption(COMPONENT, o, 'name', 'generator'),
    seed: resolveSeed(COMPONENT, env),
  };
}

/**
 * The U-Net as a tfjs-layers model from a source `[n, s, s, c_src]` to an image
 * `[n, s, s, c]` (see {@link unetGenerator}). Layer names: `down0 … down{depth−1}`
 * (convolutions), `up{depth−2} … up0` and `out` (upsampling), `skip{i}` (concatenations).
 */
export function unetModel(c: UnetConfig): tfl.LayersModel {
  const { seed, depth } = c;
  const source = tfl.input({ shape: [c.size, c.size, c.sourceChannels], name: 'source' });
  const skips: tfl.SymbolicTensor[] = [];
  let h: tfl.SymbolicTensor = source;
  for (let i = 0; i < depth; i++) {
    const name = `down${i}`;
    h = tfl.layers
      .conv2d({ name, filters: levelFilters(c.width, i), kernelSize: 4, strides: 2, padding: 'same', useBias: !innerNorm(c, i), kernelInitializer: kernelInit(seed, name) })
      .apply(h) as tfl.SymbolicTensor;
    // No BN on the outermost block (the paper's) nor on the innermost, whose 1×1 map
    // batch norm would zero for batch size 1 (the reference implementation does the same).
    if (innerNorm(c, i)) h = batchNorm(seed, `down${i}_bn`).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: `down${i}_lrelu` }).apply(h) as tfl.SymbolicTensor;
    skips.push(h);
  }
  for (let i = depth - 2; i >= 0; i--) {
    const name = `up${i}`;
    h = upsample(c, name, levelFilters(c.width, i), !c.batchNorm, h);
    if (c.batchNorm) h = batchNorm(seed, `${name}_bn`).apply(h) as tfl.SymbolicTensor;
    const block = depth - 2 - i; // 0 = the block right after the bottleneck
    if (block < c.dropoutBlocks && c.dropout > 0) {
      h = new SeededDropout({ rate: c.dropout, seed: layerSeed(seed, `${name}_dropout`), name: `${name}_dropout` }).apply(h) as tfl.SymbolicTensor;
    }
    h = tfl.layers.reLU({ name: `${name}_relu` }).apply(h) as tfl.SymbolicTensor;
    if (c.skips) h = tfl.layers.concatenate({ name: `skip${i}`, axis: -1 }).apply([h, skips[i]]) as tfl.SymbolicTensor;
  }
  h = upsample(c, 'out', c.channels, true, h);
  const output = tfl.layers.activation({ activation: 'tanh', name: 'out_tanh' }).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ name: c.name, inputs: source, outputs: output });
}

function innerNorm(c: UnetConfig, i: number): boolean {
  return c.batchNorm && i > 0 && i < c.depth - 1;
}

/** ×2 upsampling to `filters` channels: a 4×4 stride-2 transposed conv, or nearest ×2 + 3×3 conv. */
function upsample(c: UnetConfig, name: string, filters: number, useBias: boolean, h: tfl.SymbolicTensor): tfl.SymbolicTensor {
  const kernelInitializer = kernelInit(c.seed, name);
  if (c.upsample === 'transpose') {
    return tfl.layers.conv2dTranspose({ name, filters, kernelSize: 4, strides: 2, padding: 'same', useBias, kernelInitializer }).apply(h) as tfl.SymbolicTensor;
  }
  const up = tfl.layers.upSampling2d({ size: [2, 2], name: `${name}_resize` }).apply(h);
  return tfl.layers.conv2d({ name, filters, kernelSize: 3, strides: 1, padding: 'same', useBias, kernelInitializer }).apply(up) as tfl.SymbolicTensor;
}

/**
 * The pix2pix generator (Isola et al. 2017, https://arxiv.org/abs/1611.07004 §3.2.1,
 * §6.1.1): a U-Net (Ronneberger et al. 2015, https://arxiv.org/abs/1505.04597),
 *
 *   eᵢ = LReLU₀.₂(BN(Conv₄ₓ₄,ₛ₂(eᵢ₋₁))),  e₋₁ = source,  i = 0 … depth−1
 *   dᵢ = [ReLU(Dropout(BN(Up(dᵢ₊₁)))) ‖ eᵢ],  d_{depth−1} = e_{depth−1}
 *   G(source) = tanh(Up(d₀))
 *
 * — an encoder-decoder whose decoder block i is concatenated (‖, channels) with
 * encoder block i, so low-level detail (here: where the outline runs) is carried
 * straight across instead of through the bottleneck. Filters width·min(2ⁱ, 8); no
 * BN on the outermost and innermost blocks. Up: 4×4 stride-2 transposed conv (or
 * resize + conv, option `upsample`).
 *
 * **z is ignored.** Isola et al. found G learns to ignore a noise input, so
 * pix2pix gives none and its only noise is dropout (rate 0.5) in the first
 * decoder blocks, active in training. The prior is a 1-dimensional N(0, 1) so
 * that the trainer's z bookkeeping costs nothing. Samples drawn with
 * `training: false` (grids, metrics) are therefore deterministic given the source.
 *
 * Sets `sourceShape` (samplers take sources from the data set). Weights
 * N(0, 0.02²), BN γ ~ N(1, 0.02²), seeded per layer from `env.seed`.
 */
export function unetGenerator(options: UnetOptions = {}, env: Pix2pixEnvironment = {}): Generator {
  const c = resolveUnetOptions(options, env);
  const model = unetModel(c);
  const sourceShape = [c.size, c.size, c.sourceChannels];
  const g = layersGenerator({
    name: c.name,
    model,
    prior: normalPrior([1]),
    outputShape: [c.size, c.size, c.channels],
    inputs: (input: GeneratorInput) => {
      if (!input.source) {
        throw new ConfigError(`Generator '${c.name}' (pix2pix U-Net) translates a source image, but was given none: use a data set with sources (e.g. mnist-edges).`);
      }
      return input.source;
    },
  });
  return Object.assign(g, { sourceShape });
}
