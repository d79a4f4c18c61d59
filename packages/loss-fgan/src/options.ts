import { ConfigError } from '@gantry/core';

/**
 * Checks plain (JSON) options against the keys a component accepts; unknown keys
 * throw a {@link ConfigError} naming them and the allowed ones, so a typo never
 * silently falls back to a default.
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

/** A value as it appears in error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
