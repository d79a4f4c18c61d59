import { ConfigError, intOption, show, type OptionRecord } from '@gantry/core';

/** What the factories take from the build environment (all optional for code users). */
export interface Pix2pixEnvironment {
  /** Seed of the weight initialisation (and of the dropout masks); default 0. */
  readonly seed?: number;
  /** Shape `[h, w, c]` of the data's (target) samples: the default of `size` and `channels`. */
  readonly sampleShape?: readonly number[];
}

/** An image shape: square side and channels. */
export interface ImageShape {
  readonly size: number;
  readonly channels: number;
}

/**
 * Side and channels from options `size` / `channels`, defaulting to the data's
 * `sampleShape` (which must then agree). Throws {@link ConfigError} when neither
 * gives a shape, or the data is not a square image.
 */
export function resolveImage(component: string, o: OptionRecord, env: Pix2pixEnvironment): ImageShape {
  let fromData: ImageShape | undefined;
  if (env.sampleShape) {
    const s = env.sampleShape;
    const [h, w, c] = s.length === 2 ? [s[0], s[1], 1] : s;
    if (!(s.length === 2 || s.length === 3) || h !== w || !(h >= 1) || !(c >= 1)) {
      throw new ConfigError(`${component}: data samples of shape ${show(s)} are not square images [s, s, c].`);
    }
    fromData = { size: h, channels: c };
  }
  const size = intOption(component, o, 'size', fromData?.size ?? 0, { min: 1 });
  const channels = intOption(component, o, 'channels', fromData?.channels ?? 0, { min: 1 });
  if (size === 0 || channels === 0) {
    throw new ConfigError(`${component}: no image shape: set options 'size' and 'channels', or build it for a data set (sampleShape [h, w, c]).`);
  }
  if (fromData && (fromData.size !== size || fromData.channels !== channels)) {
    throw new ConfigError(
      `${component}: options ask for ${size}×${size}×${channels} images, but the data's samples are ` +
        `[${env.sampleShape!.join(', ')}]. Remove 'size'/'channels' to follow the data.`,
    );
  }
  return { size, channels };
}

/** How many times `size` halves exactly, capped at `cap`: 32 → 5, 28 → 2, 64 → 6 (cap 5 → 5). */
export function halvings(size: number, cap: number): number {
  let d = 0;
  while (d < cap && size % 2 ** (d + 1) === 0) d++;
  return d;
}

/** The build seed, checked. */
export function resolveSeed(component: string, env: Pix2pixEnvironment): number {
  const seed = env.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ConfigError(`${component}: seed ${show(seed)} is not a finite number.`);
  }
  return seed;
}

/** Filters of level i: width·min(2ⁱ, 8) — doubling, capped at 8·width as in pix2pix (64 … 512). */
export function levelFilters(width: number, level: number): number {
  return width * Math.min(2 ** level, 8);
}
