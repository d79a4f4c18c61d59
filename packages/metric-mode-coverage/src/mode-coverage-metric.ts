import { checkKeys, ConfigError, intOption, numberOption, optionError, show, ShapeMismatchError, type Metric, type MetricInput } from '@gantry/core';
import { GRID_CENTERS, GRID_STD, RING_CENTERS, RING_STD } from '@gantry/data-toy';
import { DEFAULT_MIN_SAMPLES, DEFAULT_THRESHOLD, modeCoverage } from './functional.js';

/** Options of {@link ModeCoverageMetric} (plain JSON). */
export interface ModeCoverageMetricOptions {
  /**
   * The mixture: `'ring'` (8 modes on radius 2, σ = 0.02) or `'grid'` (25 modes at
   * (−4 … 4)², σ = 0.05), the defaults of @gantry/data-toy. Or give `centers` and `std`.
   * With neither, the centers and stds of the evaluated data set are used when it is
   * a Gaussian mixture (any @gantry/data-toy set), so custom ring/grid options follow.
   */
  readonly data?: 'ring' | 'grid';
  /** Explicit mode centers, K rows of d numbers (with `std`). */
  readonly centers?: ReadonlyArray<readonly number[]>;
  /** σ of every mode, or one per mode (with `centers`). */
  readonly std?: number | readonly number[];
  /** Generated samples per evaluation. Default 2500, as in VEEGAN and PacGAN. */
  readonly samples?: number;
  /** Evaluate every this many steps (0: only on demand). Default 1000. */
  readonly every?: number;
  /** High quality = within `threshold`·σ of the nearest mode. Default 3. */
  readonly threshold?: number;
  /** High-quality samples a mode needs to count as covered. Default 1. */
  readonly minSamples?: number;
  /** Seed of the latent codes (the same codes every evaluation). Default 0. */
  readonly seed?: number;
}

/** Default generated samples per evaluation (VEEGAN, PacGAN: 2500). */
export const DEFAULT_SAMPLES = 2500;
/** Default evaluation interval in steps. */
export const DEFAULT_EVERY = 1000;

/**
 * The Gaussian mixture whose modes the metric counts: mode k is N(centers[k], stds[k]²·I).
 * From the `data`, `centers`/`std` options, or the data set's `means`/`stds`.
 */
export interface Mixture {
  /** The K mode centers, each a point of d numbers. */
  readonly centers: ReadonlyArray<readonly number[]>;
  /** One standard deviation per mode (σₖ; high quality means within `threshold`·σₖ). */
  readonly stds: readonly number[];
}

const NAME = 'mode-coverage';
/** How error messages name this metric. */
const C = `metric '${NAME}'`;

/**
 * Mode coverage of a generator trained on a 2-D Gaussian mixture (ring of 8, grid of
 * 25), the protocol of VEEGAN (Srivastava et al. 2017, https://arxiv.org/abs/1705.07761)
 * also used by PacGAN (Lin et al. 2018, https://arxiv.org/abs/1712.04086): draw
 * `samples` points from G, assign each to its nearest mode, call it high quality if it
 * is within 3σ of that mode, and count a mode as covered when it has ≥ 1 high-quality
 * sample. Reports
 *
 * - `modes/covered`: number of covered modes;
 * - `modes/high-quality`: share of high-quality samples, in [0, 1].
 */
export class ModeCoverageMetric implements Metric {
  static readonly id = '@gantry/metric-mode-coverage>ModeCoverage';
  readonly id = ModeCoverageMetric.id;
  readonly every: number;
  readonly samples: number;
  readonly threshold: number;
  readonly minSamples: number;
  readonly seed: number;
  /** The mixture from the options; undefined: taken from the data set at evaluation. */
  readonly mixture: Mixture | undefined;

  /** @param options see {@link ModeCoverageMetricOptions}; bad keys or values throw `ConfigError`. */
  constructor(options: ModeCoverageMetricOptions = {}) {
    const o = checkKeys(C, options, ['data', 'centers', 'std', 'samples', 'every', 'threshold', 'minSamples', 'seed']);
    this.samples = intOption(C, o, 'samples', DEFAULT_SAMPLES, { min: 1 });
    this.every = intOption(C, o, 'every', DEFAULT_EVERY, { min: 0 });
    this.threshold = numberOption(C, o, 'threshold', DEFAULT_THRESHOLD, { above: 0 });
    this.minSamples = intOption(C, o, 'minSamples', DEFAULT_MIN_SAMPLES, { min: 1 });
    this.seed = intOption(C, o, 'seed', 0, { min: 0 });
    this.mixture = resolveMixture(o);
  }

  async evaluate(input: MetricInput): Promise<Record<string, number>> {
    const mixture = this.mixture ?? fromDataset(input.dataset);
    const d = mixture.centers[0].length;
    const x = input.generate(this.samples, this.seed);
    let values: ArrayLike<number>;
    try {
      if (x.rank < 1 || x.size !== x.shape[0] * d) {
        throw new ShapeMismatchError(
          `Metric '${NAME}' compares samples with ${d}-D mode centers, but the generator made samples of shape [${x.shape.join(', ')}].`,
        );
      }
      values = await x.data();
    } finally {
      x.dispose();
    }
    const result = modeCoverage(values, mixture.centers, mixture.stds, {
      threshold: this.threshold,
      minSamples: this.minSamples,
    });
    return { 'modes/covered': result.covered, 'modes/high-quality': result.highQuality };
  }
}

function resolveMixture(o: Record<string, unknown>): Mixture | undefined {
  if (o.data !== undefined) {
    if (o.centers !== undefined || o.std !== undefined) {
      throw new ConfigError(`Metric '${NAME}' takes either 'data' or 'centers' with 'std', not both.`);
    }
    if (o.data === 'ring') return { centers: RING_CENTERS, stds: RING_CENTERS.map(() => RING_STD) };
    if (o.data === 'grid') return { centers: GRID_CENTERS, stds: GRID_CENTERS.map(() => GRID_STD) };
    throw optionError(C, 'data', "'ring' or 'grid'", o.data);
  }
  if (o.centers === undefined && o.std === undefined) return undefined;
  const centers = o.centers;
  if (
    !Array.isArray(centers) ||
    centers.length === 0 ||
    !centers.every(
      (c) =>
        Array.isArray(c) &&
        c.length > 0 &&
        c.length === (centers[0] as unknown[]).length &&
        c.every((v) => typeof v === 'number' && Number.isFinite(v)),
    )
  ) {
    throw optionError(C, 'centers', 'a non-empty array of points of equal length (finite numbers)', centers);
  }
  const std = o.std;
  const isPositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  let stds: number[];
  if (isPositive(std)) stds = centers.map(() => std as number);
  else if (Array.isArray(std) && std.length === centers.length && std.every(isPositive)) stds = std as number[];
  else {
    throw optionError(C, 'std', `a number > 0 or one per center (${centers.length})`, std);
  }
  return { centers: centers as number[][], stds };
}

function fromDataset(dataset: unknown): Mixture {
  const m = dataset as { means?: unknown; stds?: unknown; name?: unknown };
  if (
    Array.isArray(m.means) &&
    Array.isArray(m.stds) &&
    m.means.length > 0 &&
    m.means.length === m.stds.length &&
    m.means.every((c) => Array.isArray(c))
  ) {
    return { centers: m.means as number[][], stds: m.stds as number[] };
  }
  throw new ConfigError(
    `Metric '${NAME}' does not know the modes of data set ${show(m.name)}: set option 'data' ('ring' or 'grid') or 'centers' and 'std'.`,
  );
}
