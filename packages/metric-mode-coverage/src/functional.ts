/** Options of {@link modeCoverage}. */
export interface ModeCoverageOptions {
  /**
   * A sample is high quality if it lies within `threshold`·σ of its nearest mode
   * (Euclidean distance). Default 3, as in VEEGAN (Srivastava et al. 2017,
   * https://arxiv.org/abs/1705.07761) and PacGAN (Lin et al. 2018,
   * https://arxiv.org/abs/1712.04086).
   */
  readonly threshold?: number;
  /**
   * A mode counts as covered when at least this many high-quality samples are
   * assigned to it. Default 1: VEEGAN counts a mode as captured when it is the
   * nearest mode of at least one high-quality sample, and PacGAN's evaluation code
   * does the same (a mode with a non-zero count).
   */
  readonly minSamples?: number;
}

/** What {@link modeCoverage} measures. */
export interface ModeCoverageResult {
  /** Number of covered modes (0 … K). */
  readonly covered: number;
  /** Share of samples that are high quality, in [0, 1]. */
  readonly highQuality: number;
  /** High-quality samples per mode (K numbers). */
  readonly counts: readonly number[];
}

/** Default `threshold` (in standard deviations). */
export const DEFAULT_THRESHOLD = 3;
/** Default `minSamples`. */
export const DEFAULT_MIN_SAMPLES = 1;

/**
 * Mode coverage of samples of a Gaussian mixture with known centers μₖ and stds σₖ
 * (the evaluation protocol of VEEGAN, Srivastava et al. 2017, https://arxiv.org/abs/1705.07761,
 * on its 2-D grid and the 2-D ring of Unrolled GAN, Metz et al. 2017, https://arxiv.org/abs/1611.02163):
 *
 * 1. each sample x goes to its nearest center k(x) = argminₖ ‖x − μₖ‖;
 * 2. it is high quality if ‖x − μ_{k(x)}‖ ≤ threshold·σ_{k(x)} (default 3σ);
 * 3. mode k is covered if it receives ≥ `minSamples` high-quality samples (default 1).
 *
 * For samples drawn from the data itself in 2-D, P(‖x − μ‖ ≤ 3σ) = 1 − e^{−9/2} ≈ 98.9 %.
 *
 * @param points n samples of d numbers, as rows or one flat row-major array.
 * @param centers the K mode centers, d numbers each.
 * @param stds σ of every mode (one number) or per mode (K numbers).
 */
export function modeCoverage(
  points: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
  centers: ReadonlyArray<ArrayLike<number>>,
  stds: number | readonly number[],
  options: ModeCoverageOptions = {},
): ModeCoverageResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  const K = centers.length;
  if (K === 0) throw new RangeError('modeCoverage needs at least one center.');
  const d = centers[0].length;
  const sigma = typeof stds === 'number' ? new Array<number>(K).fill(stds) : [...stds];
  if (sigma.length !== K) throw new RangeError(`modeCoverage got ${sigma.length} stds for ${K} centers.`);
  const flat = toFlat(points, d);
  const n = flat.length / d;
  const counts = new Array<number>(K).fill(0);
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestSq = Infinity;
    for (let k = 0; k < K; k++) {
      let sq = 0;
      for (let j = 0; j < d; j++) {
        const diff = flat[i * d + j] - centers[k][j];
        sq += diff * diff;
      }
      if (sq < bestSq) {
        bestSq = sq;
        best = k;
      }
    }
    // Compare squared distances: no sqrt per sample.
    const radius = threshold * sigma[best];
    if (bestSq <= radius * radius) {
      counts[best]++;
      good++;
    }
  }
  return {
    covered: counts.filter((c) => c >= minSamples).length,
    highQuality: n === 0 ? 0 : good / n,
    counts,
  };
}

function toFlat(points: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>, d: number): ArrayLike<number> {
  if (points.length > 0 && typeof points[0] !== 'number') {
    const rows = points as ReadonlyArray<ArrayLike<number>>;
    const out = new Float64Array(rows.length * d);
    rows.forEach((row, i) => {
      if (row.length !== d) throw new RangeError(`Sample ${i} has ${row.length} numbers; the centers have ${d}.`);
      for (let j = 0; j < d; j++) out[i * d + j] = row[j];
    });
    return out;
  }
  const flat = points as ArrayLike<number>;
  if (flat.length % d !== 0) throw new RangeError(`${flat.length} numbers are not whole samples of ${d}.`);
  return flat;
}
