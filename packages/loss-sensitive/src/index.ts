export {
  lossSensitiveDiscriminatorLoss,
  lossSensitiveGeneratorLoss,
  lossSensitiveMargin,
  sampleLosses,
} from './functional.js';
export type { LossActivation, MarginDistance, MarginOptions } from './functional.js';
export { LossSensitiveObjective } from './loss-sensitive-objective.js';
export type { LossSensitiveObjectiveOptions } from './loss-sensitive-objective.js';
export { lossSensitivePlugin } from './plugin.js';
