import * as tf from '@tensorflow/tfjs-core';
import {
  checkKeys,
  checkNumber,
  deriveSeed,
  enumOption,
  intOption,
  numberArrayOption,
  optionError,
  type LatentPrior,
} from '@gantry/core';

/** Distributions of the incompressible noise part ε of z (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §4). */
export const NOISE_DISTRIBUTIONS = ['uniform', 'normal'] as const;
/** `'uniform'`: U(−1, 1) per dimension; `'normal'`: N(0, 1). */
export type NoiseDistribution = (typeof NOISE_DISTRIBUTIONS)[number];

/** Noise dimensions n when not given: 62, the paper's MNIST setting (Chen et al. 2016, https://arxiv.org/abs/1606.03657, appendix C). */
export const DEFAULT_NOISE_DIMS = 62;
/** Categorical codes when not given: one code c₁ ~ Cat(K = 10, p = 0.1), the MNIST digit code (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §7.2). */
export const DEFAULT_CATEGORICAL: readonly number[] = Object.freeze([10]);
/** Continuous codes m when not given: 2, c₂, c₃ ~ U(−1, 1) — MNIST's rotation and width codes (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §7.2). */
export const DEFAULT_CONTINUOUS = 2;

/**
 * Where each part of an InfoGAN latent vector lives. A code z of length
 * `n + ΣKᵢ + m` is laid out as
 *
 *   z = [ noise (n) | one-hot of code 1 (K₁) | … | one-hot of code k (K_k) | continuous (m) ]
 *
 * — the incompressible noise first, then each categorical code cᵢ ~ Cat(Kᵢ, uniform) as a
 * one-hot block, then the continuous codes c ~ U(−1, 1)ᵐ (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §5 and appendix C; the order of the authors' code).
 */
export interface InfoGanLayout {
  /** n: number of noise dimensions (≥ 0). */
  readonly noise: number;
  /** Distribution of the noise: U(−1, 1) (the authors' code) or N(0, 1). */
  readonly noiseDistribution: NoiseDistribution;
  /** K₁ … K_k: the number of values of each categorical code (each ≥ 2). */
  readonly categorical: readonly number[];
  /** m: number of continuous codes, each U(−1, 1). */
  readonly continuous: number;
}

/** Options of {@link infoGanPrior} (plain JSON, as in configs). */
export interface InfoGanPriorOptions {
  /** n, noise dimensions ≥ 0; default 62 (the paper's MNIST setting). */
  readonly noise?: number;
  /** `'uniform'` (default, U(−1, 1) as in the authors' code) or `'normal'` (N(0, 1)). */
  readonly noiseDistribution?: NoiseDistribution;
  /** Kᵢ of each categorical code, each ≥ 2; default `[10]`. `[]` for none. */
  readonly categorical?: readonly number[];
  /** m, continuous codes ≥ 0; default 2. */
  readonly continuous?: number;
}

/** The option names {@link infoGanPrior} reads (n, noise distribution, Kᵢ, m of Chen et al. 2016, https://arxiv.org/abs/1606.03657); generators taking a prior's options accept these keys. */
export const PRIOR_OPTION_KEYS = ['noise', 'noiseDistribution', 'categorical', 'continuous'] as const;

/** Offsets of each part of z = [ε, onehot(c₁), …, c_cont] under a {@link InfoGanLayout} (units of z's last axis; Chen et al. 2016, https://arxiv.org/abs/1606.03657). */
export interface LayoutOffsets {
  /** Start of the first one-hot block (= n). */
  readonly categoricalStart: number;
  /** Start of each categorical code's one-hot block. */
  readonly categoricalStarts: readonly number[];
  /** ΣKᵢ: width of all one-hot blocks. */
  readonly categoricalWidth: number;
  /** Start of the continuous codes (= n + ΣKᵢ). */
  readonly continuousStart: number;
  /** n + ΣKᵢ + m: the length of z. */
  readonly size: number;
}

/** The offsets of each block of z: noise at 0, one-hots at n, n + K₁, …, continuous at n + ΣKᵢ. */
export function layoutOffsets(layout: InfoGanLayout): LayoutOffsets {
  const categoricalStarts: number[] = [];
  let at = layout.noise;
  for (const k of layout.categorical) {
    categoricalStarts.push(at);
    at += k;
  }
  return {
    categoricalStart: layout.noise,
    categoricalStarts,
    categoricalWidth: at - layout.noise,
    continuousStart: at,
    size: at + layout.continuous,
  };
}

