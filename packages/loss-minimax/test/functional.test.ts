import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ConfigError, ShapeMismatchError } from '@gantry/core';
import {
  discriminatorLoss,
  maximumLikelihoodGeneratorLoss,
  minimaxGeneratorLoss,
  nonSaturatingGeneratorLoss,
} from '@gantry/loss-minimax';
import { beforeAll, describe, expect, it } from 'vitest';

// Reference values in float64 plain JS, written from the definitions
// (log σ(l) = log(1/(1+e^−l)), log(1 − σ(l))), not from the package's formulas.
const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
const softplus = (l: number) => Math.log1p(Math.exp(l));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const REAL = [0, 2, -1];
const FAKE = [0.5, -3, 1.5, 0];

const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

function gradient(loss: (l: tf.Tensor) => tf.Scalar, logits: number[]): number[] {
  return tf.tidy(() => Array.from(tf.grad(loss)(tf.tensor1d(logits)).dataSync()));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('discriminatorLoss', () => {
  it('equals −E[log D(x)] − E[log(1 − D(G(z)))] on small inputs', () => {
    const expected =
      -mean(REAL.map((l) => Math.log(sigmoid(l)))) - mean(FAKE.map((l) => Math.log(1 - sigmoid(l))));
    // Hand check of the first term: softplus(−0) = log 2, softplus(−2) = log(1 + e^−2), softplus(1) = log(1 + e).
    expect(-mean(REAL.map((l) => Math.log(sigmoid(l))))).toBeCloseTo(
      (Math.log(2) + Math.log1p(Math.exp(-2)) + Math.log1p(Math.E)) / 3,
      12,
    );
    const got = value(discriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE)));
    expect(got).toBeCloseTo(expected, 5);
  });

  it('sum reduction sums each term over its own batch', () => {
    const expected = sum(REAL.map((l) => softplus(-l))) + sum(FAKE.map((l) => softplus(l)));
    const got = value(discriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE), { reduction: 'sum' }));
    expect(got).toBeCloseTo(expected, 5);
  });

  it("'none' returns the per-element loss and needs equal shapes", () => {
    const fake = [1, -2, 0.25];
    const t = discriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(fake), { reduction: 'none' });
    expect(t.shape).toEqual([3]);
    const got = Array.from(t.dataSync());
    t.dispose();
    REAL.forEach((l, i) => expect(got[i]).toBeCloseTo(-Math.log(sigmoid(l)) - Math.log(1 - sigmoid(fake[i])), 5));
    const r = tf.tensor1d(REAL);
    const f = tf.tensor1d(FAKE);
    expect(() => discriminatorLoss(r, f, { reduction: 'none' })).toThrow(ShapeMismatchError);
    tf.dispose([r, f]);
  });

  it('means over every element of a score map (PatchGAN)', () => {
    const real = [
      [0.3, -0.7],
      [1.1, 2.0],
    ];
    const fake = [
      [-0.2, 0.9],
      [0.0, -1.4],
    ];
    const expected = mean(real.flat().map((l) => -Math.log(sigmoid(l)))) + mean(fake.flat().map((l) => -Math.log(1 - sigmoid(l))));
    expect(value(discriminatorLoss(tf.tensor2d(real), tf.tensor2d(fake)))).toBeCloseTo(expected, 5);
  });

  it('one-sided label smoothing: cross-entropy to target 1 − α on real only', () => {
    const alpha = 0.1;
    const realTerm = mean(REAL.map((l) => -(1 - alpha) * Math.log(sigmoid(l)) - alpha * Math.log(1 - sigmoid(l))));
    const fakeTerm = mean(FAKE.map((l) => -Math.log(1 - sigmoid(l))));
    // By hand for l = 0: −0.9·log ½ − 0.1·log ½ = log 2.
    expect(-(1 - alpha) * Math.log(sigmoid(0)) - alpha * Math.log(1 - sigmoid(0))).toBeCloseTo(Math.LN2, 12);
    const got = value(discriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE), { labelSmoothing: alpha }));
    expect(got).toBeCloseTo(realTerm + fakeTerm, 5);
    // The smoothed real term is minimised at σ(l) = 1 − α, i.e. l = log((1 − α)/α), not at l → ∞.
    const lStar = Math.log((1 - alpha) / alpha);
    const g = gradient((l) => discriminatorLoss(l, tf.zeros([1]), { labelSmoothing: alpha }), [lStar]);
    expect(Math.abs(g[0])).toBeLessThan(1e-6);
  });

  it('gradient w.r.t. real and fake logits: −(1 − σ(l_r))/n_r and σ(l_f)/n_f', () => {
    const [gr, gf] = tf.tidy(() =>
      tf
        .grads((r: tf.Tensor, f: tf.Tensor) => discriminatorLoss(r, f))([tf.tensor1d(REAL), tf.tensor1d(FAKE)])
        .map((t) => Array.from(t.dataSync())),
    );
    REAL.forEach((l, i) => expect(gr[i]).toBeCloseTo(-(1 - sigmoid(l)) / REAL.length, 6));
    FAKE.forEach((l, i) => expect(gf[i]).toBeCloseTo(sigmoid(l) / FAKE.length, 6));
  });

  it('is finite and has the right limits at logits ±100', () => {
    // D right on both sides: loss → 0. D wrong on both sides: loss ≈ 100 + 100.
    expect(value(discriminatorLoss(tf.tensor1d([100]), tf.tensor1d([-100])))).toBeCloseTo(0, 6);
    expect(value(discriminatorLoss(tf.tensor1d([-100]), tf.tensor1d([100])))).toBeCloseTo(200, 3);
    // Smoothing α: a confident D pays α·100 on real samples.
    expect(value(discriminatorLoss(tf.tensor1d([100]), tf.tensor1d([-100]), { labelSmoothing: 0.2 }))).toBeCloseTo(20, 3);
  });

  it('rejects bad options, naming the value', () => {
    const r = tf.tensor1d(REAL);
    const f = tf.tensor1d(FAKE);
    expect(() => discriminatorLoss(r, f, { labelSmoothing: 1 })).toThrow(/labelSmoothing.*\[0, 1\).*got 1/);
    expect(() => discriminatorLoss(r, f, { labelSmoothing: -0.1 })).toThrow(ConfigError);
    expect(() => discriminatorLoss(r, f, { reduction: 'avg' as never })).toThrow(/reduction.*'avg'/);
    tf.dispose([r, f]);
  });
});

