import * as tf from '@tensorflow/tfjs-core';
import {
  checkKeys,
  intOption,
  numberOption,
  stringOption,
  type ApplyOptions,
  type Discriminator,
  type DiscriminatorInput,
  type DiscriminatorOutput,
} from '@gantry/core';
import { instanceNorm } from './functional.js';
import { Parameters } from './params.js';
import { checkImageShape } from './shape.js';

/** Options of {@link PatchDiscriminator} (plain data: what the `cyclegan` discriminator provider accepts). */
export interface PatchDiscriminatorOptions {
  /** Filters of the first layer (C_k); each stride-2 layer doubles them. Default 16. */
  readonly width?: number;
  /** Stride-2 layers; the score map is (h / 2^layers) × (w / 2^layers). Default 2. */
  readonly layers?: number;
  /** Negative slope of the leaky ReLUs. Default 0.2 (the paper's). */
  readonly slope?: number;
  /** Network name. Default `'discriminator'`. */
  readonly name?: string;
}

/** Defaults sized for 28/32 px: a 7 × 7 (8 × 8) map of scores, each seeing 34 × 34 px. */
export const PATCH_DISCRIMINATOR_DEFAULTS = { width: 16, layers: 2, slope: 0.2 } as const;

/**
 * A PatchGAN discriminator (Isola et al. 2017, https://arxiv.org/abs/1611.07004 §3.2.2;
 * CycleGAN, Zhu et al. 2017, https://arxiv.org/abs/1703.10593 Appendix 7.2), scaled
 * down for 28/32 px:
 *
 *   C_k (no norm) → C_2k → … → C_{k·2^L} (stride 2) → C_{k·2^(L+1)} (stride 1) → 1-channel conv
 *
 * C_m: 4 × 4 convolution, instance norm (not in the first layer), leaky ReLU (0.2).
 * Instead of one score per image it returns a map of scores `[n, h/2^L, w/2^L, 1]`
 * (the `logits`, no sigmoid), each judging one overlapping patch — with L = 2 a
 * 7 × 7 map on 28 px whose cells see 34 × 34 px (the paper: 70 × 70 patches of
 * 256 px images). Objectives average over the map. The discriminator is
 * unconditional: it ignores `input.source` (CycleGAN's data are unpaired).
 */
export class PatchDiscriminator implements Discriminator {
  readonly role = 'discriminator' as const;
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly width: number;
  readonly layers: number;
  readonly slope: number;
  /** Shape of the score map of one sample. */
  readonly outputShape: readonly number[];
  private readonly params: Parameters;
  private readonly kernels: tf.Variable<tf.Rank.R4>[] = [];
  private readonly firstBias: tf.Variable<tf.Rank.R1>;
  private readonly lastBias: tf.Variable<tf.Rank.R1>;

  /**
   * @param inputShape `[h, w, c]` of the images scored.
   * @param options see {@link PatchDiscriminatorOptions}; unknown keys and bad values throw a `ConfigError`.
   * @param seed seed of the initial weights.
   */
  constructor(inputShape: readonly number[], options: PatchDiscriminatorOptions = {}, seed = 0) {
    const component = "discriminator 'cyclegan'";
    const o = checkKeys(component, options, ['width', 'layers', 'slope', 'name']);
    const [h, w, c] = checkImageShape(component, inputShape);
    this.width = intOption(component, o, 'width', PATCH_DISCRIMINATOR_DEFAULTS.width, { min: 1 });
    this.slope = numberOption(component, o, 'slope', PATCH_DISCRIMINATOR_DEFAULTS.slope, { min: 0, below: 1 });
    const maxLayers = Math.floor(Math.log2(Math.min(h, w)));
    this.layers = intOption(component, o, 'layers', PATCH_DISCRIMINATOR_DEFAULTS.layers, {
      min: 1,
      max: maxLayers,
      hint: `(each halves the ${h} × ${w} image)`,
    });
    this.name = stringOption(component, o, 'name', 'discriminator');
    this.inputShape = [h, w, c];
    const shrink = 2 ** this.layers;
    this.outputShape = [Math.ceil(h / shrink), Math.ceil(w / shrink), 1];

    const p = (this.params = new Parameters(seed));
    const k = this.width;
    let channels = c;
    for (let i = 0; i <= this.layers; i++) {
      const out = k * 2 ** i;
      this.kernels.push(p.kernel([4, 4, channels, out]));
      channels = out;
    }
    this.kernels.push(p.kernel([4, 4, channels, 1]));
    this.firstBias = p.bias(k);
    this.lastBias = p.bias(1);
  }

  get trainableVariables(): readonly tf.Variable[] {
    return this.params.variables;
  }

  get variables(): readonly tf.Variable[] {
    return this.params.variables;
  }

  /** The score map D(x) `[n, h/2^L, w/2^L, 1]`. */
  apply(input: DiscriminatorInput, _options: ApplyOptions): DiscriminatorOutput {
    return tf.tidy(() => {
      const last = this.kernels.length - 1;
      let x = input.x as tf.Tensor4D;
      for (let i = 0; i < last; i++) {
        const stride = i < this.layers ? 2 : 1;
        x = tf.conv2d(x, this.kernels[i], stride, 'same');
        // The first layer has no norm (as in the paper), so it keeps a bias.
        x = i === 0 ? tf.add(x, this.firstBias) : instanceNorm(x);
        x = tf.leakyRelu(x, this.slope);
      }
      return { logits: tf.add(tf.conv2d(x, this.kernels[last], 1, 'same'), this.lastBias) };
    });
  }

  dispose(): void {
    this.params.dispose();
  }
}
