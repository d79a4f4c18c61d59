import * as tf from '@tensorflow/tfjs-core';
import {
  boolOption,
  checkKeys,
  intOption,
  normalPrior,
  numberOption,
  stringOption,
  type ApplyOptions,
  type Generator,
  type GeneratorInput,
  type LatentPrior,
} from '@gantry/core';
import { instanceNorm, paddedConv } from './functional.js';
import { Parameters } from './params.js';
import { checkImageShape } from './shape.js';

/** Options of {@link ResnetGenerator} (plain data: what the `cyclegan` generator provider accepts). */
export interface ResnetGeneratorOptions {
  /** Filters of the first layer, k in c7s1-k; the bottleneck has 4k. Default 16. */
  readonly width?: number;
  /** Residual blocks at the bottleneck. Default 3 (the paper: 6 at 128 px, 9 at 256 px). */
  readonly blocks?: number;
  /** Dropout rate inside each residual block while training (DualGAN's noise). Default 0. */
  readonly dropout?: number;
  /** Reflection padding (the paper's) instead of zero padding. Default true. */
  readonly reflect?: boolean;
  /** Channels of the source images; default the output's. */
  readonly sourceChannels?: number;
  /** Network name. Default `'generator'`. */
  readonly name?: string;
}

/** Defaults sized for 28/32 px images on a CPU (≈ 0.12 M parameters for one channel). */
export const RESNET_GENERATOR_DEFAULTS = { width: 16, blocks: 3, dropout: 0, reflect: true } as const;

/**
 * The prior of the CycleGAN generator: one N(0, 1) number per sample. CycleGAN's G
 * is deterministic (the paper feeds no noise, §4), but Gantry's generators take a
 * latent code, so G takes this tiny one and ignores it — except with `dropout` > 0,
 * where z's first value seeds the dropout masks (DualGAN's noise, made reproducible
 * because z itself comes from the run's seed).
 */
export const CYCLEGAN_PRIOR: LatentPrior = normalPrior([1]);

interface Residual {
  readonly k1: tf.Variable<tf.Rank.R4>;
  readonly k2: tf.Variable<tf.Rank.R4>;
}

/**
 * CycleGAN's ResNet generator (Zhu et al. 2017, https://arxiv.org/abs/1703.10593,
 * Appendix 7.2, after Johnson et al. 2016, https://arxiv.org/abs/1603.08155), scaled
 * down for 28/32 px on a CPU:
 *
 *   c7s1-k → d2k → d4k → R4k × n → u2k → uk → c7s1-C (tanh)
 *
 * c7s1-k: 7 × 7 convolution, stride 1, k filters, instance norm, ReLU; dk: 3 × 3,
 * stride 2, instance norm, ReLU; Rk: x + IN(conv₃(ReLU(IN(conv₃(x))))) (two 3 × 3
 * convolutions, dropout between them if set); uk: 3 × 3 transposed convolution,
 * stride ½, instance norm, ReLU. Reflection padding before every stride-1 convolution.
 * Defaults k = 16, n = 3 (the paper: k = 64, n = 6 or 9 at 128/256 px).
 *
 * It maps a source image (`input.source`, `[n, h, w, c_src]`, in [−1, 1]) to an
 * image `[n, h, w, c]` in (−1, 1); `z` is ignored (see {@link CYCLEGAN_PRIOR}).
 * Convolutions followed by instance norm have no bias: the norm removes it.
 */
export class ResnetGenerator implements Generator {
  readonly role = 'generator' as const;
  readonly name: string;
  readonly prior = CYCLEGAN_PRIOR;
  readonly outputShape: readonly number[];
  readonly sourceShape: readonly number[];
  readonly width: number;
  readonly blocks: number;
  readonly dropout: number;
  readonly reflect: boolean;
  private readonly params: Parameters;
  private readonly stem: tf.Variable<tf.Rank.R4>;
  private readonly down: tf.Variable<tf.Rank.R4>[];
  private readonly residual: Residual[];
  private readonly up: tf.Variable<tf.Rank.R4>[];
  private readonly head: tf.Variable<tf.Rank.R4>;
  private readonly headBias: tf.Variable<tf.Rank.R1>;

