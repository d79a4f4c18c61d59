/**
 * `@gantry/loss-began` — the BEGAN objective (Berthelot et al. 2017,
 * https://arxiv.org/abs/1703.10717): auto-encoder losses balanced by the
 * proportionally controlled k_t.
 *
 * @packageDocumentation
 */
export {
  beganDiscriminatorLoss,
  beganGeneratorLoss,
  DEFAULT_GAMMA,
  DEFAULT_LAMBDA_K,
  reconstructionLoss,
  updateK,
} from './functional.js';
export type { KUpdateOptions } from './functional.js';
export { BEGAN_LOG_KEYS, BeganObjective } from './began-objective.js';
export type { BeganObjectiveOptions } from './options.js';
export { beganLossPlugin } from './plugin.js';
