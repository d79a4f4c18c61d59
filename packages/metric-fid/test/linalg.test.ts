import { matMul, meanAndCovariance, sqrtmSymmetric, symmetricEigen, trace, traceSqrtProduct } from '@gantry/metric-fid';
import { mulberry32 } from '@gantry/core';
import { describe, expect, it } from 'vitest';

/** A random symmetric positive-definite d × d matrix C·Cᵀ + εI (seeded). */
function randomSpd(d: number, seed: number, epsilon = 0.1): Float64Array {
  const r = mulberry32(seed);
  const c = Float64Array.from({ length: d * d }, () => r() * 2 - 1);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += c[i * d + k] * c[j * d + k];
    a[i * d + j] = s + (i === j ? epsilon : 0);
  }
  return a;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('symmetric Jacobi eigensolver', () => {
  it('finds the eigenvalues of small matrices known in closed form', () => {
    // [[2, 1], [1, 2]]: λ = 1, 3 with eigenvectors (1, −1)/√2, (1, 1)/√2.
    const e = symmetricEigen([2, 1, 1, 2], 2);
    expect([...e.values].sort()).toEqual([expect.closeTo(1, 15), expect.closeTo(3, 15)]);
    // Tridiagonal Toeplitz tridiag(−1, 2, −1) of size n: λ_k = 2 − 2cos(kπ/(n + 1)).
    const n = 12;
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      t[i * n + i] = 2;
      if (i + 1 < n) t[i * n + i + 1] = t[(i + 1) * n + i] = -1;
    }
    const values = [...symmetricEigen(t, n).values].sort((a, b) => a - b);
    values.forEach((v, k) => expect(v).toBeCloseTo(2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)), 13));
  });

  it('returns an orthonormal V with V·diag(λ)·Vᵀ = A on a random 40 × 40 matrix', () => {
    const d = 40;
    const a = randomSpd(d, 3);
    const { values, vectors, sweeps } = symmetricEigen(a, d);
    expect(sweeps).toBeLessThan(20);
    const vt = new Float64Array(d * d);
    const vl = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      vt[j * d + i] = vectors[i * d + j];
      vl[i * d + j] = vectors[i * d + j] * values[j];
    }
    const identity = Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0));
    expect(maxAbsDiff(matMul(vt, vectors, d), identity)).toBeLessThan(1e-13);
    expect(maxAbsDiff(matMul(vl, vt, d), a)).toBeLessThan(1e-12 * Math.max(...values));
    // Σλ = Tr A (an invariant computed without the solver).
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace(a, d), 10);
  });

  it('sqrtm recovers a known square root: sqrtm(B²) = B for SPD B', () => {
    // 2 × 2 by hand: B = [[2, 1], [1, 2]], B² = [[5, 4], [4, 5]].
    const small = sqrtmSymmetric([5, 4, 4, 5], 2);
    expect(maxAbsDiff(small, [2, 1, 1, 2])).toBeLessThan(1e-14);
    // 30 × 30: B SPD, A = B·B computed by plain multiplication; the PSD root is unique, so it must be B.
    const d = 30;
    const b = randomSpd(d, 11, 0.5);
    const root = sqrtmSymmetric(matMul(b, b, d), d);
    expect(maxAbsDiff(root, b)).toBeLessThan(1e-10);
    // Singular PSD input (rank 1): sqrtm(vvᵀ) = vvᵀ/‖v‖.
    const v = [1, 2, 2];
    const outer = v.flatMap((x) => v.map((y) => x * y));
    expect(maxAbsDiff(sqrtmSymmetric(outer, 3), outer.map((x) => x / 3))).toBeLessThan(1e-14);
  });

  it('Tr((Σ₁Σ₂)^½) matches the 2 × 2 identity Tr √M = √(Tr M + 2√det M) for non-commuting Σ₁, Σ₂', () => {
    const s1 = [2, 0.5, 0.5, 1];
    const s2 = [1, -0.7, -0.7, 3];
    const m = matMul(s1, s2, 2);
    const det = m[0] * m[3] - m[1] * m[2];
    const expected = Math.sqrt(m[0] + m[3] + 2 * Math.sqrt(det));
    expect(traceSqrtProduct(s1, s2, 2)).toBeCloseTo(expected, 13);
    // Commuting case Σ₂ = Σ₁: Tr((Σ₁²)^½) = Tr Σ₁.
    const a = randomSpd(16, 5);
    expect(traceSqrtProduct(a, a, 16)).toBeCloseTo(trace(a, 16), 9);
  });

  it('meanAndCovariance: mean and unbiased (n − 1) covariance, by hand', () => {
    // Rows (1, 2), (3, 6), (5, 4): mean (3, 4); deviations (−2, −2), (0, 2), (2, 0);
    // Σ = [[8, 4], [4, 8]] / 2 = [[4, 2], [2, 4]].
    const { mean, covariance } = meanAndCovariance([1, 2, 3, 6, 5, 4], 3, 2);
    expect([...mean]).toEqual([3, 4]);
    expect([...covariance]).toEqual([4, 2, 2, 4]);
  });
});
