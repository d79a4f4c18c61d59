import { ConfigError } from '@gantry/core';

/** Options every toy data set takes. */
export interface ToyCommonOptions {
  /** Number of samples, a whole number in 1 … 2³¹. Default 100 000. */
  readonly size?: number;
  /**
   * Seed of the samples, a whole number in 0 … 2³²−1. Default 0, also when built
   * by the provider: the run's seed is deliberately not used, so runs with
   * different training seeds see the same data set.
   */
  readonly seed?: number;
}

/** Default number of samples. */
export const DEFAULT_SIZE = 100_000;

/** Checks plain options of data set `name` against the `allowed` keys. */
export function checkObject(options: unknown, name: string, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of data set '${name}' must be an object, got ${show(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`Unknown option '${key}' of data set '${name}'. Known options: ${allowed.join(', ')}.`);
    }
  }
  return options as Record<string, unknown>;
}

/** `size` and `seed`, validated. */
export function commonOptions(o: Record<string, unknown>, name: string): { size: number; seed: number } {
  const size = o.size ?? DEFAULT_SIZE;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 2 ** 31) {
    throw new ConfigError(`Option 'size' of data set '${name}' must be a whole number in 1 … 2^31, got ${show(size)}.`);
  }
  const seed = o.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError(`Option 'seed' of data set '${name}' must be a whole number in 0 … 2^32−1, got ${show(seed)}.`);
  }
  return { size, seed };
}

/** A finite number > 0. */
export function positive(value: unknown, option: string, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`Option '${option}' of data set '${name}' must be a finite number > 0, got ${show(value)}.`);
  }
  return value;
}

/** A whole number ≥ `min`. */
export function whole(value: unknown, option: string, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`Option '${option}' of data set '${name}' must be a whole number ≥ ${min}, got ${show(value)}.`);
  }
  return value;
}

/** A non-empty array of finite numbers, each passing `ok`. */
export function numbers(value: unknown, option: string, name: string, ok: (v: number) => boolean, what: string): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && ok(v))) {
    throw new ConfigError(`Option '${option}' of data set '${name}' must be a non-empty array of ${what}, got ${show(value)}.`);
  }
  return value as number[];
}

export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