/**
 * Validates an {@link InfoGanLayout} given as plain options (defaults: 62 uniform noise
 * dimensions, one 10-way categorical code, 2 continuous codes — the paper's MNIST
 * setting) and returns it frozen.
 *
 * @param component how errors name the caller, e.g. `"generator 'infogan-mlp'"`.
 * @throws ConfigError for unknown keys, sizes that are not whole numbers in range, or
 *   a latent vector of length 0.
 */
export function resolveLayout(component: string, options: unknown = {}, extraKeys: readonly string[] = []): InfoGanLayout {
  const o = checkKeys(component, options, [...PRIOR_OPTION_KEYS, ...extraKeys]);
  const noise = intOption(component, o, 'noise', DEFAULT_NOISE_DIMS, { min: 0 });
  const noiseDistribution = enumOption(component, o, 'noiseDistribution', NOISE_DISTRIBUTIONS, 'uniform');
  // A 1-valued code carries no information (its one-hot is constant), hence Kᵢ ≥ 2.
  const categorical = numberArrayOption(component, o, 'categorical', DEFAULT_CATEGORICAL, {
    integer: true,
    min: 2,
    hint: '(the number of values of each categorical code, e.g. [10])',
  });
  const continuous = intOption(component, o, 'continuous', DEFAULT_CONTINUOUS, { min: 0 });
  const layout: InfoGanLayout = Object.freeze({ noise, noiseDistribution, categorical, continuous });
  if (layoutOffsets(layout).size === 0) {
    throw optionError(component, 'noise', 'positive when there are no codes (z would be empty)', noise);
  }
  return layout;
}

/** A {@link LatentPrior} that knows its InfoGAN layout (what the MI regularizer and traversals read). */
export interface InfoGanPrior extends LatentPrior {
  /** Where noise, categorical and continuous codes sit in z. */
  readonly layout: InfoGanLayout;
}

/** True when `prior` carries an InfoGAN {@link InfoGanLayout} z = [ε, c] (built by {@link infoGanPrior}; Chen et al. 2016, https://arxiv.org/abs/1606.03657). */
export function isInfoGanPrior(prior: LatentPrior | undefined): prior is InfoGanPrior {
  const layout = (prior as Partial<InfoGanPrior> | undefined)?.layout;
  return (
    typeof layout === 'object' &&
    layout !== null &&
    typeof layout.noise === 'number' &&
    Array.isArray(layout.categorical) &&
    typeof layout.continuous === 'number'
  );
}

/** A seed tfjs will honour: its random ops treat 0 (falsy) as "unseeded". */
function partSeed(seed: number, part: string): number {
  return deriveSeed(seed, part) || 1;
}

/**
 * The InfoGAN prior (Chen et al. 2016, https://arxiv.org/abs/1606.03657):
 *
 *   z = [ε, onehot(c₁), …, onehot(c_k), c_cont],
 *   ε ~ U(−1, 1)ⁿ or N(0, I_n),  cᵢ ~ Cat(Kᵢ) uniform,  c_cont ~ U(−1, 1)ᵐ,
 *
 * laid out as {@link InfoGanLayout} documents (shape `[n + ΣKᵢ + m]`). The parts are
 * drawn from seeds derived from `seed` (`deriveSeed(seed, 'noise' | 'categorical' |
 * 'continuous')`), so the same seed gives the same z and the noise does not change when
 * the codes are re-drawn. Defaults are the paper's MNIST setting: 62 noise dimensions
 * (uniform, as in the authors' code), one 10-way code, 2 continuous codes.
 */
export function infoGanPrior(options: InfoGanPriorOptions | InfoGanLayout = {}): InfoGanPrior {
  const layout = resolveLayout('infoGanPrior', options);
  const offsets = layoutOffsets(layout);
  return {
    shape: [offsets.size],
    layout,
    sample: (n, seed) => {
      checkNumber('infoGanPrior.sample', 'batchSize', n, { integer: true, min: 1 });
      return tf.tidy(() => {
        const noise = sampleNoise(layout, n, seed);
        const categories = sampleCategories(layout, n, seed);
        const continuous = layout.continuous > 0 ? tf.randomUniform([n, layout.continuous], -1, 1, 'float32', partSeed(seed, 'continuous')) : undefined;
        return encodeLatent(layout, { noise, categories, continuous });
      });
    },
  };
}

