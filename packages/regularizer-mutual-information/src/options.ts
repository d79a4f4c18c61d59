/**
 * How Q models each continuous code as a factored Gaussian N(μ, σ²) (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §6): σ = 1 (`'fixed'`, the authors' MNIST code) or σ = exp(Q's log-σ head) (`'learned'`).
 */
export type ContinuousStd = 'fixed' | 'learned';

/** Options of the `mutual-information` regularizer, λ·L_I of InfoGAN (Chen et al. 2016, https://arxiv.org/abs/1606.03657; plain JSON, as in configs). */
export interface MutualInformationOptions {
  /**
   * λ, the weight of L_I in every phase it is added to; default 1 — the paper's value
   * for categorical codes (Chen et al. 2016 §6) and the authors' MNIST run.
   */
  readonly lambda?: number;
  /**
   * λ_cont / λ: the relative weight of the continuous codes' NLL inside L_I; default 1
   * (the authors' MNIST run: one coefficient, σ fixed to 1). With `continuousStd:
   * 'learned'` use a smaller one (e.g. 0.1): the NLL of a learned Gaussian is unbounded
   * below, and the paper advises "a smaller λ" for continuous codes.
   */
  readonly continuousWeight?: number;
  /** `'fixed'` (default, σ = 1, the authors' `fix_std=True`) or `'learned'` (Q's log-σ head). */
  readonly continuousStd?: ContinuousStd;
  /**
   * Phases whose loss gets λ·L_I; default `['discriminator', 'generator']`: Q (part of D)
   * learns in D's phase, G in its own. Dropping `'generator'` leaves G untouched by L_I
   * (then the codes carry no information), dropping `'discriminator'` leaves Q untrained.
   */
  readonly phases?: readonly ('discriminator' | 'generator')[];
}
