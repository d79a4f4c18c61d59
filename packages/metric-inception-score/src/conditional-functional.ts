/**
 * Pure (float64, plain-array) statistics of class-conditional samples: how often a
 * classifier agrees with the requested class, and how diverse the samples of one
 * class are. Used by the `class-agreement` and `conditional-diversity` metrics.
 */

/** Orders of the requested labels: `'cycle'` 0, 1, …, K−1, 0, 1, … (balanced in every slice); `'blocks'` ⌈n/K⌉ of class 0, then class 1, … */
export const LABEL_ORDERS = ['cycle', 'blocks'] as const;
/** An order of requested labels (see {@link LABEL_ORDERS}). */
export type LabelOrder = (typeof LABEL_ORDERS)[number];

/**
 * The n labels to request from a K-class generator: yᵢ = i mod K (`'cycle'`, default) or
 * yᵢ = min(K − 1, ⌊i / ⌈n/K⌉⌋) (`'blocks'`, the trainer's grid order). With n a multiple
 * of K both request every class n/K times.
 */
export function requestedLabels(n: number, numClasses: number, order: LabelOrder = 'cycle'): Int32Array {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a whole number ≥ 1, got ${numClasses}.`);
  const out = new Int32Array(n);
  const per = Math.max(1, Math.ceil(n / numClasses));
  for (let i = 0; i < n; i++) out[i] = order === 'cycle' ? i % numClasses : Math.min(numClasses - 1, Math.floor(i / per));
  return out;
}

/** What {@link classAgreement} returns. */
export interface ClassAgreement {
  /** Fraction of samples whose argmax class equals the requested label. */
  readonly agreement: number;
  /** The same fraction among the samples requested as class c (NaN for a class never requested). */
  readonly perClass: readonly number[];
  /** How many samples were requested of each class. */
  readonly counts: readonly number[];
}

/**
 * Class agreement of conditional samples: with p(·|xᵢ) a classifier's probabilities for
 * the sample xᵢ generated for label yᵢ,
 *
 *   A = (1/n) Σᵢ 1[argmax_c p(c|xᵢ) = yᵢ],   A_c = the same mean over {i : yᵢ = c}.
 *
 * The usual check that a conditional GAN obeys its condition — a classifier trained on
 * real data, tested on generated samples ("GAN-test", Shmelkov et al. 2018,
 * https://arxiv.org/abs/1807.09499; AC-GAN's use of a pretrained classifier, Odena et al.
 * 2017, https://arxiv.org/abs/1610.09585): about the classifier's own accuracy
 * for a generator that obeys, ≈ 1/K for one that ignores the label, ≈ 0 for one that
 * systematically draws another class. Ties go to the lowest class index.
 *
 * @param probabilities `n × K` row-major (any scores: only the argmax is used).
 * @param labels the n requested labels in 0 … K−1.
 */
export function classAgreement(probabilities: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): ClassAgreement {
  const k = numClasses;
  const n = labels.length;
  if (probabilities.length !== n * k) {
    throw new RangeError(`${probabilities.length} scores do not form ${n} rows of ${k} classes.`);
  }
  const hits = new Array<number>(k).fill(0);
  const counts = new Array<number>(k).fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
    const y = labels[i];
    if (!(Number.isInteger(y) && y >= 0 && y < k)) throw new RangeError(`Label ${y} at position ${i} is outside 0 … ${k - 1}.`);
    counts[y]++;
    if (best === y) {
      hits[y]++;
      total++;
    }
  }
  return { agreement: n > 0 ? total / n : Number.NaN, perClass: hits.map((h, c) => (counts[c] > 0 ? h / counts[c] : Number.NaN)), counts };
}

/** Distances of {@link meanPairwiseDistance}. */
export type PairDistance = 'mean-abs' | 'euclidean';

/**
 * Mean distance over the n(n−1)/2 unordered pairs of n rows of width d:
 *
 *   'mean-abs':  (2 / (n(n−1))) Σ_{i<j} (1/d) Σₖ |aᵢₖ − aⱼₖ|   (mean absolute difference per value;
 *                for images in [0, 1], the average pixel difference — MSGAN's distance, Mao et al. 2019);
 *   'euclidean': (2 / (n(n−1))) Σ_{i<j} ‖aᵢ − aⱼ‖₂               (for feature vectors).
 *
 * Within one class, it measures diversity: 0 for a generator that collapsed onto one
 * sample per class. Float64; O(n²d). NaN for n < 2.
 */
export function meanPairwiseDistance(rows: ArrayLike<number>, n: number, d: number, distance: PairDistance): number {
  if (rows.length !== n * d) throw new RangeError(`${rows.length} values do not form ${n} rows of width ${d}.`);
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      if (distance === 'mean-abs') {
        for (let k = 0; k < d; k++) s += Math.abs(rows[i * d + k] - rows[j * d + k]);
        sum += s / d;
      } else {
        for (let k = 0; k < d; k++) {
          const t = rows[i * d + k] - rows[j * d + k];
          s += t * t;
        }
        sum += Math.sqrt(s);
      }
    }
  }
  return sum / ((n * (n - 1)) / 2);
}
