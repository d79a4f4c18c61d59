import type { Metric, MetricInput } from '@gantry/core';
import type { Classifier } from './classifier.js';
import { DEFAULT_SPLITS, inceptionScore } from './functional.js';
import { checkClassifier, checkInteger, checkKeys, type InceptionScoreOptions } from './options.js';
import { sharedClassifier } from './pretrained.js';
import { classifierRows, DEFAULT_BATCH_SIZE } from './sampling.js';

/** Default number of generated samples per evaluation. */
export const DEFAULT_IS_SAMPLES = 5000;
/** Default evaluation period, in training steps. */
export const DEFAULT_METRIC_EVERY = 1000;

const KEYS = ['classifier', 'samples', 'splits', 'every', 'seed'];

/**
 * Inception score of a generator's samples (Salimans et al. 2016,
 * https://arxiv.org/abs/1606.03498): IS = exp(𝔼ₓ KL(p(y|x) ‖ p(y))) under a
 * classifier, mean ± std over `splits` splits. Reports `inception_score` and
 * `inception_score_std`.
 *
 * Pass a shipped classifier's name (options) or any {@link Classifier} (code).
 * Higher is better; at most the number of classes.
 */
export class InceptionScoreMetric implements Metric {
  readonly id = 'inception_score';
  readonly every: number;
  readonly samples: number;
  readonly splits: number;
  readonly seed: number;
  private readonly classifierRef: Classifier | string;

  constructor(options: InceptionScoreOptions = {}, classifier?: Classifier) {
    const o = checkKeys('inception-score', options, KEYS);
    const name = checkClassifier('inception-score', o.classifier);
    this.classifierRef = classifier ?? name;
    this.samples = checkInteger('inception-score', 'samples', o.samples, DEFAULT_IS_SAMPLES, 1);
    this.splits = checkInteger('inception-score', 'splits', o.splits, DEFAULT_SPLITS, 1);
    if (this.splits > this.samples) {
      throw new RangeError(`Option 'splits' (${this.splits}) of metric 'inception-score' exceeds 'samples' (${this.samples}).`);
    }
    this.every = checkInteger('inception-score', 'every', o.every, DEFAULT_METRIC_EVERY, 0);
    this.seed = checkInteger('inception-score', 'seed', o.seed, 0, 0);
  }

  /** The classifier used (loaded on first use when given by name). */
  get classifier(): Classifier {
    return typeof this.classifierRef === 'string' ? sharedClassifier(this.classifierRef) : this.classifierRef;
  }

  evaluate(input: MetricInput): Record<string, number> {
    const c = this.classifier;
    const p = classifierRows(input, 'generated', c, 'probabilities', this.samples, this.seed, DEFAULT_BATCH_SIZE);
    const score = inceptionScore(p.data, c.numClasses, this.splits);
    return { inception_score: score.mean, inception_score_std: score.std };
  }
}
