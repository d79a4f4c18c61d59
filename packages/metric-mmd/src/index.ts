export { gaussianMmd2, medianHeuristic, mmd2, pooledSquaredDistances, squaredDistances } from './functional.js';
export type { Mmd2Options, Rows } from './functional.js';
export { DEFAULT_MMD_SAMPLES, MmdMetric } from './mmd-metric.js';
export { checkBandwidth } from './options.js';
export type { MmdMetricOptions } from './options.js';
export { mmdPlugin } from './plugin.js';
