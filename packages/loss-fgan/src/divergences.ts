import * as tf from '@tensorflow/tfjs-core';
import { defineDivergence, type Divergence } from './divergence.js';

// u·log u with its limit 0 at u = 0.
const xlogx = (u: number): number => (u === 0 ? 0 : u * Math.log(u));

/**
 * Kullback–Leibler, D_f = KL(P ‖ Q) = ∫ p log(p/q):
 * f(u) = u log u, g_f(v) = v, f*(t) = exp(t − 1), T* = 1 + log(p/q).
 * Nowozin et al. 2016 (https://arxiv.org/abs/1606.00709), Table 2.
 * f*(g_f(v)) = exp(v − 1) overflows float32 for v > 89: keep D's output bounded.
 */
export const KL: Divergence = defineDivergence({
  name: 'kl',
  description: 'Kullback–Leibler KL(P‖Q): f(u) = u log u, g_f(v) = v, f*(t) = exp(t − 1)',
  activation: (v) => tf.clone(v),
  conjugate: (t) => tf.tidy(() => tf.exp(tf.sub(t, 1))),
  activatedConjugate: (v) => tf.tidy(() => tf.exp(tf.sub(v, 1))),
  f: (u) => xlogx(u),
  fPrime: (u) => 1 + Math.log(u),
});

/**
 * Reverse KL, D_f = KL(Q ‖ P) = ∫ q log(q/p):
 * f(u) = −log u, g_f(v) = −exp(−v), f*(t) = −1 − log(−t) (t < 0), T* = −q/p.
 * Fused: f*(g_f(v)) = v − 1 (no log of a rounded exp). Table 2 of arXiv:1606.00709.
 */
export const REVERSE_KL: Divergence = defineDivergence({
  name: 'reverse-kl',
  description: 'Reverse KL KL(Q‖P): f(u) = −log u, g_f(v) = −exp(−v), f*(t) = −1 − log(−t)',
  activation: (v) => tf.tidy(() => tf.neg(tf.exp(tf.neg(v)))),
  conjugate: (t) => tf.tidy(() => tf.sub(-1, tf.log(tf.neg(t)))),
  activatedConjugate: (v) => tf.tidy(() => tf.sub(v, 1)),
  f: (u) => -Math.log(u),
  fPrime: (u) => -1 / u,
});

/**
 * Pearson χ², D_f = ∫ (p − q)²/q:
 * f(u) = (u − 1)², g_f(v) = v, f*(t) = t²/4 + t, T* = 2(p/q − 1). Table 2 of arXiv:1606.00709.
 */
export const PEARSON: Divergence = defineDivergence({
  name: 'pearson',
  description: 'Pearson χ²: f(u) = (u − 1)², g_f(v) = v, f*(t) = t²/4 + t',
  activation: (v) => tf.clone(v),
  conjugate: (t) => tf.tidy(() => tf.add(tf.mul(tf.square(t), 0.25), t)),
  activatedConjugate: (v) => tf.tidy(() => tf.add(tf.mul(tf.square(v), 0.25), v)),
  f: (u) => (u - 1) ** 2,
  fPrime: (u) => 2 * (u - 1),
});

/**
 * Neyman χ², D_f = ∫ (q − p)²/p:
 * f(u) = (1 − u)²/u, g_f(v) = 1 − exp(v), f*(t) = 2 − 2√(1 − t) (t < 1), T* = 1 − (q/p)².
 * Fused: f*(g_f(v)) = 2 − 2·exp(v/2) = −2·expm1(v/2). Table 2 of arXiv:1606.00709.
 */
export const NEYMAN: Divergence = defineDivergence({
  name: 'neyman',
  description: 'Neyman χ²: f(u) = (1 − u)²/u, g_f(v) = 1 − exp(v), f*(t) = 2 − 2√(1 − t)',
  activation: (v) => tf.tidy(() => tf.neg(tf.expm1(v))),
  conjugate: (t) => tf.tidy(() => tf.sub(2, tf.mul(tf.sqrt(tf.sub(1, t)), 2))),
  activatedConjugate: (v) => tf.tidy(() => tf.mul(tf.expm1(tf.mul(v, 0.5)), -2)),
  f: (u) => (1 - u) ** 2 / u,
  fPrime: (u) => 1 - 1 / (u * u),
});

/**
 * Squared Hellinger, D_f = ∫ (√p − √q)²:
 * f(u) = (√u − 1)², g_f(v) = 1 − exp(−v), f*(t) = t/(1 − t) (t < 1), T* = 1 − √(q/p).
 * Fused: f*(g_f(v)) = exp(v) − 1 = expm1(v). Table 2 of arXiv:1606.00709.
 */
