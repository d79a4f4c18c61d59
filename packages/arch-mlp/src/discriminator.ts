import { checkKeys, type Discriminator, layersDiscriminator } from '@gantry/core';
import { buildMlp, type MlpActivation, type MlpOutputActivation } from './build.js';
import type { MlpInit } from './init.js';
import { resolveCommon, resolveSampleShape, type MlpEnvironment } from './resolve.js';

/** Options of {@link mlpDiscriminator} (plain JSON, as in configs). */
export interface MlpDiscriminatorOptions {
  /** Widths of the hidden layers; default [128, 128]. */
  readonly hidden?: readonly number[];
  /** Hidden nonlinearity: `'relu'` (default), `'leakyRelu'` (slope 0.2) or `'tanh'`. */
  readonly activation?: MlpActivation;
  /**
   * Output nonlinearity: `'none'` (default) returns logits, which every Gantry
   * objective expects (it applies its own, numerically safe, link); `'sigmoid'` or
   * `'tanh'` only for objectives written for bounded scores.
   */
  readonly outputActivation?: MlpOutputActivation;
  /** Sample length when no data set is known; default from the data's `sampleShape`. */
  readonly inputDim?: number;
  /** Weight initialisation: `'glorot'` (default) or `'dcgan'` (N(0, 0.02²)). */
  readonly init?: MlpInit;
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

const KEYS = ['hidden', 'activation', 'outputActivation', 'inputDim', 'init', 'name'] as const;

/**
 * A multilayer-perceptron discriminator for toy data (Goodfellow et al. 2014,
 * https://arxiv.org/abs/1406.2661):
 *
 * D(x) = f_out(w_L · act(… act(W_1 x + b_1) …) + b_L),  f_out = identity by default,
 *
 * one score per sample, shape `[batch, 1]`. Samples of rank > 1 are flattened.
 * Layer i's kernel is seeded with `deriveSeed(env.seed, i)`.
 */
export function mlpDiscriminator(options: MlpDiscriminatorOptions = {}, env: MlpEnvironment = {}): Discriminator {
  const component = "discriminator 'mlp'";
  const o = checkKeys(component, options, KEYS);
  const common = resolveCommon(component, o, env, 'discriminator');
  const inputShape = resolveSampleShape(component, o, 'inputDim', env);
  const model = buildMlp({ ...common, inputShape, outputUnits: 1 });
  return layersDiscriminator({ name: common.name, model, inputShape });
}
