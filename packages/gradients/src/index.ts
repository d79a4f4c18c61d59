/**
 * `@gantry/gradients` — correct second-order gradients for TensorFlow.js 4.22.
 * Call {@link registerHigherOrderGradients} once before taking gradients of
 * gradients (gradient penalties, R1/R2, DRAGAN, ...).
 *
 * @packageDocumentation
 */
export { higherOrderGradientKernels, higherOrderGradients, higherOrderGradientsRegistered, registerHigherOrderGradients } from './register.js';
export {
  activationGradients,
  eluGradGradient,
  eluGradient,
  expGradient,
  leakyReluGradient,
  logSoftmaxGradient,
  powGradient,
  reluGradient,
  sigmoidGradient,
  softmaxGradient,
  softplusGradient,
  tanhGradient,
} from './activations.js';
export { conv2dBackpropFilterGradient, conv2dBackpropInputGradient, convolutionGradients } from './convolutions.js';
export { piecewiseConstantGradients } from './piecewise-constant.js';
export { checkGradient, numericalGradient, numericalGradientOfVariable } from './finite-differences.js';
export type { CheckGradientOptions, FiniteDifferenceOptions, GradientCheck } from './finite-differences.js';