describe('generator losses', () => {
  it('minimax: E[log(1 − D(G(z)))]', () => {
    const expected = mean(FAKE.map((l) => Math.log(1 - sigmoid(l))));
    // By hand for l = 0.5: log(1 − σ(0.5)) = −log(1 + e^0.5).
    expect(Math.log(1 - sigmoid(0.5))).toBeCloseTo(-Math.log1p(Math.exp(0.5)), 12);
    expect(value(minimaxGeneratorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(expected, 5);
    expect(value(minimaxGeneratorLoss(tf.tensor1d(FAKE), 'sum'))).toBeCloseTo(expected * FAKE.length, 5);
  });

  it('non-saturating: −E[log D(G(z))]', () => {
    const expected = -mean(FAKE.map((l) => Math.log(sigmoid(l))));
    expect(value(nonSaturatingGeneratorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(expected, 5);
    const t = nonSaturatingGeneratorLoss(tf.tensor1d(FAKE), 'none');
    const got = Array.from(t.dataSync());
    t.dispose();
    FAKE.forEach((l, i) => expect(got[i]).toBeCloseTo(-Math.log(sigmoid(l)), 5));
  });

  it('maximum likelihood: −E[exp(σ⁻¹(D(G(z))))] = −E[D/(1 − D)]', () => {
    // The review's second form, through the probability: −D/(1 − D).
    const expected = -mean(FAKE.map((l) => sigmoid(l) / (1 - sigmoid(l))));
    expect(value(maximumLikelihoodGeneratorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(expected, 5);
    expect(value(maximumLikelihoodGeneratorLoss(tf.tensor1d(FAKE), { reduction: 'sum' }))).toBeCloseTo(
      expected * FAKE.length,
      4,
    );
  });

  it('gradients w.r.t. fake logits match the hand-derived derivatives', () => {
    const n = FAKE.length;
    const ns = gradient((l) => nonSaturatingGeneratorLoss(l), FAKE);
    const mm = gradient((l) => minimaxGeneratorLoss(l), FAKE);
    const ml = gradient((l) => maximumLikelihoodGeneratorLoss(l), FAKE);
    FAKE.forEach((l, i) => {
      expect(ns[i]).toBeCloseTo(-(1 - sigmoid(l)) / n, 6);
      expect(mm[i]).toBeCloseTo(-sigmoid(l) / n, 6);
      expect(ml[i]).toBeCloseTo(-Math.exp(l) / n, 5);
    });
  });

  it('are finite with the right limits at logits ±100', () => {
    const at = (f: (l: tf.Tensor) => tf.Scalar, l: number) => value(f(tf.tensor1d([l])));
    const grad = (f: (l: tf.Tensor) => tf.Scalar, l: number) => gradient(f, [l])[0];
    const mm = (l: tf.Tensor) => minimaxGeneratorLoss(l);
    const ns = (l: tf.Tensor) => nonSaturatingGeneratorLoss(l);
    const ml = (l: tf.Tensor) => maximumLikelihoodGeneratorLoss(l);

    // Minimax: log(1 − σ(100)) ≈ −100, log(1 − σ(−100)) ≈ 0; gradient −σ(l): −1 and 0 (saturated).
    expect(at(mm, 100)).toBeCloseTo(-100, 3);
    expect(at(mm, -100)).toBeCloseTo(0, 6);
    expect(grad(mm, 100)).toBeCloseTo(-1, 6);
    expect(grad(mm, -100)).toBeCloseTo(0, 6);
    // Non-saturating: −log σ(100) ≈ 0, −log σ(−100) ≈ 100; gradient −(1 − σ(l)): 0 and −1.
    expect(at(ns, 100)).toBeCloseTo(0, 6);
    expect(at(ns, -100)).toBeCloseTo(100, 3);
    expect(grad(ns, 100)).toBeCloseTo(0, 6);
    expect(grad(ns, -100)).toBeCloseTo(-1, 6);
    // Maximum likelihood: clipped at 50, so −e^50 (finite) instead of −e^100 (Inf in float32).
    expect(Number.isFinite(at(ml, 100))).toBe(true);
    expect(at(ml, 100) / -Math.exp(50)).toBeCloseTo(1, 5);
    expect(Math.abs(grad(ml, 100))).toBe(0);
    expect(at(ml, -100)).toBeCloseTo(0, 6);
    expect(grad(ml, -100)).toBeCloseTo(0, 6);
    // Below the clip the gradient is untouched: −e^40 at l = 40.
    expect(grad(ml, 40) / -Math.exp(40)).toBeCloseTo(1, 5);
    // A custom clip.
    expect(value(maximumLikelihoodGeneratorLoss(tf.tensor1d([10]), { maxLogit: 2 }))).toBeCloseTo(-Math.exp(2), 4);
    // Even a large batch at the clip does not overflow.
    const big = tf.fill([1000, 100], 1000);
    expect(Number.isFinite(value(maximumLikelihoodGeneratorLoss(big, { reduction: 'sum' })))).toBe(true);
    big.dispose();
  });

  it('reject bad options', () => {
    const l = tf.tensor1d(FAKE);
    expect(() => maximumLikelihoodGeneratorLoss(l, { maxLogit: 100 })).toThrow(/maxLogit.*got 100/);
    expect(() => maximumLikelihoodGeneratorLoss(l, { maxLogit: Number.NaN })).toThrow(ConfigError);
    expect(() => minimaxGeneratorLoss(l, 'max' as never)).toThrow(/reduction/);
    l.dispose();
  });
});

describe('memory', () => {
  it('no tensor leaks in losses and their gradients', () => {
    const real = tf.tensor1d(REAL);
    const fake = tf.tensor1d(FAKE);
    const run = () => {
      tf.dispose([
        discriminatorLoss(real, fake),
        discriminatorLoss(real, fake, { labelSmoothing: 0.1, reduction: 'sum' }),
        discriminatorLoss(real, real, { reduction: 'none' }),
        minimaxGeneratorLoss(fake),
        nonSaturatingGeneratorLoss(fake, 'none'),
        maximumLikelihoodGeneratorLoss(fake),
      ]);
      tf.tidy(() => {
        tf.grad((l: tf.Tensor) => nonSaturatingGeneratorLoss(l))(fake);
        tf.grad((l: tf.Tensor) => maximumLikelihoodGeneratorLoss(l))(fake);
        tf.grads((r: tf.Tensor, f: tf.Tensor) => discriminatorLoss(r, f, { labelSmoothing: 0.2 }))([real, fake]);
      });
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
  });
});
