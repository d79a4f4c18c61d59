import { checkKeys, enumOption, type Generator, intOption, layersGenerator, normalPrior, uniformPrior } from '@gantry/core';
import { buildMlp, type MlpActivation, type MlpOutputActivation } from './build.js';
import type { MlpInit } from './init.js';
import { resolveCommon, resolveSampleShape, type MlpEnvironment } from './resolve.js';

/** Options of {@link mlpGenerator} (plain JSON, as in configs). */
export interface MlpGeneratorOptions {
  /** Length of z; default 1 for 1-D data, else 2 (toy data has few intrinsic dimensions). */
  readonly latentDim?: number;
  /** Widths of the hidden layers; default [128, 128]. */
  readonly hidden?: readonly number[];
  /** Hidden nonlinearity: `'relu'` (default), `'leakyRelu'` (slope 0.2) or `'tanh'`. */
  readonly activation?: MlpActivation;
  /** Output nonlinearity: `'none'` (default; toy data is unbounded), `'tanh'` or `'sigmoid'`. */
  readonly outputActivation?: MlpOutputActivation;
  /** Sample length when no data set is known; default from the data's `sampleShape`. */
  readonly outputDim?: number;
  /** Weight initialisation: `'glorot'` (default) or `'dcgan'` (N(0, 0.02²)). */
  readonly init?: MlpInit;
  /** Prior of z: N(0, I) (`'normal'`, default) or U(−1, 1) (`'uniform'`). */
  readonly prior?: 'normal' | 'uniform';
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

const KEYS = ['latentDim', 'hidden', 'activation', 'outputActivation', 'outputDim', 'init', 'prior', 'name'] as const;

/**
 * A multilayer-perceptron generator for toy data (mixtures of Gaussians, rings,
 * 1-D densities), as in the original GAN paper's experiments (Goodfellow et al. 2014,
 * https://arxiv.org/abs/1406.2661):
 *
 * G(z) = W_L · act(… act(W_1 z + b_1) …) + b_L,  z ~ p(z).
 *
 * The output has as many values as one data sample (reshaped to the sample shape
 * when it has rank > 1). Layer i's kernel is seeded with `deriveSeed(env.seed, i)`.
 */
export function mlpGenerator(options: MlpGeneratorOptions = {}, env: MlpEnvironment = {}): Generator {
  const component = "generator 'mlp'";
  const o = checkKeys(component, options, KEYS);
  const common = resolveCommon(component, o, env, 'generator');
  const outputShape = resolveSampleShape(component, o, 'outputDim', env);
  const outputUnits = outputShape.reduce((a, b) => a * b, 1);
  const latentDim = intOption(component, o, 'latentDim', outputUnits === 1 ? 1 : 2, { min: 1 });
  const priorKind = enumOption(component, o, 'prior', ['normal', 'uniform'] as const, 'normal');
  const model = buildMlp({ ...common, inputShape: [latentDim], outputUnits, outputShape });
  return layersGenerator({
    name: common.name,
    model,
    prior: priorKind === 'uniform' ? uniformPrior([latentDim]) : normalPrior([latentDim]),
    outputShape,
  });
}
