import { checkKeys, ConfigError, intOption, numberArrayOption, numberOption, show } from '@gantry/core';
import { GaussianMixtureDataset } from './dataset.js';
import { GAUSSIAN_1D_DEFAULT, GRID_STD, gridCenters, RING_STD, ringCenters } from './mixture.js';
import { commonOptions, component, type ToyCommonOptions } from './options.js';

/** Options of {@link loadGaussian1d} and the `gaussian-1d` provider. */
export interface Gaussian1dOptions extends ToyCommonOptions {
  /** Means μₖ of the modes. Default `[4]`. */
  readonly means?: readonly number[];
  /** Stds σₖ > 0, one per mean, or one for all. Default 0.5 for every mean. */
  readonly stds?: readonly number[];
  /** Weights wₖ ≥ 0 (normalised to sum 1), one per mean. Default: equal. */
  readonly weights?: readonly number[];
}

/**
 * A 1-D Gaussian mixture p(x) = Σₖ wₖ · N(x; μₖ, σₖ²), samples of shape `[1]`.
 * The default N(4, 0.5²) is a common target of 1-D GAN demos; mixtures of a few
 * well-separated modes show mode collapse in one dimension, and
 * `density(x)` gives p_data for checking the optimal discriminator
 * D*(x) = p_data / (p_data + p_g) (Goodfellow et al. 2014, arXiv:1406.2661).
 */
export function loadGaussian1d(options: Gaussian1dOptions = {}): GaussianMixtureDataset {
  const name = 'gaussian-1d';
  const c = component(name);
  const o = checkKeys(c, options, ['means', 'stds', 'weights', 'size', 'seed']);
  const { size, seed } = commonOptions(o, name);
  const means = numberArrayOption(c, o, 'means', GAUSSIAN_1D_DEFAULT.means, { minLength: 1 });
  let stds: readonly number[];
  if (o.stds === undefined) stds = means.map(() => GAUSSIAN_1D_DEFAULT.stds[0]);
  else {
    stds = numberArrayOption(c, o, 'stds', [], { minLength: 1, above: 0 });
    if (stds.length === 1) stds = means.map(() => stds[0]);
    if (stds.length !== means.length) {
      throw new ConfigError(`Option 'stds' of data set '${name}' has ${stds.length} values for ${means.length} means; give one per mean, or one for all.`);
    }
  }
  const weights = numberArrayOption(c, o, 'weights', means.map(() => 1), { minLength: 1, min: 0 });
  if (o.weights !== undefined) {
    if (weights.length !== means.length) {
      throw new ConfigError(`Option 'weights' of data set '${name}' has ${weights.length} values for ${means.length} means; give one per mean.`);
    }
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new ConfigError(`Option 'weights' of data set '${name}' must not be all zero, got ${show(o.weights)}.`);
  return new GaussianMixtureDataset({
    name,
    size,
    seed,
    mixture: { means: means.map((m) => [m]), stds, weights: weights.map((w) => w / total) },
  });
}

/** Options of {@link loadRing} and the `ring` provider. */
export interface RingOptions extends ToyCommonOptions {
  /** Number of modes K. Default 8. */
  readonly modes?: number;
  /** Radius of the circle. Default 2. */
  readonly radius?: number;
  /** Std of each mode. Default 0.02 ({@link RING_STD}). */
  readonly std?: number;
}

/**
 * The 2-D ring: K equally weighted Gaussians N(μₖ, σ² I) with μₖ on a circle,
 * μₖ = r·(cos 2πk/K, sin 2πk/K). Defaults K = 8, r = 2, σ = 0.02 follow
 * Unrolled GAN (Metz et al. 2017, arXiv:1611.02163) and VEEGAN (Srivastava et
 * al. 2017, arXiv:1705.07761): the modes are far apart relative to σ, so a
 * collapsed generator visibly covers only some of them.
 */
export function loadRing(options: RingOptions = {}): GaussianMixtureDataset {
  const name = 'ring';
  const c = component(name);
  const o = checkKeys(c, options, ['modes', 'radius', 'std', 'size', 'seed']);
  const { size, seed } = commonOptions(o, name);
  const modes = intOption(c, o, 'modes', 8, { min: 1 });
  const radius = numberOption(c, o, 'radius', 2, { above: 0 });
  const std = numberOption(c, o, 'std', RING_STD, { above: 0 });
  return new GaussianMixtureDataset({
    name,
    size,
    seed,
    mixture: { means: ringCenters(modes, radius), stds: new Array(modes).fill(std), weights: new Array(modes).fill(1 / modes) },
  });
}

/** Options of {@link loadGrid} and the `grid` provider. */
export interface GridOptions extends ToyCommonOptions {
  /** Modes per side; side² modes in all. Default 5. */
  readonly side?: number;
  /** Distance between neighbouring modes. Default 2. */
  readonly spacing?: number;
  /** Std of each mode. Default 0.05 ({@link GRID_STD}). */
  readonly std?: number;
}

/**
 * The 2-D grid: side² equally weighted Gaussians N(μ, σ² I) on a lattice
 * centered at the origin. Defaults (25 modes at (−4, −2, 0, 2, 4)², σ = 0.05)
 * follow VEEGAN's 2D Grid (Srivastava et al. 2017, arXiv:1705.07761; variance
 * 0.0025 as restated by PacGAN, Lin et al. 2018, arXiv:1712.04086).
 */
export function loadGrid(options: GridOptions = {}): GaussianMixtureDataset {
  const name = 'grid';
  const c = component(name);
  const o = checkKeys(c, options, ['side', 'spacing', 'std', 'size', 'seed']);
  const { size, seed } = commonOptions(o, name);
  const side = intOption(c, o, 'side', 5, { min: 1 });
  const spacing = numberOption(c, o, 'spacing', 2, { above: 0 });
  const std = numberOption(c, o, 'std', GRID_STD, { above: 0 });
  const modes = side * side;
  return new GaussianMixtureDataset({
    name,
    size,
    seed,
    mixture: { means: gridCenters(side, spacing), stds: new Array(modes).fill(std), weights: new Array(modes).fill(1 / modes) },
  });
}
