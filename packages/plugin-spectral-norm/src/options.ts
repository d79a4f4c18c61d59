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

/** What the discriminator factories take from the build environment (all optional for code users). */
export interface SnEnvironment {
  /** Seed of the weight initialisation; default 0. */
  readonly seed?: number;
  /** Shape `[h, w, c]` of the data, the default of `size` and `channels`. */
  readonly sampleShape?: readonly number[];
}

/** Image sides the discriminators are built for. */
export const SN_SIZES = [28, 32, 64] as const;
/** Channel counts the discriminators are built for. */
export const SN_CHANNELS = [1, 3] as const;

/** Resolves `size` and `channels` from options or the data's `sampleShape`; they must agree. */
export function resolveImageShape(
  component: string,
  options: Record<string, unknown>,
  env: SnEnvironment,
): { size: 28 | 32 | 64; channels: 1 | 3 } {
  let fromData: { size: number; channels: number } | undefined;
  if (env.sampleShape) {
    const s = env.sampleShape;
    const [h, w, c] = s.length === 2 ? [s[0], s[1], 1] : s;
    if (!((s.length === 2 || s.length === 3) && h === w && (SN_SIZES as readonly number[]).includes(h) && (SN_CHANNELS as readonly number[]).includes(c))) {
      throw new ConfigError(
        `${component}: data samples of shape ${show(s)} are not supported; it takes square images [s, s, c] ` +
          `with s in {${SN_SIZES.join(', ')}} and c in {${SN_CHANNELS.join(', ')}}.`,
      );
    }
    fromData = { size: h, channels: c };
  }
  const size = choiceOption<number>(component, options, 'size', SN_SIZES, fromData?.size ?? Number.NaN);
  const channels = choiceOption<number>(component, options, 'channels', SN_CHANNELS, fromData?.channels ?? Number.NaN);
  if (Number.isNaN(size) || Number.isNaN(channels)) {
    throw new ConfigError(
      `${component}: no image shape: set options 'size' (${SN_SIZES.join(', ')}) and 'channels' ` +
        `(${SN_CHANNELS.join(', ')}), or build it for a data set (sampleShape [h, w, c]).`,
    );
  }
  if (fromData && (fromData.size !== size || fromData.channels !== channels)) {
    throw new ConfigError(
      `${component}: options ask for ${size}×${size}×${channels} images, but the data's samples are ` +
        `${show(env.sampleShape)}. Remove 'size'/'channels' to follow the data.`,
    );
  }
  return { size: size as 28 | 32 | 64, channels: channels as 1 | 3 };
}

/** The build seed, checked. */
export function resolveSeed(component: string, env: SnEnvironment): number {
  const seed = env.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ConfigError(`${component}: seed ${show(seed)} is not a finite number.`);
  }
  return seed;
}
