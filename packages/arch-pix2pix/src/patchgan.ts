import * as tfl from '@tensorflow/tfjs-layers';
import {
  boolOption,
  checkKeys,
  ConfigError,
  type Discriminator,
  type DiscriminatorInput,
  intOption,
  layersDiscriminator,
  type OptionRecord,
  stringOption,
} from '@gantry/core';
import { batchNorm, kernelInit, LEAKY_SLOPE } from './init.js';
import { levelFilters, type Pix2pixEnvironment, resolveImage, resolveSeed } from './shape.js';

/** Options of {@link patchganDiscriminator} (plain JSON, as in configs). */
export interface PatchganOptions {
  /** Image side; default: from the data's `sampleShape`. */
  readonly size?: number;
  /** Image channels; default: from the data's `sampleShape`. */
  readonly channels?: number;
  /** Source channels (conditional D); default: equal to `channels`. */
  readonly sourceChannels?: number;
  /**
   * Whether D sees the source: true (default) scores concat(source, x), pix2pix's
   * conditional D; false scores x alone (CycleGAN's per-domain D).
   */
  readonly conditional?: boolean;
  /**
   * Stride-2 convolutions (PatchGAN's n_layers); default 2: a 32-px image gives an
   * 8 × 8 logit map whose cells each see {@link patchReceptiveField}(2) = 34 px.
   * The paper's 70 × 70 PatchGAN is 3.
   */
  readonly layers?: number;
  /** Filters of the first convolution, doubling per layer up to 8·width; default 16 (pix2pix: 64). */
  readonly width?: number;
  /** Batch norm after every convolution but the first and the last; default true (the paper's). */
  readonly batchNorm?: boolean;
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

/** {@link PatchganOptions} with defaults filled in. */
export interface PatchganConfig {
  readonly size: number;
  readonly channels: number;
  readonly sourceChannels: number;
  readonly conditional: boolean;
  readonly layers: number;
  readonly width: number;
  readonly batchNorm: boolean;
  readonly name: string;
  readonly seed: number;
}

/** The option keys a PatchGAN reads (the multi-scale D adds `scales`). */
export const PATCHGAN_KEYS = ['size', 'channels', 'sourceChannels', 'conditional', 'layers', 'width', 'batchNorm', 'name'];

/** Validates {@link PatchganOptions}; `extraKeys` are further keys a caller reads itself (the multi-scale D's `scales`). */
export function resolvePatchganOptions(
  component: string,
  options: unknown,
  env: Pix2pixEnvironment = {},
  extraKeys: readonly string[] = [],
): PatchganConfig & { readonly options: OptionRecord } {
  const o = checkKeys(component, options, [...PATCHGAN_KEYS, ...extraKeys]);
  const { size, channels } = resolveImage(component, o, env);
  return {
    options: o,
    size,
    channels,
    sourceChannels: intOption(component, o, 'sourceChannels', channels, { min: 1 }),
    conditional: boolOption(component, o, 'conditional', true),
    layers: intOption(component, o, 'layers', 2, { min: 0 }),
    width: intOption(component, o, 'width', 16, { min: 1 }),
    batchNorm: boolOption(component, o, 'batchNorm', true),
    name: stringOption(component, o, 'name', 'discriminator'),
    seed: resolveSeed(component, env),
  };
}

/**
 * Receptive field, in pixels, of one cell of the logit map of a PatchGAN with
 * `layers` stride-2 4 × 4 convolutions followed by two stride-1 4 × 4 ones:
 * RF = 1 + Σᵢ (k − 1)·Πⱼ₍ⱼ<ᵢ₎ sⱼ = 9·2ⁿ − 2 (n = 1: 16, n = 2: 34, n = 3: the paper's 70).
 */
export function patchReceptiveField(layers: number): number {
  return 9 * 2 ** layers - 2;
}

/**
 * The PatchGAN as a tfjs-layers model: inputs `[source, x]` (or `[x]` when not
 * conditional), outputs `[logits, f₀, …, f_layers]` — the logit map and the
 * activation after every hidden block. Layer names `conv0 … conv{layers}`, `logits`.
 */
export function patchganModel(c: PatchganConfig): tfl.LayersModel {
  const { seed } = c;
  const x = tfl.input({ shape: [c.size, c.size, c.channels], name: 'x' });
  const source = c.conditional ? tfl.input({ shape: [c.size, c.size, c.sourceChannels], name: 'source' }) : undefined;
  let h: tfl.SymbolicTensor = source ? (tfl.layers.concatenate({ axis: -1, name: 'pair' }).apply([source, x]) as tfl.SymbolicTensor) : x;
  const features: tfl.SymbolicTensor[] = [];
  for (let i = 0; i <= c.layers; i++) {
    const name = `conv${i}`;
    const norm = c.batchNorm && i > 0;
    h = tfl.layers
      .conv2d({
        name,
        filters: levelFilters(c.width, i),
        kernelSize: 4,
        strides: i < c.layers ? 2 : 1,
        padding: 'same',
        useBias: !norm,
        kernelInitializer: kernelInit(seed, name),
      })
      .apply(h) as tfl.SymbolicTensor;
    if (norm) h = batchNorm(seed, `${name}_bn`).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: `${name}_lrelu` }).apply(h) as tfl.SymbolicTensor;
    features.push(h);
  }
  const logits = tfl.layers
    .conv2d({ name: 'logits', filters: 1, kernelSize: 4, strides: 1, padding: 'same', useBias: true, kernelInitializer: kernelInit(seed, 'logits') })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ name: c.name, inputs: source ? [source, x] : x, outputs: [logits, ...features] });
}

/** Wraps a {@link patchganModel} as a Gantry discriminator. */
export function patchganFromConfig(c: PatchganConfig): Discriminator {
  return layersDiscriminator({
    name: c.name,
    model: patchganModel(c),
    inputShape: [c.size, c.size, c.channels],
    inputs: (input: DiscriminatorInput) => {
      if (!c.conditional) return input.x;
      if (!input.source) {
        throw new ConfigError(
          `Discriminator '${c.name}' (conditional PatchGAN) scores (source, x) pairs, but was given no source: ` +
            `use a data set with sources (e.g. mnist-edges), or set conditional: false.`,
        );
      }
      return [input.source, input.x];
    },
    outputs: (out) => ({ logits: out[0], features: out.slice(1) }),
  });
}

/**
 * The pix2pix discriminator (Isola et al. 2017, https://arxiv.org/abs/1611.07004
 * §3.2.2, §6.1.2), a "PatchGAN": a fully convolutional net that classifies each
 * N × N patch of the (source, x) pair as real or fake,
 *
 *   hᵢ = LReLU₀.₂(BN(Conv₄ₓ₄(hᵢ₋₁))),  h₋₁ = concat(source, x),  i = 0 … layers
 *   D(source, x) = Conv₄ₓ₄→₁(h_layers)   — a map of logits, one per patch
 *
 * stride 2 for i < layers, 1 for the last hidden block and the output; filters
 * width·min(2ⁱ, 8); no BN on the first block. Penalising structure only at the
 * scale of patches leaves low frequencies to the L1 term (arXiv:1611.07004 §3.2.2).
 * Returns logits (the objective means its loss over every cell) and `features`
 * (each hᵢ) for feature matching.
 */
export function patchganDiscriminator(options: PatchganOptions = {}, env: Pix2pixEnvironment = {}): Discriminator {
  return patchganFromConfig(resolvePatchganOptions("discriminator 'patchgan'", options, env));
}
