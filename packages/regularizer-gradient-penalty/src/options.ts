import type { PenaltyMode } from './functional.js';

/** Options of the `gradient-penalty` regularizer (WGAN-GP). */
export interface GradientPenaltyOptions {
  /** λ, default 10 (Gulrajani et al. 2017, used for every experiment of the paper). */
  readonly lambda?: number;
  /** `'two-sided'` (default, the paper's eq. 3) or `'one-sided'` (max(0, ‖∇‖ − t)²). */
  readonly mode?: PenaltyMode;
  /** The norm t the gradient is pulled to, ≥ 0; default 1 (the 1-Lipschitz critic). */
  readonly target?: number;
}

/** Options of the `dragan` regularizer. */
export interface DraganOptions {
  /** λ, default 10 (Kodali et al. 2017). */
  readonly lambda?: number;
  /** Perturbation scale c > 0 of δ = c·std(x)·u; default 0.5 (the authors' code). */
  readonly c?: number;
  /** The norm k the gradient is pulled to, ≥ 0; default 1. */
  readonly target?: number;
  /**
   * Evaluate at x + α·δ with one α ~ U[0, 1] per sample (default true, as the authors'
   * code does) instead of at x + δ.
   */
  readonly interpolate?: boolean;
}

/** Options of the `r1` and `r2` regularizers. */
export interface SquaredGradientPenaltyOptions {
  /** γ ≥ 0, default 10; the regularizer's weight is γ/2 (Mescheder et al. 2018 eq. 9). */
  readonly gamma?: number;
}
