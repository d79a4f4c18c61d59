import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { ConfigError, deriveSeed } from '@gantry/core';
import { DEFAULT_EPSILON, spectralNormalize } from './functional.js';

/** Spectral-norm settings shared by {@link SpectralNormDense} and {@link SpectralNormConv2D} (saved in their configs). */
export interface SpectralNormArgs {
  /** Power iterations per forward pass; default 1 (the paper's). */
  readonly powerIterations?: number;
  /** ε of the L2 normalisations; default 1e-12. */
  readonly epsilon?: number;
  /**
   * Seed of u's initial value u₀ ~ N(0, I); default: derived from the layer's name,
   * so the same model definition starts from the same u. Only the starting
   * direction matters (u is normalised before use).
   */
  readonly uSeed?: number | null;
}

/** The resolved settings. */
export interface SpectralNormSettings {
  readonly powerIterations: number;
  readonly epsilon: number;
  readonly uSeed: number | null;
}

/** Validates {@link SpectralNormArgs}, naming the offending option. */
export function resolveSpectralNormArgs(layer: string, args: SpectralNormArgs): SpectralNormSettings {
  const powerIterations = args.powerIterations ?? 1;
  if (!Number.isInteger(powerIterations) || powerIterations < 1) {
    throw new ConfigError(`${layer}: option 'powerIterations' is ${String(powerIterations)}; it must be a whole number ≥ 1.`);
  }
  const epsilon = args.epsilon ?? DEFAULT_EPSILON;
  if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new ConfigError(`${layer}: option 'epsilon' is ${String(epsilon)}; it must be a positive number.`);
  }
  const uSeed = args.uSeed ?? null;
  if (uSeed !== null && (typeof uSeed !== 'number' || !Number.isFinite(uSeed))) {
    throw new ConfigError(`${layer}: option 'uSeed' is ${String(uSeed)}; it must be a finite number or null.`);
  }
  return { powerIterations, epsilon, uSeed };
}

/** What the SN layers share with their tfjs-layers base class at run time. */
interface KernelHolder {
  kernel: LayerVariable | { read(): tf.Tensor } | null;
  readonly name: string;
}

/**
 * Adds the non-trainable power-iteration vector u ∈ ℝ^out to a built layer. It
 * is a layer weight, so it is in `model.weights` (hence in a Gantry network's
 * `variables` and its checkpoints) and in `model.save()`'s weights, but not in
 * `trainableWeights`: no optimizer touches it.
 */
export function addPowerIterationVector(
  layer: tfl.layers.Layer,
  settings: SpectralNormSettings,
  add: (name: string, shape: number[], initializer: ReturnType<typeof tfl.initializers.randomNormal>) => LayerVariable,
): LayerVariable {
  const kernel = (layer as unknown as KernelHolder).kernel as LayerVariable;
  const out = kernel.shape[kernel.shape.length - 1] as number;
  // tfjs treats a falsy seed as "unseeded", so never hand it 0.
  const seed = (settings.uSeed ?? deriveSeed('@gantry/plugin-spectral-norm', layer.name)) || 1;
  return add('u', [out], tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed }));
}

/**
 * Runs the base layer's `call` with its kernel replaced by W/σ(W). The base class
 * reads the kernel through `this.kernel.read()`, so for the duration of the call
 * `kernel` is swapped for a reader of the normalised kernel (and restored after,
 * even on error). Everything else — bias, activation, fused kernels, padding,
 * dilation — stays the base layer's own code. In training mode the new u is
 * written back to the layer's u variable (one power iteration per forward pass).
 */
export function callNormalized(
  layer: tfl.layers.Layer,
  u: LayerVariable,
  settings: SpectralNormSettings,
  training: boolean,
  run: () => tf.Tensor | tf.Tensor[],
): tf.Tensor | tf.Tensor[] {
  const holder = layer as unknown as KernelHolder;
  const kernel = holder.kernel as LayerVariable;
  return tf.tidy(() => {
    const normalized = spectralNormalize(kernel.read(), u.read(), {
      iterations: settings.powerIterations,
      epsilon: settings.epsilon,
    });
    if (training) u.write(normalized.u);
    holder.kernel = { read: () => normalized.kernel };
    try {
      return run();
    } finally {
      holder.kernel = kernel;
    }
  });
}

/** σ(W) of a layer's kernel with its current u (one iteration, u not updated). */
export function layerSigma(layer: tfl.layers.Layer, u: LayerVariable, settings: SpectralNormSettings): tf.Scalar {
  const kernel = (layer as unknown as KernelHolder).kernel as LayerVariable;
  return tf.tidy(() => {
    const { sigma } = spectralNormalize(kernel.read(), u.read(), {
      iterations: settings.powerIterations,
      epsilon: settings.epsilon,
    });
    return sigma;
  });
}

/** The training flag of a layer call's kwargs. */
export function isTraining(kwargs: Record<string, unknown> | undefined): boolean {
  return kwargs?.training === true;
}