export const SQUARED_HELLINGER: Divergence = defineDivergence({
  name: 'squared-hellinger',
  description: 'Squared Hellinger: f(u) = (√u − 1)², g_f(v) = 1 − exp(−v), f*(t) = t/(1 − t)',
  activation: (v) => tf.tidy(() => tf.neg(tf.expm1(tf.neg(v)))),
  conjugate: (t) => tf.tidy(() => tf.div(t, tf.sub(1, t))),
  activatedConjugate: (v) => tf.tidy(() => tf.expm1(v)),
  f: (u) => (Math.sqrt(u) - 1) ** 2,
  fPrime: (u) => 1 - 1 / Math.sqrt(u),
});

/**
 * Jensen–Shannon as in Table 2 of arXiv:1606.00709:
 * f(u) = u log u − (u + 1) log((u + 1)/2), g_f(v) = log 2 − log(1 + exp(−v)),
 * f*(t) = −log(2 − exp(t)) (t < log 2), T* = log(2p/(p + q)).
 * With this f, D_f = KL(P ‖ M) + KL(Q ‖ M) with M = (P + Q)/2, i.e. **2·JSD(P ‖ Q)**
 * (Table 1 writes the divergence with a factor ½ that this f does not have).
 * Stable forms: g_f(v) = log 2 − softplus(−v), f*(g_f(v)) = softplus(v) − log 2.
 */
export const JENSEN_SHANNON: Divergence = defineDivergence({
  name: 'jensen-shannon',
  description: 'Jensen–Shannon (2·JSD): g_f(v) = log 2 − log(1 + exp(−v)), f*(t) = −log(2 − exp(t))',
  activation: (v) => tf.tidy(() => tf.sub(Math.LN2, tf.softplus(tf.neg(v)))),
  conjugate: (t) => tf.tidy(() => tf.neg(tf.log(tf.sub(2, tf.exp(t))))),
  activatedConjugate: (v) => tf.tidy(() => tf.sub(tf.softplus(v), Math.LN2)),
  f: (u) => xlogx(u) - (u + 1) * Math.log((u + 1) / 2),
  fPrime: (u) => Math.log((2 * u) / (u + 1)),
});

/**
 * The original GAN's divergence (Goodfellow et al. 2014), Table 2 of arXiv:1606.00709:
 * f(u) = u log u − (u + 1) log(u + 1), g_f(v) = −log(1 + exp(−v)) = log σ(v),
 * f*(t) = −log(1 − exp(t)) (t < 0), T* = log(p/(p + q)); D_f = 2·JSD(P ‖ Q) − log 4.
 * Stable forms: g_f(v) = −softplus(−v), f*(g_f(v)) = −log(1 − σ(v)) = softplus(v), so
 * the losses are exactly the cross-entropy GAN's.
 */
export const GAN: Divergence = defineDivergence({
  name: 'gan',
  description: 'GAN (2·JSD − log 4): g_f(v) = −log(1 + exp(−v)), f*(t) = −log(1 − exp(t))',
  activation: (v) => tf.tidy(() => tf.neg(tf.softplus(tf.neg(v)))),
  conjugate: (t) => tf.tidy(() => tf.neg(tf.log(tf.neg(tf.expm1(t))))),
  activatedConjugate: (v) => tf.tidy(() => tf.softplus(v)),
  f: (u) => xlogx(u) - xlogx(u + 1),
  fPrime: (u) => Math.log(u / (u + 1)),
});

/**
 * Total variation, D_f = ½ ∫ |p − q|: f(u) = ½|u − 1|, g_f(v) = ½ tanh(v),
 * f*(t) = t on |t| ≤ ½, T* = ½ sign(p − q) (Table 2 of arXiv:1606.00709). The sup is
 * reached only as v → ±∞, so the estimate approaches the divergence from below.
 */
export const TOTAL_VARIATION: Divergence = defineDivergence({
  name: 'total-variation',
  description: 'Total variation: f(u) = ½|u − 1|, g_f(v) = ½ tanh(v), f*(t) = t',
  activation: (v) => tf.tidy(() => tf.mul(tf.tanh(v), 0.5)),
  conjugate: (t) => tf.clone(t),
  activatedConjugate: (v) => tf.tidy(() => tf.mul(tf.tanh(v), 0.5)),
  f: (u) => 0.5 * Math.abs(u - 1),
  fPrime: (u) => 0.5 * Math.sign(u - 1),
});

/** The divergences of Table 2 of Nowozin et al. 2016, by name. */
export const BUILTIN_DIVERGENCES: Readonly<Record<string, Divergence>> = Object.freeze(
  Object.fromEntries(
    [KL, REVERSE_KL, PEARSON, NEYMAN, SQUARED_HELLINGER, JENSEN_SHANNON, GAN, TOTAL_VARIATION].map((d) => [d.name, d]),
  ),
);
