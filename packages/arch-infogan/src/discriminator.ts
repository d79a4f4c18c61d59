import * as tf from '@tensorflow/tfjs-core';
import {
  boolOption,
  checkKeys,
  intOption,
  layersDiscriminator,
  numberArrayOption,
  stringOption,
  type Discriminator,
  type DiscriminatorOutput,
} from '@gantry/core';
import { Q_HEADS, resolveLayout } from '@gantry/regularizer-mutual-information';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildQDiscriminator, type QOutputIndex, type QSizes } from './build.js';
import { DEFAULT_CONV_WIDTH } from './generator.js';
import { convShape, resolveSampleShape, resolveSeed, type InfoganEnvironment } from './options.js';

/** Hidden widths of the MLP discriminator's trunk h(x) when not given: 784 → 512 → 256 (Q and D share it, as in https://arxiv.org/abs/1606.03657 §6). */
export const DEFAULT_D_HIDDEN: readonly number[] = Object.freeze([512, 256]);
/** Width of Q's hidden layer when not given: 128 (the paper's "FC 128 − BN − lRELU", https://arxiv.org/abs/1606.03657, Table 1). */
export const DEFAULT_Q_HIDDEN = 128;

/** The option keys naming the codes Q predicts (they must match the generator's). */
const CODE_KEYS = ['categorical', 'continuous'] as const;

