import * as tf from '@tensorflow/tfjs-core';
import { splitLatent, type InfoGanLayout } from './prior.js';

/** ½·log(2π) ≈ 0.918939: the constant of the Gaussian log-density in the continuous codes' NLL (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §6). */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The categorical part of InfoGAN's L_I for one code: the cross-entropy of the drawn
 * values c under Q's softmax, averaged over the batch,
 *
 *   CE = −(1/N) Σₙ log softmax(ℓₙ)[cₙ] = (1/N) Σₙ [logsumexp(ℓₙ) − ⟨ℓₙ, onehot(cₙ)⟩],
 *
 * in nats (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §6: Q(cᵢ|x) is a softmax).
 * Computed from logits via logsumexp, which is stable for any logit scale.
 *
 * @param oneHot `[N, K]` one-hot rows (any probability rows give the expected CE).
 * @param logits `[N, K]` unnormalised log-probabilities of Q.
 */
export function categoricalCrossEntropy(oneHot: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  sameShape('categoricalCrossEntropy', oneHot, logits, 'one-hot codes', 'logits');
  return tf.tidy(() => {
    const perSample = tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, oneHot), 1));
    return tf.mean(perSample) as tf.Scalar;
  });
}

/**
 * The continuous part of L_I: the negative log-likelihood of codes c under Q's factored
 * Gaussian N(μ, σ²), summed over the codes and averaged over the batch,
 *
 *   NLL = (1/N) Σₙ Σⱼ [½·log 2π + log σₙⱼ + (cₙⱼ − μₙⱼ)² / (2σₙⱼ²)],
 *
 * in nats (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §6: "treating Q(cⱼ|x) as a
 * factored Gaussian is sufficient"). Without `logStd`, σ = 1 and NLL = (1/N) Σ [½ log 2π +
 * ½(c − μ)²] — the authors' MNIST setting (`fix_std=True`), a mean-squared error up to a
 * constant that is bounded below, so it needs no smaller weight. A learned σ makes the NLL
 * unbounded below (σ → 0 on codes Q recovers exactly), which is why the paper weights
 * continuous codes by a smaller λ.
 *
 * @param codes `[N, m]` the drawn continuous codes.
 * @param mean `[N, m]` Q's mean μ.
 * @param logStd `[N, m]` Q's log σ; omit for σ = 1.
 */
export function gaussianNegativeLogLikelihood(codes: tf.Tensor, mean: tf.Tensor, logStd?: tf.Tensor): tf.Scalar {
  sameShape('gaussianNegativeLogLikelihood', codes, mean, 'codes', 'mean');
  if (logStd) sameShape('gaussianNegativeLogLikelihood', codes, logStd, 'codes', 'logStd');
  return tf.tidy(() => {
    const squared = tf.square(tf.sub(codes, mean));
    const perEntry = logStd
      ? tf.add(logStd, tf.mul(0.5, tf.mul(squared, tf.exp(tf.mul(logStd, -2)))))
      : tf.mul(0.5, squared);
    const perSample = tf.add(tf.sum(perEntry, 1), HALF_LOG_2PI * codes.shape[1]!);
    return tf.mean(perSample) as tf.Scalar;
  });
}

/** Q's outputs on G(z) — softmax logits and Gaussian μ, log σ of Q(c|x) (Chen et al. 2016, https://arxiv.org/abs/1606.03657, §6) — as the MI bound reads them (see `Q_HEADS` for their names in D's output). */
export interface QOutputs {
  /** `[N, ΣKᵢ]`: the logits of every categorical code, concatenated in the layout's order. */
  readonly categorical?: tf.Tensor;
  /** `[N, m]`: μ of each continuous code. */
  readonly mean?: tf.Tensor;
  /** `[N, m]`: log σ of each continuous code (used only when a learned σ is asked for). */
  readonly logStd?: tf.Tensor;
}

/**
 * The two parts of L_I, each a batch mean in nats. (A type alias, not an interface, so
 * that it is a `TensorContainer` and can be returned from `tf.tidy`.)
 */
