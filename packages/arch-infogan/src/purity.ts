import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, ConfigError, deriveSeed, type Generator } from '@gantry/core';
import { rescale, type Classifier } from '@gantry/metric-inception-score';
import { isInfoGanPrior, withCategory } from '@gantry/regularizer-mutual-information';

/** What {@link purityFromCounts} reports: purity = Σ_c max_y n(c, y) / N and its baseline. */
export interface PurityResult {
  /** Σ_c max_y n(c, y) / N: the fraction of samples whose class is their code value's majority class. */
  readonly purity: number;
  /**
   * max_y n(·, y) / N: the purity a code with no information about the class would score
   * (every value's majority is then the overall majority class). Purity is never below it;
   * with balanced classes it is ≈ 1/number of classes (0.1 on MNIST).
   */
  readonly baseline: number;
  /** 1 / number of classes: the baseline when the classes are balanced. */
  readonly nominalChance: number;
  /** n(c, y): samples with code value c classified as y, `[values][classes]`. */
  readonly counts: readonly (readonly number[])[];
  /** argmax_y n(c, y) for each code value c (ties: the smallest y). */
  readonly majority: readonly number[];
  /** How many different classes are some value's majority (10 of 10 when every digit has a code value). */
  readonly distinctClasses: number;
  /** N, the number of samples. */
  readonly total: number;
}

/**
 * Cluster purity of a categorical code against classifier labels (Manning et al. 2008,
 * "Introduction to Information Retrieval" §16.3), applied to InfoGAN's categorical code as in
 * Chen et al. 2016, https://arxiv.org/abs/1606.03657, §7.1:
 *
 *   purity = (1/N) Σ_c max_y n(c, y),
 *
 * with n(c, y) the number of samples generated with code value c that the classifier puts
 * in class y. 1 when each value produces one class; for a code that carries no class
 * information it equals the majority class's share (`baseline`, ≈ 0.1 for 10 balanced
 * classes). Purity alone does not show whether two values map to the same class:
 * `distinctClasses` counts the different majority classes.
 *
 * @param counts `[values][classes]` non-negative counts.
 */
export function purityFromCounts(counts: readonly (readonly number[])[]): PurityResult {
  if (counts.length === 0 || counts[0].length === 0) throw new RangeError('purityFromCounts needs a non-empty [values][classes] table.');
  const classes = counts[0].length;
  const column = new Array<number>(classes).fill(0);
  let total = 0;
  let matched = 0;
  const majority = counts.map((row) => {
    if (row.length !== classes) throw new RangeError(`purityFromCounts: rows have different lengths (${row.length} vs ${classes}).`);
    let best = 0;
    row.forEach((v, y) => {
      if (!(v >= 0)) throw new RangeError(`purityFromCounts: counts must be ≥ 0, got ${v}.`);
      column[y] += v;
      total += v;
      if (v > row[best]) best = y;
    });
    matched += row[best];
    return best;
  });
  if (total === 0) throw new RangeError('purityFromCounts: the table holds no samples.');
  return {
    purity: matched / total,
    baseline: Math.max(...column) / total,
    nominalChance: 1 / classes,
    counts,
    majority,
    distinctClasses: new Set(majority).size,
    total,
  };
}

/** Options of {@link measureCategoricalPurity} (purity of an InfoGAN code, https://arxiv.org/abs/1606.03657). */
export interface PurityOptions {
  /** The classifier that labels the samples (e.g. `sharedClassifier('mnist')`). */
  readonly classifier: Classifier;
  /** Samples drawn per code value; default 100 (N = 100·K). */
  readonly samplesPerValue?: number;
  /** Which categorical code (index into the prior's codes); default 0. */
  readonly code?: number;
  /** Seed of the draws; default 0. Value c uses z ~ prior with `deriveSeed(seed, 'purity', c, batch)`. */
  readonly seed?: number;
  /** Pixel range of the generator's samples (the data set's); default [−1, 1]. Rescaled to the classifier's. */
  readonly range?: readonly [number, number];
  /** Samples per forward pass; default 250. */
  readonly batchSize?: number;
}

/**
 * Measures how well an InfoGAN generator's categorical code (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §7.1) separates the classes a
 * classifier sees: for each value c of code `code`, draws `samplesPerValue` codes z from
 * the generator's prior with that value fixed (noise and other codes random), generates
 * G(z) in inference mode, labels each sample with the classifier's argmax and returns
 * {@link purityFromCounts} of the counts.
 *
 * @throws ConfigError when the generator's prior is not an InfoGAN prior.
 */
export function measureCategoricalPurity(generator: Generator, options: PurityOptions): PurityResult {
  const fn = 'measureCategoricalPurity';
  const prior = generator.prior;
  if (!isInfoGanPrior(prior) || prior.layout.categorical.length === 0) {
    throw new ConfigError(`${fn}: generator '${generator.name}' has no InfoGAN categorical code (its prior must be infoGanPrior with categorical codes).`);
  }
  const layout = prior.layout;
  const code = checkNumber(fn, 'code', options.code ?? 0, { integer: true, min: 0, max: layout.categorical.length - 1 });
  const perValue = checkNumber(fn, 'samplesPerValue', options.samplesPerValue ?? 100, { integer: true, min: 1 });
  const seed = checkNumber(fn, 'seed', options.seed ?? 0, { integer: true, min: 0 });
  const batchSize = checkNumber(fn, 'batchSize', options.batchSize ?? 250, { integer: true, min: 1 });
  const range = options.range ?? [-1, 1];
  const { classifier } = options;
  const counts: number[][] = [];
  for (let c = 0; c < layout.categorical[code]; c++) {
    const row = new Array<number>(classifier.numClasses).fill(0);
    for (let start = 0, b = 0; start < perValue; start += batchSize, b++) {
      const n = Math.min(batchSize, perValue - start);
      const labels = tf.tidy(() => {
        const z = withCategory(layout, prior.sample(n, deriveSeed(seed, 'purity', c, b)), code, c);
        const x = generator.apply({ z }, { training: false });
        return tf.argMax(classifier.predict(rescale(x, range, classifier.inputRange)), 1);
      });
      for (const y of labels.dataSync()) row[y] += 1;
      labels.dispose();
    }
    counts.push(row);
  }
  return purityFromCounts(counts);
}