  /**
   * @param outputShape `[h, w, c]` of the images made (h, w multiples of 4).
   * @param options see {@link ResnetGeneratorOptions}; unknown keys and bad values throw a `ConfigError`.
   * @param seed seed of the initial weights.
   */
  constructor(outputShape: readonly number[], options: ResnetGeneratorOptions = {}, seed = 0) {
    const component = "generator 'cyclegan'";
    const o = checkKeys(component, options, ['width', 'blocks', 'dropout', 'reflect', 'sourceChannels', 'name']);
    const [h, w, c] = checkImageShape(component, outputShape);
    this.width = intOption(component, o, 'width', RESNET_GENERATOR_DEFAULTS.width, { min: 1 });
    this.blocks = intOption(component, o, 'blocks', RESNET_GENERATOR_DEFAULTS.blocks, { min: 0 });
    this.dropout = numberOption(component, o, 'dropout', RESNET_GENERATOR_DEFAULTS.dropout, { min: 0, below: 1 });
    this.reflect = boolOption(component, o, 'reflect', RESNET_GENERATOR_DEFAULTS.reflect);
    const sourceChannels = intOption(component, o, 'sourceChannels', c, { min: 1 });
    this.name = stringOption(component, o, 'name', 'generator');
    this.outputShape = [h, w, c];
    this.sourceShape = [h, w, sourceChannels];

    const k = this.width;
    const p = (this.params = new Parameters(seed));
    this.stem = p.kernel([7, 7, sourceChannels, k]);
    this.down = [p.kernel([3, 3, k, 2 * k]), p.kernel([3, 3, 2 * k, 4 * k])];
    this.residual = Array.from({ length: this.blocks }, () => ({ k1: p.kernel([3, 3, 4 * k, 4 * k]), k2: p.kernel([3, 3, 4 * k, 4 * k]) }));
    // Transposed kernels are [kh, kw, out, in].
    this.up = [p.kernel([3, 3, 2 * k, 4 * k]), p.kernel([3, 3, k, 2 * k])];
    this.head = p.kernel([7, 7, k, c]);
    this.headBias = p.bias(c);
  }

  get trainableVariables(): readonly tf.Variable[] {
    return this.params.variables;
  }

  get variables(): readonly tf.Variable[] {
    return this.params.variables;
  }

  /** G(source); `z` is ignored unless `dropout` > 0 (then its first value seeds the masks). */
  apply(input: GeneratorInput, options: ApplyOptions): tf.Tensor {
    const source = input.source;
    if (!source) {
      throw new Error(`Generator '${this.name}' translates images: call it with a source image (input.source), not only z.`);
    }
    const dropping = options.training && this.dropout > 0;
    // One read of a single number per call; only when dropout is on.
    const dropSeed = dropping ? Math.floor(input.z.dataSync()[0] * 2 ** 30) : 0;
    return tf.tidy(() => {
      const relu = (t: tf.Tensor4D) => tf.relu(instanceNorm(t));
      let x = relu(paddedConv(source as tf.Tensor4D, this.stem, this.reflect));
      for (const kernel of this.down) x = relu(tf.conv2d(x, kernel, 2, 'same'));
      this.residual.forEach((block, i) => {
        let r = relu(paddedConv(x, block.k1, this.reflect));
        if (dropping) r = tf.dropout(r, this.dropout, undefined, dropSeed + i) as tf.Tensor4D;
        r = instanceNorm(paddedConv(r, block.k2, this.reflect));
        x = tf.add(x, r);
      });
      for (const kernel of this.up) {
        const [n, hh, ww] = x.shape;
        x = relu(tf.conv2dTranspose(x, kernel, [n, hh * 2, ww * 2, kernel.shape[2]], 2, 'same'));
      }
      return tf.tanh(tf.add(paddedConv(x, this.head, this.reflect), this.headBias));
    });
  }

  dispose(): void {
    this.params.dispose();
  }
}
