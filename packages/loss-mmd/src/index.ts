export { checkBandwidths, DEFAULT_BANDWIDTHS, mixtureKernel, mmd2Unbiased } from './functional.js';
export { MmdObjective } from './mmd-objective.js';
export type { MmdObjectiveOptions } from './mmd-objective.js';
export { mmdPlugin } from './plugin.js';
