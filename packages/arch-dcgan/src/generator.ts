import { checkKeys, enumOption, type Generator, intOption, layersGenerator, normalPrior, stringOption, uniformPrior } from '@gantry/core';
import { buildSequential } from './build.js';
import { generatorPlan } from './plan.js';
import { DEFAULT_LATENT_DIM, resolveSeed, resolveShape, type DcganEnvironment } from './shape.js';

/** Options of {@link dcganGenerator} (plain JSON, as in configs). */
export interface DcganGeneratorOptions {
  /** Image side: 28, 32 or 64. Default: from the data's `sampleShape`. */
  readonly size?: 28 | 32 | 64;
  /** 1 (grey) or 3 (RGB). Default: from the data's `sampleShape`. */
  readonly channels?: 1 | 3;
  /** Length of z; default 100 (the paper's). */
  readonly latentDim?: number;
  /** Base filters; default 64. G's 4×4 map has width·8 filters (width·4 at 7×7 for 28×28). */
  readonly width?: number;
  /** Batch norm after every hidden layer; default true (the paper's). */
  readonly batchNorm?: boolean;
  /** Prior of z: N(0, I) (`'normal'`, default) or U(−1, 1) (`'uniform'`, the paper's). */
  readonly prior?: 'normal' | 'uniform';
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

const KEYS = ['size', 'channels', 'latentDim', 'width', 'batchNorm', 'prior', 'name'] as const;

/**
 * The DCGAN generator (Radford et al. 2016, https://arxiv.org/abs/1511.06434):
 *
 * G(z) = tanh(ConvTₙ(ReLU(BN(ConvTₙ₋₁(… ReLU(BN(Dense(z))) …)))))
 *
 * — a dense projection to a 7×7 (28×28 images) or 4×4 (32×32, 64×64) map, then
 * stride-2 4×4 transposed convolutions that double the side and halve the filters,
 * with batch norm and ReLU between and tanh at the output, so samples lie in
 * (−1, 1). With the defaults and 28×28×1 data this is the benchmark model
 * "DCGAN-28": Dense(100 → 7·7·256) → ConvT(128) → ConvT(1).
 *
 * Weights are N(0, 0.02²), BN γ ~ N(1, 0.02²), β = 0, each layer seeded with
 * `deriveSeed(env.seed, layerIndex)`: the same seed gives the same weights.
 */
export function dcganGenerator(options: DcganGeneratorOptions = {}, env: DcganEnvironment = {}): Generator {
  const component = "generator 'dcgan'";
  const o = checkKeys(component, options, KEYS);
  const latentDim = intOption(component, o, 'latentDim', DEFAULT_LATENT_DIM, { min: 1 });
  const shape = resolveShape(component, o, env, latentDim);
  const priorKind = enumOption(component, o, 'prior', ['normal', 'uniform'] as const, 'normal');
  const name = stringOption(component, o, 'name', 'generator');
  const model = buildSequential(generatorPlan(shape), [latentDim], resolveSeed(component, env), name);
  return layersGenerator({
    name,
    model,
    prior: priorKind === 'uniform' ? uniformPrior([latentDim]) : normalPrior([latentDim]),
    outputShape: [shape.size, shape.size, shape.channels],
  });
}
