import { checkKeys, enumOption, intOption, type Metric, type MetricInput } from '@gantry/core';
import { PRETRAINED_CLASSIFIERS, sharedClassifier, type Classifier, type PretrainedClassifierName } from '@gantry/metric-inception-score';
import { measureCategoricalPurity } from './purity.js';

/** Options of the `categorical-purity` metric, purity = Σ_c max_y n(c, y) / N of an InfoGAN code (https://arxiv.org/abs/1606.03657; plain JSON, as in configs). */
export interface CategoricalPurityOptions {
  /** Shipped classifier of `@gantry/metric-inception-score`: `'mnist'` (default) or `'fashion-mnist'`. */
  readonly classifier?: PretrainedClassifierName;
  /** Samples per code value; default 100 (1 000 samples for a 10-way code). */
  readonly samplesPerValue?: number;
  /** Which categorical code; default 0. */
  readonly code?: number;
  /** Evaluate every this many steps (0: only on demand); default 1000. */
  readonly every?: number;
  /** Seed of the draws (the same codes at every evaluation); default 0. */
  readonly seed?: number;
}

/** The keys the metric reports: purity, its baseline max_y n(·, y)/N and the distinct majority classes (InfoGAN, https://arxiv.org/abs/1606.03657). */
export const PURITY_KEYS = Object.freeze({
  purity: 'categorical_purity',
  baseline: 'categorical_purity_baseline',
  classes: 'categorical_purity_classes',
} as const);

/**
 * How well an InfoGAN categorical code separates classes (see `measureCategoricalPurity`):
 * purity = Σ_c max_y n(c, y) / N with labels y from a shipped classifier (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §7.1 report the analogous 5 % error of c₁ as an MNIST
 * classifier). Reports `categorical_purity`, `categorical_purity_baseline` (the majority
 * class's share — what a code without class information scores, ≈ 0.1 on MNIST) and
 * `categorical_purity_classes` (distinct majority classes, 10 when every digit has a value).
 */
export class CategoricalPurityMetric implements Metric {
  readonly id = 'categorical_purity';
  readonly every: number;
  readonly samplesPerValue: number;
  readonly code: number;
  readonly seed: number;
  private readonly classifierRef: Classifier | PretrainedClassifierName;

  /** @param classifier any classifier (code users); overrides the `classifier` option. */
  constructor(options: CategoricalPurityOptions = {}, classifier?: Classifier) {
    const component = "metric 'categorical-purity'";
    const o = checkKeys(component, options, ['classifier', 'samplesPerValue', 'code', 'every', 'seed']);
    const name = enumOption(component, o, 'classifier', PRETRAINED_CLASSIFIERS, 'mnist');
    this.classifierRef = classifier ?? name;
    this.samplesPerValue = intOption(component, o, 'samplesPerValue', 100, { min: 1 });
    this.code = intOption(component, o, 'code', 0, { min: 0 });
    this.every = intOption(component, o, 'every', 1000, { min: 0 });
    this.seed = intOption(component, o, 'seed', 0, { min: 0 });
  }

  evaluate(input: MetricInput): Record<string, number> {
    const classifier = typeof this.classifierRef === 'string' ? sharedClassifier(this.classifierRef) : this.classifierRef;
    const r = measureCategoricalPurity(input.generator, {
      classifier,
      samplesPerValue: this.samplesPerValue,
      code: this.code,
      seed: this.seed,
      range: input.dataset.range,
    });
    return { [PURITY_KEYS.purity]: r.purity, [PURITY_KEYS.baseline]: r.baseline, [PURITY_KEYS.classes]: r.distinctClasses };
  }
}
