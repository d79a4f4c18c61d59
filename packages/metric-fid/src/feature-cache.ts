import type { Dataset, MetricInput } from '@gantry/core';
import { classifierRows, type Classifier } from '@gantry/metric-inception-score';

/**
 * Features of the real samples, computed once per data set: every evaluation of a
 * run draws the same real samples (fixed seed), so only the generated side changes.
 */
export class RealFeatureCache<T> {
  private dataset?: Dataset;
  private value?: T;

  get(input: MetricInput, compute: () => T): T {
    if (this.dataset !== input.dataset || this.value === undefined) {
      this.value = compute();
      this.dataset = input.dataset;
    }
    return this.value;
  }
}

/** Features of `n` generated or real samples of an input under a classifier, as float64 rows. */
export function features(
  input: MetricInput,
  source: 'generated' | 'real',
  classifier: Classifier,
  n: number,
  seed: number,
): { data: Float64Array; rows: number; width: number } {
  return classifierRows(input, source, classifier, 'features', n, seed);
}
