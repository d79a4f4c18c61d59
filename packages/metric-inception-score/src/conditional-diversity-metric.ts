import * as tf from '@tensorflow/tfjs-core';
import { boolOption, checkKeys, deriveSeed, enumOption, intOption, type Metric, type MetricInput } from '@gantry/core';
import type { Classifier } from './classifier.js';
import { conditionalClasses } from './class-agreement-metric.js';
import { meanPairwiseDistance } from './conditional-functional.js';
import { DEFAULT_METRIC_EVERY } from './inception-score-metric.js';
import { PRETRAINED_CLASSIFIERS, sharedClassifier, type PretrainedClassifierName } from './pretrained.js';
import { rescale, rowsInBatches } from './sampling.js';

/** Options of the `conditional-diversity` metric (plain JSON, as in configs). */
export interface ConditionalDiversityOptions {
  /** Shipped classifier whose penultimate features are compared: `'mnist'` (default) or `'fashion-mnist'`. */
  readonly classifier?: PretrainedClassifierName;
  /** Generated samples per class; default 100 (4 950 pairs per class). */
  readonly samplesPerClass?: number;
  /** Also report each class's values (`…/<c>`); default false. */
  readonly perClass?: boolean;
  /** Evaluate every this many training steps (0: only on demand); default 1000. */
  readonly every?: number;
  /** Seed of the latent codes; default 0. */
  readonly seed?: number;
}

/** Generated samples per class when `samplesPerClass` is not given. */
export const DEFAULT_SAMPLES_PER_CLASS = 100;

/** Within-class diversity of one set of samples, in pixel and in classifier-feature space. */
export interface Diversity {
  /** Mean over pairs of the mean absolute pixel difference, pixels scaled to [0, 1]. */
  readonly pixel: number;
  /** Mean over pairs of the Euclidean distance between classifier features. */
  readonly feature: number;
}

/**
 * The diversity of n samples `x` (in the data range `range`) that should share one class:
 *
 *   pixel   = mean_{i<j} (1/D) Σₖ |x̃ᵢₖ − x̃ⱼₖ|,  x̃ = x rescaled from `range` to [0, 1];
 *   feature = mean_{i<j} ‖φ(xᵢ) − φ(xⱼ)‖₂,      φ the classifier's features (the penultimate
 *             layer, the same features FID and KID use).
 *
 * Pixel distance sees any change; feature distance sees changes the classifier cares
 * about (stroke style, shape) more than noise. `x` stays the caller's.
 */
export function withinClassDiversity(x: tf.Tensor, range: readonly [number, number], classifier: Classifier): Diversity {
  if (!classifier.features) throw new RangeError('Conditional diversity in feature space needs a classifier with features(x).');
  const n = x.shape[0];
  const pixels = rowsInBatches(x, (s) => tf.tidy(() => tf.reshape(rescale(s, range, [0, 1]), [s.shape[0], -1]) as tf.Tensor2D));
  const features = rowsInBatches(x, (s) => tf.tidy(() => classifier.features!(rescale(s, range, classifier.inputRange))));
  return {
    pixel: meanPairwiseDistance(pixels.data, n, pixels.width, 'mean-abs'),
    feature: meanPairwiseDistance(features.data, n, features.width, 'euclidean'),
  };
}

/**
 * Within-class diversity of a class-conditional generator: for each class c, m samples
 * G(zᵢ, c) (`MetricInput.generate(m, seed_c, { labels: c })`), their
 * {@link withinClassDiversity}, averaged over the K classes:
 *
 *   conditional_diversity_pixel   = (1/K) Σ_c mean_{i<j} (1/D) ‖x̃ᵢ − x̃ⱼ‖₁,
 *   conditional_diversity_feature = (1/K) Σ_c mean_{i<j} ‖φ(xᵢ) − φ(xⱼ)‖₂.
 *
 * Mode collapse within a class drives both towards 0; mode seeking (MSGAN, Mao et al. 2019,
 * https://arxiv.org/abs/1903.05628, who measure it with LPIPS distances between samples of
 * one condition) should raise them. Compare with the same numbers on real images of each
 * class. Reports the two means (and per class with `perClass`).
 */
export class ConditionalDiversityMetric implements Metric {
  readonly id = 'conditional_diversity';
  readonly every: number;
  readonly samplesPerClass: number;
  readonly perClass: boolean;
  readonly seed: number;
  private readonly classifierRef: Classifier | string;

  constructor(options: ConditionalDiversityOptions = {}, classifier?: Classifier) {
    const component = "metric 'conditional-diversity'";
    const o = checkKeys(component, options, ['classifier', 'samplesPerClass', 'perClass', 'every', 'seed']);
    this.classifierRef = classifier ?? enumOption(component, o, 'classifier', PRETRAINED_CLASSIFIERS, 'mnist');
    this.samplesPerClass = intOption(component, o, 'samplesPerClass', DEFAULT_SAMPLES_PER_CLASS, { min: 2, hint: '(pairs need two samples)' });
    this.perClass = boolOption(component, o, 'perClass', false);
    this.every = intOption(component, o, 'every', DEFAULT_METRIC_EVERY, { min: 0 });
    this.seed = intOption(component, o, 'seed', 0, { min: 0 });
  }

  /** The classifier used (loaded on first use when given by name). */
  get classifier(): Classifier {
    return typeof this.classifierRef === 'string' ? sharedClassifier(this.classifierRef) : this.classifierRef;
  }

  evaluate(input: MetricInput): Record<string, number> {
    const c = this.classifier;
    const k = conditionalClasses('conditional-diversity', input, c);
    const m = this.samplesPerClass;
    const out: Record<string, number> = {};
    let pixel = 0;
    let feature = 0;
    for (let cls = 0; cls < k; cls++) {
      const labels = tf.fill([m], cls, 'int32');
      const x = input.generate(m, deriveSeed(this.seed, 'class', cls), { labels });
      try {
        const d = withinClassDiversity(x, input.dataset.range, c);
        pixel += d.pixel / k;
        feature += d.feature / k;
        if (this.perClass) {
          out[`conditional_diversity_pixel/${cls}`] = d.pixel;
          out[`conditional_diversity_feature/${cls}`] = d.feature;
        }
      } finally {
        tf.dispose([x, labels]);
      }
    }
    return { conditional_diversity_pixel: pixel, conditional_diversity_feature: feature, ...out };
  }
}
