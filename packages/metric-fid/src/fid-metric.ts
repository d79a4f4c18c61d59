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
import { featureMoments, frechetDistance, type GaussianMoments } from './functional.js';
import type { FidOptions } from './options.js';

/** Default samples per side for FID. */
export const DEFAULT_FID_SAMPLES = 5000;

/**
 * Fréchet distance between Gaussians fitted to classifier features of generated
 * and real samples (FID, Heusel et al. 2017, https://arxiv.org/abs/1706.08500),
 * on the penultimate layer of a shipped MNIST / Fashion-MNIST CNN (or any
 * {@link Classifier} with `features`). Reports `fid`; lower is better.
 * The real side's moments are computed once per data set and reused.
 */
export class FidMetric implements Metric {
  readonly id = 'fid';
  readonly every: number;
  readonly samples: number;
  readonly seed: number;
  private readonly classifierRef: Classifier | string;
  private readonly real = new RealFeatureCache<GaussianMoments>();

  constructor(options: FidOptions = {}, classifier?: Classifier) {
    const o = checkKeys('fid', options, ['classifier', 'samples', 'every', 'seed']);
    this.classifierRef = classifier ?? checkClassifier('fid', o.classifier);
    this.samples = checkInteger('fid', 'samples', o.samples, DEFAULT_FID_SAMPLES, 2);
    this.every = checkInteger('fid', 'every', o.every, DEFAULT_METRIC_EVERY, 0);
    this.seed = checkInteger('fid', 'seed', o.seed, 0, 0);
  }

  get classifier(): Classifier {
    return typeof this.classifierRef === 'string' ? sharedClassifier(this.classifierRef) : this.classifierRef;
  }

  evaluate(input: MetricInput): Record<string, number> {
    const c = this.classifier;
    const real = this.real.get(input, () => {
      const f = features(input, 'real', c, this.samples, deriveSeed(this.seed, 'real'));
      return featureMoments(f.data, f.rows, f.width);
    });
    const g = features(input, 'generated', c, this.samples, deriveSeed(this.seed, 'generated'));
    return { fid: frechetDistance(featureMoments(g.data, g.rows, g.width), real) };
  }
}
