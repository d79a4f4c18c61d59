import * as tfl from '@tensorflow/tfjs-layers';
import { kernelInit, layerSeed } from './init.js';

/** Negative slope of D's leaky ReLUs: lReLU(a) = max(a, 0.2a), as in DCGAN (https://arxiv.org/abs/1511.06434) and InfoGAN's appendix C ("lRELU", https://arxiv.org/abs/1606.03657). */
export const LEAKY_SLOPE = 0.2;
/** Batch-norm momentum 0.9 (moving = 0.9·moving + 0.1·batch; PyTorch's 0.1), so inference statistics track training (BN as in InfoGAN's appendix C, https://arxiv.org/abs/1606.03657). */
export const BN_MOMENTUM = 0.9;
/** Batch-norm ε = 10⁻⁵ in x̂ = (x − μ)/√(σ² + ε) (PyTorch's; TensorFlow's 10⁻³ is coarser for small batches). */
export const BN_EPSILON = 1e-5;

type Sym = tfl.SymbolicTensor;
type Init = 'glorot' | 'dcgan';

/** The sizes of Q's outputs (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §6): ΣKᵢ categorical logits and m continuous codes. */
export interface QSizes {
  /** ΣKᵢ, the width of the concatenated categorical logits (0: no categorical head). */
  readonly categorical: number;
  /** m (0: no continuous heads). */
  readonly continuous: number;
}

/** Which model output holds what — D's logit, Q's logits, μ, log σ (Chen et al. 2016, https://arxiv.org/abs/1606.03657) — for a model built by {@link buildQDiscriminator}. */
export interface QOutputIndex {
  readonly logits: number;
  readonly categorical?: number;
  readonly mean?: number;
  readonly logStd?: number;
}

/** A small layer factory bound to a network's seed and initialisation. */
function layers(seed: number, init: Init) {
  return {
    dense: (name: string, units: number) =>
      tfl.layers.dense({ name, units, kernelInitializer: kernelInit(init, layerSeed(seed, name)), biasInitializer: 'zeros' }),
    conv: (name: string, filters: number) =>
      tfl.layers.conv2d({
        name,
        filters,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: kernelInit(init, layerSeed(seed, name)),
        biasInitializer: 'zeros',
      }),
    convTranspose: (name: string, filters: number) =>
      tfl.layers.conv2dTranspose({
        name,
        filters,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: kernelInit(init, layerSeed(seed, name)),
        biasInitializer: 'zeros',
      }),
    batchNorm: (name: string) =>
      tfl.layers.batchNormalization({
        name,
        momentum: BN_MOMENTUM,
        epsilon: BN_EPSILON,
        gammaInitializer: init === 'dcgan' ? tfl.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: layerSeed(seed, name) }) : 'ones',
        betaInitializer: 'zeros',
      }),
    relu: (name: string) => tfl.layers.reLU({ name }),
    leaky: (name: string) => tfl.layers.leakyReLU({ name, alpha: LEAKY_SLOPE }),
  };
}

/** What {@link buildMlpGeneratorModel} builds: an MLP G(z) on the InfoGAN prior (Chen et al. 2016, https://arxiv.org/abs/1606.03657). */
export interface MlpGeneratorSpec {
  readonly name: string;
  readonly latentSize: number;
  readonly hidden: readonly number[];
  readonly batchNorm: boolean;
  readonly outputShape: readonly number[];
  readonly seed: number;
}

/**
 * G(z) = tanh(W_L · ReLU(BN(… ReLU(BN(W_1 z + b_1)) …)) + b_L), reshaped to the sample
 * shape (BN optional), on the InfoGAN prior (Chen et al. 2016, https://arxiv.org/abs/1606.03657).
 * Kernels Glorot-uniform, seeded per layer name.
 */
