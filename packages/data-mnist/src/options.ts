import { ConfigError } from '@gantry/core';
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

const KEYS = ['split', 'limit', 'classes', 'range', 'dir'] as const;

/**
 * Validates plain (JSON) options; every error names the option, the value and
 * what is allowed.
 */
export function resolveMnistOptions(options: unknown, dataset: string): ResolvedMnistOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of data set '${dataset}' must be an object, got ${show(options)}.`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`Unknown option '${key}' of data set '${dataset}'. Known options: ${KEYS.join(', ')}.`);
    }
  }
  const split = o.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new ConfigError(`Option 'split' of data set '${dataset}' must be 'train' or 'test', got ${show(split)}.`);
  }
  let limit: number | undefined;
  if (o.limit !== undefined) {
    if (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 1) {
      throw new ConfigError(`Option 'limit' of data set '${dataset}' must be a whole number ≥ 1, got ${show(o.limit)}.`);
    }
    limit = o.limit;
  }
  let classes: number[] | undefined;
  if (o.classes !== undefined) {
    const c = o.classes;
    if (!Array.isArray(c) || c.length === 0) {
      throw new ConfigError(`Option 'classes' of data set '${dataset}' must be a non-empty array of classes 0 … 9, got ${show(c)}.`);
    }
    for (const v of c) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= NUM_CLASSES) {
        throw new ConfigError(`Option 'classes' of data set '${dataset}' has ${show(v)}; classes are whole numbers 0 … 9.`);
      }
    }
    if (new Set(c).size !== c.length) {
      throw new ConfigError(`Option 'classes' of data set '${dataset}' lists a class twice: ${show(c)}.`);
    }
    classes = [...(c as number[])];
  }
  let range: [number, number] = [-1, 1];
  if (o.range !== undefined) {
    const r = o.range;
    if (
      !Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(r[0] < r[1])
    ) {
      throw new ConfigError(`Option 'range' of data set '${dataset}' must be [lo, hi] with finite lo < hi (e.g. [-1, 1] or [0, 1]), got ${show(r)}.`);
    }
    range = [r[0], r[1]];
  }
  if (o.dir !== undefined && (typeof o.dir !== 'string' || o.dir === '')) {
    throw new ConfigError(`Option 'dir' of data set '${dataset}' must be a folder path, got ${show(o.dir)}.`);
  }
  return { split, limit, classes, range, dir: o.dir as string | undefined };
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
