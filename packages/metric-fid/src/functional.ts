import { deriveSeed, permutation } from '@gantry/core';
import { meanStd, type SplitScore } from '@gantry/metric-inception-score';
import { meanAndCovariance, trace, traceSqrtProduct } from './linalg.js';

/** Mean μ and covariance Σ (d × d, row-major) of a feature distribution. */
export interface GaussianMoments {
  readonly mean: ArrayLike<number>;
  readonly covariance: ArrayLike<number>;
}

/**
 * Fréchet (2-Wasserstein) distance between the Gaussians N(μ₁, Σ₁) and N(μ₂, Σ₂),
 * in float64 (Heusel et al. 2017, https://arxiv.org/abs/1706.08500; Dowson &
 * Landau 1982):
 *
 *   d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^{1/2}),
 *
 * with Tr((Σ₁Σ₂)^{1/2}) = Σᵢ √λᵢ(Σ₁^{1/2} Σ₂ Σ₁^{1/2}) from a Jacobi eigensolver
 * (see `traceSqrtProduct`). Never negative up to rounding; clamped at 0.
 */
export function frechetDistance(a: GaussianMoments, b: GaussianMoments): number {
  const d = a.mean.length;
  if (b.mean.length !== d || a.covariance.length !== d * d || b.covariance.length !== d * d) {
    throw new RangeError(`Moments of different sizes: means ${a.mean.length} / ${b.mean.length}, covariances ${a.covariance.length} / ${b.covariance.length}.`);
  }
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  const covTerm = trace(a.covariance, d) + trace(b.covariance, d) - 2 * traceSqrtProduct(a.covariance, b.covariance, d);
  return Math.max(0, meanTerm + covTerm);
}

/** Moments (mean, unbiased covariance) of n feature rows of width d. */
export function featureMoments(features: ArrayLike<number>, n: number, d: number): GaussianMoments {
  const { mean, covariance } = meanAndCovariance(features, n, d);
  return { mean, covariance };
}

/**
 * FID of two feature sets (rows of width d): the Fréchet distance of Gaussians
 * fitted to each (sample mean, unbiased covariance). Biased upwards for finite n
 * (Bińkowski et al. 2018), so compare values only at equal sample sizes.
 */
export function fid(featuresA: ArrayLike<number>, nA: number, featuresB: ArrayLike<number>, nB: number, d: number): number {
  return frechetDistance(featureMoments(featuresA, nA, d), featureMoments(featuresB, nB, d));
}

/** Default KID subsets (Bińkowski et al. use 100; 10 keeps an evaluation within seconds on a CPU). */
export const DEFAULT_KID_SUBSETS = 10;
/** Default KID subset size, as in Bińkowski et al. 2018 (capped at the sample sizes). */
export const DEFAULT_KID_SUBSET_SIZE = 1000;

/** The KID kernel k(x, y) = (xᵀy / d + 1)³ (Bińkowski et al. 2018). */
export function cubicPolynomialKernel(x: ArrayLike<number>, xOffset: number, y: ArrayLike<number>, yOffset: number, d: number): number {
  let dot = 0;
  for (let j = 0; j < d; j++) dot += x[xOffset + j] * y[yOffset + j];
  const base = dot / d + 1;
  return base * base * base;
}

/**
 * Unbiased MMD² with the cubic polynomial kernel between rows `ia` of A and rows
 * `ib` of B (Gretton et al. 2012, Lemma 6):
 *
 *   MMD²ᵤ = Σ_{i≠j} k(aᵢ, aⱼ)/(m(m−1)) + Σ_{i≠j} k(bᵢ, bⱼ)/(n(n−1)) − 2 Σ_{i,j} k(aᵢ, bⱼ)/(mn).
 *
 * Unbiased: its expectation is exactly the population MMD², hence 0 when A and B
 * come from the same distribution (it can then be negative).
 */
export function polynomialMmd2(
  a: ArrayLike<number>,
  ia: ArrayLike<number>,
  b: ArrayLike<number>,
  ib: ArrayLike<number>,
  d: number,
): number {
  const m = ia.length;
  const n = ib.length;
  if (m < 2 || n < 2) throw new RangeError(`The unbiased MMD² needs at least 2 samples per side, got ${m} and ${n}.`);
  let kaa = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) kaa += cubicPolynomialKernel(a, ia[i] * d, a, ia[j] * d, d);
  let kbb = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) kbb += cubicPolynomialKernel(b, ib[i] * d, b, ib[j] * d, d);
  let kab = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) kab += cubicPolynomialKernel(a, ia[i] * d, b, ib[j] * d, d);
  // Sums over i < j count each unordered pair once: Σ_{i≠j} = 2 Σ_{i<j}.
  return (2 * kaa) / (m * (m - 1)) + (2 * kbb) / (n * (n - 1)) - (2 * kab) / (m * n);
}

/** Options of {@link kid}. */
export interface KidOptions {
  /** Number of random subsets. Default 10. */
  readonly subsets?: number;
  /** Samples per side in each subset (capped at nA and nB). Default 1000. */
  readonly subsetSize?: number;
  /** Seed of the subset draws. Default 0. */
  readonly seed?: number;
}

/**
 * Kernel Inception Distance (Bińkowski et al. 2018, https://arxiv.org/abs/1801.01401):
 * the unbiased MMD² ({@link polynomialMmd2}) with k(x, y) = (xᵀy/d + 1)³ between
 * features of two sample sets, averaged over `subsets` random subsets of
 * `subsetSize` per side (each drawn without replacement), reported as mean ± std.
 * Unlike FID it is unbiased, so values at different sample sizes are comparable.
 */
export function kid(
  featuresA: ArrayLike<number>,
  nA: number,
  featuresB: ArrayLike<number>,
  nB: number,
  d: number,
  options: KidOptions = {},
): SplitScore {
  const subsets = options.subsets ?? DEFAULT_KID_SUBSETS;
  const size = Math.min(options.subsetSize ?? DEFAULT_KID_SUBSET_SIZE, nA, nB);
  const seed = options.seed ?? 0;
  if (featuresA.length !== nA * d || featuresB.length !== nB * d) {
    throw new RangeError(`Feature arrays do not hold ${nA} and ${nB} rows of width ${d}.`);
  }
  const scores: number[] = [];
  for (let s = 0; s < subsets; s++) {
    const ia = permutation(nA, deriveSeed(seed, 'kid-a', s)).subarray(0, size);
    const ib = permutation(nB, deriveSeed(seed, 'kid-b', s)).subarray(0, size);
    scores.push(polynomialMmd2(featuresA, ia, featuresB, ib, d));
  }
  return { ...meanStd(scores), scores };
}
