import { ConfigError } from '@gantry/core';

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

/**
 * Checks plain (JSON) options against the keys a component accepts; unknown keys
 * throw a {@link ConfigError} that names them and the allowed ones (a typo such as
 * `labelSmothing` must not silently fall back to the default).
 */
export function checkKeys(component: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of objective '${component}' must be an object, got ${show(options)}.`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(
        `Unknown option '${key}' (value ${show(record[key])}) for objective '${component}'. ` +
          `Allowed options: ${allowed.join(', ')}.`,
      );
    }
  }
  return record;
}

/** Throws a {@link ConfigError} unless α is a number in [0, 1). */
export function checkLabelSmoothing(alpha: unknown): number {
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha < 1)) {
    throw new ConfigError(
      `Option 'labelSmoothing' must be a number in [0, 1) (the real target becomes 1 − labelSmoothing), got ${show(alpha)}.`,
    );
  }
  return alpha;
}

/** Throws a {@link ConfigError} unless the clip is a finite number ≤ 88, whose exp is finite in float32. */
export function checkMaxLogit(maxLogit: unknown): number {
  // ln(float32 max) ≈ 88.72: a larger clip would let exp overflow again.
  if (typeof maxLogit !== 'number' || !Number.isFinite(maxLogit) || maxLogit > 88) {
    throw new ConfigError(
      `Option 'maxLogit' must be a finite number ≤ 88 (e^88 is finite in float32), got ${show(maxLogit)}.`,
    );
  }
  return maxLogit;
}

/** A value as it appears in error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
