import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import type { Conv2D, ConvLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/convolutional';
import type { Dense, DenseLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/core';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import '@tensorflow/tfjs-layers';
import {
  addPowerIterationVector,
  callNormalized,
  isTraining,
  layerSigma,
  resolveSpectralNormArgs,
  type SpectralNormArgs,
  type SpectralNormSettings,
} from './spectral-state.js';

/**
 * tfjs-layers exports factories (`tfl.layers.dense`) but not the `Dense` and
 * `Conv2D` classes; both are in tfjs-core's serialization registry, which
 * tfjs-layers fills when it is imported. Looking them up there (instead of a deep
 * import of `dist/layers/*.js`) keeps one copy of tfjs-layers, so `instanceof Layer`
 * and the layer-name counters stay shared.
 */
function registeredClass<T>(className: string): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs-layers class '${className}' is not registered; import '@tensorflow/tfjs-layers' first.`);
  return entry[0] as unknown as T;
}

const DenseBase = registeredClass<typeof Dense>('Dense');
const Conv2DBase = registeredClass<typeof Conv2D>('Conv2D');

/** Arguments of {@link SpectralNormDense}: those of `tf.layers.dense` plus {@link SpectralNormArgs}. */
export interface SpectralNormDenseArgs extends DenseLayerArgs, SpectralNormArgs {}
/** Arguments of {@link SpectralNormConv2D}: those of `tf.layers.conv2d` plus {@link SpectralNormArgs}. */
export interface SpectralNormConv2DArgs extends ConvLayerArgs, SpectralNormArgs {}

/** Package under which the layers are registered with tfjs serialization (`Gantry>SpectralNormDense`). */
export const SERIALIZATION_PACKAGE = 'Gantry';

/** A tfjs-layers class with a `kernel` weight (Dense, Conv2D). */
type KernelLayerClass = new (...args: any[]) => tfl.layers.Layer;

/** What {@link withSpectralNorm} adds to a kernel layer. */
export interface SpectralNormalized {
  /** Resolved power-iteration settings. */
  readonly spectral: SpectralNormSettings;
  /** The power-iteration vector u (a non-trainable weight); throws before the layer is built. */
  readonly u: LayerVariable;
  /** σ of the kernel as the layer's next forward pass would use it (u is not updated). */
  sigma(): tf.Scalar;
}

/**
 * Subclasses a tfjs-layers kernel layer so that every forward pass divides its
 * kernel by σ from power iteration (Miyato et al. 2018): the extra `u` weight is
 * added in `build`, `call` normalises, `getConfig` saves the settings. One body
 * serves Dense and Conv2D, which differ only in how the kernel is viewed as a
 * matrix (see `kernelMatrix`).
 */
function withSpectralNorm<B extends KernelLayerClass>(Base: B, className: string): B & (new (...args: any[]) => SpectralNormalized) {
  // The declared return type keeps tfjs's private members out of the emitted .d.ts (TS4094).
  return class extends Base implements SpectralNormalized {
    readonly spectral: SpectralNormSettings;
    /** @internal */
    uVector: LayerVariable | null = null;

    constructor(...args: any[]) {
      const { powerIterations, epsilon, uSeed, ...rest } = args[0] as SpectralNormArgs & Record<string, unknown>;
      super(rest);
      registerSpectralNormLayers();
      this.spectral = resolveSpectralNormArgs(className, { powerIterations, epsilon, uSeed });
    }

    override build(inputShape: tfl.Shape | tfl.Shape[]): void {
      super.build(inputShape);
      this.uVector ??= addPowerIterationVector(this, this.spectral, (name, shape, init) =>
        this.addWeight(name, shape, 'float32', init, undefined, false),
      );
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
      return callNormalized(this, this.u, this.spectral, isTraining(kwargs), () => super.call(inputs, kwargs));
    }

    get u(): LayerVariable {
      if (!this.uVector) throw new Error(`${className} '${this.name}' is not built yet.`);
      return this.uVector;
    }

    sigma(): tf.Scalar {
      return layerSigma(this, this.u, this.spectral);
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), ...this.spectral };
    }
  };
}

/**
 * A dense layer with a spectrally normalised kernel (Miyato et al. 2018,
 * https://arxiv.org/abs/1802.05957): y = act(x · K/σ(K) + b), σ(K) ≈ uᵀ Kᵀ v by one
 * power iteration per forward pass from the stored u (see `spectralNormalize`).
 * u is a non-trainable weight updated only when called with `training: true`; in
 * inference the same formula is used with u left unchanged, so an inference pass
 * returns exactly what a training pass from the same u would.
 *
 * Same config as `tf.layers.dense` plus `powerIterations` (default 1), `epsilon`
 * (1e-12) and `uSeed`. Registered with tfjs serialization as
 * `SpectralNormDense` by {@link registerSpectralNormLayers} (called by the
 * constructor), so models using it save and load.
 *
 * @example
 * ```ts
 * const layer = new SpectralNormDense({ units: 1, inputShape: [128] });
 * ```
 */
export class SpectralNormDense extends withSpectralNorm(DenseBase, 'SpectralNormDense') {
  /** @nocollapse */
  static override className = 'SpectralNormDense';

  constructor(args: SpectralNormDenseArgs) {
    super(args);
  }
}

/**
 * A 2-D convolution with a spectrally normalised kernel (Miyato et al. 2018,
 * https://arxiv.org/abs/1802.05957): the kernel `[kh, kw, in, out]` is viewed as the
 * matrix W_mat ∈ ℝ^{out × kh·kw·in} (see `kernelMatrix`; PyTorch's (out, in·kh·kw)
 * up to a column permutation, same singular values) and divided by σ(W_mat) from one
 * power iteration per forward pass. u ∈ ℝ^out is a non-trainable weight updated only
 * in training mode.
 *
 * Same config as `tf.layers.conv2d` plus `powerIterations`, `epsilon` and `uSeed`;
 * registered with tfjs serialization as `SpectralNormConv2D`.
 *
 * @example
 * ```ts
 * const conv = new SpectralNormConv2D({ filters: 64, kernelSize: 4, strides: 2, padding: 'same', inputShape: [28, 28, 1] });
 * ```
 */
export class SpectralNormConv2D extends withSpectralNorm(Conv2DBase, 'SpectralNormConv2D') {
  /** @nocollapse */
  static override className = 'SpectralNormConv2D';

  constructor(args: SpectralNormConv2DArgs) {
    super(args);
  }
}

let registered = false;

/**
 * Registers {@link SpectralNormDense} and {@link SpectralNormConv2D} with tfjs
 * serialization (class names `SpectralNormDense`, `SpectralNormConv2D`; package
 * `Gantry`). Idempotent. Constructing either layer, {@link spectralNormModel} and
 * the plugin's `register` call it; call it yourself before
 * `tf.loadLayersModel` in a process that has not built an SN layer yet. (Not done
 * at import: the package has no import-time side effects.)
 */
export function registerSpectralNormLayers(): void {
  if (registered) return;
  registered = true;
  tf.serialization.registerClass(SpectralNormDense, SERIALIZATION_PACKAGE);
  tf.serialization.registerClass(SpectralNormConv2D, SERIALIZATION_PACKAGE);
}
