/**
 * An isotropic Gaussian mixture p(x) = Σₖ wₖ · N(x; μₖ, σₖ² I) in d dimensions.
 * The toy data sets are all of this form.
 */
export interface GaussianMixture {
  /** Mode centers μₖ, K rows of d numbers. */
  readonly means: ReadonlyArray<readonly number[]>;
  /** Standard deviation σₖ of each mode (the same in every direction). */
  readonly stds: readonly number[];
  /** Mixture weights wₖ, non-negative, summing to 1. */
  readonly weights: readonly number[];
}

/**
 * Centers of the "ring" data set: `modes` points equally spaced on a circle of
 * `radius`, μₖ = r·(cos 2πk/K, sin 2πk/K), k = 0 … K−1.
 */
export function ringCenters(modes = 8, radius = 2): number[][] {
  return Array.from({ length: modes }, (_, k) => {
    const angle = (2 * Math.PI * k) / modes;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/**
 * Centers of the "grid" data set: a `side` × `side` lattice with `spacing`
 * between neighbours, centered on the origin. Mode k = i·side + j sits at
 * (aᵢ, aⱼ) with aᵢ = (i − (side − 1)/2)·spacing; the default is (−4, −2, 0, 2, 4)².
 */
export function gridCenters(side = 5, spacing = 2): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) out.push([(i - (side - 1) / 2) * spacing, (j - (side - 1) / 2) * spacing]);
  }
  return out;
}

/**
 * Std of each ring mode: 0.02, with radius 2 and 8 modes, as in Unrolled GAN
 * (Metz et al. 2017, arXiv:1611.02163, §3.1) and VEEGAN's 2D Ring
 * (Srivastava et al. 2017, arXiv:1705.07761).
 */
export const RING_STD = 0.02;
/** The 8 ring centers of radius 2 (see {@link ringCenters}). */
export const RING_CENTERS: ReadonlyArray<readonly number[]> = ringCenters(8, 2);

/**
 * Std of each grid mode: 0.05 (variance 0.0025), the 2D Grid of VEEGAN
 * (Srivastava et al. 2017, arXiv:1705.07761) as restated by PacGAN
 * (Lin et al. 2018, arXiv:1712.04086): 25 modes at (−4 + 2i, −4 + 2j).
 */
export const GRID_STD = 0.05;
/** The 25 grid centers (−4, −2, 0, 2, 4)² (see {@link gridCenters}). */
export const GRID_CENTERS: ReadonlyArray<readonly number[]> = gridCenters(5, 2);

/** The default 1-D data: one Gaussian N(4, 0.5²), a common target of 1-D GAN demos (far from a generator's initial output near 0, so learning it is visible). */
export const GAUSSIAN_1D_DEFAULT: { readonly means: readonly number[]; readonly stds: readonly number[] } = {
  means: [4],
  stds: [0.5],
};
