import { BatchMatMul } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, BatchMatMulInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
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
