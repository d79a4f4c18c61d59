import { provide, type Plugin } from '@gantry/core';
import { loadFashionMnist, loadMnist } from './load.js';

/**
 * One plugin for both data sets, since they share the format, the options and
 * the loader: registers the dataset providers `mnist` ({@link loadMnist}) and
 * `fashion-mnist` ({@link loadFashionMnist}). Options are {@link MnistOptions}.
 *
 * @example
 * ```ts
 * createGan({ data: { name: 'mnist', options: { split: 'train', classes: [7] } }, ... }, { plugins: [mnistPlugin, ...] });
 * ```
 */
export const mnistPlugin: Plugin = {
  name: '@gantry/data-mnist',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'dataset',
      name: 'mnist',
      description: 'MNIST digits, 28×28×1 in [-1, 1], 60k train / 10k test (options: split, limit, classes, range, dir)',
      create: (options) => loadMnist(options),
    });
    provide(container, {
      kind: 'dataset',
      name: 'fashion-mnist',
      description: 'Fashion-MNIST clothing, 28×28×1 in [-1, 1], 60k train / 10k test (options: split, limit, classes, range, dir)',
      create: (options) => loadFashionMnist(options),
    });
  },
};
