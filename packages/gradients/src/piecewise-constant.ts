import * as tf from '@tensorflow/tfjs-core';

/*
 * Comparisons and masks are piecewise constant in their inputs, so their gradient
 * is 0 almost everywhere. tfjs registers none for most of them, and a first-order
 * gradient that builds a mask from x (leakyRelu, maximum/minimum, clipByValue, where)
 * puts them on the path of the second-order pass, which then throws
 * "gradient function not found for Greater" instead of returning 0.
 */

function zeroGradient(kernelName: string, inputs: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputs],
    gradFunc: (_dy, saved) =>
      Object.fromEntries(inputs.map((name, i) => [name, () => tf.zeros(saved[i].shape, 'float32')])),
  };
}

/** Zero gradients of comparisons, logical ops and `ZerosLike` (piecewise constant). */
export const piecewiseConstantGradients: readonly tf.GradConfig[] = [
  zeroGradient(tf.Greater, ['a', 'b']),
  zeroGradient(tf.GreaterEqual, ['a', 'b']),
  zeroGradient(tf.Less, ['a', 'b']),
  zeroGradient(tf.LessEqual, ['a', 'b']),
  zeroGradient(tf.Equal, ['a', 'b']),
  zeroGradient(tf.NotEqual, ['a', 'b']),
  zeroGradient(tf.LogicalAnd, ['a', 'b']),
  zeroGradient(tf.LogicalOr, ['a', 'b']),
  zeroGradient(tf.LogicalNot, ['x']),
  zeroGradient(tf.ZerosLike, ['x']),
  zeroGradient(tf.OnesLike, ['x']),
];
