export {
  checkCoding,
  DEFAULT_CODING,
  leastSquaresDiscriminatorLoss,
  leastSquaresGeneratorLoss,
} from './functional.js';
export type { LeastSquaresCoding } from './functional.js';
export { LeastSquaresObjective } from './least-squares-objective.js';
export type { LeastSquaresObjectiveOptions } from './least-squares-objective.js';
export { leastSquaresPlugin } from './plugin.js';
