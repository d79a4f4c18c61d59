/**
 * Plain-JS float64 linear algebra, independent of tfjs, to check spectral
 * normalization against exact values.
 */

/** A dense row-major matrix. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, values: ArrayLike<number>): Matrix {
  if (values.length !== rows * cols) throw new RangeError('matrix: wrong number of values');
  return { rows, cols, data: Float64Array.from(values) };
}

export const at = (m: Matrix, i: number, j: number) => m.data[i * m.cols + j];

export function transpose(m: Matrix): Matrix {
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = at(m, i, j);
  return { rows: m.cols, cols: m.rows, data: out };
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError('multiply: shapes do not match');
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const aik = at(a, i, k);
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] += aik * at(b, k, j);
    }
  return { rows: a.rows, cols: b.cols, data: out };
}

/**
 * Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method: plane
 * rotations zero the off-diagonal entries one by one until their norm is below
 * 1e-15 of the matrix norm. Returns eigenvalues (descending) and unit eigenvectors
 * (as rows, same order).
 */
export function jacobiEigen(sym: Matrix): { values: number[]; vectors: number[][] } {
  const n = sym.rows;
  const a = Float64Array.from(sym.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (Math.sqrt(off) <= 1e-15 * norm) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // Rotation angle that zeroes a[p][q]: tan 2θ = 2a_pq / (a_qq − a_pp).
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // A ← Jᵀ A J, columns then rows.
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  return {
    values: order.map((i) => a[i * n + i]),
    vectors: order.map((i) => Array.from({ length: n }, (_, k) => v[k * n + i])),
  };
}

/** Largest singular value σ₁(W) = √λ_max(WᵀW) and the leading left singular vector (eigenvector of W Wᵀ). */
export function spectral(w: Matrix): { sigma: number; singularValues: number[]; leftVector: number[] } {
  const gram = multiply(transpose(w), w);
  const { values } = jacobiEigen(gram);
  const left = jacobiEigen(multiply(w, transpose(w)));
  return {
    sigma: Math.sqrt(Math.max(values[0], 0)),
    singularValues: values.map((x) => Math.sqrt(Math.max(x, 0))),
    leftVector: left.vectors[0],
  };
}

/**
 * A conv kernel [kh, kw, in, out] (tfjs layout, row-major) as PyTorch's matrix:
 * transpose to [out, in, kh, kw] and reshape to (out, in·kh·kw).
 */
export function torchConvMatrix(kernel: ArrayLike<number>, kh: number, kw: number, cin: number, cout: number): Matrix {
  const out = new Float64Array(cout * cin * kh * kw);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          const src = ((y * kw + x) * cin + i) * cout + o;
          const dst = o * cin * kh * kw + (i * kh + y) * kw + x;
          out[dst] = kernel[src];
        }
  return { rows: cout, cols: cin * kh * kw, data: out };
}

export const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
export const normalize = (a: ArrayLike<number>) => {
  const n = Math.sqrt(dot(a, a));
  return Array.from(a, (x) => x / n);
};
