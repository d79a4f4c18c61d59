import { ConfigError } from '@gantry/core';
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

/** Rejects non-objects and unknown keys (a typo such as `lamda` must not silently fall back to the default). */
export function checkKeys(component: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of regularizer '${component}' must be an object, got ${show(options)}.`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(
        `Unknown option '${key}' (value ${show(record[key])}) for regularizer '${component}'. ` +
          `Allowed options: ${allowed.join(', ')}.`,
      );
    }
  }
  return record;
}

/** A finite number ≥ 0 (weights and targets), or the default when absent. */
export function nonNegative(component: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(
      `Option '${name}' of regularizer '${component}' must be a finite number ≥ 0, got ${show(value)}.`,
    );
  }
  return value;
}

/** A finite number > 0, or the default when absent. */
export function positive(component: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(
      `Option '${name}' of regularizer '${component}' must be a finite number > 0, got ${show(value)}.`,
    );
  }
  return value;
}

/** `'two-sided'` or `'one-sided'`, or the default when absent. */
export function penaltyMode(component: string, value: unknown): PenaltyMode {
  if (value === undefined) return 'two-sided';
  if (value !== 'two-sided' && value !== 'one-sided') {
    throw new ConfigError(
      `Option 'mode' of regularizer '${component}' must be 'two-sided' or 'one-sided', got ${show(value)}.`,
    );
  }
  return value;
}

/** A boolean, or the default when absent. */
export function flag(component: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(`Option '${name}' of regularizer '${component}' must be true or false, got ${show(value)}.`);
  }
  return value;
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
