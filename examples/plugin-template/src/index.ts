export { relativisticAverageDiscriminatorLoss, relativisticAverageGeneratorLoss } from './functional.js';
export { RelativisticAverageObjective } from './objective.js';
export { examplePlugin } from './plugin.js';
