export { defineDivergence, isDivergence } from './divergence.js';
export type { Divergence, DivergenceSpec } from './divergence.js';
export {
  BUILTIN_DIVERGENCES,
  GAN,
  JENSEN_SHANNON,
  KL,
  NEYMAN,
  PEARSON,
  REVERSE_KL,
  SQUARED_HELLINGER,
  TOTAL_VARIATION,
} from './divergences.js';
export {
  fganDiscriminatorLoss,
  fganGeneratorLoss,
  variationalBound,
  variationalBoundFromLogits,
} from './functional.js';
export type { GeneratorLossVariant } from './functional.js';
export { DEFAULT_DIVERGENCE, DEFAULT_GENERATOR_LOSS, FGanObjective } from './fgan-objective.js';
export type { FGanObjectiveOptions } from './fgan-objective.js';
export { DIVERGENCE_TOKEN, findDivergence, provideDivergence, registeredDivergences } from './registry.js';
export { fganPlugin } from './plugin.js';
export type { FGanPluginOptions } from './plugin.js';
