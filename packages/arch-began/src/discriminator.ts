import { checkKeys, intOption, stringOption, type ApplyOptions, type Discriminator, type DiscriminatorInput, type DiscriminatorOutput } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildAutoEncoder, DEFAULT_HIDDEN } from './architecture.js';
import { resolveSeed, type BeganEnvironment } from './options.js';
import { resolveBeganShape } from './shape.js';

/** Options of {@link beganDiscriminator} (plain JSON, as in configs). */
export interface BeganDiscriminatorOptions {
  /** Image side: 28, 32 or 64. Default: from the data's `sampleShape`. */
  readonly size?: 28 | 32 | 64;
  /** 1 (grey) or 3 (RGB). Default: from the data's `sampleShape`. */
  readonly channels?: 1 | 3;
  /** n: filters of the first block (encoder blocks n, 2n, 3n, …; decoder n); default 64. */
  readonly filters?: number;
  /** Size N_h of the embedding h; default 64. */
  readonly hidden?: number;
  /** 3×3 convolutions per block; default 2. */
  readonly convsPerBlock?: number;
  /** Skip connections (upsampled h₀ concatenated into each decoder block); default false. */
  readonly skip?: boolean;
  /** The decoder's last activation, `'linear'` (the paper; default) or `'tanh'` (outputs in [−1, 1]). */
  readonly output?: 'linear' | 'tanh';
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

const KEYS = ['size', 'channels', 'filters', 'hidden', 'convsPerBlock', 'skip', 'output', 'name'] as const;

/**
 * Per-sample reconstruction error L(v) = mean |v − D(v)| over all pixels and
 * channels, shape `[batch, 1]` (the paper's L(v) = |v − D(v)|^η with η = 1, as a mean
 * so its scale does not depend on the image size).
 */
export function perSampleL1(x: tf.Tensor, reconstruction: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i + 1);
    return tf.reshape(tf.mean(tf.abs(tf.sub(x, reconstruction)), axes), [x.shape[0], 1]) as tf.Tensor2D;
  });
}

/**
 * The BEGAN discriminator (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717 §3.5):
 * an auto-encoder D(x) = dec(enc(x)) with 3×3 convolutions and ELUs, blocks of
 * `convsPerBlock` convs whose filters grow linearly (n, 2n, 3n, …) with each
 * stride-2 sub-sampling, a linear embedding h ∈ ℝ^{N_h} (Dense, no non-linearity),
 * and a decoder with n filters per block and nearest-neighbour up-sampling.
 *
 * Output contract (`DiscriminatorOutput`):
 * - `reconstruction`: D(x), same shape as x (what BEGAN's objective reads);
 * - `logits`: the per-sample reconstruction error L(x) = mean|x − D(x)|, `[batch, 1]`
 *   (lower = "more real"; not a logit of a probability — only reconstruction-based
 *   objectives should be paired with this discriminator);
 * - `features`: `[h]`, the embedding, `[batch, N_h]`.
 *
 * Weights are Glorot-uniform, biases 0, layer i seeded with `deriveSeed(seed, 'discriminator', i)`.
 */
export function beganDiscriminator(options: BeganDiscriminatorOptions = {}, env: BeganEnvironment = {}): Discriminator {
  const component = "discriminator 'began'";
  const o = checkKeys(component, options, KEYS);
  const shape = resolveBeganShape(component, o, env);
  const hidden = intOption(component, o, 'hidden', DEFAULT_HIDDEN, { min: 1 });
  const name = stringOption(component, o, 'name', 'discriminator');
  const model = buildAutoEncoder(shape, hidden, resolveSeed(component, env), name);
  return autoEncoderDiscriminator(name, model, [shape.size, shape.size, shape.channels]);
}

/**
 * Wraps a tfjs-layers auto-encoder x ↦ [D(x), h] as a {@link Discriminator} with the
 * contract of {@link beganDiscriminator}. (Core's `layersDiscriminator` maps outputs
 * without seeing x, and L(x) needs both.)
 */
export function autoEncoderDiscriminator(name: string, model: tfl.LayersModel, inputShape: readonly number[]): Discriminator {
  // tfjs-layers types LayerVariable.read() as Tensor; at run time it is the Variable.
  const read = (ws: readonly tfl.LayerVariable[]) => ws.map((w) => w.read() as tf.Variable);
  return {
    role: 'discriminator',
    name,
    inputShape,
    get trainableVariables() {
      return read(model.trainableWeights);
    },
    get variables() {
      return read(model.weights);
    },
    apply(input: DiscriminatorInput, o: ApplyOptions): DiscriminatorOutput {
      const [reconstruction, h] = model.apply(input.x, { training: o.training }) as tf.Tensor[];
      return { logits: perSampleL1(input.x, reconstruction), reconstruction, features: [h] };
    },
    dispose: () => void model.dispose(),
  };
}
