import type * as tf from '@tensorflow/tfjs-core';
import {
  deriveSeed,
  type ApplyOptions,
  type Discriminator,
  type DiscriminatorInput,
  type DiscriminatorOutput,
  intOption,
} from '@gantry/core';
import { combineScales, downsample } from './functional.js';
import { patchganFromConfig, type PatchganOptions, resolvePatchganOptions } from './patchgan.js';
import type { Pix2pixEnvironment } from './shape.js';

/** Options of {@link multiscaleDiscriminator}: a PatchGAN's, plus the number of scales. */
export interface MultiscaleOptions extends PatchganOptions {
  /** How many scales (1, 1/2, 1/4, …); default 3 (pix2pixHD's). */
  readonly scales?: number;
}

/** A multi-scale discriminator, with its per-scale PatchGANs. */
export interface MultiscaleDiscriminator extends Discriminator {
  /** D₁ … D_S, D_k seeing the inputs downsampled k − 1 times. */
  readonly scales: readonly Discriminator[];
}

/**
 * pix2pixHD's multi-scale discriminator (Wang et al. 2018,
 * https://arxiv.org/abs/1711.11585 §3.2): S PatchGANs of one architecture with
 * separate weights, D_k seeing the (source, x) pair downsampled k − 1 times by a
 * 3 × 3 stride-2 average pool (scales 1, 1/2, 1/4 by default). The coarse ones
 * see more of the image per logit (global structure), the fine one the detail.
 *
 * Output:
 * - `logits`: all scales' logit maps in one `[n, L, S]` tensor whose element mean
 *   is (1/S)·Σₖ mean(D_k) (see {@link combineScales}), so the existing
 *   objectives, which mean over every element, give pix2pixHD's Σₖ L_GAN(G, D_k)
 *   up to the factor 1/S;
 * - `heads`: `scale0`, `scale1`, … the individual logit maps `[n, hₖ, wₖ, 1]`;
 * - `features`: every scale's hidden activations, scale after scale (for
 *   pix2pixHD's feature-matching loss).
 *
 * Variables: those of D₁, then D₂, … (checkpoint order). D_k's weights are seeded
 * with `deriveSeed(env.seed, 'scale', k − 1)`.
 */
export function multiscaleDiscriminator(options: MultiscaleOptions = {}, env: Pix2pixEnvironment = {}): MultiscaleDiscriminator {
  const component = "discriminator 'multiscale-patchgan'";
  const c = resolvePatchganOptions(component, options, env, ['scales']);
  const count = intOption(component, c.options, 'scales', 3, { min: 1 });
  const scales: Discriminator[] = [];
  let size = c.size;
  for (let k = 0; k < count; k++) {
    scales.push(patchganFromConfig({ ...c, size, name: `${c.name}_scale${k}`, seed: deriveSeed(c.seed, 'scale', k) }));
    size = Math.ceil(size / 2);
  }
  return {
    role: 'discriminator',
    name: c.name,
    inputShape: [c.size, c.size, c.channels],
    scales,
    get trainableVariables() {
      return scales.flatMap((d) => d.trainableVariables);
    },
    get variables() {
      return scales.flatMap((d) => d.variables);
    },
    apply(input: DiscriminatorInput, o: ApplyOptions): DiscriminatorOutput {
      const maps: tf.Tensor[] = [];
      const features: tf.Tensor[] = [];
      let x = input.x;
      let source = c.conditional ? input.source : undefined;
      for (let k = 0; k < count; k++) {
        if (k > 0) {
          x = downsample(x);
          if (source) source = downsample(source);
        }
        const out = scales[k].apply({ ...input, x, ...(source ? { source } : {}) }, o);
        maps.push(out.logits);
        features.push(...(out.features ?? []));
      }
      const heads: Record<string, tf.Tensor> = {};
      maps.forEach((m, k) => (heads[`scale${k}`] = m));
      return { logits: combineScales(maps), features, heads };
    },
    dispose() {
      for (const d of scales) d.dispose();
    },
  };
}
