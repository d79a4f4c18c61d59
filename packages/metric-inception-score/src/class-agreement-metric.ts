import * as tf from '@tensorflow/tfjs-core';
import { boolOption, checkKeys, ConfigError, deriveSeed, enumOption, intOption, type Metric, type MetricInput } from '@gantry/core';
import type { Classifier } from './classifier.js';
import { classAgreement, LABEL_ORDERS, requestedLabels, type LabelOrder } from './conditional-functional.js';
import { DEFAULT_METRIC_EVERY } from './inception-score-metric.js';
import { PRETRAINED_CLASSIFIERS, sharedClassifier, type PretrainedClassifierName } from './pretrained.js';
import { DEFAULT_BATCH_SIZE, rescale, rowsInBatches } from './sampling.js';

/** Options of the `class-agreement` metric (plain JSON, as in configs). */
export interface ClassAgreementOptions {
  /** Shipped classifier: `'mnist'` (default) or `'fashion-mnist'`. Its class c must mean the generator's label c. */
  readonly classifier?: PretrainedClassifierName;
  /** Generated samples per evaluation; default 1000. */
  readonly samples?: number;
  /** Requested labels: `'cycle'` (i mod K, default) or `'blocks'`. */
  readonly labels?: LabelOrder;
  /** Also report the agreement of each class (`class_agreement/<c>`); default true. */
  readonly perClass?: boolean;
  /** Evaluate every this many training steps (0: only on demand); default 1000. */
  readonly every?: number;
  /** Seed of the latent codes (the same samples at every evaluation); default 0. */
  readonly seed?: number;
}

/** Generated samples per `class-agreement` evaluation when `samples` is not given. */
export const DEFAULT_AGREEMENT_SAMPLES = 1000;

/** Throws unless the generator is class-conditional with the classifier's classes; returns K. */
export function conditionalClasses(metric: string, input: MetricInput, classifier: Classifier): number {
  const k = input.generator.numClasses;
  if (!k) {
    throw new ConfigError(
      `Metric '${metric}' needs a class-conditional generator (one that declares numClasses, e.g. 'cgan-mlp'), ` +
        `but generator '${input.generator.name}' is unconditional.`,
    );
  }
  if (k !== classifier.numClasses) {
    throw new ConfigError(
      `Metric '${metric}': the generator has ${k} classes but the classifier ${classifier.numClasses}; ` +
        'choose the classifier of the data set the generator was trained on.',
    );
  }
  return k;
}

/**
 * Class agreement of a class-conditional generator (see `classAgreement`): n samples are
 * generated for requested labels yᵢ (i mod K by default) through
 * `MetricInput.generate(n, seed, { labels })`, classified by a shipped classifier, and
 *
 *   class_agreement = (1/n) Σᵢ 1[argmax_c p(c | G(zᵢ, yᵢ)) = yᵢ]
 *
 * is reported, with `class_agreement/<c>` per class. A cGAN that obeys its labels scores
 * near the classifier's test accuracy (99.1 % for `mnist`), one that ignores them ≈ 1/K.
 * GAN-test of Shmelkov et al. 2018 (https://arxiv.org/abs/1807.09499) with a fixed classifier.
 */
export class ClassAgreementMetric implements Metric {
  readonly id = 'class_agreement';
  readonly every: number;
  readonly samples: number;
  readonly order: LabelOrder;
  readonly perClass: boolean;
  readonly seed: number;
  private readonly classifierRef: Classifier | string;

  constructor(options: ClassAgreementOptions = {}, classifier?: Classifier) {
    const component = "metric 'class-agreement'";
    const o = checkKeys(component, options, ['classifier', 'samples', 'labels', 'perClass', 'every', 'seed']);
    this.classifierRef = classifier ?? enumOption(component, o, 'classifier', PRETRAINED_CLASSIFIERS, 'mnist');
    this.samples = intOption(component, o, 'samples', DEFAULT_AGREEMENT_SAMPLES, { min: 1 });
    this.order = enumOption(component, o, 'labels', LABEL_ORDERS, 'cycle');
    this.perClass = boolOption(component, o, 'perClass', true);
    this.every = intOption(component, o, 'every', DEFAULT_METRIC_EVERY, { min: 0 });
    this.seed = intOption(component, o, 'seed', 0, { min: 0 });
  }

  /** The classifier used (loaded on first use when given by name). */
  get classifier(): Classifier {
    return typeof this.classifierRef === 'string' ? sharedClassifier(this.classifierRef) : this.classifierRef;
  }

  evaluate(input: MetricInput): Record<string, number> {
    const c = this.classifier;
    const k = conditionalClasses('class-agreement', input, c);
    const labels = requestedLabels(this.samples, k, this.order);
    const probabilities = new Float64Array(this.samples * k);
    for (let start = 0, b = 0; start < this.samples; start += DEFAULT_BATCH_SIZE, b++) {
      const size = Math.min(DEFAULT_BATCH_SIZE, this.samples - start);
      const y = tf.tensor1d(labels.subarray(start, start + size), 'int32');
      const x = input.generate(size, deriveSeed(this.seed, 'generate', b), { labels: y });
      try {
        probabilities.set(rowsInBatches(x, (s) => tf.tidy(() => c.predict(rescale(s, input.dataset.range, c.inputRange)))).data, start * k);
      } finally {
        tf.dispose([x, y]);
      }
    }
    const result = classAgreement(probabilities, labels, k);
    const out: Record<string, number> = { class_agreement: result.agreement };
    if (this.perClass) result.perClass.forEach((a, i) => (out[`class_agreement/${i}`] = a));
    return out;
  }
}
