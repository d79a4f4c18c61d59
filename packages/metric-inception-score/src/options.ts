import { ConfigError } from '@gantry/core';
import { PRETRAINED_CLASSIFIERS, type PretrainedClassifierName } from './pretrained.js';

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

/**
 * Checks plain (JSON) options of metric `component` against the keys it accepts;
 * unknown keys throw a {@link ConfigError} naming them and the allowed ones.
 */
export function checkKeys(component: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of metric '${component}' must be an object, got ${show(options)}.`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(
        `Unknown option '${key}' (value ${show(record[key])}) for metric '${component}'. Allowed options: ${allowed.join(', ')}.`,
      );
    }
  }
  return record;
}

/** A whole number ≥ `min`, or `fallback` when undefined; else a {@link ConfigError} naming the option. */
export function checkInteger(component: string, key: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`Option '${key}' of metric '${component}' must be a whole number ≥ ${min}, got ${show(value)}.`);
  }
  return value;
}

/** A finite number > 0, or undefined; else a {@link ConfigError}. */
export function checkPositive(component: string, key: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`Option '${key}' of metric '${component}' must be a finite number > 0, got ${show(value)}.`);
  }
  return value;
}

/** One of `allowed`, or `fallback` when undefined; else a {@link ConfigError}. */
export function checkChoice<T extends string>(component: string, key: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`Option '${key}' of metric '${component}' must be one of ${allowed.map(show).join(', ')}, got ${show(value)}.`);
  }
  return value as T;
}

/** A shipped classifier name (default `'mnist'`). */
export function checkClassifier(component: string, value: unknown): PretrainedClassifierName {
  return checkChoice(component, 'classifier', value, PRETRAINED_CLASSIFIERS, 'mnist');
}

/** Options of the `inception-score` metric provider. */
export interface InceptionScoreOptions {
  /** Shipped classifier: `'mnist'` (default) or `'fashion-mnist'`. */
  readonly classifier?: PretrainedClassifierName;
  /** Generated samples scored per evaluation. Default 5000 (the paper uses 50 000; MNIST-sized runs on a CPU cannot afford it). */
  readonly samples?: number;
  /** Splits to average over. Default 10. */
  readonly splits?: number;
  /** Evaluate every this many training steps (0: only on demand). Default 1000. */
  readonly every?: number;
  /** Seed of the evaluation's draws (the same samples at every evaluation). Default 0. */
  readonly seed?: number;
}
