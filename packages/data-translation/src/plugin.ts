import { provide, type Plugin } from '@gantry/core';
import { loadMnistEdges, loadMnistFashion, loadMnistInverted } from './load.js';

/**
 * Registers the dataset providers `mnist-edges` (paired, pix2pix: edges →
 * digits, Isola et al. 2017, arXiv:1611.07004), `mnist-inverted` and
 * `mnist-fashion` (unpaired, CycleGAN: digits → inverted digits / clothes, Zhu
 * et al. 2017, arXiv:1703.10593). Batches are `{ x: target, source, labels? }`
 * in [−1, 1], `[n, 32, 32, 1]` by default.
 */
export const translationDataPlugin: Plugin = {
  name: '@gantry/data-translation',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'dataset',
      name: 'mnist-edges',
      description: 'paired: MNIST digit outlines → digits, 32×32×1 in [-1, 1] (options: split, size, limit)',
      create: (options) => loadMnistEdges(options),
    });
    provide(container, {
      kind: 'dataset',
      name: 'mnist-inverted',
      description: 'unpaired: MNIST digits → inverted digits from a disjoint half, 32×32×1 in [-1, 1] (options: split, size, limit, seed)',
      create: (options) => loadMnistInverted(options),
    });
    provide(container, {
      kind: 'dataset',
      name: 'mnist-fashion',
      description: 'unpaired: MNIST digits → Fashion-MNIST clothes, 32×32×1 in [-1, 1] (options: split, size, limit, seed)',
      create: (options) => loadMnistFashion(options),
    });
  },
};