export type MutualInformationTerms = {
  /** Σᵢ CEᵢ over the categorical codes (0 without categorical codes). */
  readonly categorical: tf.Scalar;
  /** The Gaussian NLL of the continuous codes (0 without continuous codes). */
  readonly continuous: tf.Scalar;
};

/**
 * The terms of InfoGAN's L_I (Chen et al. 2016, https://arxiv.org/abs/1606.03657, eq. 5) for latent codes z (laid out by `layout`) and Q's outputs
 * on G(z): the categorical cross-entropies summed over codes, and the Gaussian NLL of the
 * continuous codes (σ = exp(`q.logStd`) when `learnedStd`, else 1). Nothing is detached:
 * gradients flow into Q's outputs and, through them, into whatever produced them.
 *
 * @throws RangeError when a head Q needs is missing or has the wrong shape.
 */
export function mutualInformationTerms(
  layout: InfoGanLayout,
  z: tf.Tensor,
  q: QOutputs,
  learnedStd = false,
): MutualInformationTerms {
  return tf.tidy(() => {
    const parts = splitLatent(layout, z);
    const n = z.shape[0];
    let categorical: tf.Scalar = tf.scalar(0);
    if (layout.categorical.length > 0) {
      const logits = need(q.categorical, 'categorical', [n, parts.oneHots.reduce((s, h) => s + h.shape[1], 0)]);
      let start = 0;
      for (const oneHot of parts.oneHots) {
        const k = oneHot.shape[1];
        categorical = tf.add(categorical, categoricalCrossEntropy(oneHot, tf.slice(logits, [0, start], [n, k])));
        start += k;
      }
    }
    let continuous: tf.Scalar = tf.scalar(0);
    if (layout.continuous > 0) {
      const shape = [n, layout.continuous];
      const mean = need(q.mean, 'mean', shape);
      const logStd = learnedStd ? need(q.logStd, 'logStd', shape) : undefined;
      continuous = gaussianNegativeLogLikelihood(parts.continuous, mean, logStd);
    }
    return { categorical, continuous };
  });
}

/**
 * The fraction of samples whose categorical codes Q recovers (argmax of its logits equals
 * the drawn value), averaged over the categorical codes; a diagnostic, not differentiable.
 * Chance is 1/Kᵢ per code. Returns 0 without categorical codes. (Q's accuracy on c₁ is how
 * Chen et al. 2016, https://arxiv.org/abs/1606.03657 §7.1, report the code: 5 % error on MNIST.)
 */
export function categoricalAccuracy(layout: InfoGanLayout, z: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const parts = splitLatent(layout, z);
    if (parts.oneHots.length === 0) return tf.scalar(0);
    const n = z.shape[0];
    let start = 0;
    let total: tf.Tensor = tf.scalar(0);
    for (const oneHot of parts.oneHots) {
      const k = oneHot.shape[1];
      const predicted = tf.argMax(tf.slice(logits, [0, start], [n, k]), 1);
      total = tf.add(total, tf.mean(tf.cast(tf.equal(predicted, tf.argMax(oneHot, 1)), 'float32')));
      start += k;
    }
    return tf.div(total, parts.oneHots.length) as tf.Scalar;
  });
}

function need(t: tf.Tensor | undefined, name: string, shape: readonly number[]): tf.Tensor {
  if (!t) throw new RangeError(`The mutual-information bound needs Q's '${name}' output (shape [${shape.join(', ')}]), which is missing.`);
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(`Q's '${name}' output has shape [${t.shape.join(', ')}], but the latent layout needs [${shape.join(', ')}].`);
  }
  return t;
}

function sameShape(fn: string, a: tf.Tensor, b: tf.Tensor, an: string, bn: string): void {
  if (a.rank !== 2 || a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new RangeError(`${fn}: ${an} [${a.shape.join(', ')}] and ${bn} [${b.shape.join(', ')}] must be the same [N, K] shape.`);
  }
}
