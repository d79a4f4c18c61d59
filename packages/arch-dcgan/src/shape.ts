import { boolOption, ConfigError, enumOption, intOption, show } from '@gantry/core';
import { DCGAN_CHANNELS, DCGAN_SIZES, type DcganChannels, type DcganShape, type DcganSize } from './plan.js';

/** What a DCGAN factory takes from the build environment (all optional for code users). */
export interface DcganEnvironment {
  /** Seed of the weight initialisation; default 0. */
  readonly seed?: number;
  /** Shape `[h, w, c]` of the data, the default of `size` and `channels`. */
  readonly sampleShape?: readonly number[];
}

/** Base filters when `width` is not given: the paper's ngf = ndf = 64. */
export const DEFAULT_WIDTH = 64;
/** Latent length when `latentDim` is not given: 100, as in the paper. */
export const DEFAULT_LATENT_DIM = 100;

/**
 * Resolves size, channels, width and batch norm from options, falling back to
 * the data's `sampleShape` for size and channels. Throws {@link ConfigError}
 * listing what is supported.
 */
export function resolveShape(
  component: string,
  options: Record<string, unknown>,
  env: DcganEnvironment,
  latentDim: number,
): DcganShape {
  const fromData = dataShape(component, env.sampleShape);
  const size = enumOption<number>(component, options, 'size', DCGAN_SIZES, fromData?.size ?? Number.NaN) as DcganSize;
  const channels = enumOption<number>(
    component,
    options,
    'channels',
    DCGAN_CHANNELS,
    fromData?.channels ?? Number.NaN,
  ) as DcganChannels;
  if (Number.isNaN(size) || Number.isNaN(channels)) {
    throw new ConfigError(
      `${component}: no image shape: set options 'size' (${DCGAN_SIZES.join(', ')}) and 'channels' ` +
        `(${DCGAN_CHANNELS.join(', ')}), or build it for a data set (sampleShape [h, w, c]).`,
    );
  }
  if (fromData && (fromData.size !== size || fromData.channels !== channels)) {
    throw new ConfigError(
      `${component}: options ask for ${size}×${size}×${channels} images, but the data's samples are ` +
        `[${env.sampleShape!.join(', ')}]. Remove 'size'/'channels' to follow the data.`,
    );
  }
  const width = intOption(component, options, 'width', DEFAULT_WIDTH, { min: 1 });
  const batchNorm = boolOption(component, options, 'batchNorm', true);
  return { size, channels, latentDim, width, batchNorm };
}

function dataShape(component: string, sampleShape: readonly number[] | undefined) {
  if (!sampleShape) return undefined;
  const [h, w, c] = sampleShape.length === 2 ? [...sampleShape, 1] : sampleShape;
  const ok =
    (sampleShape.length === 2 || sampleShape.length === 3) &&
    h === w &&
    (DCGAN_SIZES as readonly number[]).includes(h) &&
    (DCGAN_CHANNELS as readonly number[]).includes(c);
  if (!ok) {
    throw new ConfigError(
      `${component}: data samples of shape ${show(sampleShape)} are not supported; DCGAN takes square ` +
        `images [s, s, c] with s in {${DCGAN_SIZES.join(', ')}} and c in {${DCGAN_CHANNELS.join(', ')}}.`,
    );
  }
  return { size: h, channels: c };
}

/** The build seed, checked. */
export function resolveSeed(component: string, env: DcganEnvironment): number {
  const seed = env.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ConfigError(`${component}: seed ${show(seed)} is not a finite number.`);
  }
  return seed;
}
