/**
 * Small dense linear algebra in float64 for the statistics of FID / KID. Matrices
 * are row-major `Float64Array`s of d × d.
 */

/** Sample mean and unbiased covariance (divisor n − 1, as numpy's `np.cov`) of n rows of width d. */
export function meanAndCovariance(rows: ArrayLike<number>, n: number, d: number): { mean: Float64Array; covariance: Float64Array } {
  if (rows.length !== n * d) throw new RangeError(`Expected ${n} × ${d} = ${n * d} values, got ${rows.length}.`);
  if (n < 2) throw new RangeError(`A covariance needs at least 2 samples, got ${n}.`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = rows[i * d + j] - mean[j];
    // Upper triangle only; mirrored below.
    for (let a = 0; a < d; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      const base = a * d;
      for (let b = a; b < d; b++) covariance[base + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = covariance[a * d + b] / (n - 1);
      covariance[a * d + b] = v;
      covariance[b * d + a] = v;
    }
  }
  return { mean, covariance };
}

/** C = A·B for d × d matrices. */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  const c = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      const bRow = k * d;
      const cRow = i * d;
      for (let j = 0; j < d; j++) c[cRow + j] += aik * b[bRow + j];
    }
  }
  return c;
}

/** Trace of a d × d matrix. */
export function trace(a: ArrayLike<number>, d: number): number {
  let t = 0;
  for (let i = 0; i < d; i++) t += a[i * d + i];
  return t;
}

/** The eigen-decomposition A = V·diag(λ)·Vᵀ of a symmetric matrix; `vectors` holds the eigenvectors as columns. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
  /** Jacobi sweeps performed. */
  readonly sweeps: number;
}

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi
 * method (Jacobi 1846; Golub & Van Loan, Matrix Computations, §8.5): plane
 * rotations J(p, q, θ), with tan θ chosen so that (JᵀAJ)_pq = 0, are applied to
 * every off-diagonal pair in turn until a whole sweep finds every off-diagonal
 * entry below `tolerance`·‖A‖_F (or negligible next to its diagonal). Each rotation is orthogonal, so the result is backward stable
 * and the eigenvalues are accurate to about machine precision times ‖A‖ — which a
 * Newton–Schulz iteration on an ill-conditioned covariance product is not.
 * Convergence is quadratic; d = 128 takes ~8 sweeps. The input is not modified.
 */
export function symmetricEigen(matrix: ArrayLike<number>, d: number, tolerance = 1e-15, maxSweeps = 100): SymmetricEigen {
  if (matrix.length !== d * d) throw new RangeError(`Expected a ${d} × ${d} matrix (${d * d} values), got ${matrix.length}.`);
  const a = Float64Array.from(matrix);
  // Symmetrise against rounding in how the caller formed the matrix.
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const v = 0.5 * (a[i * d + j] + a[j * d + i]);
      a[i * d + j] = v;
      a[j * d + i] = v;
    }
  }
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let frobenius = 0;
  for (let i = 0; i < d * d; i++) frobenius += a[i] * a[i];
  // Off-diagonal entries below this are negligible: they move eigenvalues by ~floor²/gap.
  const floor = tolerance * Math.sqrt(frobenius);
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let rotated = false;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // Rutishauser's test: a rotation this small would not change the diagonal in float64.
        if (Math.abs(apq) <= floor || Math.abs(apq) <= 1e-17 * Math.sqrt(Math.abs(a[p * d + p] * a[q * d + q]))) {
          a[p * d + q] = 0;
          a[q * d + p] = 0;
          continue;
        }
        rotated = true;
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        // tan θ as the smaller root of t² + 2θt − 1 = 0 (|θ| ≤ π/4: stable, and the rotation stays small).
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J: columns p and q, then rows p and q.
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        a[p * d + q] = 0;
        a[q * d + p] = 0;
        // V ← V J accumulates the eigenvectors.
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
    if (!rotated) break;
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v, sweeps };
}

/**
 * The symmetric positive semi-definite square root S = V·diag(√max(λ, 0))·Vᵀ of a
 * symmetric PSD matrix (S·S = A, S = Sᵀ). Eigenvalues that rounding made slightly
 * negative are clamped to 0.
 */
export function sqrtmSymmetric(matrix: ArrayLike<number>, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, d);
  const root = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const r = Math.sqrt(Math.max(values[k], 0));
    if (r === 0) continue;
    for (let i = 0; i < d; i++) {
      const vik = vectors[i * d + k] * r;
      if (vik === 0) continue;
      for (let j = 0; j < d; j++) root[i * d + j] += vik * vectors[j * d + k];
    }
  }
  return root;
}

/**
 * Tr((Σ₁Σ₂)^{1/2}) for symmetric PSD Σ₁, Σ₂. Σ₁Σ₂ is not symmetric, but it is similar
 * to the symmetric PSD M = Σ₁^{1/2} Σ₂ Σ₁^{1/2} (Σ₁Σ₂ = Σ₁^{1/2} M Σ₁^{-1/2} when Σ₁ is
 * invertible, and by continuity otherwise), so its eigenvalues are M's, all ≥ 0, and
 * Tr((Σ₁Σ₂)^{1/2}) = Σᵢ √λᵢ(M).
 */
export function traceSqrtProduct(sigma1: ArrayLike<number>, sigma2: ArrayLike<number>, d: number): number {
  const root1 = sqrtmSymmetric(sigma1, d);
  const m = matMul(matMul(root1, sigma2, d), root1, d);
  const { values } = symmetricEigen(m, d);
  let sum = 0;
  for (const lambda of values) sum += Math.sqrt(Math.max(lambda, 0));
  return sum;
}
