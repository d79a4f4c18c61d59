/**
 * Batch normalisation over the last axis whose training-mode statistics come from
 * `@gantry/core`'s `batchMoments`: in ordinary training exactly `tf.moments` (this layer
 * then computes what tfjs-layers' `BatchNormalization` computes), and in data-parallel
 * training with synchronised batch norm the statistics of the global batch across all
 * replicas. Internal to this package (not exported from the index).
 *
 * Weights are created in the stock layer's order with the same names, shapes,
 * trainability and initialiser calls (γ, β, moving mean 0, moving variance 1), so a
 * seed gives exactly the stock weights and checkpoints are interchangeable.
 */
import { batchMoments } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { dcganGammaInit } from './init.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];
type Shape = tfl.Shape;

/** Arguments of {@link GantryBatchNorm}. */
export interface GantryBatchNormArgs extends LayerArgs {
  /** Moving statistics: moving = momentum·moving + (1 − momentum)·batch. */
  readonly momentum: number;
  readonly epsilon: number;
  /** Seed of γ's N(1, 0.02²) initialiser ({@link dcganGammaInit}). */
  readonly gammaSeed: number;
}

/**
 * y = γ·(x − μ)/√(σ² + ε) + β per channel (last axis), with batch statistics μ, σ² in
 * training (Ioffe & Szegedy 2015, https://arxiv.org/abs/1502.03167) and the moving
 * statistics otherwise.
 */
export class GantryBatchNorm extends tfl.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className = 'GantryDcganBatchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  readonly gammaSeed: number;
  private gamma: tfl.LayerVariable | null = null;
  private beta: tfl.LayerVariable | null = null;
  private movingMean: tfl.LayerVariable | null = null;
  private movingVariance: tfl.LayerVariable | null = null;

  constructor(args: GantryBatchNormArgs) {
    super(args);
    this.momentum = args.momentum;
    this.epsilon = args.epsilon;
    this.gammaSeed = args.gammaSeed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
    const dim = shape[shape.length - 1];
    if (dim == null) throw new Error(`${GantryBatchNorm.className} needs a known last dimension, got [${shape}].`);
    this.gamma = this.addWeight('gamma', [dim], undefined, dcganGammaInit(this.gammaSeed), undefined, true);
    this.beta = this.addWeight('beta', [dim], undefined, tfl.initializers.zeros(), undefined, true);
    this.movingMean = this.addWeight('moving_mean', [dim], undefined, tfl.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [dim], undefined, tfl.initializers.ones(), undefined, false);
    this.inputSpec = [new tfl.InputSpec({ ndim: shape.length, axes: { [shape.length - 1]: dim } })];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const gamma = this.gamma!.read();
      const beta = this.beta!.read();
      if (!kwargs?.['training']) {
        return tf.batchNorm(x, this.movingMean!.read(), this.movingVariance!.read(), beta, gamma, this.epsilon);
      }
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
      const { mean, variance } = batchMoments(x, axes);
      const y = tf.batchNorm(x, mean, variance, beta, gamma, this.epsilon);
      // The stock layer's update, written the same way: moving − (moving − batch)·(1 − momentum).
      for (const [moving, batch] of [[this.movingMean!, mean], [this.movingVariance!, variance]] as const) {
        tf.tidy(() => {
          const old = moving.read();
          moving.write(tf.sub(old, tf.mul(tf.sub(old, batch), 1 - this.momentum)));
        });
      }
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { momentum, epsilon, gammaSeed } = this;
    return { ...super.getConfig(), momentum, epsilon, gammaSeed };
  }
}

tf.serialization.registerClass(GantryBatchNorm, 'gantry');
