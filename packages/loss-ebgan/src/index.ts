export {
  DEFAULT_MARGIN,
  DEFAULT_PT_WEIGHT,
  ebganDiscriminatorLoss,
  ebganGeneratorLoss,
  pullingAwayTerm,
  reconstructionEnergy,
} from './functional.js';
export { EbganObjective } from './ebgan-objective.js';
export type { EbganObjectiveOptions } from './ebgan-objective.js';
export { PullingAwayRegularizer } from './pulling-away-regularizer.js';
export type { PullingAwayOptions } from './pulling-away-regularizer.js';
export { ebganPlugin } from './plugin.js';
