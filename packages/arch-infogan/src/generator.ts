import {
  boolOption,
  checkKeys,
  intOption,
  layersGenerator,
  numberArrayOption,
  stringOption,
  type Generator,
} from '@gantry/core';
import { infoGanPrior, PRIOR_OPTION_KEYS, resolveLayout, type InfoGanPrior, type InfoGanPriorOptions } from '@gantry/regularizer-mutual-information';
import { buildConvGeneratorModel, buildMlpGeneratorModel } from './build.js';
import { convShape, resolveSampleShape, resolveSeed, type InfoganEnvironment } from './options.js';

/** A generator G(z, c) whose prior is the InfoGAN prior z = [ε, c] (Chen et al. 2016, https://arxiv.org/abs/1606.03657); `prior.layout` says where each code sits in z. */
export interface InfoganGenerator extends Generator {
  readonly prior: InfoGanPrior;
}

/** Hidden widths of the MLP generator when not given: 74 → 256 → 512 → 784 (small enough for a CPU; the paper's G is conv, https://arxiv.org/abs/1606.03657). */
export const DEFAULT_G_HIDDEN: readonly number[] = Object.freeze([256, 512]);
/** The conv variant's width w when not given: 64, the paper's (FC 1024 = 16w, 7×7×128 = 2w, upconv 64 = w; https://arxiv.org/abs/1606.03657, Table 1). */
export const DEFAULT_CONV_WIDTH = 64;

/** Options of {@link infoganMlpGenerator} (plain JSON, as in configs): the InfoGAN prior's n, Kᵢ, m (Chen et al. 2016, https://arxiv.org/abs/1606.03657) and the MLP's sizes. */
export interface InfoganMlpGeneratorOptions extends InfoGanPriorOptions {
  /** Hidden widths; default [256, 512]. */
  readonly hidden?: readonly number[];
  /** Batch norm after each hidden dense layer; default true (the paper's G has BN everywhere). */
  readonly batchNorm?: boolean;
  /** Sample shape when no data set is known; default 28×28×1. */
  readonly sampleShape?: readonly number[];
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

/** Options of {@link infoganConvGenerator} (plain JSON, as in configs): the InfoGAN prior's n, Kᵢ, m and the width w of https://arxiv.org/abs/1606.03657 Table 1. */
export interface InfoganConvGeneratorOptions extends InfoGanPriorOptions {
  /** w; default 64 (the paper's). 16 trains ~10× faster on a CPU. */
  readonly width?: number;
  /** Sample shape when no data set is known: [28, 28, 1] (default) or [28, 28, 3]. */
  readonly sampleShape?: readonly number[];
  /** Network name (checkpoint key); default `'generator'`. */
  readonly name?: string;
}

/**
 * An MLP generator on the InfoGAN prior (Chen et al. 2016, https://arxiv.org/abs/1606.03657):
 *
 *   z = [ε, onehot(c₁), …, c_cont] ~ infoGanPrior(noise, categorical, continuous),
 *   G(z) = tanh(W_L · ReLU(BN(… ReLU(BN(W_1 z + b_1)) …)) + b_L),
 *
 * reshaped to the sample shape (samples in (−1, 1)). Defaults: the paper's MNIST codes (62
 * uniform noise dimensions, one 10-way code, 2 continuous codes), hidden [256, 512] with
 * batch norm — small enough to train on a CPU core. Kernels Glorot-uniform, seeded by layer
 * name from `env.seed`.
 */
export function infoganMlpGenerator(options: InfoganMlpGeneratorOptions = {}, env: InfoganEnvironment = {}): InfoganGenerator {
  const component = "generator 'infogan-mlp'";
  const o = checkKeys(component, options, [...PRIOR_OPTION_KEYS, 'hidden', 'batchNorm', 'sampleShape', 'name']);
  const prior = priorFrom(component, o);
  const hidden = numberArrayOption(component, o, 'hidden', DEFAULT_G_HIDDEN, { integer: true, min: 1, hint: '(widths of the hidden layers, e.g. [256, 512])' });
  const batchNorm = boolOption(component, o, 'batchNorm', true);
  const outputShape = resolveSampleShape(component, o, env);
  const name = stringOption(component, o, 'name', 'generator');
  const model = buildMlpGeneratorModel({ name, latentSize: prior.shape[0], hidden, batchNorm, outputShape, seed: resolveSeed(component, env) });
  // layersGenerator keeps the prior object it is given, so the InfoGAN layout stays readable.
  return layersGenerator({ name, model, prior, outputShape }) as InfoganGenerator;
}

/**
 * The paper's MNIST generator on the InfoGAN prior (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, appendix C, Table 1), width w (default 64):
 *
 *   G(z) = tanh(upconv_c(ReLU(BN(upconv_w(reshape(ReLU(BN(FC_{7·7·2w}(ReLU(BN(FC_{16w}(z)))))))))))),
 *
 * 4×4 stride-2 transposed convolutions 7 → 14 → 28 pixels; tanh output for data in
 * [−1, 1] (the paper models a Bernoulli mean). Weights N(0, 0.02²), seeded by layer name.
 */
export function infoganConvGenerator(options: InfoganConvGeneratorOptions = {}, env: InfoganEnvironment = {}): InfoganGenerator {
  const component = "generator 'infogan-conv'";
  const o = checkKeys(component, options, [...PRIOR_OPTION_KEYS, 'width', 'sampleShape', 'name']);
  const prior = priorFrom(component, o);
  const width = intOption(component, o, 'width', DEFAULT_CONV_WIDTH, { min: 1 });
  const outputShape = resolveSampleShape(component, o, env);
  const { channels } = convShape(component, outputShape);
  const name = stringOption(component, o, 'name', 'generator');
  const model = buildConvGeneratorModel({ name, latentSize: prior.shape[0], width, channels, seed: resolveSeed(component, env) });
  // layersGenerator keeps the prior object it is given, so the InfoGAN layout stays readable.
  return layersGenerator({ name, model, prior, outputShape }) as InfoganGenerator;
}

function priorFrom(component: string, o: Record<string, unknown>): InfoGanPrior {
  const picked = Object.fromEntries(PRIOR_OPTION_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  // Validate with this component's name in the messages, then build.
  return infoGanPrior(resolveLayout(component, picked));
}
