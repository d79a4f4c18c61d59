import { BatchMatMul } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, BatchMatMulInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
import type { BackendOps } from './backend-ops.js';
import { stockKernel } from './kernel-registry.js';

/**
 * `BatchMatMul` for the 'wasm' backend that materialises transposed operands:
 *
 *   out[b] = op(a[b]) · op(b[b]),  op(t) = tᵀ if its transpose flag is set
 *
 * is computed as `Transpose` (last two axes) followed by the stock kernel with
 * both flags false. Why: tfjs-backend-wasm 4.22 runs transposed operands
 * through a slow path (≈2 GFLOP/s), and dense-layer gradients are exactly
 * `dyᵀ·x`-style products; an O(size) transpose plus the fast untransposed
 * GEMM is ~10× faster. Non-float32 or untransposed calls go straight to stock.
 */
export const batchMatMulWasmConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const stock = stockKernel(BatchMatMul, 'wasm')!;
    const { a, b } = args.inputs as unknown as BatchMatMulInputs;
    const attrs = args.attrs as unknown as BatchMatMulAttrs;
    const ai = a as TensorInfo, bi = b as TensorInfo;
    if ((!attrs.transposeA && !attrs.transposeB) || ai.dtype !== 'float32' || bi.dtype !== 'float32') return stock.kernelFunc(args);
    const ops = wasmOps(args.backend as KernelBackend);
    const swapped = swappedProduct(ops, ai, bi, attrs, stock, args.backend);
    if (swapped != null) return swapped;
    const swapLast = (t: TensorInfo): TensorInfo => {
      const r = t.shape.length;
      const perm = t.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
      return ops.run('Transpose', { x: t }, { perm });
    };
    const a2 = attrs.transposeA ? swapLast(ai) : ai;
    const b2 = attrs.transposeB ? swapLast(bi) : bi;
    const out = stock.kernelFunc({ inputs: { a: a2, b: b2 }, backend: args.backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    if (a2 !== ai) ops.dispose(a2);
    if (b2 !== bi) ops.dispose(b2);
    return out;
  }) as KernelFunc,
};

/** `dst[c, r] = src[r, c]` for a row-major `[rows, cols]` `src`, in 32×32 tiles. */
function transpose2d(src: Float32Array, dst: Float32Array, rows: number, cols: number): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(cols, c0 + T);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) dst[c * rows + r] = src[r * cols + c];
    }
  }
}

/**
 * `A·Bᵀ` (transposeB only, unbatched) as `(B·Aᵀ)ᵀ` when that is cheaper.
 *
 * Why: wasm's GEMM re-packs its right operand on every call (~6 ns per
 * element) and a transpose costs ~3 ns per element, so `A·Bᵀ` costs about
 * `9·N·K` of overhead while `(B·Aᵀ)ᵀ` costs `9·M·K + 3·M·N`. For a dense
 * layer's input gradient `dy[64, 12544] · W[100, 12544]ᵀ` that is 7.2 M vs
 * 11.3 M element-operations. Returns null when the plain route is cheaper or
 * the call is batched.
 */
function swappedProduct(
  ops: BackendOps, a: TensorInfo, b: TensorInfo, attrs: BatchMatMulAttrs, stock: KernelConfig, backend: unknown,
): TensorInfo | null {
  if (!attrs.transposeB || attrs.transposeA) return null;
  const ra = a.shape.length, rb = b.shape.length;
  if (util.sizeFromShape(a.shape.slice(0, -2)) !== 1 || util.sizeFromShape(b.shape.slice(0, -2)) !== 1) return null;
  const m = a.shape[ra - 2], k = a.shape[ra - 1], n = b.shape[rb - 2];
  if (9 * m * k + 3 * m * n >= 9 * n * k) return null;
  const aT = ops.alloc([1, k, m], false);
  transpose2d(ops.view(a), ops.view(aT), m, k);
  const outT = stock.kernelFunc({
    inputs: { a: ops.reshape(b, [1, n, k]), b: aT }, backend: backend as KernelBackend, attrs: { transposeA: false, transposeB: false },
  }) as TensorInfo; // [1, n, m]
  ops.dispose(aT);
  const lead = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
  const out = ops.alloc([...lead, m, n], false);
  transpose2d(ops.view(outT), ops.view(out), n, m);
  ops.dispose(outT);
  return out;
}
