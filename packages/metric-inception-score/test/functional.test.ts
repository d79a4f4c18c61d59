import { inceptionScore, meanStd } from '@gantry/metric-inception-score';
import { describe, expect, it } from 'vitest';

describe('inceptionScore (float64, hand-computed values)', () => {
  it('is 2 for two confident, balanced classes and 1 when all rows agree', () => {
    // p(y) = (½, ½); each KL = 1·ln(1/½) = ln 2 → IS = e^{ln 2} = 2.
    expect(inceptionScore([1, 0, 0, 1, 1, 0, 0, 1], 2, 1).mean).toBeCloseTo(2, 14);
    // Every row equals p(y): all KLs vanish.
    expect(inceptionScore([0.3, 0.7, 0.3, 0.7, 0.3, 0.7], 2, 1).mean).toBeCloseTo(1, 14);
    // k confident, balanced classes reach the maximum k.
    const eye = Array.from({ length: 25 }, (_, i) => (i % 6 === 0 ? 1 : 0));
    expect(inceptionScore(eye, 5, 1).mean).toBeCloseTo(5, 13);
  });

  it('matches the written-out formula on a 2 × 2 matrix', () => {
    // p(y) = (0.55, 0.45);
    // KL₁ = 0.9 ln(0.9/0.55) + 0.1 ln(0.1/0.45) = 0.443229… − 0.150408… = 0.292821…
    // KL₂ = 0.2 ln(0.2/0.55) + 0.8 ln(0.8/0.45) = −0.202321… + 0.460292… = 0.257971…
    // IS = exp((KL₁ + KL₂)/2) = exp(0.275396…) = 1.317052276…
    const kl1 = 0.9 * Math.log(0.9 / 0.55) + 0.1 * Math.log(0.1 / 0.45);
    const kl2 = 0.2 * Math.log(0.2 / 0.55) + 0.8 * Math.log(0.8 / 0.45);
    expect(kl1).toBeCloseTo(0.292821, 5);
    expect(kl2).toBeCloseTo(0.257971, 5);
    const score = inceptionScore([0.9, 0.1, 0.2, 0.8], 2, 1);
    expect(score.mean).toBeCloseTo(Math.exp((kl1 + kl2) / 2), 14);
    expect(score.mean).toBeCloseTo(1.3170522760436802, 12);
    expect(score.std).toBe(0);
  });

  it('treats 0·log 0 as 0 (3 classes, a zero entry)', () => {
    // p(y) = (0.8/3, 1.3/3, 0.9/3); value computed separately in float64: 1.3210106088876443.
    const score = inceptionScore([0.7, 0.2, 0.1, 0.1, 0.6, 0.3, 0, 0.5, 0.5], 3, 1);
    expect(Number.isFinite(score.mean)).toBe(true);
    expect(score.mean).toBeCloseTo(1.3210106088876443, 12);
  });

  it('scores each split against its own marginal and reports mean ± population std', () => {
    // Split 1 (rows 1–2): two confident, different classes → IS = 2. Split 2 (rows 3–4): identical rows → IS = 1.
    const score = inceptionScore([1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5], 2, 2);
    expect(score.scores[0]).toBeCloseTo(2, 14);
    expect(score.scores[1]).toBeCloseTo(1, 14);
    expect(score.mean).toBeCloseTo(1.5, 14);
    expect(score.std).toBeCloseTo(0.5, 14);
    // Pooled into one split, the marginal is (½, ½) and rows 1–2 contribute ln 2 each: IS = exp(ln 2 / 2) = √2.
    expect(inceptionScore([1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5], 2, 1).mean).toBeCloseTo(Math.SQRT2, 14);
  });

  it('splits unevenly divisible sample counts into near-equal contiguous parts', () => {
    // 5 rows, 2 splits → rows [0, 2) and [2, 5).
    const rows = [1, 0, 0, 1, 1, 0, 1, 0, 1, 0];
    const score = inceptionScore(rows, 2, 2);
    expect(score.scores[0]).toBeCloseTo(2, 14);
    expect(score.scores[1]).toBeCloseTo(1, 14);
  });

  it('rejects bad shapes and split counts', () => {
    expect(() => inceptionScore([0.5, 0.5, 1], 2)).toThrow(/rows of 2/);
    expect(() => inceptionScore([0.5, 0.5, 1, 0], 2, 3)).toThrow(/splits/);
    expect(() => inceptionScore([0.5, 0.5], 2, 0)).toThrow(/splits/);
  });

  it('meanStd is the mean and population standard deviation', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });
});
