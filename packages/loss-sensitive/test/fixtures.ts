// The 1-D data, affine generator and linear critic come from core's testing kit.
import * as tf from '@tensorflow/tfjs-core';
import type { AdversarialContext, Discriminator, DiscriminatorOutput } from '@gantry/core';
import { logitsContext, scalarValue } from '@gantry/core/testing';

export { affineGenerator, linearCritic, ShiftedData } from '@gantry/core/testing';

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Reads a scalar and frees it. */
export const value = scalarValue;

/** f(x) = w₁x + w₂x² + b: can learn a loss that is low near the data and high away from it. */
export function quadraticCritic(): Discriminator {
  const w = tf.variable(tf.tensor2d([[0.1], [0.1]]));
  const b = tf.variable(tf.tensor1d([0]));
  return {
    name: 'discriminator',
    role: 'discriminator',
    inputShape: [1],
    trainableVariables: [w, b],
    variables: [w, b],
    apply: ({ x }): DiscriminatorOutput => ({
      logits: tf.add(tf.matMul(tf.concat([x, tf.square(x)], 1) as tf.Tensor2D, w as tf.Tensor2D), b),
    }),
    dispose: () => tf.dispose([w, b]),
  };
}

/** The part of the context LS-GAN reads: samples and D's outputs on them. */
export function fakeContext(real: tf.Tensor, fake: tf.Tensor, dReal: tf.Tensor, dFake: tf.Tensor): AdversarialContext {
  return logitsContext(dReal, dFake, { real, fake });
}