/** Options both discriminators share. */
interface QOptions {
  /** Kᵢ of each categorical code — the generator's; default `[10]`. */
  readonly categorical?: readonly number[];
  /** m, continuous codes — the generator's; default 2. */
  readonly continuous?: number;
  /** Width of Q's hidden layer on the shared trunk; default 128 (0: heads read the trunk directly). */
  readonly qHidden?: number;
  /** Sample shape when no data set is known; default 28×28×1. */
  readonly sampleShape?: readonly number[];
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

/** Options of {@link infoganMlpDiscriminator} (plain JSON, as in configs); Q's sizes must match the generator's codes (Chen et al. 2016, https://arxiv.org/abs/1606.03657). */
export interface InfoganMlpDiscriminatorOptions extends QOptions {
  /** Trunk widths; default [512, 256]. */
  readonly hidden?: readonly number[];
  /** Batch norm in the trunk (not on its first layer); default false. */
  readonly batchNorm?: boolean;
  /** Batch norm in Q's hidden layer; default false. */
  readonly qBatchNorm?: boolean;
}

/** Options of {@link infoganConvDiscriminator} (plain JSON, as in configs): width w of https://arxiv.org/abs/1606.03657 Table 1 and Q's sizes. */
export interface InfoganConvDiscriminatorOptions extends QOptions {
  /** w; default 64 (the paper's): conv w, conv 2w, FC 16w. */
  readonly width?: number;
  /** Batch norm in Q's hidden layer; default true (the paper's "FC 128 − BN − lRELU"). */
  readonly qBatchNorm?: boolean;
}

/**
 * An MLP discriminator with InfoGAN's Q head on its trunk (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §6):
 *
 *   h = lReLU(W_2 · lReLU(W_1 x + b_1) + b_2)        (trunk, widths `hidden`, slope 0.2)
 *   logits = w_D·h + b_D;   q = lReLU(W_q h + b_q)    (width `qHidden`)
 *   heads = { qCategorical: W_c q + b_c  [N, ΣKᵢ],  qContinuousMean: W_μ q + b_μ  [N, m],
 *             qContinuousLogStd: W_σ q + b_σ  [N, m] }
 *
 * One forward pass gives D's logit and Q's outputs (head names: `Q_HEADS` of
 * `@gantry/regularizer-mutual-information`), so Q adds one hidden layer to D's cost. Q's
 * variables are D's: they train in the discriminator phase. Glorot-uniform kernels.
 */
export function infoganMlpDiscriminator(options: InfoganMlpDiscriminatorOptions = {}, env: InfoganEnvironment = {}): Discriminator {
  const component = "discriminator 'infogan-mlp'";
  const o = checkKeys(component, options, [...CODE_KEYS, 'hidden', 'batchNorm', 'qHidden', 'qBatchNorm', 'sampleShape', 'name']);
  const q = qSizes(component, o);
  const hidden = numberArrayOption(component, o, 'hidden', DEFAULT_D_HIDDEN, { integer: true, min: 1, minLength: 1, hint: '(widths of the trunk, e.g. [512, 256])' });
  const inputShape = resolveSampleShape(component, o, env);
  const name = stringOption(component, o, 'name', 'discriminator');
  const { model, index } = buildQDiscriminator({
    name,
    inputShape,
    trunk: { kind: 'mlp', hidden, batchNorm: boolOption(component, o, 'batchNorm', false) },
    qHidden: intOption(component, o, 'qHidden', DEFAULT_Q_HIDDEN, { min: 0 }),
    qBatchNorm: boolOption(component, o, 'qBatchNorm', false),
    q,
    seed: resolveSeed(component, env),
  });
  return qDiscriminator(name, model, inputShape, index);
}

/**
 * The paper's MNIST discriminator with Q on its trunk (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, appendix C, Table 1), width w (default 64):
 *
 *   h = lReLU(BN(FC_{16w}(flatten(lReLU(BN(conv_{2w}(lReLU(conv_w(x)))))))))   (4×4, stride 2)
 *   logits = FC_1(h);  q = lReLU(BN(FC_128(h)));  heads as in {@link infoganMlpDiscriminator}.
 *
 * Weights N(0, 0.02²), batch-norm γ ~ N(1, 0.02²), seeded by layer name.
 */
export function infoganConvDiscriminator(options: InfoganConvDiscriminatorOptions = {}, env: InfoganEnvironment = {}): Discriminator {
  const component = "discriminator 'infogan-conv'";
  const o = checkKeys(component, options, [...CODE_KEYS, 'width', 'qHidden', 'qBatchNorm', 'sampleShape', 'name']);
  const q = qSizes(component, o);
  const inputShape = resolveSampleShape(component, o, env);
  convShape(component, inputShape);
  const name = stringOption(component, o, 'name', 'discriminator');
  const { model, index } = buildQDiscriminator({
    name,
    inputShape,
    trunk: { kind: 'conv', width: intOption(component, o, 'width', DEFAULT_CONV_WIDTH, { min: 1 }) },
    qHidden: intOption(component, o, 'qHidden', DEFAULT_Q_HIDDEN, { min: 0 }),
    qBatchNorm: boolOption(component, o, 'qBatchNorm', true),
    q,
    seed: resolveSeed(component, env),
  });
  return qDiscriminator(name, model, inputShape, index);
}

/**
 * Wraps a tfjs-layers model whose outputs are [logits, Q's categorical logits?, μ?, log σ?]
 * (positions in `index`) as a {@link Discriminator} returning `{ logits, heads }` with
 * the head names of `Q_HEADS` — D(x) and Q(c|x) from one forward pass (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §6).
 */
export function qDiscriminator(name: string, model: tfl.LayersModel, inputShape: readonly number[], index: QOutputIndex): Discriminator {
  return layersDiscriminator({
    name,
    model,
    inputShape,
    outputs: (out: tf.Tensor[]): DiscriminatorOutput => {
      const heads: Record<string, tf.Tensor> = {};
      if (index.categorical !== undefined) heads[Q_HEADS.categorical] = out[index.categorical];
      if (index.mean !== undefined) heads[Q_HEADS.mean] = out[index.mean];
      if (index.logStd !== undefined) heads[Q_HEADS.logStd] = out[index.logStd];
      return { logits: out[index.logits], heads };
    },
  });
}

function qSizes(component: string, o: Record<string, unknown>): QSizes {
  // The same checks (and defaults) as the generator's prior, so both sides agree by default.
  const picked = Object.fromEntries(CODE_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  const layout = resolveLayout(component, { ...picked, noise: 1 });
  return { categorical: layout.categorical.reduce((s, k) => s + k, 0), continuous: layout.continuous };
}
