export {
  DEFAULT_MAX_LOGIT,
  discriminatorLoss,
  maximumLikelihoodGeneratorLoss,
  minimaxGeneratorLoss,
  nonSaturatingGeneratorLoss,
} from './functional.js';
export type { DiscriminatorLossOptions, MaximumLikelihoodLossOptions, Reduction } from './functional.js';
export { CrossEntropyObjective } from './cross-entropy-objective.js';
export { MinimaxObjective } from './minimax-objective.js';
export { NonSaturatingObjective } from './non-saturating-objective.js';
export { MaximumLikelihoodObjective } from './maximum-likelihood-objective.js';
export type { MaximumLikelihoodObjectiveOptions, MinimaxObjectiveOptions } from './options.js';
export { minimaxPlugin } from './plugin.js';
