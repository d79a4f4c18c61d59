import { checkKeys, enumOption, intOption, type OptionRecord } from '@gantry/core';
import type { Split } from '@gantry/data-mnist';

/** Options shared by the translation data sets. */
export interface TranslationOptions {
  /** `'train'` (default) or `'test'`: the split of MNIST (and Fashion-MNIST) the images come from. */
  readonly split?: Split;
  /**
   * Image side: 28 (MNIST's own) or 32 (default), the 28 × 28 image centred with
   * a 2-pixel border of the domain's background value, so that a U-Net can halve
   * it five times (32 → 1).
   */
  readonly size?: 28 | 32;
  /** Keep at most this many samples (pairs), a whole number ≥ 1. */
  readonly limit?: number;
}

/** Options of the unpaired sets: {@link TranslationOptions} plus the pairing seed. */
export interface UnpairedOptions extends TranslationOptions {
  /**
   * Seed of the halving (`mnist-inverted`) and of the permutation that pairs
   * sources with targets; default 0. Fixed rather than taken from the run seed,
   * so that one data set means the same images in every run.
   */
  readonly seed?: number;
}

/** Options with defaults filled in. */
export interface ResolvedTranslationOptions {
  readonly split: Split;
  readonly size: 28 | 32;
  readonly limit: number;
  readonly seed: number;
}

/**
 * Validates plain (JSON) options with core's shared readers; `allowSeed` is false
 * for paired sets, where a seed would have nothing to do.
 */
export function resolveTranslationOptions(dataset: string, options: unknown, allowSeed: boolean): ResolvedTranslationOptions {
  const component = `dataset '${dataset}'`;
  const o: OptionRecord = checkKeys(component, options, allowSeed ? ['split', 'size', 'limit', 'seed'] : ['split', 'size', 'limit']);
  return {
    split: enumOption<Split>(component, o, 'split', ['train', 'test'], 'train'),
    size: enumOption<28 | 32>(component, o, 'size', [28, 32], 32),
    limit: intOption(component, o, 'limit', Number.POSITIVE_INFINITY, { min: 1 }),
    seed: intOption(component, o, 'seed', 0, { min: 0 }),
  };
}
