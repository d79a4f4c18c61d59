/**
 * `@gantry/regularizer-gradient-penalty` — WGAN-GP, DRAGAN, R1 and R2 for Gantry.
 *
 * @packageDocumentation
 */
export {
  NORM_EPSILON,
  inputGradient,
  interpolate,
  normPenalty,
  perSampleNorms,
  perSampleSquaredNorms,
  perturb,
  sampleEpsilon,
  squaredGradientPenalty,
  wganGradientPenalty,
} from './functional.js';
export type { PenaltyMode } from './functional.js';
export { GradientPenalty } from './gradient-penalty.js';
export { DraganPenalty } from './dragan-penalty.js';
export { R1Penalty, R2Penalty } from './squared-gradient-penalty.js';
export type { DraganOptions, GradientPenaltyOptions, SquaredGradientPenaltyOptions } from './options.js';
export { gradientPenaltyPlugin } from './plugin.js';
