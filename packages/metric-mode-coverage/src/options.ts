import { ConfigError } from '@gantry/core';

/** Checks plain (JSON) options of metric `name` against the `allowed` keys. */
export function checkKeys(name: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of metric '${name}' must be an object, got ${show(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(
        `Unknown option '${key}' (value ${show((options as Record<string, unknown>)[key])}) for metric '${name}'. ` +
          `Allowed options: ${allowed.join(', ')}.`,
      );
    }
  }
  return options as Record<string, unknown>;
}

/** A whole number ≥ `min`, or `fallback` when absent. */
export function whole(value: unknown, option: string, name: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`Option '${option}' of metric '${name}' must be a whole number ≥ ${min}, got ${show(value)}.`);
  }
  return value;
}

/** A finite number > 0, or `fallback` when absent. */
export function positive(value: unknown, option: string, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`Option '${option}' of metric '${name}' must be a finite number > 0, got ${show(value)}.`);
  }
  return value;
}

/** A value as it appears in error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
