// The 1-D data, affine generator and linear critic come from core's testing kit.
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext } from '@gantry/core';
import { logitsContext, scalarValue } from '@gantry/core/testing';

export { affineGenerator, linearCritic, ShiftedData } from '@gantry/core/testing';

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Reads a scalar and frees it. */
export const value = scalarValue;

/** The part of the context these objectives read: D's outputs on real and fake samples. */
export function fakeContext(real: tf.Tensor, fake: tf.Tensor): AdversarialContext {
  return logitsContext(real, fake);
}
