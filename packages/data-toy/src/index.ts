export { GaussianMixtureDataset } from './dataset.js';
export type { GaussianMixtureDatasetOptions } from './dataset.js';
export { mixtureDensity, mixtureDensityTensor } from './functional.js';
export { loadGaussian1d, loadGrid, loadRing } from './load.js';
export type { Gaussian1dOptions, GridOptions, RingOptions } from './load.js';
export {
  GAUSSIAN_1D_DEFAULT,
  GRID_CENTERS,
  GRID_STD,
  gridCenters,
  RING_CENTERS,
  RING_STD,
  ringCenters,
} from './mixture.js';
export type { GaussianMixture } from './mixture.js';
export { DEFAULT_SIZE } from './options.js';
export type { ToyCommonOptions } from './options.js';
export { toyDataPlugin } from './plugin.js';
export { drawSample, sampleSeed } from './sampling.js';
