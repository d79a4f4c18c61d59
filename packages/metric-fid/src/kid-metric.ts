import { deriveSeed, type Metric, type MetricInput } from '@gantry/core';
import {
  checkClassifier,
  checkInteger,
  checkKeys,
  DEFAULT_METRIC_EVERY,
  sharedClassifier,
  type Classifier,
} from '@gantry/metric-inception-score';
import { features, RealFeatureCache } from './feature-cache.js';
import { DEFAULT_KID_SUBSET_SIZE, DEFAULT_KID_SUBSETS, kid } from './functional.js';
import type { KidMetricOptions } from './options.js';

/** Default samples per side for KID. */
export const DEFAULT_KID_SAMPLES = 2000;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018, https://arxiv.org/abs/1801.01401)
 * on classifier features: the unbiased MMD² with k(x, y) = (xᵀy/d + 1)³, mean ± std
 * over random subsets. Reports `kid` and `kid_std`; lower is better, 0 in
 * expectation when the generator matches the data.
 */
export class KidMetric implements Metric {
  readonly id = 'kid';
  readonly every: number;
  readonly samples: number;
  readonly subsets: number;
  readonly subsetSize: number;
  readonly seed: number;
  private readonly classifierRef: Classifier | string;
  private readonly real = new RealFeatureCache<{ data: Float64Array; rows: number; width: number }>();

  constructor(options: KidMetricOptions = {}, classifier?: Classifier) {
    const o = checkKeys('kid', options, ['classifier', 'samples', 'subsets', 'subsetSize', 'every', 'seed']);
    this.classifierRef = classifier ?? checkClassifier('kid', o.classifier);
    this.samples = checkInteger('kid', 'samples', o.samples, DEFAULT_KID_SAMPLES, 2);
    this.subsets = checkInteger('kid', 'subsets', o.subsets, DEFAULT_KID_SUBSETS, 1);
    this.subsetSize = checkInteger('kid', 'subsetSize', o.subsetSize, DEFAULT_KID_SUBSET_SIZE, 2);
    this.every = checkInteger('kid', 'every', o.every, DEFAULT_METRIC_EVERY, 0);
    this.seed = checkInteger('kid', 'seed', o.seed, 0, 0);
  }

  get classifier(): Classifier {
    return typeof this.classifierRef === 'string' ? sharedClassifier(this.classifierRef) : this.classifierRef;
  }

  evaluate(input: MetricInput): Record<string, number> {
    const c = this.classifier;
    const real = this.real.get(input, () => features(input, 'real', c, this.samples, deriveSeed(this.seed, 'real')));
    const g = features(input, 'generated', c, this.samples, deriveSeed(this.seed, 'generated'));
    const score = kid(g.data, g.rows, real.data, real.rows, g.width, {
      subsets: this.subsets,
      subsetSize: this.subsetSize,
      seed: deriveSeed(this.seed, 'subsets'),
    });
    return { kid: score.mean, kid_std: score.std };
  }
}
