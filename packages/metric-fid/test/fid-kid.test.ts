import { deriveSeed, mulberry32 } from '@gantry/core';
import { cubicPolynomialKernel, fid, frechetDistance, kid, polynomialMmd2 } from '@gantry/metric-fid';
import { describe, expect, it } from 'vitest';

/** n draws of N(μ, diag(σ²)) by Box–Muller (seeded). */
function gaussianRows(n: number, mean: number[], std: number[], seed: number): Float64Array {
  const r = mulberry32(seed);
  const d = mean.length;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    out[i] = mean[i % d] + std[i % d] * z;
  }
  return out;
}

describe('Fréchet distance (closed forms, sample-free)', () => {
  it('is 0 between identical Gaussians', () => {
    const cov = [2, 0.3, 0.1, 0.3, 1, -0.2, 0.1, -0.2, 0.5];
    expect(frechetDistance({ mean: [1, 2, 3], covariance: cov }, { mean: [1, 2, 3], covariance: cov })).toBeLessThan(1e-12);
  });

  it('1-D: (μ₁ − μ₂)² + (σ₁ − σ₂)²', () => {
    // N(1, 4) vs N(−2, 9): 9 + (2 − 3)² = 10.
    expect(frechetDistance({ mean: [1], covariance: [4] }, { mean: [-2], covariance: [9] })).toBeCloseTo(10, 14);
  });

  it('diagonal covariances: ‖μ₁ − μ₂‖² + Σᵢ (σ₁ᵢ − σ₂ᵢ)²', () => {
    const s1 = [1, 2, 0.5, 3];
    const s2 = [2, 2, 1.5, 1];
    const diag = (s: number[]) => s.flatMap((v, i) => s.map((_, j) => (i === j ? v * v : 0)));
    const expected = (1 + 0 + 4 + 1) + s1.reduce((acc, v, i) => acc + (v - s2[i]) ** 2, 0); // 6 + (1 + 0 + 1 + 4) = 12
    expect(expected).toBe(12);
    const value = frechetDistance({ mean: [0, 1, 2, 3], covariance: diag(s1) }, { mean: [1, 1, 0, 2], covariance: diag(s2) });
    expect(value).toBeCloseTo(12, 13);
  });

  it('general 2 × 2 covariances: the Tr √M identity gives the value independently', () => {
    const s1 = [2, 0.5, 0.5, 1];
    const s2 = [1, -0.7, -0.7, 3];
    // M = Σ₁Σ₂ by hand: [[2 − 0.35, −1.4 + 1.5], [0.5 − 0.7, −0.35 + 3]] = [[1.65, 0.1], [−0.2, 2.65]]; det M = 4.3925.
    const trM = 1.65 + 2.65;
    const detM = 1.65 * 2.65 + 0.1 * 0.2;
    const trSqrt = Math.sqrt(trM + 2 * Math.sqrt(detM));
    const expected = (1 - 0) ** 2 + (2 - -1) ** 2 + (3 + 4 - 2 * trSqrt);
    expect(frechetDistance({ mean: [1, 2], covariance: s1 }, { mean: [0, -1], covariance: s2 })).toBeCloseTo(expected, 13);
  });

  it('from samples: fid() of two large Gaussian samples approaches the closed form', () => {
    const n = 20000;
    const a = gaussianRows(n, [0, 0, 0], [1, 2, 0.5], 1);
    const b = gaussianRows(n, [1, 0, -1], [1, 1, 1], 2);
    // Closed form: ‖μ₁ − μ₂‖² = 2, Σ(σ₁ − σ₂)² = 0 + 1 + 0.25 = 1.25 → 3.25.
    expect(fid(a, n, b, n, 3)).toBeCloseTo(3.25, 1);
  });
});

