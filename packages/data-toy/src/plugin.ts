import { provide, type Plugin } from '@gantry/core';
import { loadGaussian1d, loadGrid, loadRing } from './load.js';

/**
 * Registers the dataset providers `gaussian-1d` ({@link loadGaussian1d}),
 * `ring` ({@link loadRing}) and `grid` ({@link loadGrid}). The run's seed is not
 * used for the data (option `seed`, default 0), so every run trains on the same
 * samples unless asked otherwise.
 */
export const toyDataPlugin: Plugin = {
  name: '@gantry/data-toy',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'dataset',
      name: 'gaussian-1d',
      description: '1-D Gaussian mixture, default N(4, 0.5²) (options: means, stds, weights, size, seed)',
      create: (options) => loadGaussian1d(options),
    });
    provide(container, {
      kind: 'dataset',
      name: 'ring',
      description: '2-D ring of 8 Gaussians, radius 2, std 0.02 (options: modes, radius, std, size, seed)',
      create: (options) => loadRing(options),
    });
    provide(container, {
      kind: 'dataset',
      name: 'grid',
      description: '2-D grid of 25 Gaussians at (−4…4)², std 0.05 (options: side, spacing, std, size, seed)',
      create: (options) => loadGrid(options),
    });
  },
};
