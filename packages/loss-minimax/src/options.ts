import { checkNumber, type NumberRule } from '@gantry/core';

/** Options shared by the three objectives of this package. */
export interface MinimaxObjectiveOptions {
  /**
   * One-sided label smoothing α ∈ [0, 1) of the discriminator's real target (1 − α),
   * Salimans et al. 2016, https://arxiv.org/abs/1606.03498. Default 0.
   */
  readonly labelSmoothing?: number;
}

/** Options of the maximum-likelihood objective. */
export interface MaximumLikelihoodObjectiveOptions extends MinimaxObjectiveOptions {
  /** Clip of the fake logits before exp, ≤ 88 (see `DEFAULT_MAX_LOGIT`). Default 50. */
  readonly maxLogit?: number;
}

/** α ∈ [0, 1): at α = 1 the real target would be 0 and D would learn nothing. */
const LABEL_SMOOTHING_RULE: NumberRule = { min: 0, below: 1, hint: '(the real target becomes 1 − labelSmoothing)' };

// ln(float32 max) ≈ 88.72: a larger clip would let exp overflow again.
const MAX_LOGIT_RULE: NumberRule = { max: 88, hint: '(e^88 is finite in float32)' };

/** Throws a {@link ConfigError} unless α is a number in [0, 1); `component` names the caller in the message. */
export function checkLabelSmoothing(component: string, alpha: unknown): number {
  return checkNumber(component, 'labelSmoothing', alpha, LABEL_SMOOTHING_RULE);
}

/** Throws a {@link ConfigError} unless the clip is a finite number ≤ 88, whose exp is finite in float32. */
export function checkMaxLogit(component: string, maxLogit: unknown): number {
  return checkNumber(component, 'maxLogit', maxLogit, MAX_LOGIT_RULE);
}
