import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers the gradients
import {
  categoricalAccuracy,
  categoricalCrossEntropy,
  gaussianNegativeLogLikelihood,
  HALF_LOG_2PI,
  mutualInformationTerms,
  resolveLayout,
} from '@gantry/regularizer-mutual-information';
import { beforeAll, describe, expect, it } from 'vitest';

const value = (t: tf.Tensor): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('categorical cross-entropy (hand-computed)', () => {
  it('matches logsumexp(ℓ) − ℓ_c averaged over the batch', () => {
    // Row 1: ℓ = (2, 0, −1), c = 0: logsumexp = log(e² + 1 + e⁻¹) = log(7.389056 + 1 + 0.367879)
    //        = log 8.756935 = 2.169846, so CE₁ = 2.169846 − 2 = 0.169846.
    // Row 2: ℓ = (0.5, 0.5, 0.5) (uniform), c = 2: CE₂ = log 3 = 1.098612.
    // Mean: (0.169846 + 1.098612) / 2 = 0.634229.
    const ce = tf.tidy(() =>
      categoricalCrossEntropy(tf.tensor2d([[1, 0, 0], [0, 0, 1]]), tf.tensor2d([[2, 0, -1], [0.5, 0.5, 0.5]])),
    );
    expect(value(ce)).toBeCloseTo(0.634229, 5);
  });

  it('is stable for large logits: ℓ = (1000, 0), c = 1 gives 1000 (not Infinity)', () => {
    // logsumexp(1000, 0) = 1000 + log(1 + e⁻¹⁰⁰⁰) = 1000 in float32; CE = 1000 − 0.
    const ce = tf.tidy(() => categoricalCrossEntropy(tf.tensor2d([[0, 1]]), tf.tensor2d([[1000, 0]])));
    expect(value(ce)).toBeCloseTo(1000, 2);
  });

  it('rejects mismatched shapes', () => {
    tf.tidy(() => {
      expect(() => categoricalCrossEntropy(tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow(RangeError);
    });
  });
});

describe('Gaussian negative log-likelihood (hand-computed)', () => {
  const codes = () => tf.tensor2d([[0.5, -1], [0.2, 0.4]]);
  const mean = () => tf.tensor2d([[0, -0.5], [0.2, -0.6]]);

  it('σ = 1: ½(c − μ)² summed over codes, averaged over rows, plus ½ log 2π per code', () => {
    // Row 1: ½·0.5² + ½·0.5² = 0.25; row 2: ½·0² + ½·1.0² = 0.5; mean 0.375.
    // Constant: 2 codes · ½ log 2π = 2 · 0.918939 = 1.837877. Total 2.212877.
    expect(HALF_LOG_2PI).toBeCloseTo(0.918939, 6);
    expect(value(tf.tidy(() => gaussianNegativeLogLikelihood(codes(), mean())))).toBeCloseTo(2.212877, 5);
  });

  it('learned σ: log σ + (c − μ)²/(2σ²)', () => {
    // log σ = [[log 2, 0], [0, log ½]].
    // Row 1: log 2 + 0.25/(2·4) = 0.693147 + 0.03125 = 0.724397; 0 + 0.25/2 = 0.125 → 0.849397.
    // Row 2: 0 + 0 = 0; log ½ + 1/(2·¼) = −0.693147 + 2 = 1.306853 → 1.306853.
    // Mean (0.849397 + 1.306853)/2 = 1.078125, + 1.837877 = 2.916002.
    const logStd = () => tf.tensor2d([[Math.log(2), 0], [0, Math.log(0.5)]]);
    expect(value(tf.tidy(() => gaussianNegativeLogLikelihood(codes(), mean(), logStd())))).toBeCloseTo(2.916002, 5);
  });
});

describe('L_I terms on a layout with two categorical codes and one continuous code', () => {
  // noise 1 | code 1: K = 2 | code 2: K = 3 | 1 continuous.
  const layout = resolveLayout('test', { noise: 1, categorical: [2, 3], continuous: 1 });
  const z = () =>
    tf.tensor2d([
      [0.3, 1, 0, 0, 0, 1, 0.5], // c₁ = 0, c₂ = 2, c = 0.5
      [-0.7, 0, 1, 1, 0, 0, -0.5], // c₁ = 1, c₂ = 0, c = −0.5
    ]);
  const logits = () =>
    tf.tensor2d([
      [0, 0, 1, 2, 3],
      [1, -1, 0, 0, 0],
    ]);

  it('sums the per-code cross-entropies and adds the Gaussian NLL separately', () => {
    // Code 1: row 1 ℓ = (0, 0), c = 0 → log 2 = 0.693147;
    //         row 2 ℓ = (1, −1), c = 1 → log(e + e⁻¹) + 1 = 1.126928 + 1 = 2.126928; mean 1.410038.
    // Code 2: row 1 ℓ = (1, 2, 3), c = 2 → log(e + e² + e³) − 3 = 3.407606 − 3 = 0.407606;
    //         row 2 ℓ = (0, 0, 0), c = 0 → log 3 = 1.098612; mean 0.753109.
    // Categorical: 1.410038 + 0.753109 = 2.163147.
    // Continuous (σ = 1): μ = (0.5, 0): row 1 0, row 2 ½·0.5² = 0.125; mean 0.0625 + 0.918939 = 0.981439.
    const { categorical, continuous } = tf.tidy(() => mutualInformationTerms(layout, z(), { categorical: logits(), mean: tf.tensor2d([[0.5], [0]]) }));
    expect(value(categorical)).toBeCloseTo(2.163147, 5);
    expect(value(continuous)).toBeCloseTo(0.981439, 5);
  });

  it('accuracy counts argmax hits per code, averaged over codes', () => {
    // Code 1: row 1 argmax(0, 0) = 0 (first of a tie) = c₁ ✓; row 2 argmax(1, −1) = 0 ≠ 1 ✗ → 0.5.
    // Code 2: row 1 argmax(1, 2, 3) = 2 ✓; row 2 argmax(0, 0, 0) = 0 ✓ → 1. Mean 0.75.
    expect(value(tf.tidy(() => categoricalAccuracy(layout, z(), logits())))).toBeCloseTo(0.75, 6);
  });

  it('throws a RangeError naming a missing or mis-shaped head', () => {
    tf.tidy(() => {
      expect(() => mutualInformationTerms(layout, z(), { mean: tf.zeros([2, 1]) })).toThrow(/'categorical'.*missing/);
      expect(() => mutualInformationTerms(layout, z(), { categorical: tf.zeros([2, 4]), mean: tf.zeros([2, 1]) })).toThrow(/\[2, 4\].*\[2, 5\]/);
      expect(() => mutualInformationTerms(layout, z(), { categorical: logits(), mean: tf.zeros([2, 1]) }, true)).toThrow(/'logStd'/);
    });
  });

  it('leaks no tensors', () => {
    const inputs = { z: z(), categorical: logits(), mean: tf.tensor2d([[0.5], [0]]) };
    const run = () => {
      const t = mutualInformationTerms(layout, inputs.z, inputs);
      tf.dispose([t.categorical, t.continuous]);
      categoricalAccuracy(layout, inputs.z, inputs.categorical).dispose();
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
  });
});
