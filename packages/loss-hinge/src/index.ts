export { hingeDiscriminatorLoss, hingeGeneratorLoss } from './functional.js';
export { HingeObjective } from './hinge-objective.js';
export type { HingeObjectiveOptions } from './hinge-objective.js';
export { hingePlugin } from './plugin.js';
