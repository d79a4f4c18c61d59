import { ConfigError, enumOption, intOption, numberArrayOption, show, stringOption } from '@gantry/core';
import { MLP_ACTIVATIONS, MLP_OUTPUT_ACTIVATIONS, type MlpActivation, type MlpOutputActivation } from './build.js';
import { MLP_INITS, type MlpInit } from './init.js';

/** What an MLP factory takes from the build environment (all optional for code users). */
export interface MlpEnvironment {
  /** Seed of the weight initialisation; default 0. */
  readonly seed?: number;
  /** Shape of one data sample, e.g. `[2]` for points in the plane. */
  readonly sampleShape?: readonly number[];
}

/** Hidden widths when `hidden` is not given: two layers of 128. */
export const DEFAULT_HIDDEN: readonly number[] = [128, 128];

/** The options G and D share, resolved. */
export interface CommonMlpOptions {
  readonly hidden: readonly number[];
  readonly activation: MlpActivation;
  readonly outputActivation: MlpOutputActivation;
  readonly init: MlpInit;
  readonly name: string;
  readonly seed: number;
}

/** Validates the options G and D share (hidden, activations, init, name) and the seed. */
export function resolveCommon(
  component: string,
  o: Record<string, unknown>,
  env: MlpEnvironment,
  defaultName: string,
): CommonMlpOptions {
  const hidden = numberArrayOption(component, o, 'hidden', DEFAULT_HIDDEN, {
    integer: true,
    min: 1,
    hint: '(widths of the hidden layers, e.g. [128, 128])',
  });
  const seed = env.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ConfigError(`${component}: seed ${show(seed)} is not a finite number.`);
  }
  return {
    hidden,
    activation: enumOption(component, o, 'activation', MLP_ACTIVATIONS, 'relu'),
    outputActivation: enumOption(component, o, 'outputActivation', MLP_OUTPUT_ACTIVATIONS, 'none'),
    init: enumOption(component, o, 'init', MLP_INITS, 'glorot'),
    name: stringOption(component, o, 'name', defaultName),
    seed,
  };
}

/**
 * The sample shape: the data's `sampleShape`, or `[dim]` from the option `key`
 * (`outputDim` / `inputDim`) when no data is known. Both must agree when given.
 */
export function resolveSampleShape(
  component: string,
  o: Record<string, unknown>,
  key: string,
  env: MlpEnvironment,
): readonly number[] {
  const dim = intOption(component, o, key, 0, { min: 1 });
  const shape = env.sampleShape;
  if (shape) {
    if (shape.length === 0 || !shape.every((s) => Number.isInteger(s) && s >= 1)) {
      throw new ConfigError(`${component}: data sample shape ${show(shape)} is not a list of positive sizes.`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (dim && dim !== size) {
      throw new ConfigError(
        `${component}: option '${key}' is ${dim}, but the data's samples have shape [${shape.join(', ')}] (${size} values). Remove '${key}' to follow the data.`,
      );
    }
    return shape;
  }
  if (!dim) {
    throw new ConfigError(
      `${component}: the sample size is unknown: set option '${key}' (e.g. 2 for points in the plane), or build it for a data set.`,
    );
  }
  return [dim];
}
