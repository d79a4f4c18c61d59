/** n rows of width d, row-major. */
export interface Rows {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly width: number;
}

/**
 * Squared Euclidean distances between every row of X and every row of Y, in float64
 * (`[nx × ny]`, row-major), by the direct sum of squared differences (no
 * ‖x‖² + ‖y‖² − 2xᵀy cancellation).
 */
export function squaredDistances(x: Rows, y: Rows): Float64Array {
  if (x.width !== y.width) throw new RangeError(`Rows of different widths: ${x.width} and ${y.width}.`);
  const d = x.width;
  const out = new Float64Array(x.rows * y.rows);
  for (let i = 0; i < x.rows; i++) {
    const xi = i * d;
    for (let j = 0; j < y.rows; j++) {
      const yj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = x.data[xi + k] - y.data[yj + k];
        s += diff * diff;
      }
      out[i * y.rows + j] = s;
    }
  }
  return out;
}

/**
 * Squared distances between all rows of the pooled sample Z = X ∪ Y (X first),
 * `[(m + n) × (m + n)]`, symmetric; each pair computed once.
 */
export function pooledSquaredDistances(x: Rows, y: Rows): { d2: Float64Array; size: number } {
  if (x.width !== y.width) throw new RangeError(`Rows of different widths: ${x.width} and ${y.width}.`);
  const z = pool(x, y);
  const size = z.rows;
  const d = z.width;
  const d2 = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = z.data[i * d + k] - z.data[j * d + k];
        s += diff * diff;
      }
      d2[i * size + j] = s;
      d2[j * size + i] = s;
    }
  }
  return { d2, size };
}

/**
 * The median heuristic bandwidth (Gretton et al. 2012, §8): the median of the
 * pairwise Euclidean distances ‖zᵢ − zⱼ‖, i < j, over the pooled sample Z = X ∪ Y.
 * The usual default: a kernel much narrower than the typical distance sees every
 * pair as unrelated, a much wider one sees all as equal; either way MMD → 0.
 */
export function medianHeuristic(x: Rows, y: Rows): number {
  return medianOfPairs(pooledSquaredDistances(x, y));
}

function medianOfPairs({ d2, size }: { d2: Float64Array; size: number }): number {
  const upper = new Float64Array((size * (size - 1)) / 2);
  let k = 0;
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) upper[k++] = d2[i * size + j];
  upper.sort();
  const m = upper.length;
  if (m === 0) throw new RangeError('The median heuristic needs at least 2 samples in all.');
  // Sorting squared distances sorts the distances (monotone); average the two middle distances when m is even.
  return m % 2 === 1 ? Math.sqrt(upper[(m - 1) / 2]) : 0.5 * (Math.sqrt(upper[m / 2 - 1]) + Math.sqrt(upper[m / 2]));
}

function pool(x: Rows, y: Rows): Rows {
  const data = new Float64Array((x.rows + y.rows) * x.width);
  for (let i = 0; i < x.rows * x.width; i++) data[i] = x.data[i];
  const offset = x.rows * x.width;
  for (let i = 0; i < y.rows * y.width; i++) data[offset + i] = y.data[i];
  return { data, rows: x.rows + y.rows, width: x.width };
}

/**
 * Unbiased MMD² (Gretton et al. 2012, "A Kernel Two-Sample Test", JMLR 13, Lemma 6,
 * https://jmlr.org/papers/v13/gretton12a.html) with the Gaussian kernel, or the sum
 * of Gaussian kernels when several bandwidths σ are given:
 *
 *   k(x, y) = Σ_σ exp(−‖x − y‖² / (2σ²)),
 *   MMD²ᵤ = Σ_{i≠j} k(xᵢ, xⱼ)/(m(m−1)) + Σ_{i≠j} k(yᵢ, yⱼ)/(n(n−1)) − 2 Σ_{i,j} k(xᵢ, yⱼ)/(mn).
 *
 * Its expectation is the population MMD² (0 iff the distributions are equal, for a
 * characteristic kernel), so it can be slightly negative. float64 throughout.
 */
export function gaussianMmd2(x: Rows, y: Rows, bandwidths: readonly number[]): number {
  return mmd2FromDistances(pooledSquaredDistances(x, y), x.rows, bandwidths);
}

function mmd2FromDistances({ d2, size }: { d2: Float64Array; size: number }, m: number, bandwidths: readonly number[]): number {
  const n = size - m;
  if (m < 2 || n < 2) throw new RangeError(`The unbiased MMD² needs at least 2 samples per side, got ${m} and ${n}.`);
  if (bandwidths.length === 0 || bandwidths.some((s) => !(s > 0 && Number.isFinite(s)))) {
    throw new RangeError(`Bandwidths must be finite and > 0, got [${bandwidths.join(', ')}].`);
  }
  const gammas = bandwidths.map((s) => 1 / (2 * s * s));
  const kernel = (v: number): number => {
    let k = 0;
    for (const g of gammas) k += Math.exp(-g * v);
    return k;
  };
  let kxx = 0;
  let kyy = 0;
  let kxy = 0;
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const k = kernel(d2[i * size + j]);
      if (j < m) kxx += k;
      else if (i >= m) kyy += k;
      else kxy += k;
    }
  }
  // Sums over i < j count each unordered within-sample pair once: Σ_{i≠j} = 2 Σ_{i<j}.
  return (2 * kxx) / (m * (m - 1)) + (2 * kyy) / (n * (n - 1)) - (2 * kxy) / (m * n);
}

/** Options of {@link mmd2}. */
export interface Mmd2Options {
  /** `'median'` (default): σ = the median heuristic; or σ; or several σ (kernels summed). */
  readonly bandwidth?: 'median' | number | readonly number[];
}

/**
 * Unbiased Gaussian-kernel MMD² of two samples with the bandwidth chosen by
 * `bandwidth` (default: the median heuristic on the pooled sample). Returns the
 * value and the bandwidths used. The pairwise distances are computed once.
 */
export function mmd2(x: Rows, y: Rows, options: Mmd2Options = {}): { mmd2: number; bandwidths: number[] } {
  const b = options.bandwidth ?? 'median';
  const distances = pooledSquaredDistances(x, y);
  const bandwidths = b === 'median' ? [medianOfPairs(distances)] : typeof b === 'number' ? [b] : [...b];
  if (b === 'median' && bandwidths[0] === 0) {
    throw new RangeError('The median pairwise distance is 0 (most samples coincide); give a bandwidth.');
  }
  return { mmd2: mmd2FromDistances(distances, x.rows, bandwidths), bandwidths };
}