/** ε ~ U(−1, 1)ⁿ or N(0, Iₙ) (the layout's), `[batch, n]`, from `deriveSeed(seed, 'noise')` — InfoGAN's incompressible noise (Chen et al. 2016, https://arxiv.org/abs/1606.03657). */
export function sampleNoise(layout: InfoGanLayout, n: number, seed: number): tf.Tensor2D {
  const s = partSeed(seed, 'noise');
  return layout.noiseDistribution === 'normal'
    ? tf.randomNormal([n, layout.noise], 0, 1, 'float32', s)
    : tf.randomUniform([n, layout.noise], -1, 1, 'float32', s);
}

/**
 * Values cᵢ ~ uniform on {0, …, Kᵢ − 1} of every categorical code, int32 `[n, k]`
 * (column i is code i), from `deriveSeed(seed, 'categorical')`: ⌊u·Kᵢ⌋ with u ~ U[0, 1) —
 * the uniform categorical codes of Chen et al. 2016, https://arxiv.org/abs/1606.03657.
 */
export function sampleCategories(layout: InfoGanLayout, n: number, seed: number): tf.Tensor2D {
  const k = layout.categorical.length;
  return tf.tidy(() => {
    if (k === 0) return tf.zeros([n, 0], 'int32') as tf.Tensor2D;
    const u = tf.randomUniform([n, k], 0, 1, 'float32', partSeed(seed, 'categorical'));
    const sizes = tf.tensor1d(layout.categorical as number[]);
    // min(…, K − 1) guards the float32 edge case u·K rounding up to K.
    return tf.cast(tf.minimum(tf.floor(tf.mul(u, sizes)), tf.sub(sizes, 1)), 'int32') as tf.Tensor2D;
  });
}

/**
 * float32 one-hot rows `[n, k]` of int32 `values`. Built as int32 and cast: the wasm
 * backend's OneHot kernel (tfjs 4.22) ignores the `dtype` attribute and writes int32 bits
 * into a float32 tensor, so `tf.oneHot(v, k, 1, 0, 'float32')` reads 1 as 1.4·10⁻⁴⁵ there.
 */
export function oneHotFloat(values: tf.Tensor1D, k: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(values, k), 'float32') as tf.Tensor2D);
}

/** The parts of a latent vector for {@link encodeLatent}, each with one row per sample. */
export interface LatentParts {
  /** ε, `[n, noise]`. Required when the layout has noise dimensions. */
  readonly noise?: tf.Tensor;
  /** Categorical values, int32 (or whole float) `[n, k]`: column i is code i, in 0 … Kᵢ − 1. */
  readonly categories?: tf.Tensor;
  /** Continuous codes `[n, m]` (any real values; traversals go beyond ±1). */
  readonly continuous?: tf.Tensor;
}

/**
 * Assembles z = [ε, onehot(c₁), …, onehot(c_k), c_cont] (`[n, n_ε + ΣKᵢ + m]`) from its
 * parts — the inverse of {@link splitLatent} (layout of Chen et al. 2016, https://arxiv.org/abs/1606.03657). Parts the layout has must be given, with
 * matching widths and row counts.
 *
 * @throws RangeError naming the part whose shape does not fit the layout.
 */
export function encodeLatent(layout: InfoGanLayout, parts: LatentParts): tf.Tensor2D {
  const rows = [parts.noise, parts.categories, parts.continuous].find((t) => t !== undefined)?.shape[0];
  if (rows === undefined) throw new RangeError('encodeLatent needs at least one part (noise, categories or continuous).');
  const check = (name: string, t: tf.Tensor | undefined, width: number) => {
    if (width === 0) return;
    if (!t) throw new RangeError(`encodeLatent: the layout has ${width} ${name} column(s), but no '${name}' was given.`);
    if (t.rank !== 2 || t.shape[0] !== rows || t.shape[1] !== width) {
      throw new RangeError(`encodeLatent: '${name}' must have shape [${rows}, ${width}], got [${t.shape.join(', ')}].`);
    }
  };
  check('noise', parts.noise, layout.noise);
  check('categories', parts.categories, layout.categorical.length);
  check('continuous', parts.continuous, layout.continuous);
  return tf.tidy(() => {
    const blocks: tf.Tensor[] = [];
    if (layout.noise > 0) blocks.push(tf.cast(parts.noise!, 'float32'));
    layout.categorical.forEach((k, i) => {
      const values = tf.cast(tf.reshape(tf.slice(parts.categories!, [0, i], [rows, 1]), [rows]), 'int32');
      blocks.push(oneHotFloat(values as tf.Tensor1D, k));
    });
    if (layout.continuous > 0) blocks.push(tf.cast(parts.continuous!, 'float32'));
    return (blocks.length === 1 ? tf.clone(blocks[0]) : tf.concat(blocks, 1)) as tf.Tensor2D;
  });
}

