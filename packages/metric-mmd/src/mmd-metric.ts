import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, type Metric, type MetricInput } from '@gantry/core';
import {
  checkChoice,
  checkClassifier,
  checkInteger,
  checkKeys,
  classifierRows,
  DEFAULT_METRIC_EVERY,
  sampleRows,
  sharedClassifier,
  type Classifier,
} from '@gantry/metric-inception-score';
import { mmd2, type Rows } from './functional.js';
import { checkBandwidth, type MmdMetricOptions } from './options.js';

/** Default samples per side for MMD. */
export const DEFAULT_MMD_SAMPLES = 1000;

/**
 * Unbiased Gaussian-kernel MMD² between generated and real samples (Gretton et al.
 * 2012, https://jmlr.org/papers/v13/gretton12a.html), on flattened samples or on
 * classifier features, with the bandwidth from the median heuristic (recomputed at
 * each evaluation on the pooled sample) or given. Reports `mmd2` and, with the
 * median heuristic, `mmd_bandwidth`. Lower is better; 0 in expectation for a
 * perfect generator.
 */
export class MmdMetric implements Metric {
  readonly id = 'mmd';
  readonly every: number;
  readonly samples: number;
  readonly seed: number;
  readonly space: 'pixels' | 'features';
  readonly bandwidth: 'median' | number | number[];
  private readonly classifierRef: Classifier | string;
  private realCache?: { dataset: unknown; rows: Rows };

  constructor(options: MmdMetricOptions = {}, classifier?: Classifier) {
    const o = checkKeys('mmd', options, ['space', 'classifier', 'samples', 'bandwidth', 'every', 'seed']);
    this.space = checkChoice('mmd', 'space', o.space, ['pixels', 'features'] as const, classifier ? 'features' : 'pixels');
    this.classifierRef = classifier ?? checkClassifier('mmd', o.classifier);
    this.samples = checkInteger('mmd', 'samples', o.samples, DEFAULT_MMD_SAMPLES, 2);
    this.bandwidth = checkBandwidth(o.bandwidth);
    this.every = checkInteger('mmd', 'every', o.every, DEFAULT_METRIC_EVERY, 0);
    this.seed = checkInteger('mmd', 'seed', o.seed, 0, 0);
  }

  get classifier(): Classifier {
    return typeof this.classifierRef === 'string' ? sharedClassifier(this.classifierRef) : this.classifierRef;
  }

  private rows(input: MetricInput, source: 'generated' | 'real', seed: number): Rows {
    if (this.space === 'features') return classifierRows(input, source, this.classifier, 'features', this.samples, seed);
    return sampleRows(input, source, this.samples, seed, (x) => tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D);
  }

  evaluate(input: MetricInput): Record<string, number> {
    if (this.realCache?.dataset !== input.dataset) {
      this.realCache = { dataset: input.dataset, rows: this.rows(input, 'real', deriveSeed(this.seed, 'real')) };
    }
    const generated = this.rows(input, 'generated', deriveSeed(this.seed, 'generated'));
    const result = mmd2(generated, this.realCache.rows, { bandwidth: this.bandwidth });
    return this.bandwidth === 'median' ? { mmd2: result.mmd2, mmd_bandwidth: result.bandwidths[0] } : { mmd2: result.mmd2 };
  }
}
