import { ConfigError } from '@gantry/core';

/**
 * Checks plain (JSON) options against the keys a component accepts; unknown keys
 * throw a {@link ConfigError} naming them and the allowed ones (a typo such as
 * `margn` must not silently fall back to the default).
 */
export function checkKeys(
  what: string,
  options: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of ${what} must be an object, got ${show(options)}.`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(
        `Unknown option '${key}' (value ${show(record[key])}) for ${what}. ` +
          (allowed.length ? `Allowed options: ${allowed.join(', ')}.` : 'It takes no options.'),
      );
    }
  }
  return record;
}

/** Throws a {@link ConfigError} unless the clip value c is a finite number > 0. */
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