export function buildMlpGeneratorModel(spec: MlpGeneratorSpec): tfl.LayersModel {
  const l = layers(spec.seed, 'glorot');
  const z = tfl.input({ shape: [spec.latentSize], name: `${spec.name}_z` });
  let h: Sym = z;
  spec.hidden.forEach((units, i) => {
    h = l.dense(`${spec.name}_dense${i}`, units).apply(h) as Sym;
    if (spec.batchNorm) h = l.batchNorm(`${spec.name}_bn${i}`).apply(h) as Sym;
    h = l.relu(`${spec.name}_relu${i}`).apply(h) as Sym;
  });
  const size = spec.outputShape.reduce((a, b) => a * b, 1);
  h = l.dense(`${spec.name}_out`, size).apply(h) as Sym;
  h = tfl.layers.activation({ name: `${spec.name}_tanh`, activation: 'tanh' }).apply(h) as Sym;
  if (spec.outputShape.length > 1) h = tfl.layers.reshape({ name: `${spec.name}_reshape`, targetShape: [...spec.outputShape] }).apply(h) as Sym;
  return tfl.model({ name: spec.name, inputs: z, outputs: h });
}

/** What {@link buildConvGeneratorModel} builds: InfoGAN's MNIST G (Chen et al. 2016, https://arxiv.org/abs/1606.03657, Table 1). */
export interface ConvGeneratorSpec {
  readonly name: string;
  readonly latentSize: number;
  /** w: the paper's 64. Layers: FC 16w, FC 7·7·2w, upconv w, upconv `channels`. */
  readonly width: number;
  readonly channels: number;
  readonly seed: number;
}

/**
 * The paper's MNIST generator (Chen et al. 2016, https://arxiv.org/abs/1606.03657, appendix C,
 * Table 1) with w = 64:
 *
 *   z (74) → FC 1024 (16w) → BN → ReLU → FC 7·7·128 (2w) → BN → ReLU → reshape 7×7×2w
 *     → 4×4 upconv w, stride 2 → BN → ReLU → 4×4 upconv `channels`, stride 2 → tanh   (28×28)
 *
 * (tanh instead of the paper's Bernoulli mean, for data in [−1, 1]). Weights N(0, 0.02²).
 */
export function buildConvGeneratorModel(spec: ConvGeneratorSpec): tfl.LayersModel {
  const l = layers(spec.seed, 'dcgan');
  const n = spec.name;
  const w = spec.width;
  const z = tfl.input({ shape: [spec.latentSize], name: `${n}_z` });
  let h = l.dense(`${n}_fc1`, 16 * w).apply(z) as Sym;
  h = l.relu(`${n}_relu1`).apply(l.batchNorm(`${n}_bn1`).apply(h)) as Sym;
  h = l.dense(`${n}_fc2`, 7 * 7 * 2 * w).apply(h) as Sym;
  h = l.relu(`${n}_relu2`).apply(l.batchNorm(`${n}_bn2`).apply(h)) as Sym;
  h = tfl.layers.reshape({ name: `${n}_reshape`, targetShape: [7, 7, 2 * w] }).apply(h) as Sym;
  h = l.convTranspose(`${n}_upconv1`, w).apply(h) as Sym;
  h = l.relu(`${n}_relu3`).apply(l.batchNorm(`${n}_bn3`).apply(h)) as Sym;
  h = l.convTranspose(`${n}_upconv2`, spec.channels).apply(h) as Sym;
  h = tfl.layers.activation({ name: `${n}_tanh`, activation: 'tanh' }).apply(h) as Sym;
  return tfl.model({ name: n, inputs: z, outputs: h });
}

/** What {@link buildQDiscriminator} builds: D and Q on one trunk (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §6). */
export interface QDiscriminatorSpec {
  readonly name: string;
  readonly inputShape: readonly number[];
  /** `'mlp'`: flatten → dense layers `hidden`, leaky ReLU. `'conv'`: the paper's MNIST trunk at width `width`. */
  readonly trunk: { readonly kind: 'mlp'; readonly hidden: readonly number[]; readonly batchNorm: boolean } | { readonly kind: 'conv'; readonly width: number };
  /** Width of Q's own hidden layer (the paper's 128); 0: Q's outputs read the trunk directly. */
  readonly qHidden: number;
  /** Batch norm in Q's hidden layer (the paper's "FC 128 − BN − lRELU"). */
  readonly qBatchNorm: boolean;
  readonly q: QSizes;
  readonly seed: number;
}

