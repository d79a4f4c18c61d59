import { deriveSeed } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The shape-defining choices of a BEGAN network (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717 §3.5). */
export interface BeganShape {
  /** Image side: 28, 32 or 64. */
  readonly size: 28 | 32 | 64;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: 1 | 3;
  /** n, the filters of the first block; the encoder's block k has (k+1)·n, the decoder's all have n. */
  readonly filters: number;
  /** 3×3 convolutions per block (the paper repeats each layer, typically twice). */
  readonly convsPerBlock: number;
  /** Inject the upsampled h₀ into every decoder block (the paper's skip variant). */
  readonly skip: boolean;
  /**
   * The decoder's last activation: `'linear'` as in the paper, or `'tanh'`, which
   * pins outputs to the data's [−1, 1] range — on MNIST, whose pixels are mostly
   * exactly −1, a linear decoder spends many steps just learning the background.
   */
  readonly output: 'linear' | 'tanh';
}

/** Kernel side of every convolution: 3×3, as in the paper. */
export const BEGAN_KERNEL = 3;
/** Default n: 64 (the paper uses 64–128; smaller is faster on the CPU). */
export const DEFAULT_FILTERS = 64;
/** Default size of the embedding h and of z: 64 (the paper's N_h = N_z = 64). */
export const DEFAULT_HIDDEN = 64;
/** Default convolutions per block: 2. */
export const DEFAULT_CONVS_PER_BLOCK = 2;

/**
 * The side of the decoder's first map h₀ and the number of blocks: 28 = 7·2²
 * (7 → 14 → 28, 3 blocks), 32 = 8·2² (3 blocks), 64 = 8·2³ (4 blocks).
 */
export function beganStages(size: 28 | 32 | 64): { start: number; blocks: number } {
  const start = size === 28 ? 7 : 8;
  return { start, blocks: Math.round(Math.log2(size / start)) + 1 };
}

/** Filters of the encoder's blocks, growing linearly with each down-sampling: n, 2n, 3n, …. */
export function encoderFilters(shape: Pick<BeganShape, 'size' | 'filters'>): number[] {
  const { blocks } = beganStages(shape.size);
  return Array.from({ length: blocks }, (_, k) => (k + 1) * shape.filters);
}

/** A seeded Glorot-uniform initialiser for layer `index` of the network `role`. */
function init(seed: number, role: string, index: number) {
  // tfjs treats a falsy seed as "unseeded", so never hand it 0.
  return tfl.initializers.glorotUniform({ seed: deriveSeed(seed, role, index) || 1 });
}

/** Builds layers in order with per-layer seeds. */
class LayerFactory {
  private index = 0;
  constructor(
    private readonly seed: number,
    private readonly role: string,
  ) {}

  /** 3×3 conv, 'same' padding, ELU unless another activation is given. */
  conv(filters: number, strides = 1, activation: 'elu' | 'linear' | 'tanh' = 'elu'): tfl.layers.Layer {
    return tfl.layers.conv2d({
      filters,
      kernelSize: BEGAN_KERNEL,
      strides,
      padding: 'same',
      activation,
      kernelInitializer: init(this.seed, this.role, this.index++),
      biasInitializer: 'zeros',
    });
  }

  /** Fully connected, no non-linearity. */
  dense(units: number): tfl.layers.Layer {
    return tfl.layers.dense({ units, kernelInitializer: init(this.seed, this.role, this.index++), biasInitializer: 'zeros' });
  }
}

const sym = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

/** Nearest-neighbour up-sampling by `factor` (tfjs's UpSampling2D default interpolation). */
export function nearestUpsampling(factor: number): tfl.layers.Layer {
  return tfl.layers.upSampling2d({ size: [factor, factor], interpolation: 'nearest' });
}

/**
 * The encoder: conv(n) → blocks k = 0 … B−1 of `convsPerBlock` convs with (k+1)·n
 * filters, each but the last followed by a stride-2 conv to (k+2)·n filters
 * (sub-sampling) → flatten → Dense(h), linear (the embedding).
 */
function encode(x: tfl.SymbolicTensor, shape: BeganShape, hidden: number, layers: LayerFactory): tfl.SymbolicTensor {
  const filters = encoderFilters(shape);
  let y = sym(layers.conv(shape.filters), x);
  filters.forEach((f, k) => {
    for (let r = 0; r < shape.convsPerBlock; r++) y = sym(layers.conv(f), y);
    if (k < filters.length - 1) y = sym(layers.conv(filters[k + 1], 2), y);
  });
  return sym(layers.dense(hidden), sym(tfl.layers.flatten(), y));
}

/**
 * The decoder (also the generator's architecture): Dense(start²·n), linear →
 * reshape to h₀ [start, start, n] → blocks of `convsPerBlock` convs with n filters,
 * each but the last followed by ×2 nearest-neighbour up-sampling → conv(channels),
 * linear (or tanh, see {@link BeganShape.output}). With `skip`, every block after the first gets [x, upsample(h₀)]
 * (channel concatenation, h₀ up-sampled by nearest neighbour to the block's side)
 * as input — the paper's skip connections.
 */
function decode(code: tfl.SymbolicTensor, shape: BeganShape, layers: LayerFactory): tfl.SymbolicTensor {
  const { start, blocks } = beganStages(shape.size);
  const n = shape.filters;
  const h0 = sym(tfl.layers.reshape({ targetShape: [start, start, n] }), sym(layers.dense(start * start * n), code));
  let y = h0;
  for (let k = 0; k < blocks; k++) {
    if (k > 0 && shape.skip) y = sym(tfl.layers.concatenate({ axis: -1 }), [y, sym(nearestUpsampling(2 ** k), h0)]);
    for (let r = 0; r < shape.convsPerBlock; r++) y = sym(layers.conv(n), y);
    if (k < blocks - 1) y = sym(nearestUpsampling(2), y);
  }
  return sym(layers.conv(shape.channels, 1, shape.output), y);
}

/** The auto-encoder D: x ↦ [D(x), h], weights seeded from `seed`. */
export function buildAutoEncoder(shape: BeganShape, hidden: number, seed: number, name: string): tfl.LayersModel {
  const layers = new LayerFactory(seed, 'discriminator');
  const x = tfl.input({ shape: [shape.size, shape.size, shape.channels] });
  const h = encode(x, shape, hidden, layers);
  const reconstruction = decode(h, shape, layers);
  return tfl.model({ name, inputs: x, outputs: [reconstruction, h] });
}

/** The generator: z ↦ G(z), the decoder's architecture with its own weights. */
export function buildDecoder(shape: BeganShape, latentDim: number, seed: number, name: string): tfl.LayersModel {
  const layers = new LayerFactory(seed, 'generator');
  const z = tfl.input({ shape: [latentDim] });
  return tfl.model({ name, inputs: z, outputs: decode(z, shape, layers) });
}
