import * as tf from '@tensorflow/tfjs-core';
import type { Classifier } from './classifier.js';

/**
 * Shape of the compact CNN classifier: `convFilters.length` blocks of
 * conv(kernelSize, 'valid') → ReLU → 2×2 max-pool, then a dense ReLU layer of
 * `dense` units (the features) and a dense layer of `numClasses` logits.
 */
export interface CnnArchitecture {
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly convFilters: readonly number[];
  readonly kernelSize: number;
  readonly dense: number;
  /** Dropout rates (training only) before the feature layer and before the logits. */
  readonly dropout: readonly [number, number];
}

/**
 * The architecture Gantry's MNIST / Fashion-MNIST classifiers use:
 * conv3×3·32 → pool → conv3×3·64 → pool → dense 128 (dropout 0.25 / 0.5) → 10,
 * 225 034 parameters (0.9 MB as float32). Small enough to ship in the package and
 * train in minutes on a CPU, and ≥ 99 % accurate on MNIST.
 */
export const DEFAULT_CNN_ARCHITECTURE: CnnArchitecture = {
  inputShape: [28, 28, 1],
  numClasses: 10,
  convFilters: [32, 64],
  kernelSize: 3,
  dense: 128,
  dropout: [0.25, 0.5],
};

/** One named weight of a {@link CnnClassifier}, in the order they are stored. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/** The weights of an architecture, in storage order (kernels before biases, layer by layer). */
export function cnnWeightSpecs(arch: CnnArchitecture): WeightSpec[] {
  const specs: WeightSpec[] = [];
  let [h, w, c] = arch.inputShape;
  arch.convFilters.forEach((filters, i) => {
    specs.push({ name: `conv${i + 1}/kernel`, shape: [arch.kernelSize, arch.kernelSize, c, filters] });
    specs.push({ name: `conv${i + 1}/bias`, shape: [filters] });
    // 'valid' convolution, then a 2×2 pool with stride 2 (flooring odd sizes).
    h = Math.floor((h - arch.kernelSize + 1) / 2);
    w = Math.floor((w - arch.kernelSize + 1) / 2);
    c = filters;
    if (!(h > 0 && w > 0)) throw new RangeError(`Architecture too deep for a ${arch.inputShape.join('×')} input.`);
  });
  specs.push({ name: 'dense1/kernel', shape: [h * w * c, arch.dense] });
  specs.push({ name: 'dense1/bias', shape: [arch.dense] });
  specs.push({ name: 'logits/kernel', shape: [arch.dense, arch.numClasses] });
  specs.push({ name: 'logits/bias', shape: [arch.numClasses] });
  return specs;
}

/**
 * A compact CNN image classifier written with tfjs-core ops only (no tfjs-layers
 * at run time): the same `forward` serves training (with dropout) and inference, so
 * the shipped weights mean exactly what they meant when they were trained.
 *
 * Weights are created by {@link CnnClassifier.initialize} (He-uniform kernels,
 * He et al. 2015, https://arxiv.org/abs/1502.01852, zero biases) or loaded
 * (see `loadClassifier`). Inputs are `[n, 28, 28, 1]` in `inputRange`.
 */
export class CnnClassifier implements Classifier {
  readonly numClasses: number;
  readonly inputShape: readonly number[];

  constructor(
    readonly architecture: CnnArchitecture,
    /** Variables in the order of {@link cnnWeightSpecs}. */
    readonly weights: readonly tf.Variable[],
    readonly inputRange: readonly [number, number] = [0, 1],
  ) {
    const specs = cnnWeightSpecs(architecture);
    if (weights.length !== specs.length) {
      throw new RangeError(`Expected ${specs.length} weight tensors, got ${weights.length}.`);
    }
    specs.forEach((s, i) => {
      if (!tf.util.arraysEqual(weights[i].shape, s.shape as number[])) {
        throw new RangeError(`Weight ${s.name} has shape [${weights[i].shape}], expected [${s.shape}].`);
      }
    });
    this.numClasses = architecture.numClasses;
    this.inputShape = architecture.inputShape;
  }

  /** Fresh weights: He-uniform kernels (±√(6/fan_in)) drawn from `seed`, zero biases. */
  static initialize(architecture: CnnArchitecture = DEFAULT_CNN_ARCHITECTURE, seed = 0, inputRange: readonly [number, number] = [0, 1]): CnnClassifier {
    const weights = cnnWeightSpecs(architecture).map((s, i) =>
      tf.tidy(() => {
        if (s.name.endsWith('/bias')) return tf.variable(tf.zeros(s.shape as number[]), true);
        const fanIn = s.shape.slice(0, -1).reduce((a, b) => a * b, 1);
        const limit = Math.sqrt(6 / fanIn);
        return tf.variable(tf.randomUniform(s.shape as number[], -limit, limit, 'float32', seed + 7919 * i), true);
      }),
    );
    // Variables are left unnamed: tfjs names must be unique process-wide.
    return new CnnClassifier(architecture, weights, inputRange);
  }

  /**
   * Features and logits. With `training`, dropout is applied with the given seed.
   * Features are the dense ReLU layer before the logits (128-d by default).
   */
  forward(x: tf.Tensor, training = false, seed = 0): { features: tf.Tensor2D; logits: tf.Tensor2D } {
    return tf.tidy(() => {
      const [h0, w0, c0] = this.architecture.inputShape;
      let h = tf.reshape(x, [-1, h0, w0, c0]) as tf.Tensor4D;
      const convs = this.architecture.convFilters.length;
      for (let i = 0; i < convs; i++) {
        const kernel = this.weights[2 * i] as tf.Tensor4D;
        const bias = this.weights[2 * i + 1];
        h = tf.relu(tf.add(tf.conv2d(h, kernel, 1, 'valid'), bias)) as tf.Tensor4D;
        h = tf.maxPool(h, 2, 2, 'valid');
      }
      let flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
      const [pIn, pOut] = this.architecture.dropout;
      if (training && pIn > 0) flat = tf.dropout(flat, pIn, undefined, seed) as tf.Tensor2D;
      const w1 = this.weights[2 * convs] as tf.Tensor2D;
      const b1 = this.weights[2 * convs + 1];
      const features = tf.relu(tf.add(tf.matMul(flat, w1), b1)) as tf.Tensor2D;
      const dropped = training && pOut > 0 ? tf.dropout(features, pOut, undefined, seed + 1) : features;
      const w2 = this.weights[2 * convs + 2] as tf.Tensor2D;
      const b2 = this.weights[2 * convs + 3];
      const logits = tf.add(tf.matMul(dropped, w2), b2) as tf.Tensor2D;
      return { features, logits };
    });
  }

  /** Logits `[n, k]` (inference mode). */
  logits(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.forward(x).logits);
  }

  /** p(y|x) = softmax(logits), `[n, k]`. */
  predict(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.forward(x).logits));
  }

  /** The penultimate (dense ReLU) layer, `[n, dense]`, for FID / KID / MMD. */
  features(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.forward(x).features);
  }

  /** Number of parameters. */
  get parameterCount(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  dispose(): void {
    for (const w of this.weights) w.dispose();
  }
}
