import { ConfigError } from '@gantry/core';

/**
 * Checks an image shape `[h, w, c]` for the CycleGAN networks: the generator downsamples
 * twice by 2, so h and w must be multiples of 4 (28 and 32 are), and at least 8 so
 * the 3 × 3 reflection padding at the bottleneck fits.
 */
export function checkImageShape(component: string, shape: readonly number[] | undefined): [number, number, number] {
  if (!shape) {
    throw new ConfigError(`${component} needs the data's sample shape [h, w, c]: build it with a data set (or give the shape in code).`);
  }
  const [h, w, c] = shape;
  if (shape.length !== 3 || ![h, w, c].every((v) => Number.isInteger(v) && v > 0) || h % 4 !== 0 || w % 4 !== 0 || h < 8 || w < 8) {
    throw new ConfigError(
      `${component} works on images [h, w, c] with h and w multiples of 4 and at least 8 (e.g. [28, 28, 1] or [32, 32, 3]), got [${shape.join(', ')}].`,
    );
  }
  return [h, w, c];
}
