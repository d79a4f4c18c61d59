import * as tf from '@tensorflow/tfjs-core';
import { activationGradients } from './activations.js';
import { convolutionGradients } from './convolutions.js';
import { piecewiseConstantGradients } from './piecewise-constant.js';

/** Every gradient definition {@link registerHigherOrderGradients} installs. */
export const higherOrderGradients: readonly tf.GradConfig[] = [
  ...activationGradients,
  ...piecewiseConstantGradients,
  ...convolutionGradients,
];

/** Names of the kernels whose gradients this package defines. */
export const higherOrderGradientKernels: readonly string[] = higherOrderGradients.map((c) => c.kernelName);

/**
 * Registers correct, twice- (in fact arbitrarily often) differentiable gradients in
 * tfjs's global gradient registry, replacing tfjs 4.22's definitions of the same
 * kernels: Tanh, Sigmoid, Exp, Elu, EluGrad, LeakyRelu, Relu, Softplus, Softmax,
 * LogSoftmax, Pow (saved-output bug / missing kernels), zero gradients for
 * comparisons and masks (Greater, Less, Equal, Logical*, ZerosLike, ...), and the
 * missing `Conv2DBackpropFilter` gradient (plus `Conv2DBackpropInput`'s).
 *
 * Idempotent and cheap (one registry lookup per kernel), so call it wherever a
 * second-order gradient is about to be taken: if anything re-registered tfjs's
 * definitions in between (importing `@tensorflow/tfjs-layers` or
 * `register_all_gradients` later), they are replaced again. tfjs's
 * "Overriding the gradient" warning (printed only with the DEBUG flag) is suppressed
 * for these kernels. Returns the names of the kernels (re)registered by this call.
 */
export function registerHigherOrderGradients(): string[] {
  const stale = higherOrderGradients.filter((config) => tf.getGradient(config.kernelName) !== config);
  if (stale.length === 0) return [];
  withoutOverrideWarnings(() => {
    for (const config of stale) tf.registerGradient(config);
  });
  return stale.map((c) => c.kernelName);
}

/** True when every gradient of this package is the one tfjs will use. */
export function higherOrderGradientsRegistered(): boolean {
  return higherOrderGradients.every((config) => tf.getGradient(config.kernelName) === config);
}

function withoutOverrideWarnings(run: () => void): void {
  // tfjs warns (DEBUG only) on every override; overriding is the point here.
  if (!tf.env().getBool('DEBUG')) return run();
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Overriding the gradient for')) return;
    warn(...args);
  };
  try {
    run();
  } finally {
    console.warn = warn;
  }
}
