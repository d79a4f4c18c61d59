import { ConfigError, enumOption, show } from '@gantry/core';

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
  const size = enumOption<number>(component, options, 'size', SN_SIZES, fromData?.size ?? Number.NaN);
  const channels = enumOption<number>(component, options, 'channels', SN_CHANNELS, fromData?.channels ?? Number.NaN);
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