/**
 * D and Q with a shared trunk (Chen et al. 2016 §6: Q shares all of D's layers but adds one
 * fully connected layer and the output layer):
 *
 *   h = trunk(x);  D(x) = w_D·h + b_D (one logit);
 *   q = lReLU(BN(W_q h + b_q));  Q_cat = W_c q + b_c (ΣKᵢ logits),  μ = W_μ q + b_μ,  log σ = W_σ q + b_σ.
 *
 * Model outputs, in order: logits, then (when present) categorical logits, μ, log σ — see
 * the returned index.
 */
export function buildQDiscriminator(spec: QDiscriminatorSpec): { model: tfl.LayersModel; index: QOutputIndex } {
  const t = spec.trunk;
  const l = layers(spec.seed, t.kind === 'conv' ? 'dcgan' : 'glorot');
  const n = spec.name;
  const x = tfl.input({ shape: [...spec.inputShape], name: `${n}_x` });
  let h: Sym;
  if (t.kind === 'mlp') {
    h = tfl.layers.flatten({ name: `${n}_flatten` }).apply(x) as Sym;
    t.hidden.forEach((units, i) => {
      h = l.dense(`${n}_dense${i}`, units).apply(h) as Sym;
      // No BN on the first layer, as in DCGAN's D (it would normalise away the input scale).
      if (t.batchNorm && i > 0) h = l.batchNorm(`${n}_bn${i}`).apply(h) as Sym;
      h = l.leaky(`${n}_lrelu${i}`).apply(h) as Sym;
    });
  } else {
    // The paper's MNIST D: 4×4 conv w, lReLU → 4×4 conv 2w, BN, lReLU → FC 16w, BN, lReLU.
    h = l.leaky(`${n}_lrelu1`).apply(l.conv(`${n}_conv1`, t.width).apply(x)) as Sym;
    h = l.conv(`${n}_conv2`, 2 * t.width).apply(h) as Sym;
    h = l.leaky(`${n}_lrelu2`).apply(l.batchNorm(`${n}_bn2`).apply(h)) as Sym;
    h = tfl.layers.flatten({ name: `${n}_flatten` }).apply(h) as Sym;
    h = l.dense(`${n}_fc`, 16 * t.width).apply(h) as Sym;
    h = l.leaky(`${n}_lrelu3`).apply(l.batchNorm(`${n}_bn3`).apply(h)) as Sym;
  }
  const outputs: Sym[] = [l.dense(`${n}_logit`, 1).apply(h) as Sym];
  const index: { logits: number; categorical?: number; mean?: number; logStd?: number } = { logits: 0 };
  if (spec.q.categorical > 0 || spec.q.continuous > 0) {
    let q = h;
    if (spec.qHidden > 0) {
      q = l.dense(`${n}_q_dense`, spec.qHidden).apply(q) as Sym;
      if (spec.qBatchNorm) q = l.batchNorm(`${n}_q_bn`).apply(q) as Sym;
      q = l.leaky(`${n}_q_lrelu`).apply(q) as Sym;
    }
    if (spec.q.categorical > 0) {
      index.categorical = outputs.length;
      outputs.push(l.dense(`${n}_q_categorical`, spec.q.categorical).apply(q) as Sym);
    }
    if (spec.q.continuous > 0) {
      index.mean = outputs.length;
      outputs.push(l.dense(`${n}_q_mean`, spec.q.continuous).apply(q) as Sym);
      index.logStd = outputs.length;
      outputs.push(l.dense(`${n}_q_log_std`, spec.q.continuous).apply(q) as Sym);
    }
  }
  return { model: tfl.model({ name: n, inputs: x, outputs }), index };
}
