/** Mean and spread of a score computed on several splits (or subsets) of the samples. */
export interface SplitScore {
  /** Mean over splits. */
  readonly mean: number;
  /** Population standard deviation over splits (as in the reference implementations). */
  readonly std: number;
  /** The score of each split. */
  readonly scores: readonly number[];
}

/** Default number of splits of the inception score, as in Salimans et al. 2016. */
export const DEFAULT_SPLITS = 10;

/**
 * Inception score of class probabilities (Salimans et al. 2016,
 * https://arxiv.org/abs/1606.03498), in float64:
 *
 *   IS = exp( 𝔼ₓ KL( p(y|x) ‖ p(y) ) ),   p(y) = 𝔼ₓ p(y|x),
 *
 * computed on each of `splits` contiguous, near-equal splits of the n rows (the
 * marginal p(y) is that of the split) and reported as mean ± std over splits.
 * Terms with p(y|x) = 0 contribute 0 (0·log 0 = 0). IS lies in [1, k]: 1 when every
 * sample gets the same distribution, k when each is confidently one class and the
 * classes are balanced.
 *
 * @param probabilities `n × k` row-major probabilities (rows sum to 1).
 * @param numClasses k.
 * @param splits number of splits, 1 ≤ splits ≤ n. Default 10.
 */
export function inceptionScore(probabilities: ArrayLike<number>, numClasses: number, splits = DEFAULT_SPLITS): SplitScore {
  const k = numClasses;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`numClasses must be a whole number ≥ 1, got ${k}.`);
  if (probabilities.length % k !== 0) {
    throw new RangeError(`${probabilities.length} probabilities do not form rows of ${k} classes.`);
  }
  const n = probabilities.length / k;
  if (!Number.isInteger(splits) || splits < 1 || splits > n) {
    throw new RangeError(`splits must be a whole number in [1, ${n}] (the number of samples), got ${splits}.`);
  }
  const scores: number[] = [];
  const marginal = new Float64Array(k);
  for (let s = 0; s < splits; s++) {
    const from = Math.floor((s * n) / splits);
    const to = Math.floor(((s + 1) * n) / splits);
    marginal.fill(0);
    for (let i = from; i < to; i++) for (let c = 0; c < k; c++) marginal[c] += probabilities[i * k + c];
    for (let c = 0; c < k; c++) marginal[c] /= to - from;
    let kl = 0;
    for (let i = from; i < to; i++) {
      for (let c = 0; c < k; c++) {
        const p = probabilities[i * k + c];
        if (p > 0) kl += p * (Math.log(p) - Math.log(marginal[c]));
      }
    }
    scores.push(Math.exp(kl / (to - from)));
  }
  return { ...meanStd(scores), scores };
}

/** Mean and population standard deviation. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
