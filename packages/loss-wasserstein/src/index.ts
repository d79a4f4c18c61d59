export { clipWeights, wassersteinCriticLoss, wassersteinGeneratorLoss } from './functional.js';
export { WassersteinObjective } from './wasserstein-objective.js';
export type { WassersteinObjectiveOptions } from './wasserstein-objective.js';
export { DEFAULT_CLIP, WeightClipping } from './weight-clipping.js';
export type { WeightClippingOptions } from './weight-clipping.js';
export { wassersteinPlugin } from './plugin.js';