describe('KID', () => {
  it('equals the hand-computed unbiased MMD² with k(x, y) = (xᵀy/d + 1)³ on a tiny sample', () => {
    // A = {(1,0), (0,1), (1,1)}, B = {(0,0), (2,1)}, d = 2.
    // k within A: a₁·a₂ = 0 → 1, a₁·a₃ = 1 → 1.5³ = 3.375, a₂·a₃ = 1 → 3.375; Σ_{i≠j} = 2·7.75 = 15.5, / (3·2).
    // k within B: b₁·b₂ = 0 → 1; Σ_{i≠j} = 2, / (2·1).
    // k across: b₁ gives 1 three times; a₁·b₂ = 2 → 8, a₂·b₂ = 1 → 3.375, a₃·b₂ = 3 → 2.5³ = 15.625; Σ = 30, / (3·2).
    const expected = 15.5 / 6 + 2 / 2 - (2 * 30) / 6; // −6.41666…
    const a = [1, 0, 0, 1, 1, 1];
    const b = [0, 0, 2, 1];
    expect(cubicPolynomialKernel(a, 4, b, 2, 2)).toBe(15.625);
    expect(polynomialMmd2(a, [0, 1, 2], b, [0, 1], 2)).toBeCloseTo(expected, 13);
    // kid() draws equal-size subsets: with B' = B ∪ {(1, 0)} and subsetSize ≥ 3 its one subset is everything.
    // New terms: within B', b₁·b₃ = 0 → 1, b₂·b₃ = 2 → 8 (Σ_{i<j} = 1 + 1 + 8 = 10); across, a₁·b₃ = 1 → 3.375,
    // a₂·b₃ = 0 → 1, a₃·b₃ = 1 → 3.375 (Σ = 30 + 7.75 = 37.75).
    const expected3 = 15.5 / 6 + 20 / 6 - (2 * 37.75) / 9; // −2.47222…
    const score = kid(a, 3, [...b, 1, 0], 3, 2, { subsets: 2, subsetSize: 10 });
    expect(score.scores).toEqual([expect.closeTo(expected3, 13), expect.closeTo(expected3, 13)]);
    expect(score.std).toBeCloseTo(0, 13);
  });

  it('is unbiased: its mean over many draws from one distribution is ≈ 0 (the biased V-statistic is not)', () => {
    const d = 4;
    const m = 10;
    const draws = 300;
    const values: number[] = [];
    let biasedSum = 0;
    for (let t = 0; t < draws; t++) {
      const a = gaussianRows(m, [0.5, 0, 0, 0], [1, 1, 1, 1], deriveSeed('a', t));
      const b = gaussianRows(m, [0.5, 0, 0, 0], [1, 1, 1, 1], deriveSeed('b', t));
      const idx = Array.from({ length: m }, (_, i) => i);
      values.push(polynomialMmd2(a, idx, b, idx, d));
      // V-statistic: includes the i = j terms, divides by m².
      let v = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
        v += cubicPolynomialKernel(a, i * d, a, j * d, d) + cubicPolynomialKernel(b, i * d, b, j * d, d) - 2 * cubicPolynomialKernel(a, i * d, b, j * d, d);
      }
      biasedSum += v / (m * m);
    }
    const mean = values.reduce((s, v) => s + v, 0) / draws;
    const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws - 1) / draws);
    console.log(`KID over ${draws} equal-distribution draws: mean ${mean.toExponential(2)} ± ${se.toExponential(2)} (s.e.); biased V-statistic mean ${(biasedSum / draws).toFixed(3)}`);
    expect(Math.abs(mean)).toBeLessThan(3 * se);
    expect(biasedSum / draws).toBeGreaterThan(10 * se);
  });

  it('is clearly positive for different distributions', () => {
    const n = 300;
    const a = gaussianRows(n, [0, 0], [1, 1], 1);
    const b = gaussianRows(n, [1, 0], [1, 1], 2);
    const score = kid(a, n, b, n, 2, { subsets: 5, subsetSize: 200 });
    expect(score.mean).toBeGreaterThan(5 * score.std);
  });
});
