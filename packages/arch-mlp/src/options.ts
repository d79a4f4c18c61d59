import { ConfigError } from '@gantry/core';

/**
 * Checks that `options` is a plain object whose keys are all in `allowed`.
 * Options come from JSON configs, so a typo must fail loudly instead of being ignored.
 */
export function checkKeys(component: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`${component}: options must be an object, got ${show(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${component}: unknown option '${key}'. Allowed options: ${allowed.join(', ')}.`);
    }
  }
  return options as Record<string, unknown>;
}

/** A whole number ≥ `min`, or `fallback` when absent. */
export function intOption(component: string, options: Record<string, unknown>, key: string, fallback: number, min = 1): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${component}: option '${key}' is ${show(value)}; it must be a whole number ≥ ${min}.`);
  }
  return value;
}

/** One of `allowed`, or `fallback` when absent. */
export function choiceOption<T extends string | number>(
  component: string,
  options: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = options[key];
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new ConfigError(
      `${component}: option '${key}' is ${show(value)}; supported values: ${allowed.map((a) => show(a)).join(', ')}.`,
    );
  }
  return value as T;
}

/** A boolean, or `fallback` when absent. */
export function boolOption(component: string, options: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(`${component}: option '${key}' is ${show(value)}; it must be true or false.`);
  }
  return value;
}

/** A non-empty string, or `fallback` when absent. */
export function nameOption(component: string, options: Record<string, unknown>, fallback: string): string {
  const value = options.name;
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`${component}: option 'name' is ${show(value)}; it must be a non-empty string.`);
  }
  return value;
}

/** A short rendering of a value for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
