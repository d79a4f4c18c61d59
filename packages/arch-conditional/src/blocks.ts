import * as tfl from '@tensorflow/tfjs-layers';
import { kernelInit, layerSeed } from './init.js';
import { LEAKY_SLOPE, type HiddenActivation, type OutputActivation } from './options.js';

/** A symbolic tensor of the tfjs-layers functional API. */
export type Symbolic = tfl.SymbolicTensor;

/** Builds layers in order, numbering the weighted ones so each gets its own seed. */
export class LayerCounter {
  private index = 0;
  constructor(
    readonly seed: number,
    readonly init: 'glorot' | 'dcgan',
  ) {}
  /** The next layer's kernel initialiser. */
  kernel() {
    return kernelInit(this.init, this.seed, this.index++);
  }
  /** The next layer's index (for initialisers other than the kernel's). */
  next(): number {
    return this.index++;
  }
}

/** y = x·W (+ b), kernel seeded by `layers`, bias 0. */
export function dense(layers: LayerCounter, units: number, useBias = true): tfl.layers.Layer {
  return tfl.layers.dense({ units, useBias, kernelInitializer: layers.kernel(), biasInitializer: 'zeros' });
}

/** The hidden nonlinearity as a layer: LeakyReLU(0.2) or ReLU. */
export function activation(kind: HiddenActivation): tfl.layers.Layer {
  return kind === 'leakyRelu' ? tfl.layers.leakyReLU({ alpha: LEAKY_SLOPE }) : tfl.layers.reLU();
}

/** The output nonlinearity, or the input unchanged for `'none'`. */
export function outputActivation(x: Symbolic, kind: OutputActivation): Symbolic {
  return kind === 'none' ? x : (tfl.layers.activation({ activation: kind }).apply(x) as Symbolic);
}

/**
 * The label code a network concatenates: the one-hot input itself (`embeddingDim` 0)
 * or a learned embedding E[y] = e_y·E, E ∈ ℝ^{K×d} initialised N(0, 1) (a bias-free dense
 * layer on e_y, i.e. a lookup table), so that the label carries unit variance per
 * dimension from the start (see `embeddingDimOption`).
 */
export function labelCode(layers: LayerCounter, oneHot: Symbolic, embeddingDim: number): Symbolic {
  if (embeddingDim === 0) return oneHot;
  const init = tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed: layerSeed(layers.seed, layers.next()) });
  return tfl.layers.dense({ units: embeddingDim, useBias: false, kernelInitializer: init }).apply(oneHot) as Symbolic;
}

/**
 * The projection discriminator's head (Miyato & Koyama 2018, https://arxiv.org/abs/1802.05637, eq. 3):
 *
 *   D(x, y) = ψ(φ(x)) + ⟨E[y], φ(x)⟩,   ψ(φ) = wᵀφ + b,  E ∈ ℝ^{K×dim φ},
 *
 * the logit of log p(y|x)-style class evidence added to an unconditional score. The
 * inner product is Σⱼ (e_y·E)ⱼ φⱼ — a bias-free dense layer on the one-hot e_y gives E[y].
 */
export function projectionHead(layers: LayerCounter, phi: Symbolic, oneHot: Symbolic): Symbolic {
  const width = phi.shape[phi.shape.length - 1] as number;
  const psi = dense(layers, 1).apply(phi) as Symbolic;
  const embedded = dense(layers, width, false).apply(oneHot) as Symbolic;
  const inner = tfl.layers.dot({ axes: -1 }).apply([embedded, phi]) as Symbolic;
  return tfl.layers.add().apply([psi, inner]) as Symbolic;
}
