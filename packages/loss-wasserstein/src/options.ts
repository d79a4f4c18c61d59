import { ConfigError } from '@gantry/core';

/**
 * Checks plain (JSON) options against the keys a component accepts; unknown keys
 * throw a {@link ConfigError} naming them and the allowed ones (a typo such as
 * `cc` must not silently fall back to the default).
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
export function checkClip(c: unknown): number {
  if (typeof c !== 'number' || !Number.isFinite(c) || !(c > 0)) {
    throw new ConfigError(`Option 'c' (the clip value) must be a finite number > 0, got ${show(c)}.`);
  }
  return c;
}

/** Throws a {@link ConfigError} unless `targets` is a non-empty array of network names. */
export function checkTargets(targets: unknown): readonly string[] {
  if (!Array.isArray(targets) || targets.length === 0 || !targets.every((t) => typeof t === 'string' && t.length > 0)) {
    throw new ConfigError(
      `Option 'targets' must be a non-empty array of network names (e.g. ["discriminator"]), got ${show(targets)}.`,
    );
  }
  return [...targets] as string[];
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