/** The blocks of a batch of latent vectors (what {@link splitLatent} returns). */
export interface LatentSplit {
  /** ε, `[n, noise]`. */
  readonly noise: tf.Tensor2D;
  /** One one-hot block `[n, Kᵢ]` per categorical code. */
  readonly oneHots: readonly tf.Tensor2D[];
  /** c_cont, `[n, m]`. */
  readonly continuous: tf.Tensor2D;
}

/**
 * Slices z `[n, n_ε + ΣKᵢ + m]` into its blocks ε, onehot(cᵢ), c_cont (see {@link InfoGanLayout};
 * Chen et al. 2016, https://arxiv.org/abs/1606.03657). Pure slicing,
 * so gradients flow through (not that the MI bound needs them: z is a sample of the prior).
 *
 * @throws RangeError when z is not `[n, size]` for this layout.
 */
export function splitLatent(layout: InfoGanLayout, z: tf.Tensor): LatentSplit {
  const o = layoutOffsets(layout);
  if (z.rank !== 2 || z.shape[1] !== o.size) {
    throw new RangeError(
      `splitLatent: expected latent codes [batch, ${o.size}] (noise ${layout.noise} + categorical [${layout.categorical.join(', ')}] + continuous ${layout.continuous}), got [${z.shape.join(', ')}].`,
    );
  }
  const n = z.shape[0];
  return {
    noise: tf.slice(z, [0, 0], [n, layout.noise]) as tf.Tensor2D,
    oneHots: layout.categorical.map((k, i) => tf.slice(z, [0, o.categoricalStarts[i]], [n, k]) as tf.Tensor2D),
    continuous: tf.slice(z, [0, o.continuousStart], [n, layout.continuous]) as tf.Tensor2D,
  };
}

/**
 * H(c): the entropy of the codes under the prior, in nats — Σᵢ log Kᵢ for the uniform
 * categorical codes plus m·log 2 for the continuous ones (the differential entropy of
 * U(−1, 1) is log 2). The variational bound is I(c; G(z, c)) ≥ H(c) − L_I (Chen et al. 2016,
 * Lemma 5.1), so this is the most the bound can reach.
 */
export function codeEntropy(layout: InfoGanLayout): { categorical: number; continuous: number } {
  return {
    categorical: layout.categorical.reduce((s, k) => s + Math.log(k), 0),
    continuous: layout.continuous * Math.log(2),
  };
}

/**
 * z with categorical code `code` set to `value` in every row (its one-hot block
 * replaced), everything else kept — e.g. to draw samples "of category c" with random
 * noise and other codes, as the categorical-purity measurement does (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §7.1 fix c₁ the same way).
 *
 * @throws RangeError when `code` or `value` is out of range or z does not fit the layout.
 */
export function withCategory(layout: InfoGanLayout, z: tf.Tensor, code: number, value: number): tf.Tensor2D {
  const k = layout.categorical[code];
  if (!Number.isInteger(code) || k === undefined) {
    throw new RangeError(`withCategory: code ${code} does not exist (the layout has ${layout.categorical.length} categorical code(s)).`);
  }
  if (!Number.isInteger(value) || value < 0 || value >= k) throw new RangeError(`withCategory: value ${value} is not in 0 … ${k - 1}.`);
  const o = layoutOffsets(layout);
  if (z.rank !== 2 || z.shape[1] !== o.size) throw new RangeError(`withCategory: expected z of shape [batch, ${o.size}], got [${z.shape.join(', ')}].`);
  return tf.tidy(() => {
    const n = z.shape[0];
    const start = o.categoricalStarts[code];
    const oneHot = tf.tile(oneHotFloat(tf.tensor1d([value], 'int32'), k), [n, 1]);
    const before = tf.slice(z, [0, 0], [n, start]);
    const after = tf.slice(z, [0, start + k], [n, o.size - start - k]);
    return tf.concat([before, oneHot, after], 1) as tf.Tensor2D;
  });
}
