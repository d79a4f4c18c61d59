import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from '@gantry/core';
import { registerSpectralNormLayers, SpectralNormConv2D, SpectralNormDense } from './layers.js';
import { resolveSpectralNormArgs, type SpectralNormArgs } from './spectral-state.js';

/** Options of {@link spectralNormModel}. */
export interface SpectralNormModelOptions {
  /** Power iterations per forward pass; default 1. */
  readonly powerIterations?: number;
  /** ε of the normalisations; default 1e-12. */
  readonly epsilon?: number;
  /** Seed of the u vectors' initial values (layer i gets `deriveSeed(seed, name)`); default: from each layer's name. */
  readonly seed?: number;
  /** Names of Dense/Conv2D layers to leave unnormalised (e.g. a class-embedding layer); default none. */
  readonly exclude?: readonly string[];
}

/** Class names the converter replaces, and their spectrally normalised versions. */
export const SPECTRAL_NORM_REPLACEMENTS: Readonly<Record<string, string>> = {
  Dense: SpectralNormDense.className,
  Conv2D: SpectralNormConv2D.className,
};

/**
 * Returns a copy of any tfjs-layers model (Sequential or functional, nested models
 * included) in which every `Dense` and `Conv2D` layer is replaced by its
 * spectrally normalised version ({@link SpectralNormDense}, {@link SpectralNormConv2D};
 * Miyato et al. 2018, https://arxiv.org/abs/1802.05957), with the same
 * configuration (units/filters, strides, padding, activation, initialisers, names)
 * and the same current weights; every other layer (batch norm, activations, …) is
 * rebuilt from its config with its weights copied. The u vectors start random.
 *
 * How: the model's config (`getConfig()`) is rewritten — `className` `Dense` →
 * `SpectralNormDense`, `Conv2D` → `SpectralNormConv2D`, plus the SN settings —
 * and deserialised (`Sequential.fromConfig` / `LayersModel.fromConfig`); then the
 * weights are copied layer by layer, matched by name. Only layers registered with
 * tfjs serialization can be rebuilt (all built-in ones are; register custom ones).
 * The source model is left untouched and still owned by the caller.
 *
 * Wrap the result as a Gantry discriminator with core's `layersDiscriminator`;
 * its `variables` then include every u (checkpointed), its `trainableVariables` do not.
 * SN-GAN normalises every layer of D and uses no batch norm; the converter keeps
 * batch norm if the source model has it (build the source without it).
 *
 * @example
 * ```ts
 * const plain = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 64, activation: 'relu' }), tfl.layers.dense({ units: 1 })] });
 * const sn = spectralNormModel(plain);
 * const d = layersDiscriminator({ name: 'discriminator', model: sn as unknown as LayersModelLike, inputShape: [2] });
 * ```
 */
export function spectralNormModel<T extends tfl.LayersModel>(model: T, options: SpectralNormModelOptions = {}): T {
  registerSpectralNormLayers();
  const settings = resolveSpectralNormArgs('spectralNormModel', {
    powerIterations: options.powerIterations,
    epsilon: options.epsilon,
  });
  const exclude = new Set(options.exclude ?? []);
  const config = rewrite(model.getConfig(), (layerName) => {
    const args: SpectralNormArgs = {
      powerIterations: settings.powerIterations,
      epsilon: settings.epsilon,
      uSeed: options.seed === undefined ? null : deriveSeed(options.seed, layerName) || 1,
    };
    return args;
  }, exclude) as tf.serialization.ConfigDict;
  const copy: tfl.LayersModel =
    model instanceof tfl.Sequential
      ? tfl.Sequential.fromConfig<tfl.Sequential>(tfl.Sequential, config)
      : tfl.LayersModel.fromConfig<tfl.LayersModel>(tfl.LayersModel, config);
  copyWeights(model, copy);
  return copy as T;
}

/** Deep copy of a model config with Dense/Conv2D entries turned into their SN versions. */
function rewrite(value: unknown, snArgs: (layerName: string) => SpectralNormArgs, exclude: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, snArgs, exclude));
  if (value === null || typeof value !== 'object') return value;
  const entry = value as Record<string, unknown>;
  const replacement = typeof entry.className === 'string' ? SPECTRAL_NORM_REPLACEMENTS[entry.className] : undefined;
  const layerConfig = entry.config as Record<string, unknown> | undefined;
  if (replacement && layerConfig && typeof layerConfig === 'object' && !exclude.has(String(layerConfig.name))) {
    return { ...entry, className: replacement, config: { ...layerConfig, ...snArgs(String(layerConfig.name)) } };
  }
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, rewrite(v, snArgs, exclude)]));
}

/** Every non-container layer of a model, nested models flattened, by name. */
function leafLayers(model: tfl.LayersModel): Map<string, tfl.layers.Layer> {
  const out = new Map<string, tfl.layers.Layer>();
  for (const layer of model.layers) {
    if (layer instanceof tfl.LayersModel) for (const [k, v] of leafLayers(layer)) out.set(k, v);
    else out.set(layer.name, layer);
  }
  return out;
}

/** Copies each source layer's weights into the same-named layer of the copy (SN layers keep their extra u). */
function copyWeights(source: tfl.LayersModel, target: tfl.LayersModel): void {
  const targets = leafLayers(target);
  for (const [name, from] of leafLayers(source)) {
    const to = targets.get(name);
    if (!to) throw new Error(`spectralNormModel: layer '${name}' is missing from the rebuilt model.`);
    from.weights.forEach((w, i) => {
      const dest = to.weights[i];
      if (!dest || dest.shape.join() !== w.shape.join()) {
        throw new Error(`spectralNormModel: weight ${i} of layer '${name}' does not match in the rebuilt model.`);
      }
      tf.tidy(() => {
        dest.write(tf.clone(w.read()));
      });
    });
  }
}
