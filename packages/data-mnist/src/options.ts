import { checkKeys, enumOption, intOption, numberArrayOption, optionError, stringOption } from '@gantry/core';
import { NUM_CLASSES, type Split } from './sources.js';

/** Options of {@link loadMnist}, {@link loadFashionMnist} and the `mnist` / `fashion-mnist` providers. */
export interface MnistOptions {
  /** `'train'` (default; 60 000 images) or `'test'` (10 000). */
  readonly split?: Split;
  /**
   * Keep only the first `limit` samples (after the `classes` filter), a whole
   * number ≥ 1. A limit above the number available keeps them all.
   */
  readonly limit?: number;
  /**
   * Keep only these classes (distinct whole numbers in 0 … 9). Labels keep their
   * original values and `numClasses` stays 10, so a conditional model trained on
   * a subset can still be fed any label.
   */
  readonly classes?: readonly number[];
  /**
   * Pixel range `[lo, hi]`: byte v maps to lo + (hi − lo)·v/255. Default
   * `[-1, 1]`, the range of a tanh generator (DCGAN, Radford et al. 2016,
   * arXiv:1511.06434); `[0, 1]` suits sigmoid outputs.
   */
  readonly range?: readonly [number, number];
  /**
   * Folder to read the files from instead of the bundled package's (MNIST:
   * uncompressed IDX files; Fashion-MNIST: the `0.json` … `9.json` class files).
   */
  readonly dir?: string;
}

/** {@link MnistOptions} with defaults filled in. */
export interface ResolvedMnistOptions {
  readonly split: Split;
  readonly limit: number | undefined;
  readonly classes: readonly number[] | undefined;
  readonly range: readonly [number, number];
  readonly dir: string | undefined;
}

/**
 * Validates plain (JSON) options; every error names the option, the value and
 * what is allowed.
 */
export function resolveMnistOptions(options: unknown, dataset: string): ResolvedMnistOptions {
  const c = `data set '${dataset}'`;
  const o = checkKeys(c, options, ['split', 'limit', 'classes', 'range', 'dir']);
  const split = enumOption<Split>(c, o, 'split', ['train', 'test'], 'train');
  const limit = o.limit === undefined ? undefined : intOption(c, o, 'limit', 1, { min: 1 });
  let classes: readonly number[] | undefined;
  if (o.classes !== undefined) {
    classes = numberArrayOption(c, o, 'classes', [], { minLength: 1, integer: true, min: 0, max: NUM_CLASSES - 1 });
    if (new Set(classes).size !== classes.length) throw optionError(c, 'classes', 'a list of distinct classes', o.classes);
  }
  let range: [number, number] = [-1, 1];
  if (o.range !== undefined) {
    const r = o.range;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(r[0] < r[1])) {
      throw optionError(c, 'range', '[lo, hi] with finite lo < hi (e.g. [-1, 1] or [0, 1])', r);
    }
    range = [r[0], r[1]];
  }
  const dir = o.dir === undefined ? undefined : stringOption(c, o, 'dir', '');
  return { split, limit, classes, range, dir };
}
