import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // tfjs's stock gradients, which the package must replace
import { registerGantryKernels } from '@gantry/kernels';
import {
  adversarialContext,
  deriveSeed,
  type AdversarialContext,
  type Discriminator,
  type Generator,
} from '@gantry/core';

import { assertClose, uniformValues } from '@gantry/core/testing';

export { numericalGradientOfVariable } from '@gantry/gradients';

export const BACKENDS = ['cpu', 'wasm'] as const;

export async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
  if (name === 'wasm') registerGantryKernels('wasm');
}

/** Deterministic values in [lo, hi), independent of tfjs's RNG. */
export const uniform = uniformValues;

/** A discriminator from a plain function of x (logits), with the given variables. */
export function discriminator(f: (x: tf.Tensor) => tf.Tensor, variables: tf.Variable[] = [], inputShape: number[] = []): Discriminator {
  return {
    role: 'discriminator',
    name: 'discriminator',
    inputShape,
    trainableVariables: variables,
    variables,
    apply: ({ x }) => ({ logits: f(x) }),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** A generator whose output is a fixed tensor (so G(z) is known exactly). */
export function fixedGenerator(fake: tf.Tensor): Generator {
  return {
    role: 'generator',
    name: 'generator',
    prior: { shape: [1], sample: (n) => tf.zeros([n, 1]) },
    outputShape: fake.shape.slice(1),
    trainableVariables: [],
    variables: [],
    apply: () => tf.clone(fake),
    dispose: () => undefined,
  };
}

/** The discriminator-phase context core's game builds, over a real batch and a fixed G(z). */
export function context(real: tf.Tensor, fake: tf.Tensor, d: Discriminator, step = 0, runSeed = 7): AdversarialContext {
  return adversarialContext(
    {
      step,
      phase: 'discriminator',
      repeat: 0,
      batch: { x: real },
      models: {},
      seed: (purpose) => deriveSeed(runSeed, step, 'discriminator', 0, purpose),
      log: () => undefined,
    },
    fixedGenerator(fake),
    d,
  );
}

/** allclose(actual, expected, rtol, atol), as a test assertion. */
export const expectClose = assertClose;

